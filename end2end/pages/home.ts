import { Locator, Page } from "@playwright/test";
import { expect, expectAccessible } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

/** Where `/` leads a signed-in person: their home page of an account, or the back office's. */
export const HOME_URL = /\/accounts\/[^/]+\/home$|\/vendor\/home$/;

/** A member's home page of an account (`/accounts/:account/home`). */
export class HomePage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  /** The account's id, from the address. */
  accountId(): string {
    const match = /\/accounts\/([^/]+)\/home/.exec(this.page.url());
    if (!match) throw new Error(`not a home page: ${this.page.url()}`);
    return decodeURIComponent(match[1]);
  }

  /** A block of the page, by its heading's text key. */
  block(key: string): Locator {
    return this.page.getByRole("region", { name: exact(t(this.lang, key)) });
  }

  /** Waits for the home page and its blocks (and, for admins, theirs), then runs axe. */
  async expectLoaded(admin = false): Promise<void> {
    await expect(this.page).toHaveURL(/\/accounts\/[^/]+\/home$/);
    for (const key of ["home.updates_title", "home.cases_title", "home.help_title", "home.renewals_title"]) {
      await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, key)) })).toBeVisible();
    }
    const adminBlocks = ["home.seats_title", "home.admin_renewals_title", "home.invitations_title", "home.activity_title"];
    for (const key of adminBlocks) {
      const heading = this.page.getByRole("heading", { level: 3, name: exact(t(this.lang, key)) });
      if (admin) await expect(heading).toBeVisible();
      else await expect(heading).toHaveCount(0);
    }
    await expectAccessible(this.page, "home page");
  }

  /** Opens it afresh (each visit is recorded: updates since the previous one are new). */
  async goto(account: string): Promise<void> {
    await this.page.goto(`/accounts/${encodeURIComponent(account)}/home`);
  }

  /** An entry of the product updates block whose text has `text`. */
  update(text: string): Locator {
    return this.block("home.updates_title").getByRole("listitem").filter({ hasText: text });
  }
}

/** The vendor staff's home page (`/vendor/home`). */
export class StaffHomePage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: t(this.lang, "vendor.sections") }).getByRole("link", { name: exact(t(this.lang, "vendor.home")) }).click();
    await this.expectLoaded();
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/vendor\/home$/);
    await expect(this.page.getByRole("heading", { level: 3, name: exact(t(this.lang, "staff_home.queues_title")) })).toBeVisible();
    await expectAccessible(this.page, "vendor home page");
  }

  /** The cells (today, this week, older, total) of a queue's row: `requests` or `cases`. */
  counts(queue: "requests" | "cases"): Locator {
    return this.page.getByTestId(`queue-${queue}`).getByRole("cell");
  }
}

/** The back office's help links page (`/vendor/help-links`). */
export class HelpLinksPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: t(this.lang, "vendor.sections") }).getByRole("link", { name: exact(t(this.lang, "vendor.help_links")) }).click();
    await expect(this.page).toHaveURL(/\/vendor\/help-links$/);
    await expect(this.page.getByRole("heading", { level: 3, name: exact(t(this.lang, "help_links.add_title")) })).toBeVisible();
    await expectAccessible(this.page, "help links page");
  }

  /** The list of one language, by the language's name as the page shows it. */
  group(languageName: string): Locator {
    return this.page.getByRole("region", { name: exact(languageName) });
  }

  get form(): Locator {
    return this.page.locator("form").filter({ has: this.page.getByLabel(t(this.lang, "help_links.language"), { exact: true }) });
  }

  async fill(link: { locale: string; title: string; url: string; description: string }): Promise<void> {
    await this.page.getByLabel(t(this.lang, "help_links.language"), { exact: true }).selectOption(link.locale);
    await this.page.getByLabel(t(this.lang, "help_links.link_title")).fill(link.title);
    await this.page.getByLabel(t(this.lang, "help_links.url")).fill(link.url);
    await this.page.getByLabel(t(this.lang, "help_links.description"), { exact: true }).fill(link.description);
  }

  async add(link: { locale: string; title: string; url: string; description: string }): Promise<void> {
    await this.fill(link);
    await this.page.getByRole("button", { name: exact(t(this.lang, "help_links.add")) }).click();
    // The toast of an earlier link may still show: the newest is the last.
    await expect(this.page.getByText(t(this.lang, "help_links.added")).last()).toBeVisible();
    await expect(this.page.getByRole("link", { name: exact(link.title) })).toBeVisible();
  }

  async edit(title: string): Promise<void> {
    await this.page.getByRole("button", { name: exact(t(this.lang, "help_links.edit_label", { title })) }).click();
    await expect(this.page.getByRole("heading", { level: 3, name: exact(t(this.lang, "help_links.edit_title")) })).toBeVisible();
  }

  async save(): Promise<void> {
    await this.page.getByRole("button", { name: exact(t(this.lang, "help_links.save")) }).click();
    await expect(this.page.getByText(t(this.lang, "help_links.saved"))).toBeVisible();
  }

  async delete(title: string): Promise<void> {
    await this.page.getByRole("button", { name: exact(t(this.lang, "help_links.delete_label", { title })) }).click();
    const dialog = this.page.getByRole("alertdialog", { name: t(this.lang, "help_links.delete_title", { title }) });
    await expect(dialog).toBeVisible();
    await expectAccessible(this.page, "delete a help link");
    await dialog.getByRole("button", { name: exact(t(this.lang, "help_links.delete")) }).click();
    await expect(this.page.getByText(t(this.lang, "help_links.deleted"))).toBeVisible();
    await expect(this.page.getByRole("link", { name: exact(title) })).toHaveCount(0);
  }
}

/** The "Publish an update" part of a product's back-office page. */
export class PublishPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {}

  get section(): Locator {
    return this.page.getByRole("region", { name: exact(t(this.lang, "publish.title")) });
  }

  async publish(update: { version: string; kind: "release" | "update" | "add_on"; file?: RegExp; note: string }): Promise<void> {
    const form = this.section;
    await form.getByLabel(t(this.lang, "publish.release"), { exact: true }).selectOption({ label: update.version });
    await form.getByLabel(t(this.lang, "publish.kind"), { exact: true }).selectOption(update.kind);
    if (update.file) {
      const select = form.getByLabel(t(this.lang, "publish.file"), { exact: true });
      const option = select.locator("option").filter({ hasText: update.file }).first();
      await select.selectOption((await option.getAttribute("value"))!);
    }
    await form.getByLabel(t(this.lang, "publish.note"), { exact: true }).fill(update.note);
    await form.getByRole("button", { name: exact(t(this.lang, "publish.submit")) }).click();
    await expect(this.page.getByText(t(this.lang, "publish.published"))).toBeVisible();
  }

  /** The row of a published update, by its note. */
  row(note: string): Locator {
    return this.section.getByRole("row").filter({ hasText: note });
  }
}
