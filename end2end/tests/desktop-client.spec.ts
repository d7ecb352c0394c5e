import { ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect } from "../helpers/fixtures";
import { t } from "../helpers/locales";
import { signInAs } from "../pages/accounts";
import { DeviceSignInPage } from "../pages/device";

/**
 * The real `seatwise` command-line client plays the vendor's desktop product: it signs in with
 * the device grant (approved in Chromium), checks a product out, sends heartbeats and consumes
 * cloud credits, and signs out; it downloads a custom install package, resuming after it was
 * killed. `scripts/test.sh` builds it and names it in SEATWISE_CLI.
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
async function credits(page: import("@playwright/test").Page): Promise<{ consumed: number; balance: number; account: string; subscription: string }> {
  const accounts = await (await page.request.get("/api/v1/accounts")).json();
  const account = accounts.accounts[0].id;
  const report = await (await page.request.get(`/api/v1/accounts/${account}/reports/cloud-usage`)).json();
  const row = report.subscriptions.find((s: { product_name: string }) => s.product_name === COLLECTION);
  expect(row, JSON.stringify(report.subscriptions)).toBeTruthy();
  return { consumed: row.consumed, balance: row.balance, account, subscription: row.subscription_id };
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
      // Both lines, which may come in separate chunks of output.
      await expect.poll(() => /enter the code ([A-Z]{4}-[A-Z]{4})[\s\S]*^Or open /m.test(login.stdout()), { timeout: 20_000 }).toBe(true);
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
      // The cloud services report in the browser shows the same numbers, in Ana's language.
      await page.goto(`/accounts/${after.account}/reports?tab=cloud`);
      const card = page.getByTestId(`credits-${after.subscription}`);
      const sl = new Intl.NumberFormat("sl-SI");
      await expect(card.locator('[data-fact="consumed"]')).toHaveText(sl.format(after.consumed));
      await expect(card.locator('[data-fact="balance"]')).toHaveText(sl.format(after.balance));
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

/** `seatwise login` on `configDir`, approved by the person signed in on `page` (in Slovenian). */
async function signInDevice(page: import("@playwright/test").Page, configDir: string, clientName: string): Promise<void> {
  const login = start(configDir, ["login", "--client-name", clientName]);
  await expect.poll(() => /enter the code ([A-Z]{4}-[A-Z]{4})/.exec(login.stdout())?.[1] ?? "", { timeout: 20_000 }).not.toBe("");
  const code = /enter the code ([A-Z]{4}-[A-Z]{4})/.exec(login.stdout())![1];
  const device = new DeviceSignInPage(page, "sl");
  await device.goto(code);
  await expect(device.fact("device.app")).toHaveText(clientName);
  await device.button("device.approve").click();
  const result = await login.done;
  expect(result.code, result.stderr).toBe(0);
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("seatwise download fetches an install package, resumes it after being killed and verifies every checksum; the product page shows the command", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const configDir = mkdtempSync(join(tmpdir(), "seatwise-cli-"));
  const dir = mkdtempSync(join(tmpdir(), "seatwise-download-"));
  const pageDir = mkdtempSync(join(tmpdir(), "seatwise-download-page-"));
  const headers = { "x-requested-with": "seatwise", origin: baseURL! };
  let account = "";
  let packageId = "";
  try {
    await signInAs(page, PERSON, "sl");
    await signInDevice(page, configDir, "Seatwise download e2e");
    const accounts = await (await page.request.get("/api/v1/accounts")).json();
    account = accounts.accounts[0].id;

    let files: { file_name: string; sha256: string; size: number }[] = [];
    await test.step("Ana (an admin) saves a package of Draftline 2027 for Windows in Slovenian with every extra", async () => {
      const created = await page.request.post(`/api/v1/accounts/${account}/packages`, {
        headers,
        data: {
          name: `E2E download ${Date.now()}`,
          platform: "windows",
          language: "sl",
          items: [{ product_code: PRODUCT, version: VERSION }],
          options: { include_updates: true, include_add_ons: true, include_language_packs: true, install_path: "", desktop_shortcuts: false },
          shared: false,
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      const pkg = await created.json();
      packageId = pkg.id;
      files = pkg.files;
      // Enough bytes that 1K a second takes a while: installer, language pack, update, add-on.
      expect(files.length).toBeGreaterThanOrEqual(2);
      expect(pkg.total_size).toBeGreaterThan(16 * 1024);
    });

    await test.step("a slow download (--rate-limit 1K) is killed once a .part file has bytes", async () => {
      const slow = start(configDir, ["download", "--package", packageId, "--dir", dir, "--rate-limit", "1K"]);
      const partWithBytes = () =>
        readdirSync(dir).some((name) => name.endsWith(".part") && statSync(join(dir, name)).size > 0);
      await expect.poll(partWithBytes, { timeout: 30_000 }).toBe(true);
      slow.child.kill("SIGKILL");
      await slow.done;
      // Nothing finished: every file is still a .part or not begun.
      for (const f of files) expect(existsSync(join(dir, f.file_name))).toBe(false);
    });

    await test.step("run again without the limit: it resumes and reports every checksum verified", async () => {
      const again = await run(configDir, ["download", "--package", packageId, "--dir", dir]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/\(resumed at byte [1-9]\d*\), SHA-256 verified$/m);
      for (const f of files) {
        expect(again.stdout).toMatch(new RegExp(`^${escapeRegExp(f.file_name)}: .*SHA-256 verified$`, "m"));
        expect(sha256(join(dir, f.file_name))).toBe(f.sha256);
      }
      expect(again.stdout).toMatch(new RegExp(`^All ${files.length} file\\(s\\) in .*; every SHA-256 verified\\.$`, "m"));
      expect(readdirSync(dir).filter((name) => name.includes(".part"))).toEqual([]);
      // A third run finds every file there and downloads nothing.
      const third = await run(configDir, ["download", "--package", packageId, "--dir", dir]);
      expect(third.code, third.stderr).toBe(0);
      for (const f of files) {
        expect(third.stdout).toMatch(new RegExp(`^${escapeRegExp(f.file_name)}: already here, SHA-256 verified$`, "m"));
      }
    });

    await test.step("the product page's Install now shows the command for the choice, and that command works", async () => {
      await page.goto(`/accounts/${account}/software/${PRODUCT}?tab=downloads&version=${VERSION}&platform=windows&language=sl`);
      const field = page.getByLabel(t("sl", "products.install_command_label"), { exact: true });
      await expect(field).toHaveValue(`seatwise download ${PRODUCT} ${VERSION} --platform windows --language sl`);
      await expect(page.getByRole("button", { name: t("sl", "products.copy_install_command") })).toBeVisible();
      await expect(page.getByLabel(t("sl", "products.login_command_label"), { exact: true })).toHaveValue(/^seatwise login --server \S+$/);
      const args = (await field.inputValue()).split(" ").slice(1);
      const fromPage = await run(configDir, [...args, "--dir", pageDir]);
      expect(fromPage.code, fromPage.stderr).toBe(0);
      expect(fromPage.stdout).toMatch(/; every SHA-256 verified\.$/m);
    });

    await test.step("an unknown package is refused with exit code 4", async () => {
      const refused = await run(configDir, ["download", "--package", "no-such-package", "--dir", dir]);
      expect(refused.code).toBe(4);
      expect(refused.stderr).toMatch(/^seatwise: no install package no-such-package for you/m);
    });
  } finally {
    if (packageId) await page.request.delete(`/api/v1/accounts/${account}/packages/${packageId}`, { headers });
    await run(configDir, ["logout"]).catch(() => undefined);
    for (const d of [configDir, dir, pageDir]) rmSync(d, { recursive: true, force: true });
  }
});
