import { createHash } from "crypto";
import { readFileSync } from "fs";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { DEMO_PASSWORD, signInAs } from "../pages/accounts";
import { SignInPage } from "../pages/auth";
import { ProductsPage } from "../pages/products";

/** Demo data (crates/server/src/seed.rs). */
const ADMIN = "alex.morgan@example.com";
/** The sixth demo member of Northwind: a user with the collection but no Rendera seat (Rendera has 5 seats, none used). */
const MAJA = "maja.potocnik6@northwind.example";

test("an admin downloads the Draftline installer and its SHA-256 matches the page; the curl command carries a signed link", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signInAs(page, ADMIN);
  const products = new ProductsPage(page);
  await products.open();
  await expectAccessible(page, "products and services");

  await products.openProduct("Draftline CAD");
  await expect(products.productTab("products.tab_downloads")).toHaveAttribute("aria-current", "page");
  await products.select("products.choose_platform").selectOption("windows");
  const installer = page.locator('[data-testid^="file-draftline-"][data-testid$="-windows-x64.exe"]').first();
  await expect(installer).toBeVisible();
  await expectAccessible(page, "product downloads");

  await test.step("the downloaded bytes hash to the SHA-256 shown", async () => {
    const shown = (await installer.getByTestId("sha256").textContent())!.trim();
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    const [download] = await Promise.all([page.waitForEvent("download"), products.downloadLink(installer).click()]);
    expect(download.suggestedFilename()).toMatch(/^draftline-.*-windows-x64\.exe$/);
    const path = await download.path();
    const actual = createHash("sha256").update(readFileSync(path!)).digest("hex");
    expect(actual).toBe(shown);
  });

  await test.step("the curl command holds the signed download URL and can be copied", async () => {
    await installer.getByRole("button", { name: exact(t("en", "products.copy_curl")) }).click();
    const field = installer.getByLabel(t("en", "products.curl_label"), { exact: true });
    await expect(field).toHaveValue(/\/api\/v1\/downloads\//);
    const curl = await field.inputValue();
    expect(curl).toContain("curl");
    await installer.getByRole("button", { name: exact(t("en", "products.copy_curl_command")) }).click();
    await expect(installer.getByText(t("en", "products.copied"))).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(curl);
    await expectAccessible(page, "signed link");
  });
});

test("a user without a Rendera seat sees the product but no downloads, and why (in Slovenian, the member's language)", async ({ page }) => {
  // Demo members use Slovenian: the page switches to it once they are signed in.
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(MAJA, DEMO_PASSWORD);
  // Signing in leads to the member's home page of their account.
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/home$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "sl");
  const products = new ProductsPage(page, "sl");
  await products.open();
  await page.goto(`/accounts/${products.accountId()}/software/RENDERA`);
  await products.expectProduct("Rendera Visualisation");
  await expect(page.getByText(t("sl", "errors.not_entitled"))).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(`^\\s*${t("sl", "products.download")}\\b`) })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: t("sl", "products.tabs_label") })).toHaveCount(0);
  await expect(page.getByRole("button", { name: exact(t("sl", "trials.start_days.other", { count: 30 })) })).toBeVisible();
  await expectAccessible(page, "product without a seat");
});

test("every products-and-services page passes axe", async ({ page }) => {
  await signInAs(page, ADMIN);
  const products = new ProductsPage(page);
  await products.open();
  const account = products.accountId();

  await products.openProduct("Draftline CAD");
  for (const tab of ["products.tab_activation", "products.tab_updates", "products.tab_downloads"]) {
    await products.productTab(tab).click();
    await expect(products.productTab(tab)).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { level: 2, name: exact(t("en", tab)) })).toBeVisible();
    await expectAccessible(page, tab);
  }

  await test.step("the More actions menu works from the keyboard", async () => {
    await products.moreActions.focus();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("menu")).toBeVisible();
    await expect(page.getByRole("menuitem").first()).toBeFocused();
    await expectAccessible(page, "more actions menu");
    await page.keyboard.press("Escape");
    await expect(page.getByRole("menu")).toBeHidden();
    await expect(products.moreActions).toBeFocused();
  });

  await page.goto(`/accounts/${account}/requests`);
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "requests.title")) })).toBeVisible();
  await expect(page.getByRole("table").or(page.getByText(t("en", "requests.empty")))).toBeVisible();
  await expectAccessible(page, "requests");

  await page.goto(`/accounts/${account}/trials`);
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "trials.running")) })).toBeVisible();
  await expectAccessible(page, "trials");

  await page.goto(`/accounts/${account}/packages`);
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "packages.title")) })).toBeVisible();
  await expectAccessible(page, "packages");
  await page.getByRole("link", { name: exact(t("en", "packages.new")) }).click();
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "packages.new_title")) })).toBeVisible();
  await expect(page.getByLabel(t("en", "packages.name"))).toBeVisible();
  await expectAccessible(page, "new package");
});
