import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { ForgotPasswordPage, NewUser, ResetPasswordPage, SignInPage, SignUpPage } from "../pages/auth";
import { MailboxPage } from "../pages/mailbox";
import { ProfilePage } from "../pages/profile";
import { Shell } from "../pages/shell";

function newUser(): NewUser {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  return {
    email: `e2e-${stamp}@example.com`,
    password: `correct horse ${stamp}`,
    firstName: "Ana",
    lastName: "Novak",
    country: "SI",
  };
}

test("a new user signs up, confirms the email, resets the password and edits the profile", async ({ page, browser }) => {
  const user = newUser();
  const shell = new Shell(page);
  const profile = new ProfilePage(page);
  const mailbox = new MailboxPage(page);

  await test.step("sign up and land signed in with the confirm-email banner", async () => {
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.fill(user);
    await signUp.submit();
    await profile.expectLoaded();
    await expect(shell.banner).toContainText(t("en", "verify_banner.text", { email: user.email }));
    await expect(page.getByTestId("account-id")).toHaveText(/\S+/);
  });

  await test.step("confirm the email from the mailbox; the banner goes away", async () => {
    await mailbox.open();
    await mailbox.followLink(user.email, "/verify-email");
    await shell.expectPage("verify_email.title");
    await expect(page.getByText(t("en", "verify_email.done"))).toBeVisible();
    await expect(shell.banner).toHaveCount(0);
    await page.getByRole("link", { name: exact(t("en", "verify_email.to_profile")) }).click();
    await profile.expectLoaded();
    await expect(page.getByText(t("en", "profile.verified"), { exact: true })).toBeVisible();
  });

  await test.step("the user menu opens and closes from the keyboard (the shared menu button)", async () => {
    const panel = page.locator("#user-menu-menu");
    await shell.userMenuButton.focus();
    await page.keyboard.press("Enter");
    await expect(shell.userMenuButton).toHaveAttribute("aria-expanded", "true");
    await expect(panel).toContainText(user.email);
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(shell.userMenuButton).toBeFocused();
    await expect(shell.userMenuButton).toHaveAttribute("aria-expanded", "false");
  });

  await test.step("sign out", async () => {
    await shell.signOut();
    await expect(page).toHaveURL(/\/sign-in/);
  });

  const newPassword = `${user.password} renewed`;
  await test.step("forgot password, reset link from the mailbox, new password", async () => {
    await page.getByRole("link", { name: exact(t("en", "sign_in.forgot")) }).click();
    await shell.expectPage("forgot_password.title");
    await new ForgotPasswordPage(page).request(user.email);
    await mailbox.open();
    await mailbox.followLink(user.email, "/reset-password");
    await new ResetPasswordPage(page).setPassword(newPassword);
  });

  await test.step("sign in with the new password", async () => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(user.email, newPassword);
    await profile.expectLoaded();
  });

  await test.step("edit the profile and see it saved after a reload", async () => {
    await profile.field("fields.city").fill("Ljubljana");
    await profile.field("fields.job_title").fill("CAD manager");
    await profile.save();
    await page.reload();
    await profile.expectLoaded();
    await expect(profile.field("fields.city")).toHaveValue("Ljubljana");
    await expect(profile.field("fields.job_title")).toHaveValue("CAD manager");
  });

  await test.step("switch to Traditional Chinese; it stays after a reload", async () => {
    await shell.chooseLanguage("zh-TW");
    await expect(shell.nav.getByRole("link", { name: exact(t("zh-TW", "nav.profile")) })).toBeVisible();
    await expect(shell.nav.getByRole("link", { name: exact(t("zh-TW", "nav.preferences")) })).toBeVisible();
    await expect(shell.heading("profile.title")).toBeVisible();
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-TW");
    await expect(shell.heading("profile.title")).toBeVisible();
    await expect(shell.nav.getByRole("link", { name: exact(t("zh-TW", "nav.mailbox")) })).toBeVisible();
    await expectAccessible(page, "profile in zh-TW");
  });

  await test.step("switch to Slovenian", async () => {
    await shell.chooseLanguage("sl");
    await expect(page.locator("html")).toHaveAttribute("lang", "sl");
    await expect(shell.heading("profile.title")).toBeVisible();
    await page.getByRole("link", { name: exact(t("sl", "nav.preferences")) }).click();
    await shell.expectPage("preferences.title");
    await expect(page.getByRole("radio", { name: t("sl", "language.sl") })).toBeChecked();
  });

  await test.step("save notification preferences (in Slovenian) and see them after a reload", async () => {
    const news = page.getByRole("checkbox", { name: t("sl", "preferences.news") });
    const wanted = !(await news.isChecked());
    await news.setChecked(wanted);
    await page.getByRole("button", { name: exact(t("sl", "preferences.save")) }).click();
    await expect(page.getByText(t("sl", "preferences.saved"))).toBeVisible();
    await page.reload();
    await shell.expectPage("preferences.title");
    await expect(page.getByRole("checkbox", { name: t("sl", "preferences.news") })).toBeChecked({ checked: wanted });
  });

  await test.step("on another device in English, signing in brings back the saved language", async () => {
    const other = await browser.newContext({ locale: "en-US" });
    const otherPage = await other.newPage();
    const signIn = new SignInPage(otherPage, "en");
    await signIn.goto();
    await signIn.signIn(user.email, newPassword);
    await expect(otherPage.locator("html")).toHaveAttribute("lang", "sl");
    await expect(otherPage.getByRole("heading", { level: 1, name: exact(t("sl", "profile.title")) })).toBeVisible();
    await other.close();
  });
});

test("a wrong password shows the translated invalid-credentials message", async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(`nobody-${Date.now()}@example.com`, "definitely not the password");
  await expect(signIn.alert).toBeVisible();
  await expectAccessible(page, "sign-in with an error");

  // The message follows the language.
  await signIn.shell.chooseLanguage("sl");
  await expect(page.getByRole("alert").filter({ hasText: t("sl", "errors.invalid_credentials") })).toBeVisible();
});

test("a short password is refused next to the field, in the current language", async ({ page }) => {
  const user = { ...newUser(), password: "short" };
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.fill(user);
  await signUp.submit();

  const password = page.getByLabel(t("en", "fields.password"), { exact: true });
  const message = t("en", "field_errors.password_too_short", { min: 12 });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toHaveAccessibleDescription(new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await expect(page.locator("#field-password-error")).toHaveText(message);
  await expectAccessible(page, "sign-up with a field error");

  await signUp.shell.chooseLanguage("zh-TW");
  await expect(page.locator("#field-password-error")).toHaveText(
    t("zh-TW", "field_errors.password_too_short", { min: 12 }),
  );
});

test("unknown paths show the not-found page and signed-out visitors are sent to sign in", async ({ page }) => {
  const shell = new Shell(page);
  await page.goto("/no-such-page");
  await shell.expectPage("not_found.title");
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprofile/);
  await shell.expectPage("sign_in.title");
});
