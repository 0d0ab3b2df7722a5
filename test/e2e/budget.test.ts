import { and, eq, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { services } from "../../db/schema";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();
const phone = { width: 375, height: 812 };

describe.skipIf(!run)("a resident sees what their budget buys, and asks a provider about a place, in a real browser on a phone", () => {
  let listing = "";
  const suite = browserSuite({
    prepare: async (db) => {
      const [row] = await db
        .select({ id: services.id })
        .from(services)
        .where(and(eq(services.listingStatus, "published"), eq(services.status, "active"), isNotNull(services.email)))
        .orderBy(services.id)
        .limit(1);
      listing = row!.id;
    },
  });

  for (const javaScriptEnabled of [true, false]) {
    it(
      `£150 a week gives a costed plan compared with home care, after a refused -£5 (JavaScript ${javaScriptEnabled ? "on" : "off"})`,
      async () => {
        const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled });
        const page = await context.newPage();
        try {
          await page.goto(`${suite.app.url}/prices`);
          await page.getByRole("heading", { level: 1, name: "Local price schedule" }).waitFor();
          expect(await page.getByRole("row", { name: /Personal assistants \(PAs\)/ }).isVisible()).toBe(true);
          if (javaScriptEnabled) await expectNoAxeViolations(page);
          await page.getByRole("link", { name: "Work out what your budget buys" }).click();
          await page.getByRole("heading", { level: 1, name: "What my budget buys" }).waitFor();
          if (javaScriptEnabled) await expectNoAxeViolations(page);

          await page.getByLabel("Your budget each week, in pounds").fill("-5");
          await page.getByLabel("Company and social connection").check();
          await page.getByLabel("Help with daily living").check();
          await page.getByLabel("Where? A postcode, town or village").fill("Soham");
          await page.getByRole("button", { name: "Show what my budget buys" }).click();
          await page.getByRole("alert").getByText("Enter a budget of more than £0 a week").waitFor();
          if (javaScriptEnabled) await expectNoAxeViolations(page);

          await page.getByLabel("Your budget each week, in pounds").fill("150");
          await page.getByRole("button", { name: "Show what my budget buys" }).click();
          await page.getByRole("heading", { level: 2, name: "A week of support for £150.00" }).waitFor();
          const plan = page.getByRole("table", { name: "Your week" });
          expect(await plan.getByRole("row").count()).toBeGreaterThanOrEqual(4);
          expect(await plan.getByText("Free").first().isVisible()).toBe(true);
          expect(await plan.getByRole("row", { name: /Left from your budget £\d+\.\d\d/ }).isVisible()).toBe(true);
          expect(await page.getByText(/The same \d+ hours of agency home care would cost £\d+\.\d\d a week/).isVisible()).toBe(true);
          // Everything a person would print fits the phone's width.
          const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
          expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
          if (javaScriptEnabled) {
            expect(await page.getByRole("button", { name: "Print this plan" }).isVisible()).toBe(true);
            await expectNoAxeViolations(page);
          } else {
            expect(await page.getByText("To print this plan, use your browser's Print option.").isVisible()).toBe(true);
          }
          await page.emulateMedia({ media: "print" });
          expect(await page.getByRole("button", { name: "Show what my budget buys" }).isVisible()).toBe(false);
          expect(await plan.isVisible()).toBe(true);
        } finally {
          await context.close();
        }
      },
      120_000,
    );

    it(
      `asks a provider from their listing (JavaScript ${javaScriptEnabled ? "on" : "off"})`,
      async () => {
        const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled });
        const page = await context.newPage();
        try {
          await page.goto(`${suite.app.url}/assets/${listing}`);
          await page.getByRole("link", { name: /^Ask about a place/ }).click();
          await page.getByRole("heading", { level: 1, name: "Ask about a place" }).waitFor();
          if (javaScriptEnabled) await expectNoAxeViolations(page);
          await page.getByLabel("Your question").fill("Is there room on Fridays?");
          await page.getByLabel("Your email address").fill("not-an-email");
          await page.getByRole("button", { name: "Send question" }).click();
          await page.getByRole("alert").getByText("Enter an email address like name@example.org").waitFor();
          expect(await page.getByRole("alert").getByText(/Tick the box to agree/).isVisible()).toBe(true);
          if (javaScriptEnabled) await expectNoAxeViolations(page);
          await page.getByLabel("Your email address").fill(`browser-${javaScriptEnabled}@example.net`);
          await page.getByLabel(/I agree to the council keeping my question/).check();
          await page.getByRole("button", { name: "Send question" }).click();
          await page.getByRole("heading", { level: 1, name: "Message sent" }).waitFor();
          if (javaScriptEnabled) await expectNoAxeViolations(page);
        } finally {
          await context.close();
        }
      },
      120_000,
    );
  }
});
