import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests against a running Seatwise server (the test script starts it; Playwright's
 * webServer option is not used). Debian's Chromium, never a downloaded browser.
 */
export default defineConfig({
  testDir: "./tests",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  // A guard against a hung test, not a speed check: the longest stories (sign-up to profile,
  // support, email change) take 50-60 s on a loaded 2-core CI machine, and the first one went
  // over 60 s there (stop 31).
  timeout: 120_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.SEATWISE_BASE_URL ?? "http://127.0.0.1:8080",
    locale: "en-US",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        locale: "en-US",
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
});
