/**
 * A resident goes through "What matters to you" on a phone, with and without JavaScript, and
 * switches the site to Polish and back; axe-core finds nothing on any page (with JavaScript,
 * which axe needs). Prints the number of pages and what they weigh.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();
const phone = { width: 375, height: 812 };

/** Sums the bytes of every response the page receives (documents, styles, scripts). */
function weigh(page: Page): { bytes: number; documents: number } {
  const weight = { bytes: 0, documents: 0 };
  page.on("response", async (response) => {
    const body = await response.body().catch(() => null);
    if (body) weight.bytes += body.length;
    if (response.request().resourceType() === "document") weight.documents++;
  });
  return weight;
}

describe.skipIf(!run)("the guided path and the language switch in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`takes a resident from 'What matters to you' to ranked results on a phone (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 120_000 }, async () => {
      const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled });
      const page = await context.newPage();
      const weight = weigh(page);
      const check = async () => {
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      const answer = async (heading: string, choose: () => Promise<void>) => {
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await check();
        await choose();
        await page.getByRole("button", { name: "Continue" }).click();
      };
      let questions = 0;
      try {
        await page.goto(`${suite.app.url}/`);
        await page.getByRole("link", { name: "Tell us what matters to you" }).click();
        await page.getByRole("heading", { level: 1, name: "What matters to you" }).waitFor();
        await check();
        await page.getByRole("button", { name: "Start now" }).click();
        await answer("Who is the support for?", () => page.getByLabel("Me", { exact: true }).check());
        questions++;
        await answer("How old are you?", () => page.getByLabel("75 to 84").check());
        questions++;
        // Nothing chosen: the error summary, linked to the first box.
        await answer("What would help?", async () => {});
        await page.getByRole("alert").filter({ hasText: "Select at least one thing that would help" }).waitFor();
        await check();
        await answer("What would help?", async () => {
          await page.getByLabel("Feeling lonely, or wanting company").check();
          await page.getByLabel("Falls, or feeling unsteady at home").check();
        });
        questions++;
        await answer("Where do you want support?", () => page.getByLabel("Where do you want support?").fill("Sohm"));
        await page.getByRole("alert").filter({ hasText: "We could not find a place called ‘Sohm’" }).waitFor();
        await check();
        await answer("Where do you want support?", () => page.getByLabel("Where do you want support?").fill("Soham"));
        questions++;
        await answer("When are you free?", () => page.getByLabel("Tuesday").check());
        questions++;
        await answer("How would you get there?", () => page.getByLabel("Bus or community transport (up to 5 miles)").check());
        questions++;
        await answer("What can you pay?", () => page.getByLabel("Only free support").check());
        questions++;
        await page.getByRole("heading", { level: 1, name: "Support that could help" }).waitFor();
        await check();
        const results = page.locator("ol.atlas-guided-results > li");
        expect(await results.count()).toBeGreaterThan(0);
        expect(await results.first().innerText()).toMatch(/free/);
        // Back from the results to change one answer, and straight back to the results.
        await page.getByRole("link", { name: "Change How would they get there?" }).or(page.getByRole("link", { name: /^Change How would/ })).first().click();
        await page.getByLabel("Car or a lift (up to 10 miles)").check();
        await page.getByRole("button", { name: "Continue" }).click();
        await page.getByRole("heading", { level: 1, name: "Support that could help" }).waitFor();
        expect(page.url()).toContain("travel=car");
        expect(page.url()).toContain("help=lonely&help=falls");
        console.log(
          `[guided path] ${questions} questions, ${weight.documents} page loads, ${Math.round(weight.bytes / 1024)} KB received in all, JavaScript ${javaScriptEnabled ? "on" : "off"}`,
        );
      } finally {
        await context.close();
      }
    });

    it(`switches the site to Polish and back (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 120_000 }, async () => {
      const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled });
      const page = await context.newPage();
      try {
        await page.goto(`${suite.app.url}/what-matters`);
        await page.getByRole("link", { name: "Polski" }).click();
        await page.getByRole("heading", { level: 1, name: "Co jest dla Ciebie ważne" }).waitFor();
        expect(await page.locator("html").getAttribute("lang")).toBe("pl");
        expect(await page.title()).toBe("Co jest dla Ciebie ważne – Asset Atlas");
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        // The choice is remembered from page to page.
        await page.getByRole("button", { name: "Zacznij" }).click();
        await page.getByRole("heading", { level: 1, name: "Dla kogo jest to wsparcie?" }).waitFor();
        await page.goto(`${suite.app.url}/search?q=lunch`);
        await page.getByRole("heading", { level: 1, name: "Wyniki wyszukiwania" }).waitFor();
        // Listing names stay in English, marked as such.
        expect(await page.locator('.atlas-result h2 [lang="en-GB"]').count()).toBeGreaterThan(0);
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        await page.getByRole("link", { name: "English" }).click();
        await page.getByRole("heading", { level: 1, name: "Search results" }).waitFor();
        expect(await page.locator("html").getAttribute("lang")).toBe("en-GB");
        expect(page.url()).toContain("/search?q=lunch");
      } finally {
        await context.close();
      }
    });
  }
});
