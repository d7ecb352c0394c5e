import { Locator, Page } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

/** A count as the app writes it: Intl in the language. */
export function num(lang: Lang, n: number): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** A calendar day (`YYYY-MM-DD`) as the app writes it (intl::format_plain_date). */
export function plainDate(lang: Lang, day: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));
}

/** A report's range line, as the page shows it under its heading. */
export function rangeText(lang: Lang, from: string, to: string): string {
  return t(lang, "reports.range", { from: plainDate(lang, from), to: plainDate(lang, to) });
}

/** The account's Reports and Devices tabs (admins), and the API they show. */
export class ReportsPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  /** A tab of the account's tab bar. */
  accountTab(key: string): Locator {
    return this.page
      .getByRole("navigation", { name: t(this.lang, "accounts.sections") })
      .getByRole("link", { name: exact(t(this.lang, key)) });
  }

  /** A view of the reports page (seat usage by product, by user, insights, …). */
  view(key: string): Locator {
    return this.page.getByRole("navigation", { name: t(this.lang, "reports.views") }).getByRole("link", { name: exact(t(this.lang, key)) });
  }

  /** Opens the account area from the main navigation, then the tab. */
  async open(tabKey: "accounts.tab_reports" | "accounts.tab_devices"): Promise<void> {
    await this.shell.nav.getByRole("link", { name: exact(t(this.lang, "nav.accounts")) }).click();
    await this.accountTab(tabKey).click();
    await expect(this.page).toHaveURL(tabKey === "accounts.tab_reports" ? /\/accounts\/[^/]+\/reports/ : /\/accounts\/[^/]+\/devices/);
  }

  /** The account id in the current URL. */
  accountId(): string {
    const match = new URL(this.page.url()).pathname.match(/\/accounts\/([^/]+)/);
    if (!match) throw new Error(`no account in ${this.page.url()}`);
    return match[1];
  }

  /** The query of the current URL (`?from=…`), or "". */
  query(): string {
    return new URL(this.page.url()).search;
  }

  /** GET one of the account's API paths as the signed-in person (the browser's cookies). */
  async api<T = any>(path: string): Promise<T> {
    const response = await this.page.request.get(`/api/v1/accounts/${this.accountId()}/${path}`);
    expect(response.status(), path).toBe(200);
    return (await response.json()) as T;
  }

  /** A level-2 heading of the page's content. */
  heading(key: string, values: Record<string, string | number> = {}): Locator {
    return this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, key, values)) });
  }

  /** The section under a level-2 heading. */
  section(key: string): Locator {
    return this.page.locator("section", { has: this.heading(key) });
  }

  field(key: string): Locator {
    return this.page.getByRole("main").getByLabel(t(this.lang, key), { exact: true });
  }

  /** Follows an export link as the browser would and checks the file's type; its text. */
  async expectExport(link: Locator, path: RegExp, contentType: RegExp): Promise<Buffer> {
    await expect(link).toHaveAttribute("href", path);
    await expect(link).toHaveAttribute("download", "");
    const href = (await link.getAttribute("href"))!;
    const response = await this.page.request.get(href);
    expect(response.status(), href).toBe(200);
    expect(response.headers()["content-type"], href).toMatch(contentType);
    return await response.body();
  }
}

export const CSV = /^text\/csv\b/;
export const XLSX = /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\b/;
