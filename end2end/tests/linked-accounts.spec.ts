import { Page } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { newUser, SignInPage, signUp, SignUpPage } from "../pages/auth";
import { Shell } from "../pages/shell";

/** The OpenID provider scripts/test.sh started (oidc-provider-mock from PyPI). */
const ISSUER = process.env.SEATWISE_TEST_OIDC_ISSUER!;

// The provider's own pages load a stylesheet from a CDN (unreachable here) and have no icon.
test.use({ foreignOrigins: [ISSUER ?? ""] });

/** At the provider: the person `sub` signs in and agrees (the mock's form). */
async function atProvider(page: Page, sub: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${ISSUER}/oauth2/authorize`));
  await page.locator('input[name="sub"]').fill(sub);
  await page.getByRole("button", { name: "Authorize" }).click();
}

test("linked accounts: link one at a real OpenID provider, sign in through it, unlink it", async ({ page, request }) => {
  test.skip(!ISSUER, "scripts/test.sh starts the OpenID provider");
  test.setTimeout(120_000);
  const user = newUser("linked", "Lina", "Vezna");
  const sub = `lina-${Date.now()}`;
  const claims = { email: `${sub}@idp.example`, email_verified: true, given_name: "Lina", family_name: "Vezna" };
  expect((await request.put(`${ISSUER}/users/${sub}`, { data: claims })).status()).toBe(204);
  const shell = new Shell(page);
  await signUp(page, user);
  await page.goto("/security");
  await shell.expectPage("security.title");

  // Linked from the security page, through the provider and back.
  const card = page.locator("section", { has: page.getByRole("heading", { name: exact(t("en", "linked.title")) }) });
  await expect(card.getByText(t("en", "linked.none"))).toBeVisible();
  await expectAccessible(page, "the security page with linked accounts");
  await card.getByRole("link", { name: exact(t("en", "linked.link", { provider: "Mock ID" })) }).click();
  await atProvider(page, sub);
  await expect(page).toHaveURL(/\/security\?linked=mock$/);
  await expect(card.getByText(t("en", "linked.done"))).toBeVisible();
  await expect(card.getByText(claims.email)).toBeVisible();

  // Signed out, then in through the provider: no password.
  await shell.signOut();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await page.getByRole("link", { name: exact(t("en", "sign_in.passkey")) }).click();
  await shell.expectPage("passkey_sign_in.title");
  await expectAccessible(page, "the other ways to sign in");
  await page.getByRole("link", { name: exact(t("en", "linked.sign_in_with", { provider: "Mock ID" })) }).click();
  await atProvider(page, sub);
  await expect(shell.userMenuButton).toBeVisible();
  await page.goto("/security");
  const sessions = page.locator("section", { has: page.getByRole("heading", { name: t("en", "sessions.title") }) });
  await expect(sessions.getByText(t("en", "methods.linked_account")).first()).toBeVisible();

  // Unlinked, it signs in nobody: it is a first sign-in again.
  await card.getByRole("button", { name: exact(t("en", "linked.unlink")) }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: exact(t("en", "linked.unlink")) }).click();
  await expect(page.getByText(t("en", "linked.unlinked"))).toBeVisible();
  await expect(card.getByText(t("en", "linked.none"))).toBeVisible();
  await shell.signOut();
  await page.goto("/sign-in-passkey?step=1");
  await page.getByRole("link", { name: exact(t("en", "linked.sign_in_with", { provider: "Mock ID" })) }).click();
  await atProvider(page, sub);
  await expect(page.getByRole("heading", { name: t("en", "linked.first_heading", { provider: "Mock ID" }) })).toBeVisible();
  await expect(shell.userMenuButton).toHaveCount(0);
});

/** Signed out, through the provider as `sub`: the first sign-in page. */
async function firstSignIn(page: Page, sub: string): Promise<void> {
  await page.goto("/sign-in-passkey?step=1");
  await page.getByRole("link", { name: exact(t("en", "linked.sign_in_with", { provider: "Mock ID" })) }).click();
  await atProvider(page, sub);
  await expect(page.getByRole("heading", { name: t("en", "linked.first_heading", { provider: "Mock ID" }) })).toBeVisible();
}

test("linked accounts: a first sign-in starts an account, or links to the account its owner signs in to", async ({ page, request }) => {
  test.skip(!ISSUER, "scripts/test.sh starts the OpenID provider");
  test.setTimeout(120_000);
  const shell = new Shell(page);
  const vouch = async (sub: string, email: string) => {
    const claims = { email, email_verified: true, given_name: "Nika", family_name: "Nova" };
    expect((await request.put(`${ISSUER}/users/${sub}`, { data: claims })).status()).toBe(204);
  };

  // An address with no account: an account of its own, signed in through the provider.
  const neo = `neo-${Date.now()}`;
  await vouch(neo, `${neo}@idp.example`);
  await firstSignIn(page, neo);
  await expect(page.getByText(t("en", "linked.new_account"))).toBeVisible();
  await expectAccessible(page, "the first sign-in with a linked account");
  const form = new SignUpPage(page);
  await expect(form.field("fields.first_name")).toHaveValue("Nika");
  await page.getByRole("button", { name: exact(t("en", "linked.create")) }).click();
  // Nothing is lost to a refusal: the consent is missing, the names stay.
  await expect(page.getByText(t("en", "field_errors.consent_required"))).toBeVisible();
  await form.field("fields.country").selectOption("SI");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: exact(t("en", "linked.create")) }).click();
  await expect(shell.userMenuButton).toBeVisible();
  await page.goto("/security");
  const card = page.locator("section", { has: page.getByRole("heading", { name: exact(t("en", "linked.title")) }) });
  await expect(card.getByText(`${neo}@idp.example`)).toBeVisible();
  await shell.signOut();

  // The address of an account: linked once its owner signs in with the password.
  const user = newUser("firstlink", "Nika", "Nova");
  await signUp(page, user);
  await shell.signOut();
  const eva = `eva-${Date.now()}`;
  await vouch(eva, user.email);
  await firstSignIn(page, eva);
  await page.getByRole("link", { name: exact(t("en", "linked.sign_in_password")) }).click();
  await new SignInPage(page).signIn(user.email, user.password);
  await expect(page.getByText(t("en", "linked.link_to_me", { provider: "Mock ID", email: user.email }))).toBeVisible();
  await expectAccessible(page, "linking at the first sign-in");
  await page.getByRole("button", { name: exact(t("en", "linked.link_now")) }).click();
  await expect(page.getByText(t("en", "linked.done"))).toBeVisible();
  await shell.signOut();
  await page.goto("/sign-in-passkey?step=1");
  await page.getByRole("link", { name: exact(t("en", "linked.sign_in_with", { provider: "Mock ID" })) }).click();
  await atProvider(page, eva);
  await expect(shell.userMenuButton).toBeVisible();
});
