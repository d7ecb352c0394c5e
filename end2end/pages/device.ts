import { Locator, Page } from "@playwright/test";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

/** `/device`: the page where a person approves a desktop app's sign-in (the device grant). */
export class DeviceSignInPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  /** The page, with the code as the app's link carries it (`?code=`), or without. */
  async goto(code?: string): Promise<void> {
    await this.page.goto(code === undefined ? "/device" : `/device?code=${encodeURIComponent(code)}`);
  }

  get codeField(): Locator {
    return this.page.getByLabel(t(this.lang, "device.code"), { exact: true });
  }

  /** The message under the code field. */
  get codeError(): Locator {
    return this.page.locator("#field-code-error");
  }

  button(key: string): Locator {
    return this.page.getByRole("button", { name: exact(t(this.lang, key)) });
  }

  async enterCode(code: string): Promise<void> {
    await this.codeField.fill(code);
    await this.button("device.submit").click();
  }

  /** The question shown once the code is found. */
  get question(): Locator {
    return this.page.getByRole("heading", { level: 2, name: exact(t(this.lang, "device.question")) });
  }

  /** The value the confirmation shows for a fact (`device.app`, `device.computer`, …). */
  fact(key: string): Locator {
    return this.page
      .getByRole("term")
      .filter({ hasText: exact(t(this.lang, key)) })
      .locator("xpath=following-sibling::dd[1]");
  }
}
