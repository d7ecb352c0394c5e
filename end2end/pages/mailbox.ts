import { Page } from "@playwright/test";
import { expect, expectAccessible } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

/** The demo mailbox: the emails the server would have sent. */
export class MailboxPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  async open(): Promise<void> {
    await this.shell.nav.getByRole("link", { name: exact(t(this.lang, "nav.mailbox")) }).click();
    await this.shell.expectPage("mailbox.title");
  }

  /**
   * Opens the newest email to `to` whose body has a link to `path`, and follows that link.
   * The list is newest first; it is refreshed until the email is there.
   */
  async followLink(to: string, path: string): Promise<void> {
    const message = this.page.getByRole("link").filter({ hasText: to }).first();
    await expect(async () => {
      await this.page.getByRole("button", { name: exact(t(this.lang, "mailbox.refresh")) }).click();
      await expect(message).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await message.click();
    const link = this.page.locator(`article a[href*="${path}?token="]`).first();
    await expect(link).toBeVisible();
    await expectAccessible(this.page, "mailbox message");
    await link.click();
  }
}
