import { Page } from "@playwright/test";
import { expect, expectAccessible } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";

/** The invitation link's page. */
export class InvitationPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {}

  async expectLoaded(account: string): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: exact(t(this.lang, "invitation.title")) })).toBeVisible();
    await expect(this.page.getByText(t(this.lang, "invitation.intro", { account }))).toBeVisible();
    await expectAccessible(this.page, "invitation");
  }

  /** A new person: country, password, consent, submit (the names are prefilled). */
  async acceptAsNewPerson(country: string, password: string): Promise<void> {
    await this.page.getByLabel(new RegExp(`^${t(this.lang, "fields.country")}`)).selectOption(country);
    await this.page.getByLabel(t(this.lang, "fields.password"), { exact: true }).fill(password);
    await this.page.getByRole("checkbox").check();
    await this.page.getByRole("button", { name: exact(t(this.lang, "invitation.submit")) }).click();
  }
}
