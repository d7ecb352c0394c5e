import { Page } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { stepOf, totpCode } from "../helpers/totp";

/**
 * Sets up the authenticator app on the security page (the test computes the code from the
 * shown key) and puts the recovery codes away; the key, for later codes.
 */
export async function setUpApp(page: Page): Promise<string> {
  const button = (key: string) => page.getByRole("button", { name: exact(t("en", key)) });
  await button("two_step.set_up").click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await page.getByLabel(t("en", "two_step.code")).fill(totpCode(secret, stepOf(Date.now() / 1000)));
  await button("two_step.confirm").click();
  await button("recovery.done").click();
  await expect(page.getByText(t("en", "two_step.enabled"))).toBeVisible();
  return secret;
}
