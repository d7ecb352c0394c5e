import { CDPSession, Page } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { newUser, SignInPage, signUp } from "../pages/auth";
import { setUpApp } from "../pages/security";
import { Shell } from "../pages/shell";

const button = (page: Page, key: string) => page.getByRole("button", { name: exact(t("en", key)) });

/**
 * Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain): a platform
 * authenticator that keeps discoverable credentials and verifies its user, as a laptop's
 * fingerprint reader would, answering every prompt by itself.
 */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

test("passkeys: register one with the virtual authenticator, sign in with it alone, use it as the second step, rename and remove it", async ({
  page,
}) => {
  test.setTimeout(150_000);
  const user = newUser("passkey", "Pia", "Kos");
  const shell = new Shell(page);
  const authenticator = await virtualAuthenticator(page);
  await signUp(page, user);
  await page.goto("/security");
  await shell.expectPage("security.title");

  // A fresh sign-in may add one at once.
  const card = page.locator("section", { has: page.getByRole("heading", { name: exact(t("en", "passkeys.title")) }) });
  await expect(card.getByText(t("en", "passkeys.why"))).toBeVisible();
  await expect(card.getByText(t("en", "passkeys.none"))).toBeVisible();
  // A name is needed.
  await card.getByRole("button", { name: exact(t("en", "passkeys.add")) }).click();
  await expect(card.getByText(t("en", "field_errors.required"))).toBeVisible();
  await card.getByLabel(t("en", "passkeys.name")).fill("Test laptop");
  await card.getByRole("button", { name: exact(t("en", "passkeys.add")) }).click();
  await expect(page.getByText(t("en", "passkeys.added"))).toBeVisible();
  await expect(card.getByText("Test laptop")).toBeVisible();
  await expect(card.getByText(t("en", "passkeys.never_used"))).toBeVisible();
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.id });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);
  await expectAccessible(page, "the security page with a passkey");

  // Signed out, then in with the passkey alone: no password, no second step.
  await shell.signOut();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await page.getByRole("link", { name: exact(t("en", "sign_in.passkey")) }).click();
  await shell.expectPage("passkey_sign_in.title");
  await expectAccessible(page, "the passkey sign-in page");
  await button(page, "passkey_sign_in.button").click();
  await expect(shell.userMenuButton).toBeVisible();
  await page.goto("/security");
  await shell.expectPage("security.title");
  await expect(card.getByText(/Last used /)).toBeVisible();
  const sessions = page.locator("section", { has: page.getByRole("heading", { name: t("en", "sessions.title") }) });
  await expect(sessions.getByText(t("en", "methods.passkey")).first()).toBeVisible();
  const history = page.locator("section", { has: page.getByRole("heading", { name: t("en", "history.title") }) });
  await expect(history.getByText(t("en", "history.kinds.passkey_added"))).toBeVisible();

  // Renamed.
  await card.getByRole("button", { name: exact(t("en", "passkeys.rename")) }).click();
  await card.getByLabel(t("en", "passkeys.rename_label", { name: "Test laptop" })).fill("Fingerprint reader");
  await button(page, "passkeys.save").click();
  await expect(page.getByText(t("en", "passkeys.renamed"))).toBeVisible();
  await expect(card.getByText("Fingerprint reader")).toBeVisible();

  // With 2-step verification on, the password is followed by a second step, where the
  // passkey is one of the choices.
  await setUpApp(page);
  await shell.signOut();
  await signIn.goto();
  await signIn.signIn(user.email, user.password);
  await shell.expectPage("second_step.title");
  await page.getByRole("link", { name: exact(t("en", "second_step.use_passkey")) }).click();
  await shell.expectPage("second_step.title");
  await expect(page.getByText(t("en", "second_step.intro_passkey"))).toBeVisible();
  await expectAccessible(page, "the second step with a passkey");
  await button(page, "second_step.passkey_button").click();
  await expect(shell.userMenuButton).toBeVisible();

  // Removed: it no longer signs in.
  await page.goto("/security");
  await shell.expectPage("security.title");
  await card.getByRole("button", { name: exact(t("en", "passkeys.remove")) }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: exact(t("en", "passkeys.remove")) }).click();
  await expect(page.getByText(t("en", "passkeys.removed"))).toBeVisible();
  await expect(card.getByText(t("en", "passkeys.none"))).toBeVisible();
  await shell.signOut();
  await page.goto("/sign-in-passkey");
  await button(page, "passkey_sign_in.button").click();
  await expect(page.getByRole("alert").filter({ hasText: t("en", "passkeys.rejected") })).toBeVisible();
});
