import { readFileSync } from "fs";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { DEMO_PASSWORD, signInAs } from "../pages/accounts";
import { SignInPage } from "../pages/auth";
import {
  apiSignedIn,
  formatSize,
  formErrorLine,
  formErrors,
  PackagesPage,
  ProductsPage,
  RequestsPage,
} from "../pages/products";

/**
 * Demo data (crates/server/src/seed.rs). Tests in one run share the database, so each test uses
 * its own person, product or freshly named rows.
 */
const ADMIN = "alex.morgan@example.com";
const VENDOR = "vendor.admin@example.com";
/** The seventh demo member of Northwind (language sl): the collection, no Rendera seat, no trial yet. */
const MATEJ = "matej.kovac7@northwind.example";

/** A translated text with a count, as a pattern for any number. */
function withAnyCount(lang: Lang, key: string): RegExp {
  const text = t(lang, key, { count: "NUMBER" });
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace("NUMBER", "\\d+"));
}

test("a member without a Rendera seat starts a 30-day trial and may download the current version only", async ({ page }) => {
  // Demo members use Slovenian: the page switches to it once they are signed in.
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(MATEJ, DEMO_PASSWORD);
  // Signing in leads to the member's home page of their account.
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/home$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "sl");
  const products = new ProductsPage(page, "sl");
  await products.open();
  const account = products.accountId();
  await page.goto(`/accounts/${account}/software/RENDERA`);
  await products.expectProduct("Rendera Visualisation");
  await expect(page.getByTestId("not-entitled")).toHaveText(t("sl", "errors.not_entitled"));

  await page.getByRole("button", { name: exact(t("sl", "trials.start_days.other", { count: 30 })) }).click();
  await expect(page.getByText(t("sl", "trials.started", { product: "Rendera Visualisation" }))).toBeVisible();

  await test.step("the product page says how many days are left and offers the current version", async () => {
    await expect(page.getByText(t("sl", "trials.days_left.other", { count: 30 }))).toBeVisible();
    await expect(page.getByTestId("not-entitled")).toHaveCount(0);
    await expect(products.productTab("products.tab_downloads")).toHaveAttribute("aria-current", "page");
    // Rendera has 2027, 2026 and 2025; a trial covers the current one only.
    await expect(products.select("products.choose_version").locator("option")).toHaveText(["2027"]);
    await products.select("products.choose_platform").selectOption("windows");
    const installer = products.file("rendera-2027-windows-x64.exe");
    await expect(installer).toBeVisible();
    await expect(page.locator('[data-testid^="file-rendera-2026"], [data-testid^="file-rendera-2025"]')).toHaveCount(0);
    const [download] = await Promise.all([page.waitForEvent("download"), products.downloadLink(installer).click()]);
    expect(download.suggestedFilename()).toBe("rendera-2027-windows-x64.exe");
    expect(await download.failure()).toBeNull();
    await expectAccessible(page, "product page during a trial");
  });

  await test.step("the Trials page lists the running trial with the days left", async () => {
    await products.tab("trials.title").click();
    const running = page.getByRole("region", { name: exact(t("sl", "trials.running")) });
    await expect(running.getByRole("link", { name: exact("Rendera Visualisation") })).toBeVisible();
    await expect(running.getByText(withAnyCount("sl", "trials.days_left.other"))).toBeVisible();
    // Rendera is no longer offered.
    const offers = page.getByRole("region", { name: exact(t("sl", "trials.offers")) });
    await expect(offers.getByRole("heading", { name: exact("Rendera Visualisation") })).toHaveCount(0);
    await expectAccessible(page, "trials with a running trial");
  });
});

test("an admin creates an install package, checks its files against the manifest, renames and deletes it", async ({ page }) => {
  await signInAs(page, ADMIN);
  const products = new ProductsPage(page);
  await products.open();
  const packages = new PackagesPage(page);
  await products.tab("packages.title").click();
  await packages.expectList();
  await page.getByRole("link", { name: exact(t("en", "packages.new")) }).click();
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "packages.new_title")) })).toBeVisible();

  const name = `E2E package ${Date.now()}`;
  await packages.field("packages.name").fill(name);
  await packages.field("packages.platform").selectOption("windows");
  await packages.field("packages.language").selectOption("sl");
  const draftline = packages.product("Draftline CAD");
  await draftline.check.check();
  await draftline.version.selectOption("2027");
  await packages.field("packages.include_add_ons").check();
  await packages.field("packages.include_language_packs").check();
  await packages.field("packages.install_path").fill("C:\\Apps\\Draftline");

  await test.step("a refused field without an input of its own is listed with its label; nothing typed is lost", async () => {
    // The language select only offers valid languages: change the request on its way out.
    await page.route("**/api/v1/accounts/*/packages", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const body = route.request().postDataJSON();
      await route.continue({ postData: JSON.stringify({ ...body, language: "xx" }) });
    });
    await packages.save.click();
    await expect(formErrors(page)).toContainText(t("en", "errors.validation_failed"));
    await expect(formErrors(page).getByRole("listitem")).toHaveText([
      formErrorLine("en", "packages.language", "field_errors.invalid_locale"),
    ]);
    await page.unroute("**/api/v1/accounts/*/packages");
    await expect(packages.field("packages.name")).toHaveValue(name);
    await expect(packages.field("packages.language")).toHaveValue("sl");
    await expect(draftline.check).toBeChecked();
    await expect(packages.field("packages.install_path")).toHaveValue("C:\\Apps\\Draftline");
    await expectAccessible(page, "package form with a listed error");
  });

  await packages.save.click();
  await expect(page.getByText(t("en", "packages.saved", { name }))).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "packages.edit_title")) })).toBeVisible();
  const packageId = new URL(page.url()).pathname.split("/").pop()!;

  // The files on the page: one row each, with its SHA-256; the total as the app writes it.
  const rows = packages.fileRows;
  // Installer, update, add-on and the Slovenian language pack of Draftline 2027 for Windows.
  await expect(rows).toHaveCount(4);
  const shown = (await rows.locator("td:nth-child(5)").allTextContents()).map((s) => s.trim());
  for (const sha of shown) expect(sha).toMatch(/^[0-9a-f]{64}$/);
  expect(new Set(shown).size).toBe(4);
  await expect(rows.filter({ hasText: "draftline-2027-langpack-sl.msi" })).toHaveCount(1);
  const saved = await (await page.request.get(`/api/v1/accounts/${products.accountId()}/packages/${packageId}`)).json();
  const total = (saved.files as { size: number }[]).reduce((sum, f) => sum + f.size, 0);
  expect(saved.total_size).toBe(total);
  await expect(packages.total).toHaveText(t("en", "packages.files_total", { count: 4, size: formatSize("en", total) }));
  await expectAccessible(page, "saved package");

  await test.step("the manifest lists the same files and SHA-256 values", async () => {
    await page.getByRole("link", { name: exact(t("en", "packages.back")) }).click();
    await packages.expectList();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      packages.action("link", "packages.manifest", name).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.seatwise-package\.json$/);
    const manifest = JSON.parse(readFileSync((await download.path())!, "utf8"));
    const listed = (manifest.files as { sha256: string }[]).map((f) => f.sha256);
    expect([...listed].sort()).toEqual([...shown].sort());
  });

  const renamed = `${name} (renamed)`;
  await test.step("rename", async () => {
    await packages.action("link", "packages.edit", name).click();
    await expect(packages.field("packages.name")).toHaveValue(name);
    await packages.field("packages.name").fill(renamed);
    await packages.save.click();
    await expect(page.getByText(t("en", "packages.saved", { name: renamed }))).toBeVisible();
    await page.getByRole("link", { name: exact(t("en", "packages.back")) }).click();
    await packages.expectList();
    await expect(packages.card(renamed)).toBeVisible();
    await expect(packages.card(name)).toHaveCount(0);
  });

  await test.step("delete, after the confirmation", async () => {
    await packages.action("button", "packages.delete", renamed).click();
    const dialog = page.getByRole("alertdialog", { name: exact(t("en", "packages.delete_title", { name: renamed })) });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: exact(t("en", "common.cancel")) })).toBeFocused();
    await expectAccessible(page, "delete confirmation");
    await dialog.getByRole("button", { name: exact(t("en", "packages.delete")) }).click();
    await expect(page.getByText(t("en", "packages.deleted"))).toBeVisible();
    await expect(packages.card(renamed)).toHaveCount(0);
  });
});

test("an admin requests a Structa network licence file; a bad host ID is refused inline; the vendor issues the file", async ({
  page,
  baseURL,
}) => {
  await signInAs(page, ADMIN);
  const products = new ProductsPage(page);
  await products.open();
  await products.openProduct("Structa BIM");
  await products.moreActions.click();
  await products.menuItem("requests.menu.network_licence").click();
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "requests.menu.network_licence")) })).toBeVisible();

  const hostName = page.getByLabel(t("en", "requests.host_name"), { exact: true });
  const hostId = page.getByLabel(t("en", "requests.host_id"), { exact: true });
  const note = page.getByLabel(new RegExp(`^${t("en", "requests.note")}`));
  const submit = page.getByRole("button", { name: exact(t("en", "requests.submit")) });
  await hostName.fill("lic01.northwind.local");
  await hostId.fill("00:1A:2B:3C:4D:ZZ");
  await note.fill("Licence server in the Ljubljana office");

  await test.step("the bad host ID is refused next to its field; nothing typed is lost", async () => {
    await submit.click();
    await expect(hostId).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(t("en", "field_errors.invalid_format"))).toBeVisible();
    await expect(hostName).toHaveAttribute("aria-invalid", "false");
    await expect(hostName).toHaveValue("lic01.northwind.local");
    await expect(hostId).toHaveValue("00:1A:2B:3C:4D:ZZ");
    await expect(note).toHaveValue("Licence server in the Ljubljana office");
    await expect(formErrors(page)).toHaveCount(0);
    await expectAccessible(page, "network licence form with a field error");
  });

  await test.step("a refused subscription (no input of its own) is listed with its label", async () => {
    await hostId.fill("00:1A:2B:3C:4D:5E");
    await page.route("**/api/v1/accounts/*/requests", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const body = route.request().postDataJSON();
      await route.continue({ postData: JSON.stringify({ ...body, subscription_id: "no-such-subscription" }) });
    });
    await submit.click();
    await expect(formErrors(page).getByRole("listitem")).toHaveText([
      formErrorLine("en", "requests.subscription", "field_errors.unknown"),
    ]);
    await page.unroute("**/api/v1/accounts/*/requests");
    await expect(hostId).toHaveAttribute("aria-invalid", "false");
    await expect(hostName).toHaveValue("lic01.northwind.local");
    await expect(note).toHaveValue("Licence server in the Ljubljana office");
  });

  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && /\/api\/v1\/accounts\/[^/]+\/requests$/.test(r.url())),
    submit.click(),
  ]);
  expect(response.status()).toBe(201);
  const created = (await response.json()) as { id: string; number: string };
  await expect(page.getByText(t("en", "requests.sent", { number: created.number }))).toBeVisible();
  const requests = new RequestsPage(page);
  await requests.expectLoaded();
  const row = requests.row(created.number);
  await expect(row).toContainText(t("en", "requests.statuses.requested"));
  await expect(row).toContainText("lic01.northwind.local");
  await expect(requests.licenceFileLink(row)).toHaveCount(0);

  await test.step("the vendor issues the licence file", async () => {
    const vendor = await apiSignedIn(baseURL!, VENDOR);
    const issued = await vendor.post(`/api/v1/vendor/requests/${created.id}/status`, { data: { status: "fulfilled" } });
    expect(issued.status(), await issued.text()).toBe(200);
    await vendor.dispose();
  });

  await test.step("the admin sees it fulfilled and downloads the licence file for the host", async () => {
    await page.reload();
    await expect(row).toContainText(t("en", "requests.statuses.fulfilled"));
    const link = requests.licenceFileLink(row);
    await expect(link).toBeVisible();
    await expectAccessible(page, "requests with a licence file");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const text = readFileSync((await download.path())!, "utf8");
    expect(text).toContain("lic01.northwind.local");
    expect(text).toContain("001A2B3C4D5E");
  });
});

test("the Downloads tab keeps its version, platform and language in the URL, across a reload and the tabs", async ({ page }) => {
  await signInAs(page, ADMIN);
  const products = new ProductsPage(page);
  await products.open();
  await products.openProduct("Draftline CAD");
  const version = products.select("products.choose_version");
  const platform = products.select("products.choose_platform");
  const language = products.select("products.choose_language");

  await version.selectOption("2027");
  await platform.selectOption("windows");
  await language.selectOption("sl");
  await expect(page).toHaveURL(/[?&]tab=downloads(&|$)/);
  await expect(page).toHaveURL(/[?&]version=2027(&|$)/);
  await expect(page).toHaveURL(/[?&]platform=windows(&|$)/);
  await expect(page).toHaveURL(/[?&]language=sl(&|$)/);
  await expect(products.file("draftline-2027-langpack-sl.msi")).toBeVisible();
  await expect(products.file("draftline-2027-langpack-zh-tw.msi")).toHaveCount(0);

  await test.step("a reload shows the same choices and files", async () => {
    await page.reload();
    await products.expectProduct("Draftline CAD");
    await expect(version).toHaveValue("2027");
    await expect(platform).toHaveValue("windows");
    await expect(language).toHaveValue("sl");
    await expect(products.file("draftline-2027-langpack-sl.msi")).toBeVisible();
    await expect(products.file("draftline-2027-langpack-zh-tw.msi")).toHaveCount(0);
  });

  await test.step("a link opened elsewhere shows the view it names", async () => {
    const url = new URL(page.url());
    url.searchParams.set("version", "2026");
    url.searchParams.set("platform", "macos");
    url.searchParams.delete("language");
    await page.goto(url.pathname + url.search);
    await expect(version).toHaveValue("2026");
    await expect(platform).toHaveValue("macos");
    await expect(products.file("draftline-2026-macos-x64.dmg")).toBeVisible();
    await expect(products.file("draftline-2027-langpack-sl.msi")).toHaveCount(0);
  });

  await test.step("the tabs keep the version", async () => {
    await products.productTab("products.tab_updates").click();
    await expect(page).toHaveURL(/[?&]tab=updates(&|$)/);
    // Only the shown tab is marked current (the tabs differ in their query only).
    await expect(products.productTab("products.tab_updates")).toHaveAttribute("aria-current", "page");
    await expect(products.productTab("products.tab_downloads")).not.toHaveAttribute("aria-current", "page");
    await expect(page).toHaveURL(/[?&]version=2026(&|$)/);
    await expect(products.select("products.choose_version")).toHaveValue("2026");
    await products.productTab("products.tab_downloads").click();
    await expect(platform).toHaveValue("macos");
    await page.goBack();
    await expect(page).toHaveURL(/[?&]tab=updates(&|$)/);
  });
});
