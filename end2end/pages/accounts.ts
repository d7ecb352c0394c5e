import { Locator, Page } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { demoVendorCode } from "../helpers/totp";
import { SignInPage } from "./auth";
import { HOME_URL } from "./home";
import { Shell } from "./shell";

export const DEMO_PASSWORD = "Demo-Seatwise-2026";
export const DEMO_VENDOR = "vendor.admin@example.com";

/** Signs a demo person in; they land on their home page (of their account, or the back office's). */
export async function signInAs(page: Page, email: string, lang: Lang = "en"): Promise<void> {
  const signIn = new SignInPage(page, lang);
  await signIn.goto();
  await signIn.signIn(email, DEMO_PASSWORD);
  if (email === DEMO_VENDOR) {
    // Vendor staff always have 2-step verification: a code of the demo's published key.
    await new Shell(page, lang).expectPage("second_step.title");
    await page.getByLabel(t(lang, "second_step.code"), { exact: true }).fill(await demoVendorCode());
    await page.getByRole("button", { name: exact(t(lang, "second_step.submit")) }).click();
  }
  // Their home page: of their first account, or the back office's for vendor staff.
  await expect(page).toHaveURL(HOME_URL);
  // The saved language of the account applies after sign-in.
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
}

/** The users list of an account: search, filters, table. */
export class UsersPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  /** Opens the account area from the navigation (an admin lands on Users). */
  async open(): Promise<void> {
    await this.shell.nav.getByRole("link", { name: exact(t(this.lang, "nav.accounts")) }).click();
    await expect(this.page).toHaveURL(/\/accounts\/[^/]+\/users/);
    await expect(this.page.getByRole("table")).toBeVisible();
  }

  get searchBox(): Locator {
    return this.page.getByLabel(t(this.lang, "users.search"), { exact: true });
  }

  async search(text: string): Promise<void> {
    await this.searchBox.fill(text);
    await this.page.getByRole("button", { name: exact(t(this.lang, "users.search_button")) }).click();
  }

  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("link", { name: exact(name) }) });
  }

  async openMember(name: string): Promise<MemberPage> {
    await this.page.getByRole("link", { name: exact(name) }).click();
    const member = new MemberPage(this.page, this.lang);
    await member.expectLoaded(name);
    return member;
  }

  tab(key: string): Locator {
    return this.page
      .getByRole("navigation", { name: t(this.lang, "accounts.sections") })
      .getByRole("link", { name: exact(t(this.lang, key)) });
  }
}

/** One member: product switches with seat counters, role and team, removal. */
export class MemberPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {}

  async expectLoaded(name: string): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 2, name: exact(name) })).toBeVisible();
    await expect(this.page.getByRole("switch").first()).toBeVisible();
  }

  switch(product: string): Locator {
    return this.page.getByRole("switch", { name: exact(product) });
  }

  counter(code: string): Locator {
    return this.page.getByTestId(`seats-${code}`);
  }

  seats(used: number, total: number): string {
    return t(this.lang, "products.seats_used", { used, total });
  }
}

/** Invitations: invite one, invite several, the list. */
export class InvitationsPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {}

  get lines(): Locator {
    return this.page.getByLabel(t(this.lang, "invitations.lines"), { exact: true });
  }

  async sendMany(text: string): Promise<void> {
    await this.lines.fill(text);
    await this.page.getByRole("button", { name: exact(t(this.lang, "invitations.send_all")) }).click();
  }

  get table(): Locator {
    return this.page.getByRole("table");
  }
}

/** Import from CSV: the file input, the dry run and its rows, the import and its result. */
export class ImportPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {}

  get heading(): Locator {
    return this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "import.title")) });
  }

  get fileInput(): Locator {
    return this.page.getByLabel(t(this.lang, "import.file"), { exact: true });
  }

  /** Chooses a CSV file made in the test (no file on disk). */
  async choose(name: string, content: string): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content, "utf8") });
  }

  get counts(): Locator {
    return this.page.getByTestId("import-counts");
  }

  /** The dry run's row for a line of the file (the header is line 1). */
  line(n: number): Locator {
    return this.page.getByTestId(`import-line-${n}`);
  }

  applyButton(valid: number): Locator {
    return this.page.getByRole("button", { name: exact(t(this.lang, "import.apply", { count: valid })) });
  }

  get result(): Locator {
    return this.page.getByTestId("import-result");
  }
}
