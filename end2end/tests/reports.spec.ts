import { Locator } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { signInAs } from "../pages/accounts";
import { day } from "../pages/billing";
import { CSV, num, plainDate, rangeText, ReportsPage, XLSX } from "../pages/reports";

/**
 * Demo data (crates/server/src/seed): Alex is the contract manager (primary admin) of Northwind
 * Engineering, Ana its secondary admin, Maja a member; 16 of its people ran their products on
 * their computers over the last 90 days (seed/usage.rs). The numbers depend on today, so every
 * number on the page is compared with what the API answers, never with a copied value.
 */
const ADMIN = "alex.morgan@example.com";
const SECONDARY = "ana.novak@example.com";
const MEMBER = "maja.potocnik6@northwind.example";

type SeatUsage = { from: string; to: string; products: { product_code: string; bought: number; assigned: number; used: number; never_used: number }[] };
type UserUsage = {
  from: string;
  to: string;
  users: { user_id: string; name: string; email: string; products: { product_code: string; days_used: number; last_used: string | null }[] }[];
  next_cursor: string | null;
};
type Insights = {
  licences: { subscription_id: string; product_name: string; contract_number: string; seats: number; assigned: number; teams: { team_id: string | null; seats: number }[] }[];
};
type Cloud = {
  from: string;
  to: string;
  subscriptions: { subscription_id: string; total: number; consumed: number; balance: number; consumed_in_range: number; runs_out_on: string | null; months: { month: string; credits: number }[] }[];
  contracts: { contract_id: string; total: number; consumed: number; balance: number; consumed_in_range: number }[];
  users: { user_id: string; credits: number }[];
};
type Downloads = { from: string; to: string; versions: { product_code: string; version: string; downloads: number }[] };
type Agreement = { version: string; in_force: boolean; may_accept: boolean; accepted: { version: string; by_name: string } | null };
type Device = { id: string; host_name: string; user_email: string; user_name: string; active: boolean; deactivated: boolean };

/** The text of a table cell of a row, by its column name (`data-col`). */
const cell = (row: Locator, col: string) => row.locator(`[data-col="${col}"]`);

test.describe("in Slovenian, the demo members' language", () => {
  test.use({ locale: "sl-SI" });

  test("a secondary admin sees the devices agreement but is told the contract manager accepts it; a member sees neither tab", async ({ page, browser }) => {
    await signInAs(page, SECONDARY, "sl");
    const reports = new ReportsPage(page, "sl");
    await reports.open("accounts.tab_devices");
    await expect(reports.heading("agreement.title")).toBeVisible();
    const agreement = await reports.api<Agreement>("devices/agreement");
    // The demo starts without the agreement: the devices are not listed to anyone yet.
    expect(agreement.in_force, "a fresh demo has not accepted the devices agreement").toBe(false);
    expect(agreement.may_accept).toBe(false);
    await expect(page.getByTestId("agreement-version")).toHaveText(t("sl", "agreement.version", { version: agreement.version }));
    await expect(page.getByText(t("sl", "agreement.p_purpose"))).toBeVisible();
    await expect(page.getByTestId("agreement-primary-only")).toHaveText(t("sl", "agreement.primary_only"));
    await expect(page.getByRole("button", { name: exact(t("sl", "agreement.accept")) })).toHaveCount(0);
    await expect(page.getByRole("table")).toHaveCount(0);
    await expectAccessible(page, "the devices agreement for a secondary admin (Slovenian)");
    // Reports are open to secondary admins too.
    await reports.accountTab("accounts.tab_reports").click();
    await expect(reports.heading("seat_usage.title")).toBeVisible();

    const member = await (await browser.newContext({ locale: "sl-SI" })).newPage();
    await signInAs(member, MEMBER, "sl");
    const theirs = new ReportsPage(member, "sl");
    await theirs.shell.nav.getByRole("link", { name: exact(t("sl", "nav.accounts")) }).click();
    await expect(theirs.accountTab("accounts.tab_my_products")).toBeVisible();
    await expect(theirs.accountTab("accounts.tab_reports")).toHaveCount(0);
    await expect(theirs.accountTab("accounts.tab_devices")).toHaveCount(0);
    await member.context().close();
  });
});

test("reports: seat usage by product and by user, insights, cloud services usage and downloads show the API's numbers, keep the date range in the URL and export", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAs(page, ADMIN);
  const reports = new ReportsPage(page);
  await reports.open("accounts.tab_reports");
  const account = reports.accountId();

  const from = day(-60);
  const to = day(-1);
  const range = `?from=${from}&to=${to}`;

  await test.step("seat usage by product: the last 30 days, then a range of our own", async () => {
    await expect(reports.heading("seat_usage.title")).toBeVisible();
    await expect(reports.view("reports.tab_seats")).toHaveAttribute("aria-current", "page");
    const last30 = await reports.api<SeatUsage>("reports/seat-usage");
    expect(last30.products.length).toBeGreaterThan(0);
    await expect(page.getByTestId("report-range")).toHaveText(rangeText("en", last30.from, last30.to));
    await expectSeatRows(last30);
    await expectAccessible(page, "seat usage by product");

    await reports.field("reports.from").fill(from);
    await expect(page).toHaveURL(new RegExp(`/accounts/${account}/reports\\?from=${from}$`));
    await reports.field("reports.to").fill(to);
    await expect(page).toHaveURL(new RegExp(`/accounts/${account}/reports\\${range}$`));
    const ranged = await reports.api<SeatUsage>(`reports/seat-usage${range}`);
    expect([ranged.from, ranged.to]).toEqual([from, to]);
    await expect(page.getByTestId("report-range")).toHaveText(rangeText("en", from, to));
    await expectSeatRows(ranged);

    const section = reports.section("seat_usage.title");
    const csv = await reports.expectExport(section.getByRole("link", { name: exact(t("en", "reports.export_csv")) }), new RegExp(`/api/v1/accounts/${account}/reports/seat-usage/export\\.csv\\${range}$`), CSV);
    expect(csv.toString("utf8")).toContain("product_code");
    expect(csv.toString("utf8")).toContain(from);
    const xlsx = await reports.expectExport(section.getByRole("link", { name: exact(t("en", "reports.export_xlsx")) }), new RegExp(`seat-usage/export\\.xlsx\\${range}$`), XLSX);
    expect(xlsx.subarray(0, 2).toString("latin1")).toBe("PK");

    // The range is the page's: a reload keeps it.
    await page.reload();
    await expect(reports.field("reports.from")).toHaveValue(from);
    await expect(reports.field("reports.to")).toHaveValue(to);
    await expect(page.getByTestId("report-range")).toHaveText(rangeText("en", from, to));
  });

  async function expectSeatRows(report: SeatUsage) {
    for (const p of report.products) {
      const row = page.getByTestId(`seat-usage-${p.product_code}`);
      await expect(cell(row, "bought")).toHaveText(num("en", p.bought));
      await expect(cell(row, "assigned")).toHaveText(num("en", p.assigned));
      await expect(cell(row, "used")).toHaveText(num("en", p.used));
      await expect(cell(row, "never_used")).toHaveText(num("en", p.never_used));
    }
    await expect(page.getByRole("main").locator('[data-testid^="seat-usage-"]')).toHaveCount(report.products.length);
  }

  await test.step("seat usage by user: pages of people with the days used, Show more, search in the URL, CSV", async () => {
    await reports.view("reports.tab_users").click();
    await expect(page).toHaveURL(new RegExp(`/reports\\?tab=users&from=${from}&to=${to}$`));
    await expect(reports.heading("by_user.title")).toBeVisible();
    const first = await reports.api<UserUsage>(`reports/seat-usage/users${range}`);
    await expect(page.getByTestId("report-range")).toHaveText(rangeText("en", from, to));
    const users = reports.section("by_user.title").getByRole("table");
    const rowsOf = (page: UserUsage) => page.users.reduce((n, u) => n + Math.max(1, u.products.length), 0);
    await expect(users.locator("tbody tr")).toHaveCount(rowsOf(first));
    const used = first.users.flatMap((u) => u.products.map((p) => ({ u, p }))).filter(({ p }) => p.days_used > 0);
    expect(used.length, "the demo's people ran their products in the range").toBeGreaterThan(0);
    for (const { u, p } of used.slice(0, 5)) {
      await expect(cell(page.getByTestId(`by-user-${u.user_id}-${p.product_code}`), "days_used")).toHaveText(num("en", p.days_used));
    }
    await expectAccessible(page, "seat usage by user");

    // Keyset pages: "Show more" adds the next page the server's cursor points at.
    expect(first.next_cursor, "Northwind has more people than one page").toBeTruthy();
    const second = await reports.api<UserUsage>(`reports/seat-usage/users${range}&cursor=${encodeURIComponent(first.next_cursor!)}`);
    await page.getByRole("button", { name: exact(t("en", "by_user.show_more")) }).click();
    await expect(users.locator("tbody tr")).toHaveCount(rowsOf(first) + rowsOf(second));
    const later = second.users[0];
    await expect(users.locator(`[data-testid^="by-user-${later.user_id}"]`).first()).toBeVisible();

    // Search by name: into the URL, and the list is the API's answer for it.
    const someone = used[0].u;
    await reports.field("by_user.search").fill(someone.email);
    await page.getByRole("button", { name: exact(t("en", "by_user.search_submit")) }).click();
    await expect(page).toHaveURL(new RegExp(`tab=users&from=${from}&to=${to}&q=${encodeURIComponent(someone.email)}$`));
    const found = await reports.api<UserUsage>(`reports/seat-usage/users${range}&q=${encodeURIComponent(someone.email)}`);
    expect(found.users.map((u) => u.user_id)).toEqual([someone.user_id]);
    await expect(users.locator("tbody tr")).toHaveCount(rowsOf(found));

    const csv = await reports.expectExport(
      reports.section("by_user.title").getByRole("link", { name: exact(t("en", "reports.export_csv")) }),
      new RegExp(`seat-usage/users/export\\.csv\\${range}&q=`),
      CSV,
    );
    expect(csv.toString("utf8")).toContain(someone.email);
  });

  await test.step("insights: the licence distribution as stacked bars and as a table", async () => {
    await reports.view("reports.tab_insights").click();
    await expect(reports.heading("insights.title")).toBeVisible();
    // Not about a range: no range fields, but the range stays in the URL for the other views.
    await expect(reports.field("reports.from")).toHaveCount(0);
    await expect(page).toHaveURL(new RegExp(`tab=insights&from=${from}&to=${to}$`));
    const insights = await reports.api<Insights>("reports/insights");
    expect(insights.licences.length).toBeGreaterThan(0);
    const teams = new Set(insights.licences.flatMap((l) => l.teams.map((team) => team.team_id ?? "none")));
    const summary = t("en", "insights.summary", {
      licences: num("en", insights.licences.length),
      teams: num("en", teams.size),
      assigned: num("en", insights.licences.reduce((n, l) => n + l.assigned, 0)),
      seats: num("en", insights.licences.reduce((n, l) => n + l.seats, 0)),
    });
    const chart = page.getByRole("img", { name: exact(summary) });
    await expect(chart).toBeVisible();
    // One filled bar part per team of each licence, each saying what it is.
    const parts = insights.licences.reduce((n, l) => n + l.teams.filter((team) => team.seats > 0).length, 0);
    await expect(chart.locator("rect[fill]:not([fill='none'])")).toHaveCount(parts);
    await expect(page.locator(".legend li")).toHaveCount(teams.size);
    for (const l of insights.licences) {
      for (const team of l.teams) {
        const row = page.getByTestId(`insights-${l.subscription_id}-${team.team_id ?? "none"}`);
        await expect(cell(row, "seats")).toHaveText(num("en", l.seats));
        await expect(cell(row, "assigned")).toHaveText(num("en", l.assigned));
        await expect(cell(row, "team_seats")).toHaveText(num("en", team.seats));
      }
    }
    await expectAccessible(page, "insights");
  });

  await test.step("cloud services usage: credits per subscription with months and forecast, per contract and per person; CSV", async () => {
    await reports.view("reports.tab_cloud").click();
    await expect(page).toHaveURL(new RegExp(`tab=cloud&from=${from}&to=${to}$`));
    await expect(reports.heading("cloud.title")).toBeVisible();
    const cloud = await reports.api<Cloud>(`reports/cloud-usage${range}`);
    expect(cloud.subscriptions.length, "the demo's collection carries cloud credits").toBeGreaterThan(0);
    for (const s of cloud.subscriptions) {
      const card = page.getByTestId(`credits-${s.subscription_id}`);
      for (const key of ["total", "consumed", "balance", "consumed_in_range"] as const) {
        await expect(card.locator(`[data-fact="${key}"]`)).toHaveText(num("en", s[key]));
      }
      await expect(card.getByTestId("forecast")).toHaveText(
        s.runs_out_on ? t("en", "cloud.runs_out_on", { date: plainDate("en", s.runs_out_on) }) : t("en", "cloud.no_forecast"),
      );
      const total = s.months.reduce((n, m) => n + m.credits, 0);
      await expect(card.getByRole("img", { name: exact(t("en", "cloud.chart_summary", { months: num("en", s.months.length), credits: num("en", total) })) })).toBeVisible();
      await card.getByText(t("en", "cloud.months_table")).click();
      for (const m of s.months) {
        await expect(card.getByTestId(`month-${m.month}`).locator("td")).toHaveText(num("en", m.credits));
      }
    }
    for (const c of cloud.contracts) {
      await expect(cell(page.getByTestId(`contract-credits-${c.contract_id}`), "balance")).toHaveText(num("en", c.balance));
      await expect(cell(page.getByTestId(`contract-credits-${c.contract_id}`), "consumed_in_range")).toHaveText(num("en", c.consumed_in_range));
    }
    expect(cloud.users.length, "the demo's people consumed credits in the range").toBeGreaterThan(0);
    for (const u of cloud.users) {
      await expect(cell(page.getByTestId(`cloud-user-${u.user_id}`), "credits")).toHaveText(num("en", u.credits));
    }
    await expectAccessible(page, "cloud services usage");
    await reports.expectExport(
      reports.section("cloud.title").getByRole("link", { name: exact(t("en", "reports.export_csv")) }),
      new RegExp(`cloud-usage/export\\.csv\\${range}$`),
      CSV,
    );
    await reports.expectExport(
      reports.section("cloud.by_user_title").getByRole("link", { name: exact(t("en", "reports.export_csv")) }),
      new RegExp(`cloud-usage/users/export\\.csv\\${range}$`),
      CSV,
    );
  });

  await test.step("downloads per product and version; CSV", async () => {
    await reports.view("reports.tab_downloads").click();
    await expect(page).toHaveURL(new RegExp(`tab=downloads&from=${from}&to=${to}$`));
    await expect(reports.heading("downloads_report.title")).toBeVisible();
    const downloads = await reports.api<Downloads>(`reports/downloads${range}`);
    await expect(page.getByTestId("report-range")).toHaveText(rangeText("en", from, to));
    if (downloads.versions.length === 0) {
      await expect(page.getByText(t("en", "downloads_report.none"))).toBeVisible();
    }
    for (const d of downloads.versions) {
      await expect(cell(page.getByTestId(`downloads-${d.product_code}-${d.version}`), "downloads")).toHaveText(num("en", d.downloads));
    }
    await expect(page.getByRole("main").locator('[data-testid^="downloads-"]')).toHaveCount(downloads.versions.length);
    await expectAccessible(page, "downloads");
    await reports.expectExport(
      reports.section("downloads_report.title").getByRole("link", { name: exact(t("en", "reports.export_csv")) }),
      new RegExp(`downloads/export\\.csv\\${range}$`),
      CSV,
    );
  });

  await test.step("the last 30 days again: the range leaves the URL", async () => {
    await page.getByRole("button", { name: exact(t("en", "reports.last_30_days")) }).click();
    await expect(page).toHaveURL(new RegExp(`/reports\\?tab=downloads$`));
    const last30 = await reports.api<Downloads>("reports/downloads");
    await expect(page.getByTestId("report-range")).toHaveText(rangeText("en", last30.from, last30.to));
  });
});

test("devices: the contract manager reads and accepts the agreement, then filters the list in the URL, exports it and deactivates a computer", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signInAs(page, ADMIN);
  const reports = new ReportsPage(page);
  await reports.open("accounts.tab_devices");
  const account = reports.accountId();

  await test.step("the agreement, then Accept", async () => {
    const agreement = await reports.api<Agreement>("devices/agreement");
    expect(agreement.in_force, "a fresh demo has not accepted the devices agreement").toBe(false);
    expect(agreement.may_accept).toBe(true);
    await expect(reports.heading("agreement.title")).toBeVisible();
    await expect(page.getByTestId("agreement-version")).toHaveText(t("en", "agreement.version", { version: agreement.version }));
    for (const key of ["p_purpose", "p_data", "p_use", "p_retention", "p_duties"]) {
      await expect(page.getByText(t("en", `agreement.${key}`))).toBeVisible();
    }
    await expectAccessible(page, "the devices agreement");
    await page.getByRole("button", { name: exact(t("en", "agreement.accept")) }).click();
    await expect(page.getByText(t("en", "agreement.accepted_toast"))).toBeVisible();
    await expect(reports.heading("company_devices.title")).toBeVisible();
    const accepted = await reports.api<Agreement>("devices/agreement");
    expect(accepted.in_force).toBe(true);
    expect(accepted.accepted?.version).toBe(agreement.version);
    await expect(page.getByTestId("agreement-accepted")).toContainText(accepted.accepted!.by_name);
  });

  const rows = page.getByRole("main").locator('tbody tr[data-testid^="device-"]');

  await test.step("the list is the API's, and its filters live in the URL", async () => {
    const all = (await reports.api<{ devices: Device[]; truncated: boolean }>("devices")).devices;
    expect(all.length, "the demo's people signed in 16 computers").toBeGreaterThanOrEqual(16);
    await expect(rows).toHaveCount(all.length);
    const some = all[0];
    const row = page.getByTestId(`device-${some.id}`);
    await expect(row.getByRole("rowheader")).toHaveText(some.host_name);
    await expect(row.getByRole("link", { name: some.user_name })).toBeVisible();
    await expectAccessible(page, "the company's devices");

    await reports.field("company_devices.status").selectOption("active");
    await expect(page).toHaveURL(new RegExp(`/accounts/${account}/devices\\?status=active$`));
    const active = (await reports.api<{ devices: Device[] }>("devices?status=active")).devices;
    await expect(rows).toHaveCount(active.length);
    await reports.expectExport(
      page.getByRole("link", { name: exact(t("en", "reports.export_csv")) }),
      new RegExp(`/api/v1/accounts/${account}/devices/export\\.csv\\?status=active$`),
      CSV,
    );

    await reports.field("company_devices.search").fill(some.host_name);
    await page.getByRole("button", { name: exact(t("en", "company_devices.search_submit")) }).click();
    await expect(page).toHaveURL(new RegExp(`devices\\?q=${encodeURIComponent(some.host_name)}&status=active$`));
    const found = (await reports.api<{ devices: Device[] }>(`devices?q=${encodeURIComponent(some.host_name)}&status=active`)).devices;
    await expect(rows).toHaveCount(found.length);
    // A reload keeps the filters.
    await page.reload();
    await expect(reports.field("company_devices.search")).toHaveValue(some.host_name);
    await expect(reports.field("company_devices.status")).toHaveValue("active");
    await expect(rows).toHaveCount(found.length);
    await page.goto(`/accounts/${account}/devices`);
    await expect(rows).toHaveCount(all.length);
  });

  await test.step("deactivate a computer: confirm, toast, and the API says so", async () => {
    const all = (await reports.api<{ devices: Device[] }>("devices")).devices;
    const target = all.find((d) => d.active && !d.deactivated && d.user_email !== ADMIN && d.host_name !== "");
    expect(target, "an active computer of someone else").toBeTruthy();
    const row = page.getByTestId(`device-${target!.id}`);
    await row.getByRole("button", { name: exact(t("en", "company_devices.deactivate_label", { computer: target!.host_name })) }).click();
    const dialog = page.getByRole("alertdialog", { name: exact(t("en", "company_devices.confirm_title", { computer: target!.host_name })) });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, "confirming a deactivation");
    await dialog.getByRole("button", { name: exact(t("en", "company_devices.deactivate")) }).click();
    await expect(page.getByText(t("en", "company_devices.deactivated_toast", { computer: target!.host_name }))).toBeVisible();
    await expect(dialog).toHaveCount(0);
    await expect(row.getByText(t("en", "company_devices.deactivated"), { exact: true })).toBeVisible();
    await expect(row.getByRole("button")).toHaveCount(0);
    const after = (await reports.api<{ devices: Device[] }>("devices")).devices.find((d) => d.id === target!.id);
    expect(after?.deactivated).toBe(true);
  });
});

test("the API tokens tab says the usage-report API comes with the premium plan and links to it, and passes axe", async ({ page }) => {
  await signInAs(page, ADMIN);
  const reports = new ReportsPage(page);
  await reports.open("accounts.tab_reports");
  await reports.view("reports.tab_api").click();
  await expect(page).toHaveURL(/\/reports\?tab=api$/);
  await expect(reports.heading("api_tokens.title")).toBeVisible();
  // Northwind has no premium plan: no form, the reason, and the way to the plan.
  const notice = page.getByTestId("tokens-premium");
  await expect(notice).toContainText(t("en", "api_tokens.premium_needed"));
  await expect(page.getByRole("button", { name: exact(t("en", "api_tokens.create")) })).toHaveCount(0);
  await expect(page.getByText(t("en", "api_tokens.none"))).toBeVisible();
  await expectAccessible(page, "the API tokens tab without the premium plan");
  await notice.getByRole("link", { name: exact(t("en", "api_tokens.premium_link")) }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${reports.accountId()}/subscriptions$`));
});
