// Puts a session cookie into a running Chromium (remote debugging port) and empties its HTTP
// cache, so that Lighthouse (`--port`, `--disable-storage-reset`, which keeps cookies and cache)
// measures a signed-in page as a first visit: Lighthouse's own `--extra-headers` Cookie does not
// reach the app's fetches. Run it before each Lighthouse run.
// Usage: node scripts/lighthouse-signed-in.mjs <debugging port> <site base URL> <name=value>
import { createRequire } from "node:module";
const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const [port, base, cookie] = process.argv.slice(2);
const [name, ...rest] = cookie.split("=");
const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
const context = browser.contexts()[0];
await context.addCookies([{ name, value: rest.join("="), url: base, httpOnly: true, sameSite: "Lax" }]);
// A visit checks that the cookie signs in: the API answers who is signed in.
const page = await context.newPage();
const me = await page.request.get(`${base}/api/v1/me`);
if (!me.ok()) {
  console.error(`the session cookie did not sign in: GET /api/v1/me answered ${me.status()}`);
  process.exit(1);
}
await (await context.newCDPSession(page)).send("Network.clearBrowserCache");
await page.close();
// Disconnecting leaves the browser running for Lighthouse.
await browser.close();
