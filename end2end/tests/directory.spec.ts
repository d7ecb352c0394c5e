import { APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { signInAs, UsersPage } from "../pages/accounts";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** The company's identity provider: SCIM requests with the token the admin gave it. */
class IdentityProvider {
  constructor(
    readonly http: APIRequestContext,
    readonly base: string,
    readonly token: string,
  ) {}

  async send(method: string, path: string, body?: unknown): Promise<any> {
    const r = await this.http.fetch(`${this.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/scim+json" },
      data: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(r.status(), `${method} ${path}: ${await r.text()}`).toBeLessThan(300);
    return r.status() === 204 ? null : r.json();
  }
}

test("an admin turns directory sync on, makes a token and binds a team; the identity provider pushes a group of 3 and they get seats", async ({ page }) => {
  const run = Date.now();
  const people = ["mira", "tine", "zala"].map((n) => ({ name: n[0].toUpperCase() + n.slice(1), email: `${n}.${run}@directory.example` }));
  await signInAs(page, "alex.morgan@example.com");
  const account = page.url().match(/\/accounts\/([^/]+)\//)![1];
  await page.getByRole("link", { name: exact(t("en", "accounts.tab_directory")) }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${account}/directory$`));
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "directory.title")) })).toBeVisible();

  await test.step("turn sync on: the SCIM base URL shows", async () => {
    const on = page.getByLabel(t("en", "directory.on"), { exact: true });
    if (!(await on.isChecked())) {
      await on.check();
      await page.getByRole("button", { name: exact(t("en", "directory.save")) }).click();
    }
    await expect(page.getByLabel(t("en", "directory.base_url"), { exact: true })).toHaveValue(new RegExp(`/scim/v2/${account}$`));
  });

  const base = await page.getByLabel(t("en", "directory.base_url"), { exact: true }).inputValue();
  const token = await test.step("create a token: its secret is shown once", async () => {
    await page.getByLabel(t("en", "directory.token_name"), { exact: true }).fill(`Playwright IdP ${run}`);
    await page.getByRole("button", { name: exact(t("en", "directory.create_token")) }).click();
    const secret = page.getByTestId("scim-secret");
    await expect(secret).toContainText(t("en", "directory.token_created", { name: `Playwright IdP ${run}` }));
    return await page.getByLabel(t("en", "directory.secret"), { exact: true }).inputValue();
  });
  expect(token).toMatch(/^swscim_/);
  const idp = new IdentityProvider(await playwrightRequest.newContext(), base, token);

  const groupName = `Site crew ${run}`;
  const group = await idp.send("POST", "/Groups", { schemas: [GROUP], displayName: groupName });

  await test.step("bind the directory's team to the collection (250 seats)", async () => {
    await page.reload();
    const binding = page.getByTestId(`binding-${groupName}`);
    await expect(binding).toContainText(t("en", "member.synced"));
    await binding.getByLabel(/^Engineering & Construction Collection/).check();
    await binding.getByRole("button", { name: exact(t("en", "directory.save_binding", { name: groupName })) }).click();
    await expect(page.getByText(t("en", "directory.bound", { name: groupName }), { exact: true })).toBeVisible();
  });

  await test.step("the identity provider pushes 3 people into the group", async () => {
    const ids: string[] = [];
    for (const p of people) {
      const u = await idp.send("POST", "/Users", {
        schemas: [USER], userName: p.email, name: { givenName: p.name, familyName: "Directory" },
        emails: [{ value: p.email, type: "work", primary: true }], active: true,
      });
      ids.push(u.id);
    }
    await idp.send("PATCH", `/Groups/${group.id}`, {
      schemas: [PATCH], Operations: [{ op: "add", path: "members", value: ids.map((value) => ({ value })) }],
    });
  });

  await test.step("the request log lists what it did, and the page passes axe", async () => {
    await page.reload();
    const log = page.getByRole("region", { name: exact(t("en", "directory.requests")) });
    await expect(log.getByRole("row").filter({ hasText: `PATCH /Groups/${group.id}` })).toBeVisible();
    await expect(log.getByRole("row").filter({ hasText: "POST /Users" }).first()).toContainText(t("en", "directory.outcome_created"));
    await expectAccessible(page, "the directory sync page");
  });

  await test.step("the users page shows them with their seats", async () => {
    const users = new UsersPage(page);
    await page.goto(`/accounts/${account}/users`);
    await users.search(`${run}@directory.example`);
    for (const p of people) {
      const row = users.row(`${p.name} Directory`);
      await expect(row).toContainText(groupName);
      await expect(row).toContainText("Engineering & Construction Collection");
    }
  });
});
