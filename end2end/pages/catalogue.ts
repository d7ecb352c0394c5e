import { Locator, Page } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

/** A label from the start of its text (optional fields carry a suffix). */
function label(lang: Lang, key: string): RegExp {
  return new RegExp(`^${t(lang, key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}

export interface NewRelease {
  version: string;
  releasedOn: string;
  productKey: string;
}

export interface NewFile {
  platform: "windows" | "macos" | "linux";
  language: string;
  kind: "installer" | "update" | "add_on" | "language_pack";
  title: string;
  name: string;
  bytes: Buffer;
}

/** The back office's catalogue (`/vendor/products`) and a product's page. */
export class CataloguePage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  /** Back office → Products. */
  async open(): Promise<void> {
    await this.shell.nav.getByRole("link", { name: exact(t(this.lang, "nav.vendor")) }).click();
    await this.shell.expectPage("vendor.title");
    await this.page
      .getByRole("navigation", { name: t(this.lang, "vendor.sections") })
      .getByRole("link", { name: exact(t(this.lang, "vendor.products")) })
      .click();
    await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "catalogue.heading")) })).toBeVisible();
  }

  async createProduct(code: string, name: string, kind: "product" | "collection" = "product"): Promise<void> {
    const form = this.page.locator("form").filter({
      has: this.page.getByRole("button", { name: exact(t(this.lang, "vendor.create_product")) }),
    });
    await form.getByLabel(label(this.lang, "vendor.code")).fill(code);
    await form.getByLabel(label(this.lang, "vendor.product_name")).fill(name);
    await form.getByLabel(exact(t(this.lang, "vendor.kind"))).selectOption(kind);
    await form.getByRole("button", { name: exact(t(this.lang, "vendor.create_product")) }).click();
    await expect(this.page.getByText(t(this.lang, "vendor.product_created"))).toBeVisible();
  }

  async openProduct(name: string): Promise<void> {
    await this.page.getByRole("link", { name: exact(name) }).click();
    await expect(this.page.getByRole("heading", { level: 2, name: exact(name) })).toBeVisible();
  }

  /** The section of one release on a product's page. */
  release(version: string): Locator {
    return this.page.getByRole("region", { name: exact(`${t(this.lang, "catalogue.version")} ${version}`) });
  }

  async createRelease(release: NewRelease): Promise<void> {
    const form = this.page.locator("form").filter({
      has: this.page.getByRole("button", { name: exact(t(this.lang, "catalogue.create_release")) }),
    });
    await form.getByLabel(label(this.lang, "catalogue.version")).fill(release.version);
    await form.getByLabel(label(this.lang, "catalogue.released_on")).fill(release.releasedOn);
    await form.getByLabel(label(this.lang, "catalogue.product_key")).fill(release.productKey);
    await form.getByRole("button", { name: exact(t(this.lang, "catalogue.create_release")) }).click();
    await expect(
      this.page.getByText(t(this.lang, "catalogue.release_created", { version: release.version })),
    ).toBeVisible();
    await expect(this.release(release.version)).toBeVisible();
  }

  async upload(version: string, file: NewFile): Promise<void> {
    const section = this.release(version);
    await section.getByText(t(this.lang, "catalogue.upload"), { exact: true }).click();
    await section.getByLabel(label(this.lang, "catalogue.platform")).selectOption(file.platform);
    await section.getByLabel(label(this.lang, "catalogue.language")).selectOption(file.language);
    await section.getByLabel(label(this.lang, "catalogue.file_kind")).selectOption(file.kind);
    await section.getByLabel(label(this.lang, "catalogue.file_title")).fill(file.title);
    await section
      .getByLabel(exact(t(this.lang, "catalogue.file")))
      .setInputFiles({ name: file.name, mimeType: "application/octet-stream", buffer: file.bytes });
    await section.getByRole("button", { name: exact(t(this.lang, "catalogue.upload_submit")) }).click();
    await expect(this.page.getByText(t(this.lang, "catalogue.uploaded"), { exact: true })).toBeVisible();
  }

  /** The row of a file in a release's table. */
  fileRow(version: string, fileName: string): Locator {
    return this.release(version).getByRole("row").filter({ hasText: fileName });
  }
}

/** The back office's request queue (`/vendor/requests`). */
export class RequestQueuePage {
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
    await this.page
      .getByRole("navigation", { name: t(this.lang, "vendor.sections") })
      .getByRole("link", { name: exact(t(this.lang, "request_queue.tab")) })
      .click();
    await expect(this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "request_queue.heading")) })).toBeVisible();
  }

  /** Picks a type (and a status) in the filters; each change lands in the URL. */
  async filter(kind: string, status?: string): Promise<void> {
    await this.page.getByLabel(exact(t(this.lang, "request_queue.kind"))).selectOption(kind);
    await expect(this.page).toHaveURL(new RegExp(`kind=${kind}`));
    if (status) {
      await this.page.getByLabel(exact(t(this.lang, "request_queue.status"))).selectOption(status);
      await expect(this.page).toHaveURL(new RegExp(`status=${status}`));
    }
  }

  /** The card of one request, by its number (`RQ-...`). */
  request(number: string): Locator {
    return this.page.getByRole("article").filter({
      has: this.page.getByRole("heading", { level: 3, name: new RegExp(`^${number}\\b`) }),
    });
  }

  async approve(number: string): Promise<void> {
    const card = this.request(number);
    await card.getByRole("button", { name: exact(t(this.lang, "request_queue.approve")) }).click();
    await expect(this.page.getByText(t(this.lang, "request_queue.done.approved", { number }))).toBeVisible();
    await expect(card.getByText(t(this.lang, "request_queue.statuses.approved"), { exact: true })).toBeVisible();
  }

  async ship(number: string, tracking: string): Promise<void> {
    const card = this.request(number);
    await card.getByLabel(label(this.lang, "request_queue.tracking_number")).fill(tracking);
    await card.getByRole("button", { name: exact(t(this.lang, "request_queue.ship")) }).click();
    await expect(this.page.getByText(t(this.lang, "request_queue.done.shipped", { number }))).toBeVisible();
  }
}
