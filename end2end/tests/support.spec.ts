import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { signInAs } from "../pages/accounts";
import { MailboxPage } from "../pages/mailbox";
import { CaseQueuePage, SupportPage } from "../pages/support";

/** Demo data (crates/server/src/seed/mod.rs): the ninth member of Northwind, a user (not an admin), who reads Slovenian. */
const USER = "nejc.kos9@northwind.example";
/** The contract manager of Northwind. */
const ADMIN = "alex.morgan@example.com";
const VENDOR = "vendor.admin@example.com";

test("a user opens a case with a file; staff add an internal note and answer; the user sees only the answer and its mail; the admin sees the case", async ({
  page,
  browser,
}) => {
  const stamp = `${Date.now()}`;
  const subject = `E2E ${stamp}: the installer stops at 80 %`;
  const note = `Internal ${stamp}: looks like the antivirus, check with QA`;
  const answer = `Answer ${stamp}: please turn off the antivirus while installing.`;
  const log = { name: `install-${stamp}.txt`, mimeType: "text/plain", buffer: Buffer.from("setup.exe: error 1603 at step 42\n") };

  // The user reads Slovenian: their browser asks for it, so the sign-in page is in it too.
  const userContext = await browser.newContext({ locale: "sl-SI" });
  page = await userContext.newPage();
  const user = new SupportPage(page, "sl");
  let number = "";
  await test.step("the user opens a case with a log file; a file of a refused type is not uploaded", async () => {
    await signInAs(page, USER, "sl");
    await user.open();
    await expect(user.results.locator("p.empty").or(user.results.getByRole("table"))).toBeVisible();
    await user.startCase();
    await user.fileInput().setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
    await expect(page.getByText(t("sl", "case_files.wrong_type", { name: "setup.exe" }))).toBeVisible();
    await expect(page.getByTestId("chosen-file")).toHaveCount(0);
    number = await user.openCase({
      categoryKey: "case_names.categories.installation",
      subject,
      description: "The installer stops at 80 %.\nIt says error 1603.",
      files: [log],
    });
    await expect(page.getByText(t("sl", "new_case.created", { number }))).toBeVisible();
    await expect(user.messages).toHaveCount(1);
    await expect(user.messages.first()).toContainText("It says error 1603.");
    await expect(user.messages.first().getByRole("link", { name: log.name })).toBeVisible();
    await expectAccessible(page, "support case (customer)");
  });

  await test.step("vendor staff find it in the queue, add an internal note and answer", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const staffPage = await context.newPage();
    await signInAs(staffPage, VENDOR);
    const queue = new CaseQueuePage(staffPage);
    await queue.open();
    await queue.openCase(number, subject);
    await expect(queue.messages.first().getByRole("link", { name: log.name })).toBeVisible();
    await queue.send(note, true);
    await expect(queue.messages.filter({ hasText: note }).getByText(t("en", "case_staff.internal_badge"), { exact: true })).toBeVisible();
    await queue.send(answer, false);
    await expect(queue.messages).toHaveCount(3);
    await expectAccessible(staffPage, "support case (staff) with a note and an answer");
    await context.close();
  });

  await test.step("the user sees the answer, never the note", async () => {
    await page.reload();
    await expect(user.messages.filter({ hasText: answer })).toBeVisible();
    await expect(user.messages).toHaveCount(2);
    await expect(page.getByText(t("sl", "case_staff.internal_badge"))).toHaveCount(0);
    expect(await page.content()).not.toContain(note);
    await expect(page.getByTestId("case-message").filter({ hasText: note })).toHaveCount(0);
    await expectAccessible(page, "support case with the answer (customer)");
  });

  await test.step("the answer's mail is in the mailbox, with the case number", async () => {
    const mailbox = new MailboxPage(page, "sl");
    await expect(async () => {
      await mailbox.open();
      await page.getByRole("button", { name: exact(t("sl", "mailbox.refresh")) }).click();
      await page.getByRole("link").filter({ hasText: USER }).first().click();
      await expect(page.locator("article")).toContainText(answer.slice(0, 30), { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.locator("article")).toContainText(number);
    expect(await page.content()).not.toContain(note);
    await expectAccessible(page, "the answer's mail");
  });

  await test.step("the account's admin sees the case in the account's support list", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const adminPage = await context.newPage();
    await signInAs(adminPage, ADMIN);
    const admin = new SupportPage(adminPage, "en");
    await admin.open();
    await admin.search(number);
    const row = admin.row(number);
    await expect(row).toBeVisible();
    await expect(row.getByRole("link", { name: exact(subject) })).toBeVisible();
    await expect(row).toContainText(t("en", "case_names.statuses.waiting_on_customer"));
    await expectAccessible(adminPage, "support cases searched (admin)");
    await row.getByRole("link", { name: exact(subject) }).click();
    // The admin adds a colleague as a follower (the part comes from its own chunk).
    const watchers = adminPage.getByTestId("watchers");
    await expect(watchers).toBeVisible();
    await watchers.getByLabel(t("en", "case.find_member"), { exact: true }).fill("ana.novak");
    await watchers.getByRole("button", { name: exact(t("en", "case.find")) }).click();
    await watchers.getByRole("button", { name: exact(t("en", "case.add_watcher", { name: "Ana Novak" })) }).click();
    await expect(watchers.getByRole("button", { name: exact(t("en", "case.remove_watcher", { name: "Ana Novak" })) })).toBeVisible();
    await expect(watchers).toContainText("ana.novak@example.com");
    await expect(admin.messages.filter({ hasText: note })).toHaveCount(0);
    await expectAccessible(adminPage, "support case (admin)");
    await context.close();
  });
  await userContext.close();
});

test("the renewal FAQ's contact form opens a renewal case", async ({ page }) => {
  const stamp = `${Date.now()}`;
  const question = `Renewal question ${stamp}: can we move the end date to June?`;
  // The form comes with the support area's form that opens a case (chunk `support_new`), fetched
  // when "Contact me" is pressed, not with the contracts.
  const formChunk = /\/pkg\/area_seatwise_support_new\.[\w-]+\.bin$/;
  const fetched: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (formChunk.test(path)) fetched.push(path);
  });
  await signInAs(page, ADMIN);
  await page.getByRole("link", { name: exact(t("en", "nav.accounts")) }).first().click();
  await page
    .getByRole("navigation", { name: t("en", "accounts.sections") })
    .getByRole("link", { name: exact(t("en", "accounts.tab_subscriptions")) })
    .click();
  const help = page.getByRole("region", { name: t("en", "renewal_help.title") });
  await expect(help).toContainText(t("en", "renewal_help.intro"));
  expect(fetched).toHaveLength(0);
  await help.getByRole("button", { name: exact(t("en", "renewal_help.contact")) }).click();
  const about = help.getByLabel(t("en", "renewal_help.about"), { exact: true });
  await expect(about).toBeVisible();
  expect(fetched).toHaveLength(1);
  const options = about.locator("option");
  await expect(options.nth(1)).toBeAttached();
  const chosen = ((await options.nth(1).textContent()) ?? "").trim();
  await about.selectOption({ index: 1 });
  await help.getByLabel(t("en", "renewal_help.message"), { exact: true }).fill(question);
  await help.getByLabel(new RegExp(`^${t("en", "renewal_help.phone")}`)).fill("+386 1 234 5678");
  await expectAccessible(page, "renewal contact form");
  await help.getByRole("button", { name: exact(t("en", "renewal_help.submit")) }).click();
  const done = help.getByTestId("renewal-case");
  await expect(done).toBeVisible();
  await done.getByRole("link", { name: exact(t("en", "renewal_help.view")) }).click();
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/support\/[^/?]+$/);
  const support = new SupportPage(page, "en");
  await expect(page.getByRole("heading", { level: 2 }).filter({ hasText: chosen })).toBeVisible();
  await expect(page.getByText(t("en", "case_names.categories.renewal"), { exact: true })).toBeVisible();
  await expect(support.messages.first()).toContainText(question);
  await expect(support.messages.first()).toContainText(t("en", "renewal_help.phone_line", { phone: "+386 1 234 5678" }));
  await expectAccessible(page, "renewal case");
});
