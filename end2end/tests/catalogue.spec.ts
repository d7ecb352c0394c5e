import { createHash } from "crypto";
import { readFileSync } from "fs";
import * as path from "path";
import { APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { DEMO_PASSWORD, signInAs } from "../pages/accounts";
import { CataloguePage, RequestQueuePage } from "../pages/catalogue";
import { MailboxPage } from "../pages/mailbox";
import { ProductsPage } from "../pages/products";

/** Demo data (crates/server/src/seed.rs). */
const VENDOR = "vendor.admin@example.com";
const ADMIN = "alex.morgan@example.com";

/** A text of the server's mails (crates/server/locales/<lang>/mail.json), `{name}`s filled. */
function mailText(key: string, values: Record<string, string> = {}): string {
  const file = path.join(__dirname, "..", "..", "crates", "server", "locales", "en", "mail.json");
  let node: unknown = JSON.parse(readFileSync(file, "utf8"));
  for (const part of key.split(".")) node = (node as Record<string, unknown>)[part];
  if (typeof node !== "string") throw new Error(`No mail text ${key}`);
  return node.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** An API session of a demo person (cookies of its own; the page's session is not touched). */
async function apiAs(baseURL: string, email: string): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { "x-requested-with": "seatwise", origin: new URL(baseURL).origin },
  });
  const response = await api.post("/api/v1/auth/sign-in", { data: { login: email, password: DEMO_PASSWORD } });
  expect(response.ok(), `sign-in of ${email}`).toBeTruthy();
  return api;
}

/** A file's size as the app writes it: decimal units, at most one decimal, Intl in English. */
function formatSize(bytes: number): string {
  const [value, unit] =
    bytes >= 1e9 ? [bytes / 1e9, "gigabyte"] : bytes >= 1e6 ? [bytes / 1e6, "megabyte"] : bytes >= 1e3 ? [bytes / 1e3, "kilobyte"] : [bytes, "byte"];
  return new Intl.NumberFormat("en", { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}

test("vendor staff add a product, a release and upload a file; its size and SHA-256 are shown", async ({ page }) => {
  const stamp = `${Date.now()}`;
  const code = `E2E-${stamp.slice(-8)}`;
  const name = `E2E Product ${stamp}`;
  const version = `2030.${stamp.slice(-4)}`;
  // Bytes made here, different on every run, so the checksum cannot come from anywhere else.
  const bytes = Buffer.from(`Seatwise e2e upload ${stamp}\n`.repeat(100).slice(0, 2_345));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const fileName = `e2e-${stamp}-setup.exe`;

  await signInAs(page, VENDOR);
  const catalogue = new CataloguePage(page);
  await catalogue.open();
  await expectAccessible(page, "vendor catalogue");

  await test.step("create a product and open it", async () => {
    await catalogue.createProduct(code, name);
    await expect(page.getByRole("link", { name: exact(name) })).toBeVisible();
    await catalogue.openProduct(name);
    await expect(page.getByText(t("en", "catalogue.no_releases"))).toBeVisible();
    await expectAccessible(page, "vendor product");
  });

  await test.step("edit the product: icon and trial length show in the catalogue", async () => {
    const details = page.locator("form").filter({
      has: page.getByRole("button", { name: exact(t("en", "catalogue.save")) }),
    });
    await details.getByLabel(new RegExp(`^${t("en", "catalogue.description")}`)).fill("Made by an end-to-end test.");
    await details.getByLabel(new RegExp(`^${t("en", "catalogue.icon")}`)).fill("E2");
    await details.getByLabel(new RegExp(`^${t("en", "catalogue.trial_days")}`)).fill("14");
    await details.getByRole("button", { name: exact(t("en", "catalogue.save")) }).click();
    await expect(page.getByText(t("en", "catalogue.saved"))).toBeVisible();
    await expect(page.getByText(t("en", "catalogue.days.other", { count: 14 })).first()).toBeVisible();
  });

  await test.step("add a release", async () => {
    await catalogue.createRelease({ version, releasedOn: "2030-01-15", productKey: `K${stamp.slice(-6)}` });
    await expect(catalogue.release(version).getByText(t("en", "catalogue.no_files"))).toBeVisible();
  });

  await test.step("upload a file: the server's size and SHA-256 match the bytes sent", async () => {
    await catalogue.upload(version, {
      platform: "windows",
      language: "multi",
      kind: "installer",
      title: `${name} ${version}`,
      name: fileName,
      bytes,
    });
    const result = page.getByRole("status").filter({
      hasText: t("en", "catalogue.uploaded_title", { file_name: fileName }),
    });
    await expect(result).toContainText(sha256);
    await expect(result).toContainText(formatSize(bytes.length));
    const row = catalogue.fileRow(version, fileName);
    await expect(row).toContainText(sha256);
    await expect(row).toContainText(formatSize(bytes.length));
    await expect(row).toContainText(t("en", "catalogue.platforms.windows"));
    await expect(row).toContainText(t("en", "catalogue.all_languages"));
    await expect(row).toContainText(t("en", "catalogue.file_kinds.installer"));
    await expect(row.locator("data")).toHaveAttribute("value", String(bytes.length));
    await expectAccessible(page, "vendor product with a file");
  });

  await test.step("after a reload the file is still there; deleting asks first", async () => {
    await page.reload();
    const row = catalogue.fileRow(version, fileName);
    await expect(row).toContainText(sha256);
    await row.getByRole("button", { name: exact(`${t("en", "catalogue.delete")} ${fileName}`) }).click();
    const dialog = page.getByRole("alertdialog", { name: t("en", "catalogue.delete_title", { file_name: fileName }) });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, "delete file confirmation");
    await dialog.getByRole("button", { name: exact(t("en", "catalogue.delete")) }).click();
    await expect(page.getByText(t("en", "catalogue.deleted"))).toBeVisible();
    await expect(row).toHaveCount(0);
  });
});

test("the request queue is filtered through the URL and passes axe", async ({ page }) => {
  await signInAs(page, VENDOR);
  const queue = new RequestQueuePage(page);
  await queue.open();
  await expectAccessible(page, "request queue");
  await queue.filter("physical_media", "shipped");
  await page.reload();
  await expect(page.getByLabel(exact(t("en", "request_queue.kind")))).toHaveValue("physical_media");
  await expect(page.getByLabel(exact(t("en", "request_queue.status")))).toHaveValue("shipped");
  await page.getByLabel(exact(t("en", "request_queue.min_age"))).fill("5000");
  await page.getByRole("button", { name: exact(t("en", "request_queue.apply")) }).click();
  await expect(page).toHaveURL(/min_age_days=5000/);
  await expect(page.getByText(t("en", "request_queue.empty"))).toBeVisible();
  await expectAccessible(page, "request queue, filtered");
});

test("an admin asks for physical media; the vendor approves and ships it; the admin sees the tracking number and the mail", async ({
  page,
  browser,
}) => {
  const tracking = `JJSI${Date.now()}`;
  let number = "";

  await test.step("the admin requests physical media from the product's More actions", async () => {
    await signInAs(page, ADMIN);
    const products = new ProductsPage(page);
    await products.open();
    await products.openProduct("Civis Infrastructure");
    await products.moreActions.click();
    await products.menuItem("requests.menu.physical_media").click();
    const form = page.locator("form").filter({
      has: page.getByRole("button", { name: exact(t("en", "requests.review")) }),
    });
    await form.getByLabel(t("en", "requests.version"), { exact: true }).selectOption("2027");
    await form.getByLabel(t("en", "requests.language"), { exact: true }).selectOption("sl");
    // The shipping address starts from the profile (the demo admin's has a name and a country,
    // no street): the rest is typed.
    await expect(form.getByLabel(new RegExp(`^${t("en", "requests.ship_name")}`))).toHaveValue("Alex Morgan");
    await expect(form.getByLabel(new RegExp(`^${t("en", "fields.country")}`))).toHaveValue("GB");
    await form.getByLabel(new RegExp(`^${t("en", "fields.street")}`)).fill("1 Canal Street");
    await form.getByLabel(new RegExp(`^${t("en", "fields.postcode")}`)).fill("M1 3HE");
    await form.getByLabel(new RegExp(`^${t("en", "fields.city")}`)).fill("Manchester");
    await form.getByRole("button", { name: exact(t("en", "requests.review")) }).click();
    const summary = page.getByTestId("request-summary");
    await expect(summary).toContainText("2027");
    await expect(summary).toContainText(t("en", "products.languages.sl"));
    await expect(summary).toContainText("1 Canal Street");
    await page.getByRole("button", { name: exact(t("en", "requests.confirm_submit")) }).click();
    const sent = page.getByText(new RegExp(t("en", "requests.sent", { number: "(RQ-[0-9-]+)" })));
    await expect(sent).toBeVisible();
    number = (await sent.textContent())!.match(/RQ-[0-9-]+/)![0];
    const row = page.getByTestId(`request-${number}`);
    await expect(row).toContainText(t("en", "requests.statuses.requested"));
  });

  await test.step("the vendor approves it, then ships it with a tracking number", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const vendorPage = await context.newPage();
    await signInAs(vendorPage, VENDOR);
    const queue = new RequestQueuePage(vendorPage);
    await queue.open();
    await queue.filter("physical_media");
    const card = queue.request(number);
    await expect(card).toContainText("Civis Infrastructure");
    await expect(card).toContainText(t("en", "request_queue.kinds.physical_media"));
    await expect(card).toContainText("Northwind Engineering");
    await expectAccessible(vendorPage, "request queue with a request");
    await queue.approve(number);
    await queue.ship(number, tracking);
    await expect(card.getByText(t("en", "request_queue.statuses.shipped"), { exact: true })).toBeVisible();
    await expect(card).toContainText(tracking);
    await context.close();
  });

  await test.step("the admin sees it shipped with the tracking number, on the Requests page and in the mail", async () => {
    await page.reload();
    const row = page.getByTestId(`request-${number}`);
    await expect(row).toContainText(t("en", "requests.statuses.shipped"));
    await expect(row).toContainText(t("en", "requests.tracking", { number: tracking }));
    const mailbox = new MailboxPage(page);
    await mailbox.open();
    const subject = mailText("request_update.subject", { number, status: mailText("request_statuses.shipped") });
    const message = page.getByRole("link").filter({ hasText: subject }).first();
    await expect(async () => {
      await page.getByRole("button", { name: exact(t("en", "mailbox.refresh")) }).click();
      await expect(message).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await message.click();
    await expect(page.locator("article")).toContainText(mailText("request_detail.tracking", { value: tracking }));
  });
});

test("the vendor's step fields are checked inline; a serial number and a licence file are issued", async ({ page, baseURL }) => {
  // Requests made through the API by the admin (the customer forms are tested above).
  const admin = await apiAs(baseURL!, ADMIN);
  const accounts = await (await admin.get("/api/v1/accounts")).json();
  const account = accounts.accounts[0].id as string;
  const detail = await (await admin.get(`/api/v1/accounts/${account}/products/STRUCTA`)).json();
  const network = detail.coverage.find((c: { licence_type: string }) => c.licence_type === "multi_user_network");
  const create = async (body: Record<string, unknown>): Promise<string> => {
    const response = await admin.post(`/api/v1/accounts/${account}/requests`, {
      data: { product_code: "STRUCTA", subscription_id: network.subscription_id, note: "", ...body },
    });
    expect(response.status(), JSON.stringify(await response.json())).toBe(201);
    return (await response.json()).number as string;
  };
  const homeUse = await create({ kind: "home_use" });
  const licence = await create({ kind: "network_licence", host_name: "lic-server-01", host_id: "00163E5A1B2C" });
  const rendera = await (await admin.get(`/api/v1/accounts/${account}/products/RENDERA`)).json();
  const standalone = rendera.coverage.find((c: { licence_type: string }) => c.licence_type === "standalone");
  const previous = await create({
    kind: "previous_version",
    product_code: "RENDERA",
    subscription_id: standalone.subscription_id,
    version: rendera.other_versions[0],
  });
  await admin.dispose();

  await signInAs(page, VENDOR);
  const queue = new RequestQueuePage(page);
  await queue.open();

  await test.step("home use: an empty serial number is refused next to its field, then it is fulfilled", async () => {
    const card = queue.request(homeUse);
    const serial = card.getByLabel(new RegExp(`^${t("en", "request_queue.serial_number")}`));
    await card.getByRole("button", { name: exact(t("en", "request_queue.fulfil")) }).click();
    await expect(serial).toHaveAttribute("aria-invalid", "true");
    await expect(card.getByText(t("en", "field_errors.required"))).toBeVisible();
    await expectAccessible(page, "request queue with a field error");
    await serial.fill("400-12345678");
    await card.getByRole("button", { name: exact(t("en", "request_queue.fulfil")) }).click();
    await expect(page.getByText(t("en", "request_queue.done.fulfilled", { number: homeUse }))).toBeVisible();
    await expect(card.getByText(t("en", "request_queue.statuses.fulfilled"), { exact: true })).toBeVisible();
    await expect(card).toContainText("400-12345678");
  });

  await test.step("network licence: the licence file is issued and can be downloaded", async () => {
    const card = queue.request(licence);
    await card.getByRole("button", { name: exact(t("en", "request_queue.issue_file")) }).click();
    await expect(page.getByText(t("en", "request_queue.done.fulfilled", { number: licence }))).toBeVisible();
    const link = card.getByRole("link", { name: exact(t("en", "request_queue.download_file")) });
    await expect(link).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const file = readFileSync((await download.path())!, "utf8");
    expect(file).toContain("lic-server-01");
    expect(file).toContain("00163E5A1B2C");
  });

  await test.step("previous version: Reject opens a reason field; without a reason it is refused inline", async () => {
    const card = queue.request(previous);
    const toggle = card.getByRole("button", { name: exact(t("en", "request_queue.reject")) });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    const reason = card.getByLabel(new RegExp(`^${t("en", "request_queue.reason")}`));
    await card.getByRole("button", { name: exact(t("en", "request_queue.reject_submit")) }).click();
    await expect(card.getByText(t("en", "field_errors.required"))).toBeVisible();
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expectAccessible(page, "request queue, reason refused");
    await reason.fill("That version is no longer licensed for standalone use.");
    await card.getByRole("button", { name: exact(t("en", "request_queue.reject_submit")) }).click();
    await expect(page.getByText(t("en", "request_queue.done.rejected", { number: previous }))).toBeVisible();
    await expect(card.getByText(t("en", "request_queue.statuses.rejected"), { exact: true })).toBeVisible();
    await expect(card).toContainText("That version is no longer licensed for standalone use.");
    await expect(card.getByRole("button")).toHaveCount(0);
  });
});

test("a file over the server's limit is refused in the browser, before anything is sent", async ({ page }) => {
  // The demo server takes gigabytes; its catalogue answer is changed to a 1,000-byte limit.
  await page.route("**/api/v1/vendor/catalogue", async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    await route.fulfill({ response, json: { ...body, max_upload_bytes: 1_000 } });
  });
  const uploads: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().includes("/files")) uploads.push(request.url());
  });
  await signInAs(page, VENDOR);
  const catalogue = new CataloguePage(page);
  await catalogue.open();
  await catalogue.openProduct("Terra Survey");
  const section = catalogue.release("2027");
  await section.getByText(t("en", "catalogue.upload"), { exact: true }).click();
  await expect(section.getByText(t("en", "catalogue.max_size", { max: formatSize(1_000) }))).toBeVisible();
  await section.getByLabel(new RegExp(`^${t("en", "catalogue.file_title")}`)).fill("Too large");
  const file = section.getByLabel(exact(t("en", "catalogue.file")));
  await file.setInputFiles({ name: "too-large.exe", mimeType: "application/octet-stream", buffer: Buffer.alloc(2_345, 7) });
  await section.getByRole("button", { name: exact(t("en", "catalogue.upload_submit")) }).click();
  await expect(
    section.getByText(t("en", "catalogue.too_large", { size: formatSize(2_345), max: formatSize(1_000) })),
  ).toBeVisible();
  await expect(file).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "upload refused as too large");
  expect(uploads).toEqual([]);
});

test("a large upload shows its progress while it is sent", async ({ page }) => {
  const stamp = `${Date.now()}`;
  const bytes = Buffer.alloc(3_000_000, stamp);
  await signInAs(page, VENDOR);
  const catalogue = new CataloguePage(page);
  await catalogue.open();
  await catalogue.openProduct("Terra Survey");
  // Slow the upload down (about 1 MB/s) so that its progress can be seen.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 1_000_000,
  });
  const section = catalogue.release("2026");
  await section.getByText(t("en", "catalogue.upload"), { exact: true }).click();
  await section.getByLabel(new RegExp(`^${t("en", "catalogue.file_title")}`)).fill(`Terra 2026 data ${stamp}`);
  await section
    .getByLabel(exact(t("en", "catalogue.file")))
    .setInputFiles({ name: `terra-${stamp}.bin`, mimeType: "application/octet-stream", buffer: bytes });
  await section.getByRole("button", { name: exact(t("en", "catalogue.upload_submit")) }).click();
  const bar = section.getByRole("progressbar", { name: t("en", "catalogue.progress") });
  await expect(bar).toBeVisible();
  await expect(section.getByRole("button", { name: t("en", "catalogue.uploading") })).toBeDisabled();
  await expect.poll(async () => Number(await bar.getAttribute("value")), { timeout: 10_000 }).toBeGreaterThan(0);
  await expectAccessible(page, "upload in progress");
  await expect(page.getByText(t("en", "catalogue.uploaded"), { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveCount(0);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await expect(catalogue.fileRow("2026", `terra-${stamp}.bin`)).toContainText(sha256);
});

test("a new collection holds the products ticked for it; it has no releases", async ({ page }) => {
  const stamp = `${Date.now()}`;
  const name = `E2E Collection ${stamp}`;
  await signInAs(page, VENDOR);
  const catalogue = new CataloguePage(page);
  await catalogue.open();
  await catalogue.createProduct(`E2E-C-${stamp.slice(-6)}`, name, "collection");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: exact(name) }) });
  await expect(row).toContainText(t("en", "vendor.kind_collection"));
  await catalogue.openProduct(name);
  // Only products have releases.
  await expect(page.getByRole("heading", { name: exact(t("en", "catalogue.releases")) })).toHaveCount(0);
  await expect(page.getByRole("button", { name: exact(t("en", "catalogue.create_release")) })).toHaveCount(0);
  const members = page.getByRole("group", { name: t("en", "catalogue.members") });
  await members.getByLabel(/^Terra Survey/).check();
  await members.getByLabel(/^Civis Infrastructure/).check();
  await expectAccessible(page, "vendor collection");
  // A new product has no icon yet: the server asks for one, next to the field.
  const icon = page.getByLabel(new RegExp(`^${t("en", "catalogue.icon")}`));
  await page.getByRole("button", { name: exact(t("en", "catalogue.save")) }).click();
  await expect(icon).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(t("en", "field_errors.required"))).toBeVisible();
  await icon.fill("EC");
  await page.getByRole("button", { name: exact(t("en", "catalogue.save")) }).click();
  await expect(page.getByText(t("en", "catalogue.saved"))).toBeVisible();
  await expect(icon).toHaveAttribute("aria-invalid", "false");
  await page.reload();
  await expect(members.getByLabel(/^Terra Survey/)).toBeChecked();
  await expect(members.getByLabel(/^Civis Infrastructure/)).toBeChecked();
  await expect(members.getByLabel(/^Draftline CAD/)).not.toBeChecked();
  // A product names the collections that hold it.
  await page.getByRole("link", { name: exact(t("en", "catalogue.back")) }).click();
  await catalogue.openProduct("Terra Survey");
  await expect(page.getByText(new RegExp(`${t("en", "catalogue.in_collections")}.*E2E-C-${stamp.slice(-6)}`))).toBeVisible();
});
