import { APIRequestContext, Locator, Page, request as playwrightRequest } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { demoVendorCode } from "../helpers/totp";
import { DEMO_PASSWORD, DEMO_VENDOR } from "./accounts";
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

  /** A select of the page's content (the shell has a "Language" select of its own). */
  select(key: string): Locator {
    return this.page.getByRole("main").getByLabel(t(this.lang, key), { exact: true });
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

/** Signs a demo person in through the API (for steps another person takes, e.g. the vendor). */
export async function apiSignedIn(baseURL: string, email: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { "X-Requested-With": "seatwise", Origin: new URL(baseURL).origin },
  });
  let response = await api.post("/api/v1/auth/sign-in", { data: { login: email, password: DEMO_PASSWORD } });
  if (email === DEMO_VENDOR) {
    // Vendor staff always have 2-step verification: a code of the demo's published key.
    expect(response.status(), `first step of ${email}`).toBe(401);
    response = await api.post("/api/v1/auth/second-factor", { data: { method: "totp", code: await demoVendorCode() } });
  }
  expect(response.ok(), `sign-in of ${email}`).toBeTruthy();
  return api;
}

/** A file size as the app writes it: decimal units, at most one decimal, Intl in the language. */
export function formatSize(lang: Lang, bytes: number): string {
  const [value, unit] =
    bytes >= 1e9 ? [bytes / 1e9, "gigabyte"] : bytes >= 1e6 ? [bytes / 1e6, "megabyte"] : bytes >= 1e3 ? [bytes / 1e3, "kilobyte"] : [bytes, "byte"];
  return new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}

/** A form's list of refused fields that have no input of their own ("label: message"). */
export function formErrors(page: Page): Locator {
  return page.getByTestId("form-errors");
}

/** One line of that list, as the locale files write it. */
export function formErrorLine(lang: Lang, labelKey: string, messageKey: string): string {
  return t(lang, "errors.field_line", { field: t(lang, labelKey), message: t(lang, messageKey) });
}

/** Install packages: the list with manifests, edit and delete; the package form. */
export class PackagesPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {}

  async expectList(): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "packages.title")) })).toBeVisible();
  }

  /** The list item of a package, by its name. */
  card(name: string): Locator {
    return this.page.getByRole("listitem").filter({ has: this.page.getByRole("heading", { level: 3, name: exact(name) }) });
  }

  /** A button or link of a card, named "<action> · <package name>". */
  action(role: "link" | "button", key: string, name: string): Locator {
    return this.card(name).getByRole(role, { name: exact(`${t(this.lang, key)} · ${name}`) });
  }

  /** A field by its label (an optional field's label ends in "(optional)"). */
  field(key: string): Locator {
    const label = t(this.lang, key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return this.page.getByRole("main").getByLabel(new RegExp(`^\\s*${label}(\\s*\\(.*\\))?\\s*$`));
  }

  /** The checkbox of a product and the select of its version. */
  product(name: string): { check: Locator; version: Locator } {
    return {
      check: this.page.getByRole("checkbox", { name: exact(name) }),
      version: this.page.getByLabel(t(this.lang, "packages.version_of", { product: name }), { exact: true }),
    };
  }

  get save(): Locator {
    return this.page.getByRole("button", { name: exact(t(this.lang, "packages.save")) });
  }

  /** The rows of the saved package's file table (on the package's own page). */
  get fileRows(): Locator {
    return this.page
      .getByRole("region", { name: exact(t(this.lang, "packages.files")) })
      .getByRole("row")
      .filter({ has: this.page.getByRole("cell") });
  }

  get total(): Locator {
    return this.page.getByTestId("package-total");
  }
}

/** The account's licence requests (admins). */
export class RequestsPage {
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {}

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/accounts\/[^/]+\/requests/);
    await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "requests.title")) })).toBeVisible();
  }

  row(number: string): Locator {
    return this.page.getByTestId(`request-${number}`);
  }

  licenceFileLink(row: Locator): Locator {
    return row.getByRole("link", { name: exact(t(this.lang, "requests.licence_file")) });
  }
}
