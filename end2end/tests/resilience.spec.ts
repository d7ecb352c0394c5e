import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { Shell } from "../pages/shell";

test.describe("when the server cannot be reached", () => {
  test.use({ expectedConsoleErrors: [/net::ERR_FAILED/] });

  test("a failed load shows a translated message and Retry loads again", async ({ page }) => {
    const shell = new Shell(page);
    await page.route("**/api/v1/dev/mailbox", (route) => route.abort("failed"));
    await page.goto("/mailbox");
    const alert = page.getByRole("alert").filter({ hasText: t("en", "errors.network") });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(t("en", "app.load_failed"));
    await expectAccessible(page, "mailbox load failure");

    await page.unroute("**/api/v1/dev/mailbox");
    await alert.getByRole("button", { name: exact(t("en", "app.retry")) }).click();
    await expect(alert).toHaveCount(0);
    await shell.expectPage("mailbox.title");
    // "N emails" in whichever plural form applies, built from the locale file.
    const forms = ["one", "other"].map((form) =>
      t("en", `mailbox.count.${form}`, { count: "NUMBER" })
        .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        .replace("NUMBER", "[\\d,]+"),
    );
    await expect(page.getByText(new RegExp(`^(${forms.join("|")})$`))).toBeVisible();
  });
});

test("the skip link moves keyboard focus to the main content", async ({ page }) => {
  await page.goto("/sign-in");
  await new Shell(page).expectPage("sign_in.title");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: exact(t("en", "app.skip_to_content")) });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("signed-out visitors see the sign-in and sign-up links; the mobile menu opens and closes", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  const shell = new Shell(page);
  await page.goto("/sign-in");
  await shell.expectPage("sign_in.title");
  const toggle = page.getByRole("button", { name: exact(t("en", "app.open_menu")) });
  await expect(shell.nav).toBeHidden();
  await toggle.click();
  await expect(shell.nav.getByRole("link", { name: exact(t("en", "nav.sign_up")) })).toBeVisible();
  await expectAccessible(page, "mobile menu");
  await page.getByRole("button", { name: exact(t("en", "app.close_menu")) }).click();
  await expect(shell.nav).toBeHidden();
});
