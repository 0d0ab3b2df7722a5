import { describe, expect, it } from "vitest";
import { demoPassword } from "../../db/seed/demo-accounts";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();

describe.skipIf(!run)("a coordinator looks at a locality in a real browser", () => {
  const suite = browserSuite();

  it("sees ward boundaries and clustered listings on the map, the needs table and gaps, with no accessibility failures", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /Content Security Policy|Minified React error/i.test(message.text())) blocked.push(message.text());
    });
    try {
      await page.goto(`${suite.app.url}/sign-in?redirectTo=%2Flocalities`);
      await page.getByLabel("Email address").fill("coordinator@demo.example.org");
      await page.getByLabel("Password").fill(demoPassword);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Localities" }).waitFor();
      await page.getByLabel("District or ward").selectOption({ label: "East Cambridgeshire" });
      await page.getByRole("button", { name: "Show this place" }).click();
      await page.getByRole("heading", { level: 1, name: "East Cambridgeshire" }).waitFor();

      const map = page.getByRole("region", { name: "Map of community assets in East Cambridgeshire" });
      await map.locator(".leaflet-marker-icon").first().waitFor();
      await page.waitForFunction(() => document.querySelectorAll(".atlas-map path.leaflet-interactive").length === 14);
      const clusters = await map.locator(".atlas-cluster").allTextContents();
      const singles = await map.locator(".atlas-marker").count();
      // Every published listing is on the map, in a cluster or on its own.
      const total = clusters.reduce((sum, text) => sum + Number(text), 0) + singles;
      expect(total).toBe(Number(await map.getAttribute("data-points")));
      expect(clusters.length).toBeGreaterThan(0);

      expect(await page.getByRole("table", { name: /Needs met, ward by ward/ }).isVisible()).toBe(true);
      expect(await page.getByRole("heading", { name: /^Gaps \(\d+\)$/ }).isVisible()).toBe(true);
      await expectNoAxeViolations(page);
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
