import { Locator, Page } from "@playwright/test";
import { expect, expectAccessible } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";

/** The frame around every page: navigation, language picker, user menu, confirm-email banner. */
export class Shell {
  constructor(
    readonly page: Page,
    public lang: Lang = "en",
  ) {}

  get nav(): Locator {
    return this.page.getByRole("navigation", { name: t(this.lang, "app.main_nav") });
  }

  get languagePicker(): Locator {
    return this.page.locator("#language-picker");
  }

  get banner(): Locator {
    return this.page.getByRole("region", { name: t(this.lang, "profile.unverified") });
  }

  get userMenuButton(): Locator {
    return this.page.locator("header").getByRole("button", { name: new RegExp(t(this.lang, "user_menu.label")) });
  }

  heading(key: string): Locator {
    return this.page.getByRole("heading", { level: 1, name: exact(t(this.lang, key)) });
  }

  /** Waits for a page's h1 and runs axe on it. */
  async expectPage(titleKey: string): Promise<void> {
    await expect(this.heading(titleKey)).toBeVisible();
    await expectAccessible(this.page, titleKey);
  }

  async chooseLanguage(lang: Lang): Promise<void> {
    await this.languagePicker.selectOption(lang);
    this.lang = lang;
    await expect(this.page.locator("html")).toHaveAttribute("lang", lang);
  }

  async signOut(): Promise<void> {
    await this.userMenuButton.click();
    await this.page.getByRole("button", { name: exact(t(this.lang, "user_menu.sign_out")) }).click();
    await expect(this.page.getByText(t(this.lang, "user_menu.signed_out"))).toBeVisible();
  }
}
