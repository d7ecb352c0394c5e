import { Page } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { DEMO_VENDOR, signInAs } from "../pages/accounts";
import { day, OnlineContract, openAccount } from "../pages/billing";
import { acceptInvitation } from "../pages/invitation";
import { apiSignedIn } from "../pages/products";

/** An amount as the app writes it: Intl in the language. */
function money(lang: Lang, minor: number, currency: string): string {
  return new Intl.NumberFormat(lang, { style: "currency", currency }).format(minor / 100);
}

const card = (page: Page, lang: Lang, key: string) =>
  page.locator("section", { has: page.getByRole("heading", { level: 2, name: exact(t(lang, key)) }) });

test("renewing with a term change shows the FAQ's 1,179 against 1,310 new; seats added at the API's prorated price; refusals say why; the invoice is printed and paid", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const managerEmail = `e2e-billing-${stamp}@example.com`;
  const headers = { "x-requested-with": "seatwise", origin: baseURL! };

  // The vendor opens an account in the US with a contract in dollars, bought online: Draftline
  // renewing in 30 days (in the renewal window) and Terra running for 200 more days.
  const vendor = await apiSignedIn(baseURL!, DEMO_VENDOR);
  const account = await openAccount(vendor, `Ledger ${stamp}`, "US", { email: managerEmail, first: "Lee", last: "Jones" });
  const contract = await OnlineContract.open(vendor, account, `9${stamp.replace(/\D/g, "").slice(-10)}`, [day(-335), day(200)], "USD");
  const draftline = await contract.subscribe("DRAFTLINE", "named_user", 1, [day(-335), day(30)]);
  const terra = await contract.subscribe("TERRA", "named_user", 3, [day(-165), day(200)]);
  await contract.subscribe("STRUCTA", "named_user", 2, [day(-215), day(150)]);
  await contract.subscribe("CIVIS", "named_user", 1, [day(-20), day(10)], "monthly");

  const manager = await acceptInvitation(browser, page, managerEmail, "US");
  await expect(manager).toHaveURL(/\/accounts\//);
  await manager.goto(`/accounts/${account}/subscriptions`);
  await expect(manager.getByRole("heading", { level: 2, name: exact(t("en", "billing.title")) })).toBeVisible();
  await expect(manager.getByRole("heading", { level: 2, name: exact(t("en", "billing.contract", { number: contract.number })) })).toBeVisible();
  await expectAccessible(manager, "the subscriptions and contracts list");
  // The filters are in the URL, and the exports take them.
  await manager.getByLabel(t("en", "billing.filter_product"), { exact: true }).selectOption({ label: "Terra Survey" });
  await expect(manager).toHaveURL(/product=TERRA/);
  await expect(manager.getByRole("link", { name: "Draftline CAD" })).toHaveCount(0);
  await expect(manager.getByRole("link", { name: exact(t("en", "billing.export_csv")) })).toHaveAttribute("href", /contracts\/export\.csv\?product=TERRA/);
  await manager.getByLabel(t("en", "billing.filter_product"), { exact: true }).selectOption("");

  // Billing dates: a monthly and a yearly subscription cannot be aligned (the FAQ's rule), two
  // yearly ones can: Structa is extended to Terra's date, and the extra days are invoiced.
  const align = card(manager, "en", "billing.align_title");
  const tick = (product: string) => manager.getByRole("checkbox", { name: exact(t("en", "billing.align_select", { product })) });
  await expect(align.getByText(t("en", "billing.align_pick"))).toBeVisible();
  await tick("Civis Infrastructure").check();
  await tick("Terra Survey").check();
  await expect(align.getByTestId("align-blocked")).toHaveText(t("en", "billing.reason_terms_differ"));
  await expect(align.getByRole("button")).toHaveCount(0);
  await tick("Civis Infrastructure").uncheck();
  await tick("Structa BIM").check();
  await expect(align.getByText(t("en", "billing.align_extra", { product: "Structa BIM", days: 50 }))).toBeVisible();
  const alignButton = align.getByRole("button", { name: new RegExp(t("en", "billing.align_confirm", { amount: "\\$[\\d,.]+" })) });
  await expect(alignButton).toBeVisible();
  await expectAccessible(manager, "aligning billing dates");
  await alignButton.click();
  await expect(manager.getByText(t("en", "billing.aligned", { number: "INV-" }).split("INV-")[0])).toBeVisible();
  await expect(align.getByText(t("en", "billing.align_pick"))).toBeVisible();

  await manager.getByRole("link", { name: "Draftline CAD" }).click();
  await expect(manager).toHaveURL(new RegExp(`/accounts/${account}/subscriptions/${draftline}$`));

  // Renew: a year at the renewal price, then three years, against buying new after expiry.
  const renew = card(manager, "en", "billing.renew_title");
  await expect(renew.getByRole("button", { name: exact(t("en", "billing.renew_confirm", { amount: money("en", 42_000, "USD") })) })).toBeVisible();
  await renew.getByLabel(t("en", "billing.term_label"), { exact: true }).selectOption("three_years");
  await expect(renew.getByTestId("quote-compare")).toHaveText(t("en", "billing.new_compare", { amount: money("en", 131_000, "USD") }));
  const confirm = renew.getByRole("button", { name: exact(t("en", "billing.renew_confirm", { amount: money("en", 117_900, "USD") })) });
  await expect(confirm).toBeVisible();
  await expectAccessible(manager, "a subscription in its renewal window");
  await confirm.click();
  const toast = manager.locator(".toast-text").filter({ hasText: t("en", "billing.renewed", { number: "INV-" }).split("INV-")[0] });
  await expect(toast).toBeVisible();
  const invoiceNumber = /INV-\d+/.exec((await toast.textContent())!)![0];
  await expect(renew.getByTestId("renew-ordered")).toBeVisible();
  const history = card(manager, "en", "billing.history_title");
  await expect(history.getByText(t("en", "billing.event_renewal_ordered"))).toBeVisible();

  // The invoice, printable, with the three-year line.
  await card(manager, "en", "billing.invoices_title").getByRole("link", { name: invoiceNumber }).click();
  await expect(manager.getByRole("heading", { level: 2, name: exact(t("en", "billing.invoice_title", { number: invoiceNumber })) })).toBeVisible();
  const invoice = manager.locator("article.invoice");
  await expect(invoice.locator("tr.total-row")).toContainText(money("en", 117_900, "USD"));
  await expect(invoice.getByText(t("en", "billing.invoice_open"))).toBeVisible();
  await expect(manager.getByRole("button", { name: exact(t("en", "billing.print")) })).toBeVisible();
  await expectAccessible(manager, "an invoice");

  // Seats added to Terra: the prorated price the page shows is the API's.
  await manager.goto(`/accounts/${account}/subscriptions/${terra}`);
  const add = card(manager, "en", "billing.seats_title");
  await add.getByLabel(t("en", "billing.seats_count"), { exact: true }).fill("2");
  const quote = await manager.request.post(`/api/v1/accounts/${account}/subscriptions/${terra}/seats/quote`, { headers, data: { seats: 2 } });
  expect(quote.status()).toBe(200);
  const quoted = (await quote.json()).total_minor as number;
  const addButton = add.getByRole("button", { name: exact(t("en", "billing.seats_confirm", { amount: money("en", quoted, "USD") })) });
  await expect(addButton).toBeVisible();
  await expect(add.getByText(/ of \d+ days/)).toBeVisible();
  await addButton.click();
  await expect(manager.getByText(t("en", "billing.seats_added", { number: "INV-" }).split("INV-")[0])).toBeVisible();
  await expect(manager.locator("dl.facts").getByText(/^0 \/ 5\b/)).toBeVisible();

  // With auto-renew off, adding seats is refused, and the page says why.
  await card(manager, "en", "billing.auto_title").getByRole("switch").uncheck();
  await expect(manager.getByText(t("en", "billing.auto_saved_off"))).toBeVisible();
  await expect(card(manager, "en", "billing.seats_title").getByTestId("seats-blocked")).toHaveText(t("en", "billing.reason_auto_renew_off"));
  await expectAccessible(manager, "a subscription whose seats cannot be added");

  // The vendor records the bank transfer; the invoice is paid.
  await signInAs(page, DEMO_VENDOR);
  await page.goto("/vendor/invoices?status=open");
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "vendor_invoices.title")) })).toBeVisible();
  await page.getByRole("button", { name: exact(t("en", "vendor_invoices.record_for", { number: invoiceNumber })) }).click();
  const payment = page.locator("section", { has: page.locator("#payment-title") });
  await expect(payment.getByLabel(t("en", "vendor_invoices.amount", { currency: "USD" }), { exact: true })).toHaveValue("1179.00");
  await payment.getByLabel(t("en", "vendor_invoices.reference"), { exact: true }).fill(`TRX ${stamp}`);
  await expectAccessible(page, "the vendor's invoices with the payment form");
  await payment.getByRole("button", { name: exact(t("en", "vendor_invoices.record")) }).click();
  await expect(page.getByText(t("en", "vendor_invoices.recorded", { number: invoiceNumber }))).toBeVisible();
  await manager.goto(`/accounts/${account}/subscriptions/${draftline}`);
  const paidRow = card(manager, "en", "billing.invoices_title").locator("tr", { hasText: invoiceNumber });
  await expect(paidRow.getByText(t("en", "billing.invoice_paid"))).toBeVisible();
});

test("the reminder mail leads to the renewal; an expired subscription offers only buying again, with what renewing would have saved", async ({ browser }) => {
  const lang: Lang = "zh-TW";
  const context = await browser.newContext({ locale: "zh-TW" });
  const page = await context.newPage();
  await signInAs(page, "mei.lin@example.com", lang);
  // The renewal job reminded the contract manager of the contract ending in six days.
  // Only the mail to her: the newest 200 of everyone, which the mailbox page lists, may all be
  // others' by now (the update notices of the home page tests). Its link is followed as sent.
  let link = "";
  await expect(async () => {
    const mailbox = await (await page.request.get("/api/v1/dev/mailbox?to=mei.lin@example.com")).json();
    const mail = mailbox.messages.find((m: { to: string; text: string }) => m.to === "mei.lin@example.com" && /\/subscriptions\//.test(m.text));
    link = /https?:\/\/\S+\/subscriptions\/\S+/.exec(mail.text)![0];
  }).toPass({ timeout: 15_000 });
  await page.goto(link);
  const renew = card(page, lang, "billing.renew_title");
  await expect(renew.getByRole("button", { name: new RegExp(t(lang, "billing.renew_confirm", { amount: ".+" })) })).toBeVisible();
  await expect(page.getByTestId("renewal-price")).toContainText(/\d/);

  // The expired one: no renewal, no changes, only buying again at the price for new ones.
  const list = page.url().replace(/\/subscriptions\/.*$/, "/subscriptions?status=expired");
  await page.goto(list);
  await page.getByRole("link", { name: /Rendera/ }).click();
  const buy = card(page, lang, "billing.buy_title");
  await expect(buy.getByText(t(lang, "billing.buy_intro"))).toBeVisible();
  await expect(buy.getByTestId("quote-saving")).toBeVisible();
  await expect(buy.getByRole("button", { name: new RegExp(t(lang, "billing.buy_confirm", { amount: ".+" })) })).toBeVisible();
  await expect(card(page, lang, "billing.renew_title")).toHaveCount(0);
  await expect(card(page, lang, "billing.auto_title")).toHaveCount(0);
  await expect(card(page, lang, "billing.seats_title")).toHaveCount(0);
  await expectAccessible(page, "an expired subscription");
});

test("a subscription sold by a partner shows the partner's contact and no online renewal", async ({ page }) => {
  await signInAs(page, "alex.morgan@example.com");
  await page.goto("/accounts");
  await page.getByRole("link", { name: exact(t("en", "accounts.tab_subscriptions")) }).click();
  await expect(page.getByText(t("en", "billing.sold_by", { partner: "CADPartner d.o.o." }), { exact: false }).first()).toBeVisible();
  await expect(page.getByTestId("partner-contact").first()).toHaveText("renewals@cadpartner.example · +386 1 600 7000");
  await page.getByRole("link", { name: "Draftline CAD" }).first().click();
  const partner = page.getByTestId("partner");
  await expect(partner.getByRole("link", { name: "renewals@cadpartner.example" })).toBeVisible();
  await expect(partner.getByRole("link", { name: "+386 1 600 7000" })).toBeVisible();
  await expect(page.getByTestId("renew-blocked")).toHaveText(t("en", "billing.reason_partner_sold"));
  await expect(card(page, "en", "billing.auto_title")).toHaveCount(0);
  await expectAccessible(page, "a subscription sold by a partner");
});

test("at renewal a network licence is traded in two for one and a product switched to its collection, priced beside the products renewed separately; ten subscriptions open the premium plan", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const managerEmail = `e2e-changes-${stamp}@example.com`;

  // A US account with a contract in dollars, bought online: Structa on a two-seat network
  // licence and Draftline, both renewing in 30 days, and eight more subscriptions of Terra.
  const vendor = await apiSignedIn(baseURL!, DEMO_VENDOR);
  const account = await openAccount(vendor, `Changes ${stamp}`, "US", { email: managerEmail, first: "Ada", last: "Park" });
  const contract = await OnlineContract.open(vendor, account, `8${stamp.replace(/\D/g, "").slice(-10)}`, [day(-335), day(30)], "USD");
  const term: [string, string] = [day(-335), day(30)];
  const subscribe = (code: string, licence: string, seats: number) => contract.subscribe(code, licence, seats, term);
  const structa = await subscribe("STRUCTA", "multi_user_network", 2);
  const draftline = await subscribe("DRAFTLINE", "named_user", 1);
  for (let i = 0; i < 8; i++) await subscribe("TERRA", "named_user", 1);

  const manager = await acceptInvitation(browser, page, managerEmail, "US");
  await expect(manager).toHaveURL(/\/accounts\//);

  // Ten active subscriptions: the contract manager may turn the premium plan on.
  await manager.goto(`/accounts/${account}/subscriptions`);
  const premium = card(manager, "en", "billing.premium_title");
  await expect(premium.getByTestId("premium-status")).toHaveText(t("en", "billing.premium_ready", { count: 10 }));
  await expectAccessible(manager, "the subscriptions list with the premium plan");
  await premium.getByRole("button", { name: exact(t("en", "billing.premium_upgrade")) }).click();
  await expect(manager.getByText(t("en", "billing.premium_on_done"))).toBeVisible();
  await expect(premium.getByTestId("premium-status")).toHaveText(new RegExp(t("en", "billing.premium_on", { date: ".+" })));
  await expect(premium.getByRole("button", { name: exact(t("en", "billing.premium_leave")) })).toBeVisible();

  // The usage-report API comes with the plan: a token made on the reports page reads the seat
  // report with no session, only the reports it was given, until it is revoked.
  await manager.goto(`/accounts/${account}/reports?tab=api`);
  await expect(manager.getByRole("heading", { name: t("en", "api_tokens.title") })).toBeVisible();
  await manager.locator("#field-name").fill("BI dashboard");
  await manager.getByLabel(t("en", "api_tokens.scope_cloud_usage")).check();
  await manager.getByRole("button", { name: exact(t("en", "api_tokens.create")) }).click();
  const secretBox = manager.getByTestId("token-secret");
  await expect(secretBox).toContainText(t("en", "api_tokens.created", { name: "BI dashboard" }));
  const secret = await manager.locator("#token-secret").inputValue();
  expect(secret).toMatch(/^swr_[A-Za-z0-9_-]{20,}$/);
  const row = manager.getByRole("row", { name: /BI dashboard/ });
  await expect(row).toContainText(t("en", "api_tokens.live"));
  await expect(row).toContainText(secret.slice(0, 8));
  await expect(row).not.toContainText(secret);
  await expectAccessible(manager, "the usage-report API tokens with a new token");
  const read = (path: string) =>
    fetch(`${baseURL}/api/v1/accounts/${account}/reports/${path}`, { headers: { Authorization: `Bearer ${secret}` } });
  const csv = await read("seat-usage/export.csv");
  expect(csv.status).toBe(200);
  expect(await csv.text()).toContain("Draftline");
  expect((await read("cloud-usage")).status).toBe(200);
  expect((await read("insights")).status).toBe(403);
  await row.getByRole("button", { name: exact(t("en", "api_tokens.revoke_label", { name: "BI dashboard" })) }).click();
  await manager.getByRole("alertdialog").getByRole("button", { name: exact(t("en", "api_tokens.revoke")) }).click();
  await expect(manager.getByText(t("en", "api_tokens.revoked_toast", { name: "BI dashboard" }))).toBeVisible();
  await expect(row).toContainText(t("en", "api_tokens.revoked"));
  expect((await read("seat-usage")).status).toBe(401);

  // The network licence: renewed as it is, traded in (twice the seats, the same price), or as
  // the collection that holds Structa, beside renewing Structa and Draftline separately.
  await manager.goto(`/accounts/${account}/subscriptions/${structa}`);
  const renew = card(manager, "en", "billing.renew_title");
  const change = renew.getByLabel(t("en", "billing.change_label"), { exact: true });
  const seats = renew.getByLabel(t("en", "billing.seats_label"), { exact: true });
  const confirm = (minor: number) => renew.getByRole("button", { name: exact(t("en", "billing.renew_confirm", { amount: money("en", minor, "USD") })) });
  await expect(confirm(2 * 582_000)).toBeVisible();
  await change.selectOption("trade_in");
  await expect(seats).toHaveValue("4");
  await expect(renew.getByText(t("en", "billing.trade_in_note"))).toBeVisible();
  await expect(renew.getByText(t("en", "billing.unit_per", { amount: money("en", 582_000, "USD"), seats: 2 }))).toBeVisible();
  await expect(confirm(2 * 582_000)).toBeVisible();
  await change.selectOption({ label: t("en", "billing.change_collection", { collection: "Engineering & Construction Collection" }) });
  await expect(seats).toHaveValue("2");
  await expect(renew.getByTestId("quote-separate")).toHaveText(
    t("en", "billing.separate_compare", { products: "Draftline CAD, Structa BIM", amount: money("en", 2 * (84_000 + 582_000), "USD") }),
  );
  await expectAccessible(manager, "a renewal switched to a collection");
  await confirm(2 * 735_000).click();
  await expect(manager.getByText(t("en", "billing.renewed", { number: "INV-" }).split("INV-")[0])).toBeVisible();
  await expect(renew.getByTestId("renew-ordered")).toBeVisible();
  await expect(manager.getByTestId("renews-as")).toHaveText(`Engineering & Construction Collection · ${t("en", "licence.multi_user_network")}`);

  // Draftline is a named-user licence: no trade-in, and the page says why; its automatic
  // renewal is set to the collection.
  await manager.goto(`/accounts/${account}/subscriptions/${draftline}`);
  const next = card(manager, "en", "billing.settings_title");
  await expect(next.getByTestId("change-unavailable")).toHaveText(
    t("en", "billing.trade_in_unavailable", { reason: t("en", "billing.reason_not_multi_user") }),
  );
  await next.getByLabel(t("en", "billing.change_label"), { exact: true }).selectOption({ label: t("en", "billing.change_collection", { collection: "Engineering & Construction Collection" }) });
  await next.getByRole("button", { name: exact(t("en", "billing.settings_save")) }).click();
  await expect(manager.getByText(t("en", "billing.settings_saved"))).toBeVisible();
  await expect(manager.getByTestId("renews-as")).toHaveText(`Engineering & Construction Collection · ${t("en", "licence.named_user")}`);
  await expectAccessible(manager, "a named-user subscription's next term");
});
