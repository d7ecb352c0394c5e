import { APIRequestContext } from "@playwright/test";
import { expect } from "../helpers/fixtures";

/** A day `days` from today (UTC, as the server counts days). */
export function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The vendor's back office through the API: a new account, invited contract manager. Its id. */
export async function openAccount(
  vendor: APIRequestContext,
  name: string,
  country: string,
  manager: { email: string; first: string; last: string },
): Promise<string> {
  const created = await vendor.post("/api/v1/vendor/accounts", {
    data: { name, country, manager_email: manager.email, manager_first_name: manager.first, manager_last_name: manager.last },
  });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

/** A contract bought online (no partner) of `account`, and the subscriptions the vendor adds to it. */
export class OnlineContract {
  private constructor(
    private readonly vendor: APIRequestContext,
    readonly id: string,
    readonly number: string,
    private readonly products: { id: string; code: string }[],
  ) {}

  static async open(vendor: APIRequestContext, account: string, number: string, [start, end]: [string, string], currency: string): Promise<OnlineContract> {
    const r = await vendor.post(`/api/v1/vendor/accounts/${account}/contracts`, {
      data: { number, start_date: start, end_date: end, partner_name: "", partner_email: "", partner_phone: "", currency },
    });
    expect(r.status()).toBe(201);
    const contract = await r.json();
    const products = (await (await vendor.get("/api/v1/vendor/products")).json()).products as { id: string; code: string }[];
    return new OnlineContract(vendor, contract.id as string, contract.number as string, products);
  }

  /** A subscription of the product with this code, auto-renewing; its id. */
  async subscribe(code: string, licence: string, seats: number, [start, end]: [string, string], term = "one_year"): Promise<string> {
    const product = this.products.find((p) => p.code === code)!.id;
    const s = await this.vendor.post(`/api/v1/vendor/contracts/${this.id}/subscriptions`, {
      data: { product_id: product, licence_type: licence, seats, term, start_date: start, end_date: end, auto_renew: true },
    });
    expect(s.status()).toBe(201);
    return (await s.json()).id as string;
  }
}
