import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { signInAs } from "../pages/accounts";

/** A day `days` from today, as the date field takes it (UTC, as the server counts days). */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("the price book: the FAQ's prices in force, a price added from a later day, refusals in words, and taken back", async ({ page }) => {
  await signInAs(page, "vendor.admin@example.com");
  await page.goto("/vendor/prices");
  await expect(page.getByRole("heading", { level: 2, name: exact(t("en", "prices.heading")) })).toBeVisible();
  const table = page.locator("table.data-table");

  // The demo's Draftline prices: the renewal FAQ's 1,179 for three years, 1,310 new.
  const filter = page.getByLabel(t("en", "vendor.product"), { exact: true }).first();
  await filter.selectOption({ label: "Draftline CAD (DRAFTLINE)" });
  const row = (text: string) => table.locator("tr").filter({ hasText: text });
  await expect(row("$1,179.00").filter({ hasText: t("en", "prices.kinds.renewal") }).first()).toBeVisible();
  await expect(row("$1,310.00").filter({ hasText: t("en", "prices.kinds.new") }).first()).toBeVisible();
  // A rise already scheduled.
  await expect(row("$445.00").getByText(t("en", "prices.status.scheduled"))).toBeVisible();
  await expectAccessible(page, "the price book");

  // A new price: an amount that is not one is refused in words, a day in the past too.
  const form = page.locator("section", { has: page.getByRole("heading", { name: exact(t("en", "prices.add")) }) });
  await form.getByLabel(t("en", "vendor.product"), { exact: true }).selectOption({ label: "Terra Survey (TERRA)" });
  await form.getByLabel(t("en", "prices.currency"), { exact: true }).selectOption("USD");
  await form.getByLabel(t("en", "prices.amount_per_seat"), { exact: true }).fill("1,234.50");
  await form.getByLabel(t("en", "prices.effective_from"), { exact: true }).fill(day(-1));
  await form.getByRole("button", { name: exact(t("en", "prices.add")) }).click();
  await expect(form.getByText(t("en", "prices.amount_format"))).toBeVisible();
  await form.getByLabel(t("en", "prices.amount_per_seat"), { exact: true }).fill("1234.50");
  await form.getByRole("button", { name: exact(t("en", "prices.add")) }).click();
  await expect(form.getByText(t("en", "prices.from_past"))).toBeVisible();
  await form.getByLabel(t("en", "prices.effective_from"), { exact: true }).fill(day(30));
  await form.getByRole("button", { name: exact(t("en", "prices.add")) }).click();
  await expect(page.getByText(t("en", "prices.added"))).toBeVisible();

  // Scheduled, so it can be taken back.
  await filter.selectOption({ label: "Terra Survey (TERRA)" });
  const added = row("$1,234.50");
  await expect(added.getByText(t("en", "prices.status.scheduled"))).toBeVisible();
  await added.getByRole("button", { name: exact(t("en", "prices.remove")) }).click();
  await expect(page.getByText(t("en", "prices.removed"))).toBeVisible();
  await expect(added).toHaveCount(0);
  // A price in force offers no removal.
  await expect(row(t("en", "prices.status.in_force")).getByRole("button")).toHaveCount(0);
});
