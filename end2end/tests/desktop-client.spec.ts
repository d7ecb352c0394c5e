import { ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect } from "../helpers/fixtures";
import { t } from "../helpers/locales";
import { signInAs } from "../pages/accounts";
import { DeviceSignInPage } from "../pages/device";

/**
 * The real `seatwise` command-line client plays the vendor's desktop product: it signs in with
 * the device grant (approved in Chromium), checks a product out, sends heartbeats and consumes
 * cloud credits, and signs out. `scripts/test.sh` builds it and names it in SEATWISE_CLI.
 */
const CLI = process.env.SEATWISE_CLI;
/** The demo's secondary admin: a seat of the Engineering & Construction Collection, whose subscription carries cloud credits. */
const PERSON = "ana.novak@example.com";
// Ana works in Slovenian: her browser says so before she signs in.
test.use({ locale: "sl-SI" });
const PRODUCT = "DRAFTLINE";
const COLLECTION = "Engineering & Construction Collection";
const VERSION = "2027";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `seatwise ARGS` against the test server with its own configuration directory. */
function start(configDir: string, args: string[]): { child: ChildProcess; done: Promise<Run>; stdout: () => string } {
  if (!CLI) throw new Error("SEATWISE_CLI must name the seatwise binary (scripts/test.sh builds it)");
  const server = process.env.SEATWISE_BASE_URL ?? "http://127.0.0.1:8080";
  const child = spawn(CLI, ["--server", server, "--config-dir", configDir, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done, stdout: () => stdout };
}

async function run(configDir: string, args: string[]): Promise<Run> {
  return start(configDir, args).done;
}

/** The credits of the collection's subscription (the one the person's seat is of), as the cloud usage report has them. */
async function credits(page: import("@playwright/test").Page): Promise<{ consumed: number; balance: number }> {
  const accounts = await (await page.request.get("/api/v1/accounts")).json();
  const account = accounts.accounts[0].id;
  const report = await (await page.request.get(`/api/v1/accounts/${account}/reports/cloud-usage`)).json();
  const row = report.subscriptions.find((s: { product_name: string }) => s.product_name === COLLECTION);
  expect(row, JSON.stringify(report.subscriptions)).toBeTruthy();
  return { consumed: row.consumed, balance: row.balance };
}

test("seatwise login is approved in the browser, seatwise run checks out and consumes credits, seatwise logout signs the device out", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const configDir = mkdtempSync(join(tmpdir(), "seatwise-cli-"));
  try {
    const login = start(configDir, ["login", "--client-name", "Seatwise CLI e2e"]);
    let code = "";
    await test.step("seatwise login prints a code and the page to enter it", async () => {
      await expect.poll(() => /enter the code ([A-Z]{4}-[A-Z]{4})/.exec(login.stdout())?.[1] ?? "", { timeout: 20_000 }).not.toBe("");
      code = /enter the code ([A-Z]{4}-[A-Z]{4})/.exec(login.stdout())![1];
      expect(login.stdout()).toMatch(new RegExp(`^To sign in, open \\S+/device and enter the code ${code}$`, "m"));
      expect(login.stdout()).toMatch(new RegExp(`^Or open \\S+/device\\?code=${code}$`, "m"));
    });

    await test.step("the person approves it in Chromium, and the command finishes signed in", async () => {
      await signInAs(page, PERSON, "sl");
      const device = new DeviceSignInPage(page, "sl");
      await device.goto(code);
      await expect(device.fact("device.app")).toHaveText("Seatwise CLI e2e");
      // The computer's name is the host name seatwise sent.
      const computer = await device.fact("device.computer").innerText();
      await device.button("device.approve").click();
      await expect(page.getByText(t("sl", "device.approved", { app: "Seatwise CLI e2e", computer }))).toBeVisible();
      const result = await login.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Signed in to \S+ as device [0-9a-f-]{36}\.$/m);
    });

    await test.step("seatwise run checks the product out, verifies the signed answer and consumes credits, which the report counts", async () => {
      const before = await credits(page);
      const first = await run(configDir, ["run", PRODUCT, VERSION, "--credits", "7"]);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^Licensed: ${PRODUCT} ${VERSION} until \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`, "m"));
      const left = /^Consumed 7 cloud credits \((\d+) left\)\.$/m.exec(first.stdout);
      expect(left, first.stdout).not.toBeNull();
      expect(first.stdout).toMatch(/^Stopped\.$/m);
      const after = await credits(page);
      expect(after.consumed - before.consumed).toBe(7);
      expect(after.balance).toBe(Number(left![1]));
      // The profile's device list shows what ran on the computer.
      const devices = await (await page.request.get("/api/v1/me/devices")).json();
      const cli = devices.find((d: { client_name: string }) => d.client_name === "Seatwise CLI e2e");
      expect(cli.products.map((p: { product_code: string; version: string }) => `${p.product_code} ${p.version}`)).toContain(`${PRODUCT} ${VERSION}`);
    });

    await test.step("a version the licence does not include is refused with exit code 4", async () => {
      const refused = await run(configDir, ["run", PRODUCT, "1999"]);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toMatch(/^seatwise: .*\(version_not_licensed\)/m);
    });

    await test.step("seatwise status and logout; afterwards run says to sign in (exit code 3)", async () => {
      const status = await run(configDir, ["status"]);
      expect(status.code, status.stderr).toBe(0);
      const logout = await run(configDir, ["logout"]);
      expect(logout.code, logout.stderr).toBe(0);
      expect(logout.stdout).toMatch(/^Signed out\.$/m);
      const after = await run(configDir, ["run", PRODUCT, VERSION]);
      expect(after.code).toBe(3);
    });
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
});
