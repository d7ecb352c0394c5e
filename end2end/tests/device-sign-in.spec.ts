import { APIRequestContext, APIResponse } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, t } from "../helpers/locales";
import { DEMO_PASSWORD, signInAs } from "../pages/accounts";
import { SignInPage } from "../pages/auth";
import { DeviceSignInPage } from "../pages/device";
import { ProfilePage } from "../pages/profile";

/** The demo's contract manager (crates/server/src/seed.rs). */
const PERSON = "alex.morgan@example.com";
const APP = "Draftline CAD";
const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** RFC 8628 §3.2, as `POST /device/authorize` answers. */
interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** A desktop app asks to sign in, as the products and `seatwise login` do (form-encoded, no cookie). */
async function authorize(request: APIRequestContext, deviceName: string): Promise<DeviceAuthorization> {
  const response = await request.post("/api/v1/device/authorize", {
    form: { client_id: APP, device_name: deviceName, os: "linux" },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as DeviceAuthorization;
}

/**
 * The app polls for its token as RFC 8628 §3.5 says: again after `interval` seconds while the
 * answer is pending, 5 seconds more after `slow_down`; any other answer is the result.
 */
async function pollToken(request: APIRequestContext, authorization: DeviceAuthorization): Promise<APIResponse> {
  let interval = authorization.interval;
  for (let attempt = 0; attempt < 6; attempt++) {
    const response = await request.post("/api/v1/device/token", {
      form: { grant_type: DEVICE_CODE_GRANT, device_code: authorization.device_code },
    });
    if (response.status() !== 400) return response;
    const { error } = (await response.json()) as { error: string };
    if (error === "slow_down") interval += 5;
    else if (error !== "authorization_pending") return response;
    await new Promise((resolve) => setTimeout(resolve, interval * 1000));
  }
  throw new Error("no answer to the device sign-in after 6 polls");
}

test("a desktop app's sign-in is approved at /device after signing in, its token works, and the device is deactivated from the profile", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  // A name of its own on every run: the demo person's devices stay listed from earlier runs.
  const deviceName = `E2E-PC-${Date.now()}`;
  const authorization = await authorize(request, deviceName);
  expect(authorization.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
  // The link the app prints is this page with the code.
  expect(authorization.verification_uri_complete).toMatch(
    new RegExp(`/device\\?code=${authorization.user_code}$`),
  );

  const device = new DeviceSignInPage(page);
  await test.step("the app's link, opened signed out, leads through sign-in and back with the code", async () => {
    await device.goto(authorization.user_code);
    const signIn = new SignInPage(page);
    await signIn.shell.expectPage("sign_in.title");
    await signIn.signIn(PERSON, DEMO_PASSWORD);
    await expect(page).toHaveURL(new RegExp(`/device\\?code=${authorization.user_code}$`));
  });

  await test.step("the code is looked up at once: which app, which computer; approving takes a click", async () => {
    await expect(device.shell.heading("device.title")).toBeVisible();
    await expect(device.question).toBeVisible();
    await expect(device.fact("device.app")).toHaveText(APP);
    await expect(device.fact("device.computer")).toHaveText(deviceName);
    await expect(device.fact("device.os")).toHaveText("linux");
    await expect(device.fact("device.user_code")).toHaveText(authorization.user_code);
    await expect(page.getByText(t("en", "device.warning"))).toBeVisible();
    await expectAccessible(page, "the device sign-in's question");
    await device.button("device.approve").click();
    await expect(page.getByText(t("en", "device.approved", { app: APP, computer: deviceName }))).toBeVisible();
    await expect(device.button("device.approve")).toHaveCount(0);
  });

  let token = "";
  await test.step("the app's next poll gets its token", async () => {
    const response = await pollToken(request, authorization);
    const body = await response.json();
    expect(response.status(), JSON.stringify(body)).toBe(200);
    expect(body.token_type).toBe("Bearer");
    expect(typeof body.access_token).toBe("string");
    expect(body.access_token.length).toBeGreaterThan(20);
    token = body.access_token;
  });

  await test.step("the profile lists the device as active; deactivating it ends its sign-in", async () => {
    await page.goto("/profile");
    const profile = new ProfilePage(page);
    await profile.expectLoaded();
    const row = profile.deviceRow(deviceName);
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("cell", { name: exact(APP) })).toBeVisible();
    await expect(row.getByText(t("en", "devices.active"), { exact: true })).toBeVisible();
    await expectAccessible(page, "the profile's devices");

    await row.getByRole("button", { name: exact(t("en", "devices.deactivate_label", { computer: deviceName })) }).click();
    await expect(row.getByText(t("en", "devices.deactivated"), { exact: true })).toBeVisible();
    await expect(page.getByText(t("en", "devices.deactivated_toast", { computer: deviceName }))).toBeVisible();
    await expect(row.getByRole("button")).toHaveCount(0);
    // The list as the server has it now, after a reload.
    await page.reload();
    await expect(profile.deviceRow(deviceName).getByText(t("en", "devices.deactivated"), { exact: true })).toBeVisible();

    const heartbeat = await request.post("/api/v1/licensing/heartbeat", {
      headers: { authorization: `Bearer ${token}` },
      data: { product: "DRAFT", version: "2026.1" },
    });
    expect(heartbeat.status()).toBe(401);
    expect((await heartbeat.json()).code).toBe("device_deactivated");
  });
});

test.describe("a code that does not work", () => {
  // The lookup of an unknown code is answered 404 on purpose.
  test.use({ expectedConsoleErrors: [/status of 404\b/] });

  test("is refused at the field with the not-valid message", async ({ page }) => {
    await signInAs(page, PERSON);
    const device = new DeviceSignInPage(page);
    await device.goto();
    await device.shell.expectPage("device.title");

    /** Enters a code and waits for the server's answer to its lookup. */
    const lookUp = async (code: string) => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/v1/me/device-requests/") && r.request().method() === "GET"),
        device.enterCode(code),
      ]);
      return response.status();
    };

    // Never a code: the server's codes have no vowels.
    expect(await lookUp("WXYZ-AEIO")).toBe(404);
    await expect(device.codeField).toHaveAttribute("aria-invalid", "true");
    await expect(device.codeError).toHaveText(t("en", "device.invalid"));
    await expect(page.getByRole("alert").filter({ hasText: t("en", "device.invalid") })).toBeVisible();
    await expect(device.question).toHaveCount(0);
    await expectAccessible(page, "a refused device code");

    // Well formed, typed loosely (case, a space), but no app asked with it: the same message.
    expect(await lookUp("bcdf ghjk")).toBe(404);
    await expect(device.codeError).toHaveText(t("en", "device.invalid"));
    await expect(device.codeField).toHaveValue("bcdf ghjk");
  });
});
