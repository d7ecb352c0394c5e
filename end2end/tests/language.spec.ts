import { test, expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "../pages/shell";

// Before anyone signs in, the browser's languages decide.
for (const [browserLocale, lang] of [
  ["sl-SI", "sl"],
  ["zh-TW", "zh-TW"],
] as [string, Lang][]) {
  test.describe(`a browser set to ${browserLocale}`, () => {
    test.use({ locale: browserLocale });

    test(`gets the interface in ${lang}`, async ({ page }) => {
      const shell = new Shell(page, lang);
      await page.goto("/sign-in");
      await shell.expectPage("sign_in.title");
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.getByRole("link", { name: exact(t(lang, "sign_in.forgot")) })).toBeVisible();
      await expect(page).toHaveTitle(`${t(lang, "sign_in.title")} · ${t(lang, "app.name")}`);
    });
  });
}

test("the last language chosen before signing in is kept across reloads", async ({ page }) => {
  const shell = new Shell(page);
  await page.goto("/sign-in");
  await shell.expectPage("sign_in.title");
  await shell.chooseLanguage("sl");
  await expect(shell.heading("sign_in.title")).toBeVisible();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "sl");
  await shell.expectPage("sign_in.title");
});
