import { test, expect } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { NewUser, SignInPage, SignUpPage } from "../pages/auth";
import { ProfilePage } from "../pages/profile";
import { Shell } from "../pages/shell";

function newUser(): NewUser {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  return {
    email: `e2e-sec-${stamp}@example.com`,
    password: `tangerine lighthouse ${stamp}`,
    firstName: "Mei",
    lastName: "Lin",
    country: "TW",
  };
}

test("changing the password checks the current one and then works", async ({ page }) => {
  const user = newUser();
  const signUp = new SignUpPage(page);
  const profile = new ProfilePage(page);
  await signUp.goto();
  await signUp.fill(user);
  await signUp.submit();
  await profile.expectLoaded();

  const current = page.getByLabel(t("en", "fields.current_password"), { exact: true });
  const next = page.getByLabel(t("en", "fields.new_password"), { exact: true });
  const submit = page.getByRole("button", { name: exact(t("en", "profile.change_password_submit")) });

  await current.fill("not my password at all");
  await next.fill(`${user.password} v2`);
  await submit.click();
  await expect(current).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-current_password-error")).toHaveText(t("en", "errors.wrong_password"));

  await current.fill(user.password);
  await submit.click();
  await expect(page.getByText(t("en", "profile.password_changed"))).toBeVisible();
  await expect(current).toHaveValue("");

  await new Shell(page).signOut();
  const signIn = new SignInPage(page);
  await signIn.signIn(user.email, `${user.password} v2`);
  await profile.expectLoaded();
});

test("signing up with an address that already has an account asks to check the email", async ({ page, browser }) => {
  const user = newUser();
  const first = await browser.newContext({ locale: "en-US" });
  const firstPage = await first.newPage();
  const firstSignUp = new SignUpPage(firstPage);
  await firstSignUp.goto();
  await firstSignUp.fill(user);
  await firstSignUp.submit();
  await new ProfilePage(firstPage).expectLoaded();
  await first.close();

  // Same address, another password: the server answers the same, but signing in fails.
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.fill({ ...user, password: `${user.password} other` });
  await signUp.submit();
  await new Shell(page).expectPage("sign_up.check_email_title");
  await expect(page.getByText(t("en", "sign_up.check_email_text", { email: user.email }))).toBeVisible();
});

test("after signing in, only a path of this portal is a return address", async ({ page, baseURL }) => {
  // Each, once decoded, is a way browsers reach another site (or run script) from a path.
  const hostile = [
    "//evil.example/",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/%0D//evil.example",
    "%09//evil.example",
    "/%5Cevil.example",
    "%5C%5Cevil.example",
    "/%2F/evil.example",
    "https://evil.example/",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "%2F%2Fevil.example",
    "/%00/evil.example",
    "/%E3%80%80/evil.example",
  ];
  const origin = new URL(baseURL!).origin;
  const signIn = new SignInPage(page);
  for (const next of hostile) {
    await page.goto(`/sign-in?next=${next}`);
    await signIn.shell.expectPage("sign_in.title");
    await signIn.signIn("alex.morgan@example.com", "Demo-Seatwise-2026");
    // Not the hostile address: the person's home page.
    await expect(page).toHaveURL(/\/accounts\/[^/]+\/home$/);
    expect(new URL(page.url()).origin, next).toBe(origin);
    await new Shell(page).signOut();
  }
  // A path of the portal is where the person goes.
  await page.goto(`/sign-in?next=${encodeURIComponent("/preferences")}`);
  await signIn.signIn("alex.morgan@example.com", "Demo-Seatwise-2026");
  await expect(page).toHaveURL(/\/preferences$/);
  expect(new URL(page.url()).origin).toBe(origin);
});
