import { Browser, Page } from "@playwright/test";
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

/** The invitation link mailed to `email`, from the dev mailbox. */
export async function invitationLink(page: Page, email: string): Promise<string> {
  let link = "";
  await expect(async () => {
    const mailbox = await (await page.request.get(`/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`)).json();
    const mail = mailbox.messages.find((m: { to: string }) => m.to === email);
    link = /\/invitation\?token=\S+/.exec(mail.text)![0];
  }).toPass({ timeout: 15_000 });
  return link;
}

/** Accepts the invitation mailed to `email` as a new person living in `country`, in a browser
 * of their own (English); the page they land on. */
export async function acceptInvitation(browser: Browser, page: Page, email: string, country: string): Promise<Page> {
  const link = await invitationLink(page, email);
  const context = await browser.newContext({ locale: "en-US" });
  const person = await context.newPage();
  await person.goto(link);
  await new InvitationPage(person).acceptAsNewPerson(country, `steady compass ${Date.now()}`);
  return person;
}
