import { Browser, Page } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { nextCode, stepOf, totpCode } from "../helpers/totp";
import { NewUser, newUser, SignInPage, signUp } from "../pages/auth";
import { ProfilePage } from "../pages/profile";
import { Shell } from "../pages/shell";

const button = (page: Page, key: string) => page.getByRole("button", { name: exact(t("en", key)) });

/** Signs in with the password on a new page of its own context; the second step is shown. */
async function firstStep(browser: Browser, user: NewUser): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(user.email, user.password);
  await new Shell(page).expectPage("second_step.title");
  await expect(page).toHaveURL(/\/two-step$/);
  return page;
}

test("2-step verification: set up with the app's code, then sign in with a code, with a recovery code, and end another session", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  const user = newUser("2sv");
  const shell = new Shell(page);
  await signUp(page, user);

  // The security page, from the navigation.
  // The security centre is in the user menu.
  await shell.userMenuButton.click();
  await page.getByRole("link", { name: exact(t("en", "nav.security")) }).click();
  await shell.expectPage("security.title");
  await expect(page.getByText(t("en", "two_step.off"))).toBeVisible();
  // This session is listed and marked.
  const sessions = page.locator("section", { has: page.getByRole("heading", { name: t("en", "sessions.title") }) });
  await expect(sessions.getByText(t("en", "sessions.this"))).toBeVisible();

  // Setup: the QR code and the key; a wrong code is refused, the right one turns it on.
  await button(page, "two_step.set_up").click();
  await expect(page.getByRole("img", { name: t("en", "two_step.qr_label") })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, "the authenticator setup");
  const codeField = page.getByLabel(t("en", "two_step.code"));
  const now = stepOf(Date.now() / 1000);
  await codeField.fill(totpCode(secret, now + 10));
  await button(page, "two_step.confirm").click();
  await expect(page.getByRole("alert").filter({ hasText: t("en", "errors.invalid_code") })).toBeVisible();
  const setupStep = stepOf(Date.now() / 1000);
  await codeField.fill(totpCode(secret, setupStep));
  await button(page, "two_step.confirm").click();
  const list = page.getByTestId("recovery-codes");
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const codes = (await list.getByRole("listitem").allTextContents()).map((c) => c.trim());
  expect(codes[0]).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expectAccessible(page, "the recovery codes");
  await button(page, "recovery.done").click();
  await expect(page.getByText(t("en", "two_step.enabled"))).toBeVisible();
  await expect(page.getByText(t("en", "two_step.codes_left", { count: 10 }))).toBeVisible();
  await expectAccessible(page, "the security page with 2-step verification on");

  // Signing in now asks for a code after the password: one from the app works.
  await shell.signOut();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(user.email, user.password);
  await shell.expectPage("second_step.title");
  const { code, step } = await nextCode(secret, setupStep);
  await page.getByLabel(t("en", "second_step.code")).fill(code);
  await button(page, "second_step.submit").click();
  await new ProfilePage(page).expectLoaded();

  // Another browser signs in with a recovery code (typed in lower case).
  const other = await firstStep(browser, user);
  await other.getByRole("button", { name: t("en", "second_step.use_recovery") }).click();
  await other.getByLabel(t("en", "second_step.recovery_code")).fill(codes[0].toLowerCase());
  await button(other, "second_step.submit").click();
  await new ProfilePage(other).expectLoaded();
  // The same code does not work twice.
  const third = await firstStep(browser, user);
  await third.getByRole("button", { name: t("en", "second_step.use_recovery") }).click();
  await third.getByLabel(t("en", "second_step.recovery_code")).fill(codes[0]);
  await button(third, "second_step.submit").click();
  await expect(third.getByRole("alert").filter({ hasText: t("en", "errors.invalid_code") })).toBeVisible();
  await third.context().close();

  // The first browser sees the other session, and ends it.
  await page.goto("/security");
  await shell.expectPage("security.title");
  await expect(page.getByText(t("en", "two_step.codes_left", { count: 9 }))).toBeVisible();
  // Each session's button is named after it ("Sign out Chrome 131, 127.0.0.1").
  const end = sessions.getByRole("button", { name: new RegExp(`^${t("en", "sessions.sign_out")} .+, `) });
  await expect(end).toHaveCount(1);
  await end.click();
  await expect(page.getByText(t("en", "sessions.ended"))).toBeVisible();
  await expect(page.getByText(t("en", "sessions.none_other"))).toBeVisible();
  await other.reload();
  await new Shell(other).expectPage("sign_in.title");
  await other.context().close();

  // The history tells how each sign-in was made.
  const history = page.locator("section", { has: page.getByRole("heading", { name: t("en", "history.title") }) });
  await expect(history.getByText(`${t("en", "history.kinds.sign_in")} · ${t("en", "methods.recovery_code")}`)).toBeVisible();
  await expect(history.getByText(`${t("en", "history.kinds.sign_in")} · ${t("en", "methods.totp")}`)).toBeVisible();
  await expect(history.getByText(t("en", "history.kinds.two_step_enabled"))).toBeVisible();
  await expect(history.getByText(t("en", "history.kinds.second_factor_failed")).first()).toBeVisible();
  expect(step).toBeGreaterThan(setupStep);
});
