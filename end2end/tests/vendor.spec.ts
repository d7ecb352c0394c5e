import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { signInAs } from "../pages/accounts";
import { InvitationPage } from "../pages/invitation";
import { MailboxPage } from "../pages/mailbox";
import { VendorAccountsPage } from "../pages/vendor";

test("the vendor creates an account; its manager accepts the mailed invitation as a new person", async ({ page, browser }) => {
  const stamp = `${Date.now()}`;
  const customer = {
    name: `E2E Gradnje ${stamp} d.o.o.`,
    country: "SI",
    managerEmail: `e2e-manager-${stamp}@example.com`,
    managerFirstName: "Petra",
    managerLastName: "Zupan",
  };
  await signInAs(page, "vendor.admin@example.com");
  const vendor = new VendorAccountsPage(page);
  await vendor.open();
  await vendor.create(customer);

  await test.step("the account's page names the manager as invited", async () => {
    await page.getByRole("link", { name: exact(customer.name) }).click();
    await expect(page.getByRole("heading", { level: 2, name: exact(customer.name) })).toBeVisible();
    await expect(page.getByText(t("en", "vendor.manager_pending"))).toBeVisible();
    await expectAccessible(page, "vendor account");
  });

  let link = "";
  await test.step("the invitation is in the mailbox", async () => {
    const mailbox = new MailboxPage(page);
    await mailbox.open();
    const message = page.getByRole("link").filter({ hasText: customer.managerEmail }).first();
    await expect(async () => {
      await page.getByRole("button", { name: exact(t("en", "mailbox.refresh")) }).click();
      await expect(message).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await message.click();
    const anchor = page.locator('article a[href*="/invitation?token="]').first();
    await expect(anchor).toBeVisible();
    link = (await anchor.getAttribute("href"))!;
  });

  await test.step("in a fresh browser, the manager accepts and lands in the account as contract manager", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const fresh = await context.newPage();
    await fresh.goto(link);
    const invitation = new InvitationPage(fresh);
    await invitation.expectLoaded(customer.name);
    await expect(fresh.getByLabel(new RegExp(`^${t("en", "fields.first_name")}`))).toHaveValue(customer.managerFirstName);
    await invitation.acceptAsNewPerson("SI", `correct horse ${stamp}`);
    await expect(fresh).toHaveURL(/\/accounts\/[^/]+\/users/);
    await expect(fresh.getByRole("heading", { level: 1, name: exact(customer.name) })).toBeVisible();
    await expect(fresh.getByText(t("en", "roles.primary_admin")).first()).toBeVisible();
    await expect(fresh.getByRole("link", { name: exact(`${customer.managerFirstName} ${customer.managerLastName}`) })).toBeVisible();
    await expectAccessible(fresh, "new account's users");
    await context.close();
  });
});
