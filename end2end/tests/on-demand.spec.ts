import { Page, Request } from "@playwright/test";
import { expect, test } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { signInAs, UsersPage } from "../pages/accounts";
import { SignInPage } from "../pages/auth";
import { Shell } from "../pages/shell";

/** Every request the page makes whose path matches, in order. */
function record(page: Page, pattern: RegExp): string[] {
  const seen: string[] = [];
  page.on("request", (r: Request) => {
    const path = new URL(r.url()).pathname;
    if (pattern.test(path)) seen.push(path);
  });
  return seen;
}

// An area comes as one file: its module and the shared chunks it needs (scripts/site.py).
const chunk = (area: string) => new RegExp(`/pkg/area_seatwise_${area}\\.[\\w-]+\\.bin$`);

test("an area's code is fetched when the area is first opened, and only then", async ({ page }) => {
  const chunks = record(page, /\/pkg\/.*\.(wasm|bin)$/);
  const signIn = new SignInPage(page);
  await signIn.goto();
  // Sign-in is in the first module: no area has been fetched, not even sign-up's.
  expect(chunks.filter((c) => c.includes("/area_"))).toEqual([]);
  const main = page.getByRole("main");
  await main.getByRole("link", { name: exact(t("en", "sign_in.create_account")) }).click();
  await expect(page.getByRole("heading", { level: 1, name: exact(t("en", "sign_up.title")) })).toBeVisible();
  expect(chunks.filter((c) => chunk("sign_up").test(c))).toHaveLength(1);
  await main.getByRole("link", { name: exact(t("en", "sign_up.sign_in")) }).click();
  await expect(page.getByRole("heading", { level: 1, name: exact(t("en", "sign_in.title")) })).toBeVisible();

  await signIn.signIn("alex.morgan@example.com", "Demo-Seatwise-2026");
  // Their home page of the account: the account area and the home chunk.
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/home$/);
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "home.updates_title")) })).toBeVisible();
  // The user menu and the confirm-email banner come once someone is signed in.
  await expect(new Shell(page).userMenuButton).toBeVisible();
  expect(chunks.filter((c) => chunk("signed_in").test(c))).toHaveLength(1);
  expect(chunks.filter((c) => chunk("home").test(c))).toHaveLength(1);
  expect(chunks.some((c) => chunk("me").test(c))).toBe(false);
  expect(chunks.some((c) => chunk("users").test(c))).toBe(false);
  expect(chunks.some((c) => chunk("vendor").test(c))).toBe(false);

  const users = new UsersPage(page);
  await users.open();
  expect(chunks.filter((c) => chunk("users").test(c))).toHaveLength(1);
  // Back and forth: the area is here already.
  await page.getByRole("link", { name: exact(t("en", "nav.profile")) }).click();
  await new Shell(page).expectPage("profile.title");
  await page.goBack();
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/users/);
  await expect(page.getByRole("table")).toBeVisible();
  expect(chunks.filter((c) => chunk("users").test(c))).toHaveLength(1);
  // The back office was never opened.
  expect(chunks.some((c) => chunk("vendor").test(c))).toBe(false);
});

test("a page opened directly fetches its area's code with the first module, each chunk once", async ({ page, context }) => {
  await signInAs(page, "alex.morgan@example.com");
  await new UsersPage(page).open();
  const address = page.url();

  const direct = await context.newPage();
  const chunks = record(direct, /\/pkg\/.*\.(wasm|bin)$/);
  await direct.goto(address);
  await expect(direct.getByRole("table")).toBeVisible();
  // The accounts area and its users page: asked for at start (not one after the other) and
  // fetched once although the routers ask for them again.
  expect(chunks.filter((c) => chunk("account").test(c))).toHaveLength(1);
  expect(chunks.filter((c) => chunk("users").test(c))).toHaveLength(1);
  expect(chunks.some((c) => chunk("vendor").test(c))).toBe(false);
  await direct.close();
});

test.describe(() => {
  test.use({ expectedConsoleErrors: [/Failed to fetch|net::ERR_FAILED|net::ERR_INTERNET_DISCONNECTED|area_seatwise_vendor/] });

  test("an area that cannot be fetched says so, and Retry brings it", async ({ page }) => {
    let offline = true;
    await page.route(chunk("vendor"), (route) => (offline ? route.abort("internetdisconnected") : route.continue()));
    await signInAs(page, "vendor.admin@example.com");
    await page.getByRole("link", { name: exact(t("en", "nav.vendor")) }).click();
    const alert = page.getByRole("alert").filter({ hasText: t("en", "app.area_failed_title") });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(t("en", "app.area_failed"));
    offline = false;
    await alert.getByRole("button", { name: exact(t("en", "app.retry")) }).click();
    await expect(page.getByRole("heading", { level: 1, name: exact(t("en", "vendor.title")) })).toBeVisible();
    await expect(alert).toHaveCount(0);
  });
});

test("a language's texts are fetched when the language is chosen", async ({ page }) => {
  const texts = record(page, /^\/i18n\//);
  const signIn = new SignInPage(page);
  await signIn.goto();
  // The shell's English texts, nothing of the other languages or of any area.
  expect(texts.every((p) => p.endsWith("/core/en.json"))).toBe(true);
  expect(texts.length).toBeGreaterThan(0);

  const shell = new Shell(page);
  await shell.chooseLanguage("sl");
  await expect(shell.heading("sign_in.title").or(page.getByRole("heading", { level: 1, name: exact(t("sl", "sign_in.title")) }))).toBeVisible();
  expect(texts.some((p) => p.endsWith("/core/sl.json"))).toBe(true);
  expect(texts.some((p) => p.includes("zh-TW"))).toBe(false);

  // Back to English: instant, nothing fetched again.
  const before = texts.length;
  await shell.chooseLanguage("en");
  await expect(page.getByRole("heading", { level: 1, name: exact(t("en", "sign_in.title")) })).toBeVisible();
  expect(texts.length).toBe(before);
});
