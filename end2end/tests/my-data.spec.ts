import * as fs from "fs";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { signInAs } from "../pages/accounts";
import { InvitationPage } from "../pages/invitation";
import { Shell } from "../pages/shell";

const API = { "x-requested-with": "seatwise" };

// The contract manager's own deletion is refused with 409 on purpose.
test.use({ expectedConsoleErrors: [/status of 409\b/] });

test("a member downloads their data, then deletes the account; the seat it held is free again", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const headers = { ...API, origin: baseURL! };
  // The demo's contract manager invites a new person and gives them a seat.
  await signInAs(page, "alex.morgan@example.com");
  const accounts = await (await page.request.get("/api/v1/accounts")).json();
  const account = accounts.accounts[0].id as string;
  const subscriptionsOf = async () =>
    (await (await page.request.get(`/api/v1/accounts/${account}/subscriptions`)).json()).subscriptions as {
      id: string;
      seats: number;
      seats_used: number;
      status: string;
    }[];
  const subscription = (await subscriptionsOf()).find((s) => s.status === "active" && s.seats_used < s.seats)!;
  const email = `e2e-leaver-${Date.now()}@example.com`;
  const invited = await page.request.post(`/api/v1/accounts/${account}/invitations`, {
    headers,
    data: { invitations: [{ email, first_name: "Lea", last_name: "Ver" }] },
  });
  expect(invited.status()).toBe(201);
  // The outbox worker delivers the invitation to the demo mailbox shortly.
  let link = "";
  await expect(async () => {
    const mailbox = await (await page.request.get(`/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`)).json();
    const mail = mailbox.messages.find((m: { to: string }) => m.to === email);
    link = /\/invitation\?token=\S+/.exec(mail.text)![0];
  }).toPass({ timeout: 10_000 });

  const context = await browser.newContext({ locale: "en-US" });
  const member = await context.newPage();
  await member.goto(link);
  const password = `quiet meadow ${Date.now()}`;
  await new InvitationPage(member).acceptAsNewPerson("SI", password);
  await expect(member).toHaveURL(/\/accounts\//);
  const me = await (await member.request.get("/api/v1/me")).json();
  const members = await (await page.request.get(`/api/v1/accounts/${account}/members?q=${encodeURIComponent(email)}`)).json();
  const userId = members.members[0].user_id as string;
  const assigned = await page.request.put(`/api/v1/accounts/${account}/members/${userId}/assignments/${subscription.id}`, {
    headers,
    data: { assigned: true },
  });
  expect(assigned.status()).toBe(200);
  const usedWithThem = (await subscriptionsOf()).find((s) => s.id === subscription.id)!.seats_used;

  // Their data, as a file.
  await member.goto("/security");
  const shell = new Shell(member);
  await shell.expectPage("security.title");
  const [download] = await Promise.all([
    member.waitForEvent("download"),
    member.getByRole("link", { name: exact(t("en", "data.download")) }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`seatwise-data-${me.account_id}.json`);
  const data = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  expect(data.profile.email).toBe(email);
  expect(data.memberships.map((m: { account_id: string }) => m.account_id)).toEqual([account]);
  expect(data.assignments).toHaveLength(1);
  expect(data.sign_in_history.length).toBeGreaterThan(0);
  expect(data.sessions.some((s: { current: boolean }) => s.current)).toBe(true);

  // Deleting: the address typed again; a wrong one is refused.
  await member.getByRole("button", { name: exact(t("en", "delete.start")) }).click();
  const field = member.getByLabel(t("en", "delete.email"));
  await field.fill("someone.else@example.com");
  await member.getByRole("button", { name: exact(t("en", "delete.confirm")) }).click();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(member, "deleting the account");
  await field.fill(email);
  await member.getByRole("button", { name: exact(t("en", "delete.confirm")) }).click();
  await expect(member.getByText(t("en", "delete.done"))).toBeVisible();
  await shell.expectPage("sign_in.title");
  expect((await member.request.get("/api/v1/me")).status()).toBe(401);
  await context.close();

  // The seat is free again; the contract manager cannot delete theirs before handing the role over.
  const after = (await subscriptionsOf()).find((s) => s.id === subscription.id)!.seats_used;
  expect(after).toBe(usedWithThem - 1);
  await page.goto("/security");
  await new Shell(page).expectPage("security.title");
  await page.getByRole("button", { name: exact(t("en", "delete.start")) }).click();
  await page.getByLabel(t("en", "delete.email")).fill("alex.morgan@example.com");
  await page.getByRole("button", { name: exact(t("en", "delete.confirm")) }).click();
  await expect(page.getByText(t("en", "delete.primary_admin"))).toBeVisible();
  await expect(page.getByRole("link", { name: exact(t("en", "delete.to_accounts")) })).toBeVisible();
});
