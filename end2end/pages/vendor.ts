import { Page } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

export interface NewCustomer {
  name: string;
  country: string;
  managerEmail: string;
  managerFirstName: string;
  managerLastName: string;
}

/** The vendor's back office: customer accounts. */
export class VendorAccountsPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  async open(): Promise<void> {
    await this.shell.nav.getByRole("link", { name: exact(t(this.lang, "nav.vendor")) }).click();
    await this.shell.expectPage("vendor.title");
  }

  label(key: string): RegExp {
    return new RegExp(`^${t(this.lang, key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
  }

  async create(customer: NewCustomer): Promise<void> {
    const form = this.page.locator("form").filter({
      has: this.page.getByRole("button", { name: exact(t(this.lang, "vendor.create_account")) }),
    });
    await form.getByLabel(this.label("vendor.account_name")).fill(customer.name);
    await form.getByLabel(this.label("fields.country")).selectOption(customer.country);
    await form.getByLabel(this.label("vendor.manager_email")).fill(customer.managerEmail);
    await form.getByLabel(this.label("vendor.manager_first_name")).fill(customer.managerFirstName);
    await form.getByLabel(this.label("vendor.manager_last_name")).fill(customer.managerLastName);
    await form.getByRole("button", { name: exact(t(this.lang, "vendor.create_account")) }).click();
    await expect(this.page.getByText(t(this.lang, "vendor.account_created"))).toBeVisible();
    await expect(this.page.getByRole("link", { name: exact(customer.name) })).toBeVisible();
  }
}
