/**
 * Done when: a commissioner sees last year's cost avoided for East Cambridgeshire by
 * ward and month, an administrator changes the home-care hourly rate for next year without
 * changing past figures, and the commissioner models 5% over 3 years and downloads the CSV.
 */
import fs from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, signInAs, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript } from "../support/browser";
import { chartLabelDisagreements } from "../support/html";

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
      // Home care at the national reference point, converted to this year's prices with the deflators.
      const traced = await page.locator('table[data-table="trace"]').innerText();
      expect(traced).toMatch(/£32\.14 an hour \(2025\/26 prices\)/);
      expect(traced).toMatch(/index 10\d\.\d{4} for 20\d\d\/\d\d ÷ 10\d\.\d{4} for 2025\/26|no conversion: already in 2025\/26 prices/);
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
      expect(homeCare).toHaveLength(6); // the business case's figure, four years of the national reference point, and the new one
      expect(homeCare.at(-2)).toContain(`to 31 March ${nextYear}`);
      expect(homeCare.at(-1)).toContain("£19.25 an hour");

      // The commissioner's past figures are the same as before.
      await page.reload();
      expect(await tableFigures(page, "month")).toEqual(months);
      expect(await tableFigures(page, "ward")).toEqual(wards);

      // The business case: 5% of East Cambridgeshire's home-care spend over 3 years, in one click.
      await page.getByRole("link", { name: "Model a business case" }).click();
      await page.getByRole("link", { name: /5% of East Cambridgeshire/ }).click();
      await page.getByRole("heading", { name: "The saving" }).waitFor();
      // The business case's 2019/20 figures, stated in this year's prices.
      const currentYear = await page.locator("#priceYear").inputValue();
      expect(await page.locator("p[data-prices]").first().innerText()).toContain(`In ${currentYear} prices (amounts entered in 2019/20 prices;`);
      const result = await page.locator('dl[data-result="cohort"]').innerText();
      if (currentYear === "2026/27") {
        expect(result).toContain("£13,794,883.44"); // £203,730 × 105.3095 ÷ 80.8738 = £265,286.22 a week, × 52
        expect(result).toContain("£689,744.17");
        expect(result).toContain("£2,069,232.51");
      }
      await expectNoAxeViolations(page);
      if (shots) await page.screenshot({ path: `${shots}/modeller.png`, fullPage: true });
      const modelCsv = await download(page, "Download this model as CSV");
      expect(modelCsv).toContain(`Money in ${currentYear} prices`);
      if (currentYear === "2026/27") expect(modelCsv).toContain("Multi-year saving (£),2069232.51");
    } finally {
      await commissioner.close();
      await administrator.close();
    }
  }, 180_000);

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

  it("lets an administrator set deadweight and the dashboard's adjusted figures follow; indicators, settings and the price index pages are accessible", async () => {
    const commissioner = await suite.browser.newContext();
    const administrator = await suite.browser.newContext();
    try {
      const page = await commissioner.newPage();
      await signInAs(page, suite.app.url, "commissioner@demo.example.org");
      await page.goto(`${suite.app.url}/evidence?district=E07000009`);
      await page.getByText(/^All money on this page is in \d{4}\/\d{2} prices/).waitFor();
      const adjusted = async () => (await page.locator("dl[data-headline] > div").filter({ hasText: "Adjusted for confidence" }).locator("dd").innerText()).trim();
      const before = await adjusted();
      expect(chartLabelDisagreements(await page.content())).toEqual([]);

      // The administrator sets 30% deadweight for every kind of support, from long before the demo year.
      const admin = await administrator.newPage();
      await signInAs(admin, suite.app.url, "admin@demo.example.org");
      await admin.goto(`${suite.app.url}/evidence/settings`);
      await admin.getByRole("heading", { level: 1, name: "Adjustments and programme" }).waitFor();
      await expectNoAxeViolations(admin);
      await admin.getByLabel("From month").fill("2020-01");
      await admin.getByLabel("Deadweight, %").fill("130");
      await admin.getByRole("button", { name: "Set the adjustments" }).click();
      await admin.getByText("The deadweight cannot be over 100%").first().waitFor();
      await expectNoAxeViolations(admin);
      await admin.getByLabel("Deadweight, %").fill("30");
      await admin.getByLabel("Source or rationale").fill("Deadweight from the pilot's evaluation");
      await admin.getByRole("button", { name: "Set the adjustments" }).click();
      await admin.getByText("The adjustments were set.").waitFor();
      expect(await admin.locator('table[data-table="adjustments"]').innerText()).toContain("Deadweight from the pilot's evaluation");
      if (shots) await admin.screenshot({ path: `${shots}/settings.png`, fullPage: true });
      await admin.goto(`${suite.app.url}/admin/price-index`);
      await admin.getByRole("heading", { level: 1, name: "Price index" }).waitFor();
      await expectNoAxeViolations(admin);

      await page.reload();
      const after = await adjusted();
      const pence = (text: string) => Number(text.replace(/[£,]/g, "")) * 100;
      expect(pence(after)).toBeLessThan(pence(before));
      expect(Math.abs(pence(after) - pence(before) * 0.7)).toBeLessThan(10); // 30% off, rounded per year and label
      expect(await page.locator("[data-prices]").innerText()).toContain("deadweight 30%");
      await expectNoAxeViolations(page);

      // The programme's own indicators.
      await page.getByRole("link", { name: "Programme indicators" }).click();
      await page.getByRole("heading", { level: 1, name: "Programme indicators" }).waitFor();
      expect(await page.locator('tr[data-indicator="reablement-91-days"]').innerText()).toMatch(/71\.6%[\s\S]*82\.3%/);
      await expectNoAxeViolations(page);
      if (shots) await page.screenshot({ path: `${shots}/indicators.png`, fullPage: true });
      await page.getByRole("link", { name: "Older people still at home 91 days after discharge from hospital into reablement" }).click();
      await page.locator('svg[data-chart="chart-indicator"]').waitFor();
      expect(chartLabelDisagreements(await page.content())).toEqual([]);
      await expectNoAxeViolations(page);
      if (shots) await page.screenshot({ path: `${shots}/indicator.png`, fullPage: true });
      const csv = await download(page, "Download this indicator as CSV");
      expect(csv).toContain("reablement-91-days");

      // A place with no listings says so.
      const coordinatorContext = await suite.browser.newContext();
      try {
        const coordinator = await coordinatorContext.newPage();
        await signInAs(coordinator, suite.app.url, "coordinator@demo.example.org");
        await coordinator.goto(`${suite.app.url}/localities/E07000008`);
        await coordinator.getByText("There are no published listings in Cambridge.").waitFor();
        await expectNoAxeViolations(coordinator);
      } finally {
        await coordinatorContext.close();
      }
    } finally {
      await commissioner.close();
      await administrator.close();
    }
  }, 180_000);

  it("imports indicator values without JavaScript: a bad file refused row by row, then a good one checked and imported", async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await signInAs(page, suite.app.url, "commissioner@demo.example.org");
      await page.goto(`${suite.app.url}/evidence/indicators/import`);
      await expectNoAxeViolationsWithoutJavaScript(page, suite.browser);
      const file = (name: string, content: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
      await page.locator("#file").setInputFiles(
        file("bad.csv", "indicator,period,value,source\nreablement-91-dayz,2025/26,79,SALT\nreablement-offered,2025/26,140,SALT\nhome-care-under-10-hours,2025/26,about two,SALT\n"),
      );
      await page.getByRole("button", { name: "Check the file" }).click();
      await page.getByText("3 problems: nothing was imported").waitFor();
      expect(await page.locator('table[data-table="kpi-problems"]').innerText()).toContain("140% is over 100%");
      await expectNoAxeViolationsWithoutJavaScript(page, suite.browser);
      await page.getByRole("link", { name: "Upload a corrected file" }).click();
      await page.locator("#file").setInputFiles(file("good.csv", "indicator,period,value,source\nreablement-before-long-term,2025/26,44,Case management system 2025/26\n"));
      await page.getByRole("button", { name: "Check the file" }).click();
      await page.getByText("good.csv is ready to import").waitFor();
      await expectNoAxeViolationsWithoutJavaScript(page, suite.browser);
      await page.getByRole("button", { name: "Import this row" }).click();
      await page.getByText("1 value was imported from good.csv.").waitFor();
      await page.goto(`${suite.app.url}/evidence/indicators/reablement-before-long-term`);
      expect(await page.locator('table[data-table="indicator"]').innerText()).toContain("44%");
      await expectNoAxeViolationsWithoutJavaScript(page, suite.browser);

      // Adjustments without JavaScript too, and the dashboard in another price year.
      await page.goto(`${suite.app.url}/evidence/settings?district=E07000009`);
      await page.getByLabel("Kind of support").selectOption({ label: "Personal assistant (PA)" });
      await page.getByLabel("From month").fill("2020-01");
      await page.getByLabel("Attribution, %").fill("15");
      await page.getByLabel("Source or rationale").fill("Family carers share the credit");
      await page.getByRole("button", { name: "Set the adjustments" }).click();
      await page.getByText("The adjustments were set.").waitFor();
      await expectNoAxeViolationsWithoutJavaScript(page, suite.browser);
      await page.goto(`${suite.app.url}/evidence?district=E07000009`);
      await page.getByLabel("Prices of").selectOption("2024/25");
      await page.getByRole("button", { name: "Show" }).click();
      await page.getByText("All money on this page is in 2024/25 prices").waitFor();
      expect(await page.locator("[data-prices]").innerText()).toContain("Personal assistant (PA), set from 2020-01");
      await expectNoAxeViolationsWithoutJavaScript(page, suite.browser);
    } finally {
      await context.close();
    }
  }, 180_000);
});
