import { Locator, Page } from "@playwright/test";
import { expect } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { Shell } from "./shell";

export interface NewUser {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  country: string;
}

/** Labels of fields; optional fields carry a suffix, so match from the start of the name. */
function label(lang: Lang, key: string): RegExp {
  return new RegExp(`^${t(lang, key).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
}

export class SignUpPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  field(key: string): Locator {
    return this.page.getByLabel(label(this.lang, key));
  }

  async goto(): Promise<void> {
    await this.page.goto("/sign-up");
    await this.shell.expectPage("sign_up.title");
  }

  async fill(user: NewUser, consent = true): Promise<void> {
    await this.field("fields.email").fill(user.email);
    await this.field("fields.first_name").fill(user.firstName);
    await this.field("fields.last_name").fill(user.lastName);
    await this.page.getByLabel(t(this.lang, "fields.password"), { exact: true }).fill(user.password);
    await this.field("fields.country").selectOption(user.country);
    if (consent) {
      await this.page.getByRole("checkbox").check();
    }
  }

  async submit(): Promise<void> {
    await this.page.getByRole("button", { name: exact(t(this.lang, "sign_up.submit")) }).click();
  }
}

export class SignInPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  async goto(): Promise<void> {
    await this.page.goto("/sign-in");
    await this.shell.expectPage("sign_in.title");
  }

  async signIn(login: string, password: string): Promise<void> {
    await this.page.getByLabel(t(this.lang, "fields.login"), { exact: true }).fill(login);
    await this.page.getByLabel(t(this.lang, "fields.password"), { exact: true }).fill(password);
    await this.page.getByRole("button", { name: exact(t(this.lang, "sign_in.submit")) }).click();
  }

  get alert(): Locator {
    return this.page.getByRole("alert").filter({ hasText: t(this.lang, "errors.invalid_credentials") });
  }
}

export class ForgotPasswordPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  async request(email: string): Promise<void> {
    await this.page.getByLabel(t(this.lang, "fields.email"), { exact: true }).fill(email);
    await this.page.getByRole("button", { name: exact(t(this.lang, "forgot_password.submit")) }).click();
    await expect(this.page.getByText(t(this.lang, "forgot_password.sent", { email }))).toBeVisible();
  }
}

export class ResetPasswordPage {
  readonly shell: Shell;
  constructor(
    readonly page: Page,
    readonly lang: Lang = "en",
  ) {
    this.shell = new Shell(page, lang);
  }

  async setPassword(password: string): Promise<void> {
    await this.shell.expectPage("reset_password.title");
    await this.page.getByLabel(t(this.lang, "fields.new_password"), { exact: true }).fill(password);
    await this.page.getByRole("button", { name: exact(t(this.lang, "reset_password.submit")) }).click();
    await expect(this.page.getByText(t(this.lang, "reset_password.done"))).toBeVisible();
  }
}

/** A new person for one test run: a unique address (`e2e-{tag}-…@example.com`) and password. */
export function newUser(tag: string, firstName = "Ana", lastName = "Novak"): NewUser {
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  return {
    email: `e2e-${tag}-${stamp}@example.com`,
    password: `harbour lantern ${stamp}`,
    firstName,
    lastName,
    country: "SI",
  };
}

/** Signs `user` up on `page`; they are signed in on their profile afterwards. */
export async function signUp(page: Page, user: NewUser): Promise<void> {
  const form = new SignUpPage(page);
  await form.goto();
  await form.fill(user);
  await form.submit();
  await expect(page).toHaveURL(/\/profile$/);
  await form.shell.expectPage("profile.title");
}
