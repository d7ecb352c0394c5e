import { Page } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { stepOf, totpCode } from "../helpers/totp";
import { newUser, SignInPage, signUp } from "../pages/auth";
import { ProfilePage } from "../pages/profile";
import { Shell } from "../pages/shell";

const button = (page: Page, key: string) => page.getByRole("button", { name: exact(t("en", key)) });

/** The newest text message to `phone` on the demo's Text messages page, read in a tab of its own. */
async function codeFromTexts(page: Page, phone: string, previous?: string): Promise<string> {
  const texts = await page.context().newPage();
  let code = "";
  await expect(async () => {
    await texts.goto("/texts");
    await new Shell(texts).expectPage("dev_texts.title");
    const newest = texts.getByRole("listitem").filter({ hasText: phone }).first();
    const words = (await newest.textContent()) ?? "";
    code = words.match(/\b(\d{6})\b/)?.[1] ?? "";
    expect(code).toMatch(/^\d{6}$/);
    expect(code).not.toBe(previous);
  }).toPass({ timeout: 15_000 });
  await expectAccessible(texts, "the Text messages page");
  await texts.close();
  return code;
}

test("codes by text message: a phone beside the app, confirmed by a texted code, then a sign-in with one", async ({ page }) => {
  test.setTimeout(150_000);
  const user = newUser("sms", "Maja", "Kranjc");
  // A number of its own per run, so the Text messages page tells this test's texts apart.
  const digits = user.email.replace(/\D/g, "").slice(-8);
  const phone = `+3864${digits}`;
  const shell = new Shell(page);
  await signUp(page, user);
  await page.goto("/security");
  await shell.expectPage("security.title");

  // Never the only factor: without the app, the card only says so.
  const card = page.locator("section", { has: page.getByRole("heading", { name: exact(t("en", "phone.title")) }) });
  await expect(card.getByText(t("en", "phone.why"))).toBeVisible();
  await expect(card.getByText(t("en", "phone.needs_app"))).toBeVisible();
  await expect(card.getByRole("textbox")).toHaveCount(0);

  // The app first.
  await button(page, "two_step.set_up").click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  const setupStep = stepOf(Date.now() / 1000);
  await page.getByLabel(t("en", "two_step.code")).fill(totpCode(secret, setupStep));
  await button(page, "two_step.confirm").click();
  await button(page, "recovery.done").click();
  await expect(page.getByText(t("en", "two_step.enabled"))).toBeVisible();

  // A number without its country code is refused with a reason; with it, a code is texted.
  const number = card.getByLabel(t("en", "phone.number"));
  await number.fill("040 123 456");
  await button(page, "phone.send").click();
  await expect(card.getByText(t("en", "field_errors.invalid_format"))).toBeVisible();
  await number.fill(`${phone.slice(0, 4)} ${phone.slice(4, 6)} ${phone.slice(6)}`);
  await button(page, "phone.send").click();
  await expect(card.getByText(t("en", "phone.pending", { phone }))).toBeVisible();
  await expectAccessible(page, "the phone waiting for its code");
  const confirmCode = await codeFromTexts(page, phone);
  await card.getByLabel(t("en", "phone.code")).fill(confirmCode);
  await button(page, "phone.confirm").click();
  await expect(page.getByText(t("en", "phone.added"))).toBeVisible();
  await expect(card.getByText(t("en", "phone.confirmed", { phone }))).toBeVisible();
  await expectAccessible(page, "the security page with a confirmed phone");

  // Signing in offers the texted code beside the app and the recovery codes.
  await shell.signOut();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(user.email, user.password);
  await shell.expectPage("second_step.title");
  const hint = `${phone.slice(0, 4)}${"•".repeat(phone.length - 6)}${phone.slice(-2)}`;
  await page.getByRole("button", { name: t("en", "second_step.use_text", { phone: hint }) }).click();
  await expect(page.getByText(t("en", "second_step.intro_text", { phone: hint }))).toBeVisible();
  await expectAccessible(page, "the second step by text message");
  const signInCode = await codeFromTexts(page, phone, confirmCode);
  await page.getByLabel(t("en", "second_step.text_code")).fill(signInCode);
  await button(page, "second_step.submit").click();
  await new ProfilePage(page).expectLoaded();

  // The history says how; removing the phone takes the method away again.
  await page.goto("/security");
  const history = page.locator("section", { has: page.getByRole("heading", { name: t("en", "history.title") }) });
  await expect(history.getByText(`${t("en", "history.kinds.sign_in")} · ${t("en", "methods.text_message")}`)).toBeVisible();
  await expect(history.getByText(t("en", "history.kinds.phone_added"))).toBeVisible();
  await button(page, "phone.remove").click();
  await page.getByRole("alertdialog").getByRole("button", { name: exact(t("en", "phone.remove")) }).click();
  await expect(page.getByText(t("en", "phone.removed"))).toBeVisible();
  await expect(card.getByText(t("en", "phone.none"))).toBeVisible();
});
