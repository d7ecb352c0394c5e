import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { InvitationsPage, MemberPage, signInAs, UsersPage } from "../pages/accounts";
import { Shell } from "../pages/shell";

/** Demo members (crates/server/src/seed.rs): the i-th member's name and address. */
const NIKA = { name: "Nika Horvat", email: "nika.horvat2@northwind.example" };
const JAN = { name: "Jan Kovačič", email: "jan.kovacic3@northwind.example" };
const EVA = { name: "Eva Krajnc", email: "eva.krajnc4@northwind.example" };

const ASSIGNMENT = "**/api/v1/accounts/*/members/*/assignments/*";

test("the privacy statement is linked from the footer and shows its version", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByRole("link", { name: exact(t("en", "sign_up.read_privacy")) }).click();
  const shell = new Shell(page);
  await shell.expectPage("privacy.title");
  await expect(page.getByTestId("privacy-version")).toHaveText(/\S+/);
  await page.goto("/sign-in");
  await page.getByRole("contentinfo").getByRole("link", { name: exact(t("en", "app.privacy")) }).click();
  await shell.expectPage("privacy.title");
  await shell.chooseLanguage("sl");
  await expect(shell.heading("privacy.title")).toBeVisible();
});

test("an invalid invitation link says so", async ({ page }) => {
  await page.goto("/invitation?token=not-a-real-token");
  await expect(page.getByText(t("en", "invitation.invalid"))).toBeVisible();
  await expectAccessible(page, "invalid invitation");
});

test("an admin finds a member, switches a product on and the counter moves before the server answers", async ({ page }) => {
  await signInAs(page, "alex.morgan@example.com");
  const users = new UsersPage(page);
  await users.open();
  await expectAccessible(page, "users");

  await test.step("search; the URL holds the query and a reload keeps it", async () => {
    await users.search(NIKA.email);
    await expect(page).toHaveURL(/[?&]q=nika\.horvat2/);
    await expect(users.row(NIKA.name)).toBeVisible();
    await expect(page.getByRole("row")).toHaveCount(2);
    await page.reload();
    await expect(users.searchBox).toHaveValue(NIKA.email);
    await expect(users.row(NIKA.name)).toBeVisible();
    await expect(page.getByRole("row")).toHaveCount(2);
  });

  const member = await users.openMember(NIKA.name);
  await expectAccessible(page, "member");
  const rendera = member.switch("Rendera Visualisation");
  const counter = member.counter("RENDERA");
  await expect(rendera).not.toBeChecked();
  const before = Number((await counter.textContent())!.match(/\d+/)![0]);

  await test.step("switch on: the counter changes while the request is held back", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route(ASSIGNMENT, async (route) => {
      await gate;
      await route.continue();
    });
    const answered = page.waitForResponse((r) => r.url().includes("/assignments/") && r.request().method() === "PUT");
    await rendera.click();
    await expect(rendera).toBeChecked();
    await expect(counter).toHaveText(member.seats(before + 1, 5));
    release();
    expect((await answered).status()).toBe(200);
    await page.unroute(ASSIGNMENT);
  });

  await test.step("it is saved", async () => {
    await page.reload();
    await member.expectLoaded(NIKA.name);
    await expect(member.switch("Rendera Visualisation")).toBeChecked();
    await expect(member.counter("RENDERA")).toHaveText(member.seats(before + 1, 5));
  });
});

test.describe("the last seat", () => {
  test.use({ expectedConsoleErrors: [/status of 409/] });

  test("two admins race for the last Draftline seat; the loser's switch flips back with the reason", async ({ page, browser }) => {
    // Alex (English) in this page; Ana (Slovenian) in her own browser context.
    await signInAs(page, "alex.morgan@example.com");
    const anaContext = await browser.newContext({ locale: "sl-SI" });
    const anaPage = await anaContext.newPage();
    await signInAs(anaPage, "ana.novak@example.com", "sl");

    const alexUsers = new UsersPage(page);
    await alexUsers.open();
    await alexUsers.search(JAN.email);
    const alex = await alexUsers.openMember(JAN.name);

    const anaUsers = new UsersPage(anaPage, "sl");
    await anaUsers.open();
    await anaUsers.search(EVA.email);
    const ana = await anaUsers.openMember(EVA.name);

    const alexSwitch = alex.switch("Draftline CAD");
    const anaSwitch = ana.switch("Draftline CAD");
    await expect(alexSwitch).not.toBeChecked();
    await expect(anaSwitch).not.toBeChecked();

    // Both see the same counter with exactly one free seat (free one through the UI if needed).
    const text = (await alex.counter("DRAFTLINE").textContent())!;
    const [used, total] = text.match(/\d+/g)!.map(Number);
    expect(total - used, "one free Draftline seat in the demo data").toBe(1);
    await expect(ana.counter("DRAFTLINE")).toHaveText(ana.seats(used, total));

    await test.step("Ana takes the last seat", async () => {
      await anaSwitch.click();
      await expect(anaSwitch).toBeChecked();
      await expect(ana.counter("DRAFTLINE")).toHaveText(ana.seats(total, total));
      await anaPage.reload();
      await expect(ana.switch("Draftline CAD")).toBeChecked();
    });

    await test.step("Alex, still seeing one free seat, is refused", async () => {
      await expect(alex.counter("DRAFTLINE")).toHaveText(alex.seats(used, total));
      await alexSwitch.click();
      await expect(page.getByRole("alert").filter({ hasText: t("en", "errors.no_seat_left") })).toBeVisible();
      await expect(alexSwitch).not.toBeChecked();
      // The counter shows the server's count again: all seats are taken.
      await expect(alex.counter("DRAFTLINE")).toHaveText(alex.seats(total, total));
    });

    await test.step("Ana frees the seat again (the demo data stays as it was)", async () => {
      await ana.switch("Draftline CAD").click();
      await expect(ana.counter("DRAFTLINE")).toHaveText(ana.seats(used, total));
    });
    await anaContext.close();
  });
});

test("invite several: one bad line invites nobody; fixed, everybody is invited", async ({ page }) => {
  await signInAs(page, "alex.morgan@example.com");
  const users = new UsersPage(page);
  await users.open();
  await users.tab("accounts.tab_invitations").click();
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "invitations.invite_many")) })).toBeVisible();
  await expectAccessible(page, "invitations");
  const invitations = new InvitationsPage(page);
  const stamp = `${Date.now()}`;
  const good1 = `e2e-many-a-${stamp}@example.com`;
  const good3 = `e2e-many-c-${stamp}@example.com`;
  const fixed2 = `e2e-many-b-${stamp}@example.com`;

  await test.step("a bad address on line 2: the line is named, nobody is invited", async () => {
    await invitations.sendMany(`${good1}, Mojca, Kranjc\nnot-an-address, Boris, Pahor\n${good3}, Tjaša, Vidic`);
    const message = t("en", "invitations.line_error", {
      line: 2,
      field: t("en", "fields.email"),
      message: t("en", "field_errors.invalid_email"),
    });
    await expect(page.getByText(message)).toBeVisible();
    await expect(invitations.lines).toHaveAttribute("aria-invalid", "true");
    await page.reload();
    await expect(invitations.table).toBeVisible();
    await expect(invitations.table.getByText(good1)).toHaveCount(0);
  });

  await test.step("fixed: all three are invited", async () => {
    await invitations.sendMany(`${good1}, Mojca, Kranjc\n${fixed2}, Boris, Pahor\n${good3}, Tjaša, Vidic`);
    await expect(page.getByText(t("en", "invitations.sent", { count: 3 }))).toBeVisible();
    for (const email of [good1, fixed2, good3]) {
      await expect(invitations.table.getByText(email)).toBeVisible();
    }
  });
});

test("a team name that looks like a placeholder prints as typed inside a translated sentence", async ({ page }) => {
  await signInAs(page, "alex.morgan@example.com");
  const users = new UsersPage(page);
  await users.open();
  await users.tab("accounts.tab_teams").click();
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "teams.title")) })).toBeVisible();
  // Both placeholder spellings, and one the texts use for this very sentence.
  const name = `Ops {count} {{ name }} ${Date.now()}`;
  await page.getByLabel(t("en", "teams.new_name"), { exact: true }).fill(name);
  await page.getByRole("button", { name: exact(t("en", "teams.create")) }).click();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: exact(name) }) });
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: exact(t("en", "teams.delete")) }).click();
  await expect(page.getByText(t("en", "teams.delete_text", { name }), { exact: true })).toBeVisible();
  await page.getByRole("alertdialog").getByRole("button", { name: exact(t("en", "teams.delete")) }).click();
  await expect(row).toHaveCount(0);
});
