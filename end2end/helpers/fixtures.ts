import { test as base, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

/**
 * Failed responses the app expects and handles (signed-out session check, wrong password,
 * refused fields, bad links): Chromium logs them as console errors, but they are not errors
 * of the app.
 */
const EXPECTED_HTTP_ERRORS = /^Failed to load resource: the server responded with a status of (400|401|422|429)\b/;

/** Runs axe on the page as it is now; serious and critical violations fail the test. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = bad.map(
    (v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(summary, `accessibility of ${what}`).toEqual([]);
}

type Fixtures = {
  /** Console errors a test provokes on purpose (for example a request it makes fail). */
  expectedConsoleErrors: RegExp[];
  /**
   * Sites a test visits that are not the app (the test OpenID provider): what their pages log
   * is theirs, not the app's.
   */
  foreignOrigins: string[];
  /** Problems seen in the browser: console errors, uncaught exceptions, CSP violations. */
  browserProblems: string[];
};

export const test = base.extend<Fixtures>({
  expectedConsoleErrors: [[], { option: true }],
  foreignOrigins: [[], { option: true }],
  browserProblems: [
    async ({ page, expectedConsoleErrors, foreignOrigins }, use) => {
      const problems: string[] = [];
      page.on("console", (message) => {
        const text = message.text();
        const foreign = foreignOrigins.some((origin) => origin !== "" && page.url().startsWith(origin));
        const expected =
          foreign || EXPECTED_HTTP_ERRORS.test(text) || expectedConsoleErrors.some((re) => re.test(text));
        if (message.type() === "error" && !expected) {
          problems.push(`console error: ${text}`);
        }
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      await page.exposeFunction("__seatwiseCspViolation", (text: string) =>
        problems.push(`CSP violation: ${text}`),
      );
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          const report = (window as unknown as { __seatwiseCspViolation?: (t: string) => void })
            .__seatwiseCspViolation;
          report?.(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
        });
      });
      await use(problems);
      expect(problems, "browser console errors, page errors and CSP violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
