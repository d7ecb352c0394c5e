import { Locator, Page } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

/** Products and services of a customer account: list, product page with tabs, More actions. */
export class ProductsPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  tab(key: string): Locator {
    return this.page
      .getByRole("navigation", { name: t(this.lang, "accounts.sections") })
      .getByRole("link", { name: exact(t(this.lang, key)) });
  }

  /** Opens the account area from the main navigation, then Products and services. */
  async open(): Promise<void> {
    await this.shell.nav.getByRole("link", { name: exact(t(this.lang, "nav.accounts")) }).click();
    await this.tab("products.services_title").click();
    await expect(this.page).toHaveURL(/\/accounts\/[^/]+\/software/);
    await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "products.services_title")) })).toBeVisible();
    await expect(this.page.getByRole("listitem").filter({ has: this.page.getByRole("heading", { level: 3 }) }).first()).toBeVisible();
  }

  /** The account id in the current URL. */
  accountId(): string {
    const match = new URL(this.page.url()).pathname.match(/\/accounts\/([^/]+)/);
    if (!match) throw new Error(`no account in ${this.page.url()}`);
    return match[1];
  }

  async openProduct(name: string): Promise<void> {
    await this.page.getByRole("link", { name: exact(name) }).click();
    await this.expectProduct(name);
  }

  async expectProduct(name: string): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 2, name: exact(name) })).toBeVisible();
  }

  productTab(key: string): Locator {
    return this.page
      .getByRole("navigation", { name: t(this.lang, "products.tabs_label") })
      .getByRole("link", { name: exact(t(this.lang, key)) });
  }

  select(key: string): Locator {
    return this.page.getByLabel(t(this.lang, key), { exact: true });
  }

  /** The list item of one file, by its file name. */
  file(fileName: string): Locator {
    return this.page.getByTestId(`file-${fileName}`);
  }

  downloadLink(row: Locator): Locator {
    return row.getByRole("link", { name: new RegExp(`^\\s*${t(this.lang, "products.download")}\\b`) });
  }

  get moreActions(): Locator {
    return this.page.getByRole("button", { name: new RegExp(`^\\s*${t(this.lang, "products.more_actions")}`) });
  }

  menuItem(key: string): Locator {
    return this.page.getByRole("menu").getByRole("menuitem", { name: exact(t(this.lang, key)) });
  }
}
