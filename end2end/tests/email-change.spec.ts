import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { newUser, SignInPage, signUp } from "../pages/auth";
import { MailboxPage } from "../pages/mailbox";
import { ProfilePage } from "../pages/profile";
import { Shell } from "../pages/shell";

test("the email address changes through the link to the new address; the old one can undo it; a username signs in", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const user = newUser("mover", "Jana", "Kos");
  const newEmail = user.email.replace("e2e-mover-", "e2e-moved-");
  const shell = new Shell(page);
  await signUp(page, user);

  // Ask for the change: the password, then a link to the new address.
  await page.goto("/security");
  await shell.expectPage("security.title");
  await page.getByLabel(t("en", "identity.new_email")).fill(newEmail);
  await page.getByLabel(t("en", "fields.current_password"), { exact: true }).fill(user.password);
  await page.getByRole("button", { name: exact(t("en", "identity.change_email")) }).click();
  await expect(page.getByText(t("en", "identity.pending", { email: newEmail }))).toBeVisible();

  // The link in the new address's mail confirms it.
  const mailbox = new MailboxPage(page);
  await mailbox.open();
  await mailbox.followLink(newEmail, "/confirm-email-change");
  await shell.expectPage("email_link.confirm_title");
  await expect(page.getByText(t("en", "email_link.confirmed"))).toBeVisible();

  // A username to sign in with.
  await page.goto("/security");
  await shell.expectPage("security.title");
  const identity = page.locator("section", { has: page.getByRole("heading", { name: t("en", "identity.title") }) });
  await expect(identity.getByText(newEmail, { exact: true })).toBeVisible();
  const username = `jana${Date.now()}`;
  await page.getByRole("textbox", { name: new RegExp(`^${t("en", "identity.username")}`) }).fill(username.toUpperCase());
  await page.getByRole("button", { name: exact(t("en", "identity.save_username")) }).click();
  await expect(page.getByText(t("en", "identity.username_saved"))).toBeVisible();
  await shell.signOut();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(username, user.password);
  await new ProfilePage(page).expectLoaded();

  // The old address got a link that undoes the change: every session ends, the old address is back.
  await mailbox.open();
  await mailbox.followLink(user.email, "/undo-email-change");
  await shell.expectPage("email_link.undo_title");
  await expect(page.getByText(t("en", "email_link.undone"))).toBeVisible();
  await expectAccessible(page, "the undone email change");
  await page.goto("/profile");
  await shell.expectPage("sign_in.title");
  await signIn.signIn(user.email, user.password);
  await new ProfilePage(page).expectLoaded();
});
