import { APIRequestContext } from "@playwright/test";
import { expect, expectAccessible, test } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { DEMO_VENDOR, signInAs } from "../pages/accounts";
import { HelpLinksPage, HomePage, PublishPage, StaffHomePage } from "../pages/home";
import { MailboxPage } from "../pages/mailbox";
import { Shell } from "../pages/shell";

/** Northwind's first demo member (Slovenian): the collection and a Draftline seat. */
const LUKA = "luka.novak1@northwind.example";
/** Northwind's second demo member (Slovenian). */
const NIKA = "nika.horvat2@northwind.example";
const ADMIN = "alex.morgan@example.com";
/** Contract manager of the Taiwanese account (繁體中文). */
const MEI = "mei.lin@example.com";
/** Secondary admin of Northwind (slovenščina). */
const ANA = "ana.novak@example.com";

const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** The headers of a state-changing API call (the CSRF header; the app's origin). */
function headers(baseURL: string): Record<string, string> {
  return { "x-requested-with": "seatwise", origin: new URL(baseURL).origin };
}

async function firstAccount(request: APIRequestContext): Promise<string> {
  const mine = await (await request.get("/api/v1/accounts")).json();
  return mine.accounts[0].id;
}

test("signing in, a member lands on the home page of their account with every block", async ({ browser }) => {
  // Nika reads Slovenian: her browser asks for it, so the sign-in page is in it too.
  const page = await (await browser.newContext({ locale: "sl-SI" })).newPage();
  await signInAs(page, NIKA, "sl");
  const home = new HomePage(page, "sl");
  await home.expectLoaded(false);
  // The written empty states or live entries: each block says something.
  for (const key of ["home.updates_title", "home.cases_title", "home.help_title", "home.renewals_title"]) {
    await expect(home.block(key)).not.toBeEmpty();
  }
  // A way to open a case from the home page, and the account's tab back here.
  await expect(home.block("home.cases_title").getByRole("link", { name: exact(t("sl", "home.open_case")) })).toBeVisible();
  await expect(page.getByRole("link", { name: exact(t("sl", "accounts.tab_home")) })).toHaveAttribute("aria-current", "page");
  // `/` leads there again.
  await page.goto("/");
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/home$/);
});

test("an admin's home page shows seats and invitations, and a case opened through the API", async ({ page, baseURL }) => {
  await signInAs(page, ADMIN);
  const home = new HomePage(page);
  await home.expectLoaded(true);
  const account = home.accountId();

  // Seats per product, with the way to assign them.
  const seats = home.block("home.seats_title");
  await expect(seats.getByText("Draftline CAD")).toBeVisible();
  await expect(seats.getByRole("link", { name: exact(t("en", "home.assign_seats")) })).toHaveAttribute("href", `/accounts/${account}/users`);

  // A new invitation is counted and listed.
  const email = `e2e-home-${stamp()}@example.com`;
  const invited = await page.request.post(`/api/v1/accounts/${account}/invitations`, {
    headers: headers(baseURL!),
    data: { invitations: [{ email, first_name: "Iva", last_name: "Home" }] },
  });
  expect(invited.ok(), await invited.text()).toBe(true);
  // A case opened through the API.
  const subject = `E2E home case ${stamp()}`;
  const opened = await page.request.post(`/api/v1/accounts/${account}/cases`, {
    headers: headers(baseURL!),
    data: { category: "other", severity: "low", subject, description: "Opened by the home page's test." },
  });
  expect(opened.status(), await opened.text()).toBe(201);
  const created = await opened.json();

  // What the server says the admin's home holds (this call counts as a visit too).
  const expected = await (await page.request.get(`/api/v1/accounts/${account}/home`)).json();
  await home.goto(account);
  await home.expectLoaded(true);
  const invitations = home.block("home.invitations_title");
  const pending: number = expected.admin.pending_invitations;
  expect(pending).toBeGreaterThan(0);
  const plural = new Intl.PluralRules("en").select(pending);
  await expect(invitations.getByTestId("pending-invitations")).toHaveText(
    t("en", `home.invitations_count.${plural}`, { count: new Intl.NumberFormat("en").format(pending) }),
  );
  // The newest few are listed, the new one first.
  for (const listed of expected.admin.invitations as { email: string }[]) {
    await expect(invitations.getByText(listed.email, { exact: true })).toBeVisible();
  }
  await expect(invitations.getByRole("listitem").first()).toContainText(email);
  const cases = home.block("home.cases_title");
  const line = t("en", "home.case_line", { number: created.case.number, subject });
  const caseLink = cases.getByRole("link", { name: exact(line) });
  await expect(caseLink).toHaveAttribute("href", `/accounts/${account}/support/${created.case.id}`);
  await expect(cases.getByRole("listitem").filter({ hasText: line })).toContainText(t("en", "home.case_status.open"));
  // The activity block names the invitation in words, with a link to the whole log.
  const activity = home.block("home.activity_title");
  await expect(activity.getByText(t("en", "activity_actions.invitation_sent")).first()).toBeVisible();
  await expect(activity.getByRole("link", { name: exact(t("en", "home.all_activity")) })).toHaveAttribute("href", `/accounts/${account}/activity`);
});

test("vendor staff publish a Draftline update: a member holding it sees it new on the home page and gets a mail", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const note = `E2E: faster drawing export ${stamp()}`;
  await signInAs(page, DEMO_VENDOR);
  await expect(page).toHaveURL(/\/vendor\/home$/);
  await page.goto("/vendor/products");
  await page.getByRole("link", { name: exact("Draftline CAD") }).click();
  const publish = new PublishPage(page);
  await expect(publish.section).toBeVisible();
  await expectAccessible(page, "vendor product page with published updates");
  await publish.publish({ version: "2027", kind: "update", file: /2027\.1 update.*windows/, note });
  const row = publish.row(note);
  await expect(row).toBeVisible();
  // Mailed so far of the recipients, as the server counts them.
  await expect(row.getByTestId("mailed")).toHaveText(/\d+/);

  // Luka holds a Draftline seat: the update is on his home page, marked new.
  const member = await browser.newContext({ locale: "sl-SI" });
  const lukaPage = await member.newPage();
  await signInAs(lukaPage, LUKA, "sl");
  const home = new HomePage(lukaPage, "sl");
  await home.expectLoaded(false);
  const entry = home.update(note);
  await expect(entry).toBeVisible();
  await expect(entry).toHaveAttribute("data-new", "true");
  await expect(entry.getByText(t("sl", "home.new_badge"), { exact: true })).toBeVisible();
  await expect(entry.getByText(t("sl", "home.kinds.update"), { exact: true })).toBeVisible();
  const account = home.accountId();
  await expect(entry.getByRole("link")).toHaveAttribute("href", new RegExp(`^/accounts/${account}/software/DRAFTLINE\\?tab=downloads`));
  // Seen once, it is no longer new on the next visit.
  await home.goto(account);
  await expect(home.update(note)).toHaveAttribute("data-new", "false");

  // "What's new" on the product page lists it too.
  await lukaPage.goto(`/accounts/${account}/software/DRAFTLINE`);
  const whatsNew = lukaPage.getByRole("region", { name: exact(t("sl", "whats_new.title")) });
  await expect(whatsNew.getByText(note)).toBeVisible();
  await expectAccessible(lukaPage, "product page with what's new");

  // The mail to Luka, in the Mailbox (the job sends it shortly).
  const mailbox = new MailboxPage(lukaPage, "sl");
  await mailbox.open();
  const message = lukaPage.getByRole("link").filter({ hasText: LUKA }).filter({ hasText: "Draftline" }).first();
  await expect(async () => {
    await lukaPage.getByRole("button", { name: exact(t("sl", "mailbox.refresh")) }).click();
    await expect(message).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await message.click();
  await expect(lukaPage.locator("article")).toContainText(note);
  await expectAccessible(lukaPage, "the update's mail");
  await member.close();

  // The vendor's count of mails sent catches up.
  await page.reload();
  await expect(publish.row(note).getByTestId("mailed")).toHaveText(/^\s*([1-9]\d*)\D+\1\s*$/, { timeout: 20_000 });
});

test("the vendor home page counts the queues by age as the server does", async ({ page }) => {
  await signInAs(page, DEMO_VENDOR);
  const staff = new StaffHomePage(page);
  await staff.expectLoaded();
  const numbers = await (await page.request.get("/api/v1/vendor/home")).json();
  const fmt = (n: number) => new Intl.NumberFormat("en").format(n);
  for (const queue of ["requests", "cases"] as const) {
    const q = numbers[queue];
    await expect(staff.counts(queue)).toHaveText([fmt(q.today), fmt(q.this_week), fmt(q.older), fmt(q.today + q.this_week + q.older)]);
  }
  await expect(page.getByTestId("my-cases").getByRole("link")).toHaveText(fmt(numbers.my_cases));
  await expect(page.getByTestId("unassigned-cases").getByRole("link")).toHaveText(fmt(numbers.unassigned_cases));
  // The queue links lead to the queues.
  await page.getByRole("link", { name: exact(t("en", "staff_home.request_queue")) }).click();
  await expect(page).toHaveURL(/\/vendor\/requests$/);
  // `/vendor` is the staff's home too.
  await page.goto("/vendor");
  await staff.expectLoaded();
});

test("help links added in the back office appear on home pages in the reader's language, English otherwise", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const id = stamp();
  const english = { locale: "en", title: `E2E guide ${id}`, url: "https://docs.example.com/guide", description: "Getting started." };
  const slovenian = { locale: "sl", title: `E2E vodič ${id}`, url: "https://docs.example.com/sl/vodic", description: "Prvi koraki." };
  const scratch = { locale: "en", title: `E2E scratch ${id}`, url: "https://docs.example.com/old", description: "" };
  await signInAs(page, DEMO_VENDOR);
  const links = new HelpLinksPage(page);
  await links.open();
  await links.add(english);
  await links.add(slovenian);
  await links.add(scratch);
  const englishName = await page.evaluate(() => new Intl.DisplayNames(["en"], { type: "language" }).of("en"));
  await expect(links.group(englishName!).getByRole("link", { name: exact(english.title) })).toBeVisible();
  // A real form: a wrong address is refused next to its field.
  await links.edit(scratch.title);
  await page.getByLabel(t("en", "help_links.url")).fill("not a link");
  await page.getByRole("button", { name: exact(t("en", "help_links.save")) }).click();
  await expect(page.getByLabel(t("en", "help_links.url"))).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "help link form with an error");
  await page.getByLabel(t("en", "help_links.url")).fill("https://docs.example.com/new");
  await links.save();
  await expect(page.getByText("https://docs.example.com/new")).toBeVisible();
  await links.delete(scratch.title);

  const check = async (email: string, lang: "en" | "sl" | "zh-TW", shown: string, hidden: string) => {
    const context = await browser.newContext({ locale: { en: "en-US", sl: "sl-SI", "zh-TW": "zh-TW" }[lang] });
    const reader = await context.newPage();
    await signInAs(reader, email, lang);
    const home = new HomePage(reader, lang);
    await expect(reader).toHaveURL(/\/accounts\/[^/]+\/home$/);
    const help = home.block("home.help_title");
    await expect(help.getByRole("link", { name: exact(shown) })).toBeVisible();
    await expect(help.getByRole("link", { name: exact(hidden) })).toHaveCount(0);
    await expectAccessible(reader, `home page in ${lang}`);
    await context.close();
  };
  await check(ANA, "sl", slovenian.title, english.title);
  await check(ADMIN, "en", english.title, slovenian.title);
  // Nobody wrote links in Chinese: Mei reads the English ones.
  await check(MEI, "zh-TW", english.title, slovenian.title);
  // The staff's home lists the links too.
  const staff = new StaffHomePage(page);
  await staff.open();
  await expect(page.getByRole("link", { name: exact(english.title) })).toBeVisible();
  await new Shell(page).signOut();
});
