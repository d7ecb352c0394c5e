import { Page } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { DEMO_VENDOR } from "../pages/accounts";
import { openAccount } from "../pages/billing";
import { acceptInvitation } from "../pages/invitation";
import { apiSignedIn } from "../pages/products";
import { setUpApp } from "../pages/security";
import { Shell } from "../pages/shell";

// The member's pages before the setup are refused (403) until the app leads them away; the
// manager's first try to require it without using it is refused (409).
test.use({ expectedConsoleErrors: [/status of 403\b/, /status of 409\b/] });

const button = (page: Page, key: string) => page.getByRole("button", { name: exact(t("en", key)) });

test("a contract manager requires 2-step verification: a member without it is led to set it up and can do nothing else until then", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const stamp = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const managerEmail = `e2e-policy-manager-${stamp}@example.com`;
  const memberEmail = `e2e-policy-member-${stamp}@example.com`;
  const headers = { "x-requested-with": "seatwise", origin: baseURL! };

  // The vendor opens an account for a new company; its contract manager accepts.
  const vendor = await apiSignedIn(baseURL!, DEMO_VENDOR);
  await openAccount(vendor, `Policy ${stamp}`, "SI", { email: managerEmail, first: "Meta", last: "Vodja" });
  const manager = await acceptInvitation(browser, page, managerEmail, "SI");
  await expect(manager).toHaveURL(/\/accounts\//);

  // The manager needs 2-step verification before requiring it.
  await manager.goto("/security");
  const shell = new Shell(manager);
  await shell.expectPage("security.title");
  const policy = manager.locator("section", { has: manager.getByRole("heading", { name: exact(t("en", "policy.title")) }) });
  await policy.getByRole("checkbox").check();
  await button(manager, "policy.save").click();
  await expect(policy.getByText(t("en", "policy.first"))).toBeVisible();
  await setUpApp(manager);
  await button(manager, "policy.save").click();
  await expect(manager.getByText(t("en", "policy.saved"))).toBeVisible();
  await expectAccessible(manager, "the security page with the company policy");

  // A new member: right after joining, only the security page is theirs.
  const accounts = await (await manager.request.get("/api/v1/accounts")).json();
  const account = accounts.accounts[0].id as string;
  const invited = await manager.request.post(`/api/v1/accounts/${account}/invitations`, {
    headers,
    data: { invitations: [{ email: memberEmail, first_name: "Nova", last_name: "Članica" }] },
  });
  expect(invited.status()).toBe(201);
  const member = await acceptInvitation(browser, page, memberEmail, "SI");
  const memberShell = new Shell(member);
  await expect(member).toHaveURL(/\/security$/);
  await memberShell.expectPage("security.title");
  await expect(member.getByRole("status").filter({ hasText: t("en", "errors.two_step_setup_required") })).toBeVisible();
  // Nothing on the page is refused but changes (its lists are read).
  await expect(member.getByText(t("en", "errors.two_step_setup_required"))).toHaveCount(1);
  await expectAccessible(member, "the security page of a member who must set up 2-step verification");
  // The account's pages lead back here.
  await member.goto(`/accounts/${account}/software`);
  await expect(member).toHaveURL(/\/security$/);
  const refused = await member.request.get(`/api/v1/accounts/${account}/subscriptions`);
  expect(refused.status()).toBe(403);
  expect((await refused.json()).code).toBe("two_step_setup_required");

  // Set up, the portal opens, and turning it off is not offered.
  await setUpApp(member);
  await expect(member.getByText(t("en", "two_step.required"))).toBeVisible();
  await expect(button(member, "two_step.turn_off")).toHaveCount(0);
  await member.goto(`/accounts/${account}/software`);
  await expect(member).toHaveURL(new RegExp(`/accounts/${account}/software`));
  expect((await member.request.get(`/api/v1/accounts/${account}/subscriptions`)).status()).toBe(200);
});
