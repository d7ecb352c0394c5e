import { Locator, Page } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

export class ProfilePage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  async expectLoaded(): Promise<void> {
    await expect(this.page).toHaveURL(/\/profile$/);
    await this.shell.expectPage("profile.title");
  }

  field(key: string): Locator {
    const text = t(this.lang, key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return this.page.getByLabel(new RegExp(`^${text}`));
  }

  /** The card of the computers a desktop app signed in from as this person. */
  get devices(): Locator {
    return this.page.getByRole("region", { name: exact(t(this.lang, "devices.title")) });
  }

  /** A device's row, by its host name. */
  deviceRow(hostName: string): Locator {
    return this.devices.getByRole("row").filter({ has: this.page.getByRole("cell", { name: exact(hostName) }) });
  }

  async save(): Promise<void> {
    await this.page.getByRole("button", { name: exact(t(this.lang, "profile.save")) }).click();
    await expect(this.page.getByText(t(this.lang, "profile.saved"))).toBeVisible();
  }
}
