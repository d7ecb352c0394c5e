import { execFileSync } from "child_process";
import * as fs from "fs";
import { Download, Page } from "@playwright/test";
import { test, expect, expectAccessible } from "../helpers/fixtures";
import { exact, Lang, t } from "../helpers/locales";
import { ImportPage, InvitationsPage, signInAs, UsersPage } from "../pages/accounts";
import { Shell } from "../pages/shell";

/** The bytes of a finished download. */
async function downloaded(download: Download): Promise<Buffer> {
  const file = await download.path();
  return fs.readFileSync(file!);
}

/** CSV text as rows of cells (the exports quote nothing our checks need; no BOM). */
function csvRows(bytes: Buffer): string[][] {
  const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
  return text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split(","));
}

/** One file of a zip (an .xlsx), read with Python's zipfile (no zip library in node_modules). */
function zipEntry(bytes: Buffer, entry: string): string {
  const script = "import sys,zipfile;sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode('utf-8'))";
  const file = `${test.info().outputPath("export.xlsx")}`;
  fs.mkdirSync(test.info().outputDir, { recursive: true });
  fs.writeFileSync(file, bytes);
  return execFileSync("python3", ["-c", script, file, entry], { encoding: "utf8" });
}

async function clickDownload(page: Page, name: string): Promise<Download> {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: exact(name) }).click(),
  ]);
  return download;
}

test("import from CSV: the dry run names the bad line, the valid rows are invited", async ({ page }) => {
  await signInAs(page, "alex.morgan@example.com");
  const users = new UsersPage(page);
  await users.open();
  await users.tab("accounts.tab_import").click();
  await expect(page).toHaveURL(/\/accounts\/[^/]+\/import$/);
  const importPage = new ImportPage(page);
  await expect(importPage.heading).toBeVisible();
  await expect(page.getByRole("link", { name: exact(t("en", "import.template")) })).toHaveAttribute(
    "href",
    /\/api\/v1\/accounts\/[^/]+\/imports\/template\.csv$/,
  );
  await expectAccessible(page, "import");

  const stamp = `${Date.now()}`;
  const good = [`e2e-imp-a-${stamp}@example.com`, `e2e-imp-b-${stamp}@example.com`, `e2e-imp-c-${stamp}@example.com`];
  const csv = [
    "email,first_name,last_name,team,products,role",
    `${good[0]},Mojca,Kranjc,,,user`,
    `${good[1]},Boris,Pahor,,,secondary_admin`,
    "not-an-address,Tjaša,Vidic,,,",
    `${good[2]},Lan,Zupan,,,`,
  ].join("\r\n");

  await test.step("dry run: 3 valid, line 4 has a translated problem, nothing is invited yet", async () => {
    // The check is held back: a progress bar shows and the file input waits.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/v1/accounts/*/imports/preview", async (route) => {
      await gate;
      await route.continue();
    });
    await importPage.choose("people.csv", csv);
    await expect(page.getByRole("progressbar", { name: t("en", "import.working") })).toBeVisible();
    await expect(importPage.fileInput).toBeDisabled();
    release();
    await expect(importPage.counts).toContainText(t("en", "import.valid", { count: 3 }));
    await page.unroute("**/api/v1/accounts/*/imports/preview");
    await expect(page.getByRole("progressbar")).toHaveCount(0);
    await expect(page.getByText(t("en", "import.chosen", { name: "people.csv" }))).toBeVisible();
    await expect(importPage.counts).toContainText(t("en", "import.invalid", { count: 1 }));
    const bad = importPage.line(4);
    await expect(bad.getByRole("cell").first()).toHaveText("4");
    await expect(bad).toContainText("not-an-address");
    await expect(bad).toContainText(t("en", "import.problems.invalid_email"));
    for (const line of [2, 3, 5]) {
      await expect(importPage.line(line)).toContainText(t("en", "import.ok"));
    }
    await expectAccessible(page, "import dry run");
  });

  await test.step("import: 3 invited, the bad row skipped with its reason", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/v1/accounts/*/imports", async (route) => {
      await gate;
      await route.continue();
    });
    await importPage.applyButton(3).click();
    await expect(importPage.applyButton(3)).toBeDisabled();
    await expect(page.getByRole("progressbar", { name: t("en", "import.working") })).toBeVisible();
    release();
    await expect(importPage.result).toContainText(t("en", "import.invited", { count: 3 }));
    await expect(importPage.result).toContainText(t("en", "import.skipped", { count: 1 }));
    await page.unroute("**/api/v1/accounts/*/imports");
    await expect(page.getByTestId("import-line-4")).toContainText(t("en", "import.problems.invalid_email"));
    await expectAccessible(page, "import result");
  });

  await test.step("the new invitations are in the list", async () => {
    await users.tab("accounts.tab_invitations").click();
    const invitations = new InvitationsPage(page);
    await expect(invitations.table).toBeVisible();
    for (const email of good) {
      await expect(invitations.table.getByText(email)).toBeVisible();
    }
  });

  await test.step("the same file again: every row is already invited (the dry run changes nothing)", async () => {
    await users.tab("accounts.tab_import").click();
    await importPage.choose("people.csv", csv);
    await expect(importPage.counts).toContainText(t("en", "import.valid", { count: 0 }));
    await expect(importPage.line(2)).toContainText(t("en", "import.problems.already_invited"));
    await expect(importPage.applyButton(0)).toBeDisabled();
  });

  await test.step("activity filtered to invitations, exported as CSV with the same filter", async () => {
    await users.tab("accounts.tab_activity").click();
    await page.getByLabel(t("en", "activity.action"), { exact: true }).selectOption("invitation.");
    await page.getByRole("button", { name: exact(t("en", "activity.filter")) }).click();
    await expect(page).toHaveURL(/[?&]action=invitation\./);
    await expectAccessible(page, "activity filtered");
    const rows = csvRows(await downloaded(await clickDownload(page, t("en", "activity.export_csv"))));
    expect(rows[0].slice(0, 3)).toEqual(["at", "actor", "action"]);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows.slice(1)) {
      expect(row[2]).toMatch(/^invitation\./);
    }
  });
});

test("a file-level problem is explained in every language", async ({ page }) => {
  await signInAs(page, "alex.morgan@example.com");
  const users = new UsersPage(page);
  await users.open();
  await users.tab("accounts.tab_import").click();
  const importPage = new ImportPage(page);
  await importPage.choose("wrong.csv", "mail,name\r\nsomeone@example.com,Someone\r\n");
  const header = "email,first_name,last_name,team,products,role";
  const shell = new Shell(page);
  for (const lang of ["en", "zh-TW", "sl", "en"] as Lang[]) {
    if (lang !== shell.lang) await shell.chooseLanguage(lang);
    const message = t(lang, "import.file_problems.missing_header", { header });
    await expect(page.getByRole("alert").filter({ hasText: message })).toBeVisible();
  }
  await expect(importPage.counts).toHaveCount(0);
});

test("a large file is checked and its rows are drawn a page at a time", async ({ page }) => {
  await signInAs(page, "alex.morgan@example.com");
  const users = new UsersPage(page);
  await users.open();
  await users.tab("accounts.tab_import").click();
  const importPage = new ImportPage(page);
  const stamp = `${Date.now()}`;
  const lines = ["email,first_name,last_name,team,products,role"];
  for (let i = 0; i < 620; i++) lines.push(`e2e-big-${i}-${stamp}@example.com,Big,Person${i},,,`);
  await importPage.choose("big.csv", lines.join("\r\n"));
  await expect(importPage.counts).toContainText(t("en", "import.valid", { count: 620 }), { timeout: 30_000 });
  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(501);
  await page.getByRole("button", { name: exact(t("en", "import.show_more", { count: 120 })) }).click();
  await expect(table.getByRole("row")).toHaveCount(621);
  await expect(importPage.line(621)).toContainText(`e2e-big-619-${stamp}@example.com`);
  await expect(importPage.applyButton(620)).toBeEnabled();
});

test("users export: CSV and XLSX hold what the filtered list shows", async ({ page }) => {
  await signInAs(page, "alex.morgan@example.com");
  const users = new UsersPage(page);
  await users.open();
  await page.goto(`${new URL(page.url()).pathname}?role=secondary_admin`);
  await expect(page.getByRole("table").getByText("ana.novak@example.com")).toBeVisible();
  await expectAccessible(page, "users filtered");

  const csvLink = page.getByRole("link", { name: exact(t("en", "users.export_csv")) });
  await expect(csvLink).toHaveAttribute("href", /\/members\/export\.csv\?role=secondary_admin$/);

  await test.step("CSV: the header, Ana, and only secondary admins", async () => {
    const bytes = await downloaded(await clickDownload(page, t("en", "users.export_csv")));
    const rows = csvRows(bytes);
    expect(rows[0]).toEqual([
      "email", "first_name", "last_name", "account_id", "team", "role", "status", "products", "last_sign_in", "joined",
    ]);
    const emails = rows.slice(1).map((row) => row[0]);
    expect(emails).toContain("ana.novak@example.com");
    expect(emails).not.toContain("alex.morgan@example.com");
    for (const row of rows.slice(1)) {
      expect(row[5]).toBe("secondary_admin");
    }
    // The file holds what the list shows.
    await expect(page.getByRole("table").getByRole("row")).toHaveCount(rows.length);
  });

  await test.step("XLSX: a zip whose shared strings hold Ana and not the primary admin", async () => {
    const bytes = await downloaded(await clickDownload(page, t("en", "users.export_xlsx")));
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const strings = zipEntry(bytes, "xl/sharedStrings.xml");
    expect(strings).toContain("ana.novak@example.com");
    expect(strings).not.toContain("alex.morgan@example.com");
  });
});
