import { Locator, Page } from "@playwright/test";
import { expect, expectAccessible } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

/** Labels of fields; optional fields carry a suffix, so match from the start of the name. */
function label(lang: Lang, key: string): RegExp {
  return new RegExp(`^${t(lang, key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}

/** A file made in the test, for an upload. */
export interface TestFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export interface NewCase {
  categoryKey: string;
  subject: string;
  description: string;
  files: TestFile[];
}

/** The support area of a customer account: the list, the form that opens a case, a case. */
export class SupportPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  get main(): Locator {
    return this.page.getByRole("main");
  }

  /** Opens the account from the main navigation, then its Support tab. */
  async open(): Promise<void> {
    await this.shell.nav.getByRole("link", { name: exact(t(this.lang, "nav.accounts")) }).click();
    await this.page
      .getByRole("navigation", { name: t(this.lang, "accounts.sections") })
      .getByRole("link", { name: exact(t(this.lang, "accounts.tab_support")) })
      .click();
    await expect(this.page).toHaveURL(/\/accounts\/[^/]+\/support/);
    await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "support.title")) })).toBeVisible();
    await expect(this.results.getByRole("table").or(this.results.locator("p.empty"))).toBeVisible();
    await expectAccessible(this.page, "support cases");
  }

  get results(): Locator {
    return this.page.getByTestId("case-results");
  }

  /** The row of a case in the list, by its number. */
  row(number: string): Locator {
    return this.page.getByTestId(`case-${number}`);
  }

  async search(words: string): Promise<void> {
    await this.page.getByLabel(t(this.lang, "support.search_label"), { exact: true }).fill(words);
    await this.page.getByRole("button", { name: exact(t(this.lang, "support.search_submit")) }).click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]q=`));
  }

  async startCase(): Promise<void> {
    await this.main.getByRole("link", { name: exact(t(this.lang, "support.open_case")) }).click();
    await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "new_case.title")) })).toBeVisible();
    await expectAccessible(this.page, "new support case");
  }

  /** The file input of a form (new case or reply). */
  fileInput(): Locator {
    return this.main.getByLabel(label(this.lang, "case_files.label"));
  }

  /** Chooses files and waits until each is uploaded. */
  async attach(files: TestFile[]): Promise<void> {
    await this.fileInput().setInputFiles(files);
    for (const file of files) {
      const row = this.page.getByTestId("chosen-file").filter({ hasText: file.name });
      // "Uploaded (12 B)": the text before the size.
      await expect(row).toContainText(t(this.lang, "case_files.uploaded").split("{{")[0].replace(/[\s(（]+$/, ""));
      await expect(row.getByRole("button", { name: exact(t(this.lang, "case_files.remove", { name: file.name })) })).toBeVisible();
    }
  }

  /** Fills the new case form and sends it; returns the case's number from its page. */
  async openCase(c: NewCase): Promise<string> {
    await this.main.getByLabel(label(this.lang, "new_case.category")).selectOption({ label: t(this.lang, c.categoryKey) });
    await this.main.getByLabel(label(this.lang, "new_case.subject")).fill(c.subject);
    await this.main.getByLabel(label(this.lang, "new_case.description")).fill(c.description);
    await this.attach(c.files);
    await expectAccessible(this.page, "new support case, filled in");
    await this.main.getByRole("button", { name: exact(t(this.lang, "new_case.submit")) }).click();
    await expect(this.page).toHaveURL(/\/accounts\/[^/]+\/support\/(?!new)[^/?]+$/);
    return this.caseNumber();
  }

  /** The number of the open case, from its heading ("Case CS-2026-000042 · subject"). */
  async caseNumber(): Promise<string> {
    const heading = this.page.getByRole("heading", { level: 2 }).filter({ hasText: /CS-\d{4}-\d+/ }).first();
    await expect(heading).toBeVisible();
    const text = (await heading.textContent()) ?? "";
    return text.match(/CS-\d{4}-\d+/)![0];
  }

  /** The messages of the open case's thread. */
  get messages(): Locator {
    return this.page.getByTestId("case-message");
  }

  async reply(text: string): Promise<void> {
    await this.main.getByLabel(label(this.lang, "case.reply_label")).fill(text);
    await this.main.getByRole("button", { name: exact(t(this.lang, "case.send")) }).click();
    await expect(this.messages.filter({ hasText: text })).toBeVisible();
  }
}

/** The vendor's support queue and a case as staff see it. */
export class CaseQueuePage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  get main(): Locator {
    return this.page.getByRole("main");
  }

  /** Opens the back office from the main navigation, then its Support tab. */
  async open(): Promise<void> {
    await this.shell.nav.getByRole("link", { name: exact(t(this.lang, "nav.vendor")) }).click();
    await this.page
      .getByRole("navigation", { name: t(this.lang, "vendor.sections") })
      .getByRole("link", { name: exact(t(this.lang, "vendor.support")) })
      .click();
    await expect(this.page).toHaveURL(/\/vendor\/support/);
    await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "case_queue.heading")) })).toBeVisible();
    await expect(this.page.getByTestId("case-results").getByRole("table").or(this.page.locator("p.empty"))).toBeVisible();
    await expectAccessible(this.page, "support queue");
  }

  /** Searches the queue for a case number and opens the case. */
  async openCase(number: string, subject: string): Promise<void> {
    await this.page.getByLabel(t(this.lang, "case_queue.search"), { exact: true }).fill(number);
    await this.page.getByRole("button", { name: exact(t(this.lang, "case_queue.apply")) }).click();
    await expect(this.page).toHaveURL(/[?&]q=/);
    const row = this.page.getByTestId(`case-${number}`);
    await expect(row).toBeVisible();
    await expectAccessible(this.page, "support queue, searched");
    await row.getByRole("link", { name: exact(subject) }).click();
    await expect(this.page).toHaveURL(/\/vendor\/support\/[^/?]+$/);
    await expect(this.page.getByRole("heading", { level: 2 }).filter({ hasText: number })).toBeVisible();
    await expectAccessible(this.page, "support case (staff)");
  }

  get messages(): Locator {
    return this.page.getByTestId("case-message");
  }

  /** Writes an answer, or an internal note, and sends it. */
  async send(text: string, internal: boolean): Promise<void> {
    await this.main.getByLabel(label(this.lang, "case_staff.message")).fill(text);
    const box = this.main.getByLabel(t(this.lang, "case_staff.internal_label"), { exact: true });
    if (internal) {
      await box.check();
    } else {
      await expect(box).not.toBeChecked();
    }
    await this.main.getByRole("button", { name: exact(t(this.lang, "case_staff.send")) }).click();
    const sent = this.messages.filter({ hasText: text });
    await expect(sent).toBeVisible();
    await expect(sent).toHaveAttribute("data-internal", String(internal));
    await expect(this.main.getByLabel(label(this.lang, "case_staff.message"))).toHaveValue("");
  }
}
