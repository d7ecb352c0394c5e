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

  async save(): Promise<void> {
    await this.page.getByRole("button", { name: exact(t(this.lang, "profile.save")) }).click();
    await expect(this.page.getByText(t(this.lang, "profile.saved"))).toBeVisible();
  }
}
