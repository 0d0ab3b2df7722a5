/**
 * Done when: a commissioner sees last year's cost avoided for East Cambridgeshire by
 * ward and month, an administrator changes the home-care hourly rate for next year without
 * changing past figures, and the commissioner models 5% over 3 years and downloads the CSV.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, signInAs, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();
const shots = process.env.EVIDENCE_SCREENSHOTS;

async function download(page: Page, linkName: string | RegExp): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).first().click()]);
  const path = await file.path();
  return fs.readFileSync(path, "utf8");
}

/** The cost avoided in each month and ward, as the tables show them. */
async function tableFigures(page: Page, table: string): Promise<string[]> {
  return page.locator(`table[data-table="${table}"] tbody tr`).evaluateAll((rows) => rows.map((row) => (row as HTMLElement).innerText.replace(/\s+/g, " ").trim()));
}

describe.skipIf(!run)("evidence for commissioners in a real browser", () => {
  const suite = browserSuite();

  it("shows last year's cost avoided by ward and month, keeps past figures when the rate changes, and models 5% over 3 years", async () => {
    const commissioner = await suite.browser.newContext({ acceptDownloads: true });
    const administrator = await suite.browser.newContext();
    try {
      const page = await commissioner.newPage();
      await signInAs(page, suite.app.url, "commissioner@demo.example.org");
      await page.getByRole("link", { name: "Evidence of cost avoided" }).click();
      await page.getByRole("heading", { level: 1, name: "Evidence of cost avoided" }).waitFor();
      await page.getByLabel("District", { exact: true }).selectOption({ label: "East Cambridgeshire" });
      await page.getByRole("button", { name: "Show" }).click();
      await page.getByText(/^East Cambridgeshire, /).waitFor();
      await expectNoAxeViolations(page);
      if (shots) await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });

      // Twelve months, ward by ward; each chart is an image with a data table beside it.
      const months = await tableFigures(page, "month");
      expect(months).toHaveLength(13); // 12 months and the total
      const wards = await tableFigures(page, "ward");
      expect(wards.some((row) => row.startsWith("Ely"))).toBe(true);
      expect(wards.at(-1)).toMatch(/^Total \d+ /);
      expect(await page.locator('svg[data-chart="chart-ward"][role="img"]').count()).toBe(1);
      // Small numbers are never shown.
      for (const row of wards) expect(row).not.toMatch(/^\S[^\d]* [1-4] /);

      const wardCsv = await download(page, "Download this table as CSV");
      expect(wardCsv).toContain("Ward,People,Hours of care diverted");
      expect(wardCsv).toContain("East Cambridgeshire");

      // Every cost avoided opens what is behind it: unit costs and quantities, never a person.
      await page.locator('table[data-table="ward"] a').first().click();
      await page.getByRole("heading", { level: 1, name: /^How £[\d,.]+ was worked out$/ }).waitFor();
      expect(await page.locator('table[data-table="trace"]').innerText()).toContain("£17.50 an hour (2019/20 prices)");
      await expectNoAxeViolations(page);
      await page.goBack();

      // An administrator records next year's home-care rate.
      const admin = await administrator.newPage();
      await signInAs(admin, suite.app.url, "admin@demo.example.org");
      await admin.getByRole("link", { name: "Unit costs" }).click();
      await admin.getByRole("heading", { level: 1, name: "Unit costs" }).waitFor();
      await expectNoAxeViolations(admin);
      const nextYear = new Date().getUTCFullYear() + 1;
      await admin.getByLabel("Service").selectOption("home-care");
      await admin.getByLabel("Amount, in pounds").fill("-19.25");
      await admin.getByLabel("Price year").fill(`${nextYear}/${String((nextYear + 1) % 100).padStart(2, "0")}`);
      await admin.getByLabel("Applies from").fill(`${nextYear}-04-01`);
      await admin.getByLabel("Source", { exact: true }).fill("Council fee uplift report");
      await admin.getByRole("button", { name: "Add the figure" }).click();
      await admin.getByText("The amount cannot be negative").first().waitFor();
      await expectNoAxeViolations(admin);
      await admin.getByLabel("Amount, in pounds").fill("19.25");
      await admin.getByRole("button", { name: "Add the figure" }).click();
      await admin.getByText("The new figure for home care was recorded").waitFor();
      const homeCare = await admin.locator('table[data-service="home-care"] tbody tr').allInnerTexts();
      expect(homeCare).toHaveLength(2);
      expect(homeCare[0]).toContain(`to 31 March ${nextYear}`);
      expect(homeCare[1]).toContain("£19.25 an hour");

      // The commissioner's past figures are the same as before.
      await page.reload();
      expect(await tableFigures(page, "month")).toEqual(months);
      expect(await tableFigures(page, "ward")).toEqual(wards);

      // The business case: 5% of East Cambridgeshire's home-care spend over 3 years, in one click.
      await page.getByRole("link", { name: "Model a business case" }).click();
      await page.getByRole("link", { name: /5% of East Cambridgeshire/ }).click();
      await page.getByRole("heading", { name: "The saving" }).waitFor();
      const result = await page.locator('dl[data-result="cohort"]').innerText();
      expect(result).toContain("£10,593,960.00");
      expect(result).toContain("£529,698.00");
      expect(result).toContain("£1,589,094.00");
      await expectNoAxeViolations(page);
      if (shots) await page.screenshot({ path: `${shots}/modeller.png`, fullPage: true });
      const modelCsv = await download(page, "Download this model as CSV");
      expect(modelCsv).toContain("Multi-year saving (£),1589094.00");
      expect(modelCsv).toContain('"Full-year effect, weekly × 52 (£)",10593960.00');
    } finally {
      await commissioner.close();
      await administrator.close();
    }
  });

  it("works without JavaScript: filter, charts, tables and setting a target", async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInAs(page, suite.app.url, "commissioner@demo.example.org");
      await page.goto(`${suite.app.url}/evidence`);
      await page.getByLabel("District", { exact: true }).selectOption({ label: "East Cambridgeshire" });
      await page.getByRole("button", { name: "Show" }).click();
      await page.getByText(/^East Cambridgeshire, /).waitFor();
      expect(await page.locator('svg[data-chart="chart-month"] rect').count()).toBeGreaterThan(6);
      expect(await tableFigures(page, "ward")).not.toEqual([]);
      await page.getByLabel("Cost avoided a month, in pounds").fill("-5");
      await page.getByLabel("From month").fill("2026-01");
      await page.getByRole("button", { name: "Set the target" }).click();
      await page.getByText("The monthly target cannot be negative").first().waitFor();
      await page.getByLabel("Cost avoided a month, in pounds").fill("30000");
      await page.getByRole("button", { name: "Set the target" }).click();
      await page.getByText("The monthly target was set.").waitFor();
      expect(page.url()).toContain("district=E07000009");
    } finally {
      await context.close();
    }
  });
});
