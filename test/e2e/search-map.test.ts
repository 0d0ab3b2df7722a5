import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();

describe.skipIf(!run)("search results on a map in a real browser", () => {
  const suite = browserSuite();

  it("shows the listed results on a clustered map with ward boundaries, under the CSP, with no accessibility failures", async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|Minified React error/i.test(message.text())) problems.push(message.text());
    });
    try {
      await page.goto(`${suite.app.url}/search?q=lonely&postcode=CB7+4`);
      const listed = await page.getByRole("list", { name: "Search results" }).locator(":scope > li").count();
      const map = page.getByRole("region", { name: "Map of these results" });
      await map.locator(".leaflet-marker-icon").first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll(".atlas-map path.leaflet-interactive").length === 14);
      const clusters = await map.locator(".atlas-cluster").allTextContents();
      const singles = await map.locator(".atlas-marker").count();
      expect(clusters.reduce((sum, text) => sum + Number(text), 0) + singles).toBe(listed);
      expect(Number(await map.getAttribute("data-points"))).toBe(listed);
      await expectNoAxeViolations(page);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("without JavaScript, shows the list and no map", async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/search?q=lonely&postcode=CB7+4`);
      expect(await page.getByRole("list", { name: "Search results" }).locator(":scope > li").count()).toBeGreaterThan(0);
      expect(await page.getByRole("region", { name: "Map of these results" }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
