import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();

describe.skipIf(!run)("a resident shortlists and prints support in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`shortlists two results, opens the list and its print layout (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      try {
        await page.goto(`${suite.app.url}/search?q=lunch+club`);
        const results = page.getByRole("list", { name: "Search results" });
        const names: string[] = [];
        for (const index of [0, 1]) {
          const item = results.locator(":scope > li").nth(index);
          names.push((await item.getByRole("heading").textContent())!.trim());
          await item.getByRole("button", { name: /^Add to shortlist/ }).click();
          await results.locator(":scope > li").nth(index).getByRole("button", { name: /^Remove from shortlist/ }).waitFor();
        }
        await page.getByRole("link", { name: "Shortlist (2)" }).click();
        await page.getByRole("heading", { level: 1, name: "Your shortlist" }).waitFor();
        for (const name of names) expect(await page.getByRole("link", { name, exact: true }).isVisible()).toBe(true);
        expect(await page.getByText(/01632 960\d{3}/).first().isVisible()).toBe(true);
        if (javaScriptEnabled) {
          expect(await page.getByRole("button", { name: "Print this list" }).isVisible()).toBe(true);
          await expectNoAxeViolations(page);
        } else {
          expect(await page.getByText("use your browser's Print option").isVisible()).toBe(true);
        }
        // The printed page keeps the list and its details, and drops the header, forms and sharing.
        await page.emulateMedia({ media: "print" });
        expect(await page.locator(".atlas-header").isVisible()).toBe(false);
        expect(await page.getByRole("heading", { name: "Share this shortlist" }).isVisible()).toBe(false);
        expect(await page.getByRole("link", { name: names[0]!, exact: true }).isVisible()).toBe(true);
        expect(await page.getByText(/01632 960\d{3}/).first().isVisible()).toBe(true);
      } finally {
        await context.close();
      }
    });
  }
});
