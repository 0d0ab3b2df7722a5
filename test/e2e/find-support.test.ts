import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();

describe.skipIf(!run)("a resident finds support in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`opens the home page, searches and opens an asset (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      try {
        await page.goto(suite.app.url);
        await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
          "Find community support near you",
        );
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        await page.getByLabel("What would help?").fill("lunch club");
        await page.getByRole("button", { name: "Search" }).click();
        await page.waitForURL(/\/search\?q=lunch\+club/);
        const status = await page.getByRole("status").textContent();
        expect(status).toMatch(/^\d+ results? for “lunch club”/);
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        const firstResult = page.getByRole("list", { name: "Search results" }).getByRole("link").first();
        const name = (await firstResult.textContent())!.trim();
        await firstResult.click();
        await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
        // With JavaScript the page changes by client-side navigation: wait for its heading.
        await page.getByRole("heading", { level: 1, name, exact: true }).waitFor();
        await expect(page.getByRole("heading", { name: "How to get in touch" }).isVisible()).resolves.toBe(true);
        const phone = await page.locator('a[href^="tel:"]').first().getAttribute("href");
        expect(phone).toMatch(/^tel:01632960\d{3}$/);
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      } finally {
        await context.close();
      }
    });
  }

  for (const javaScriptEnabled of [true, false]) {
    it(`searches “lonely” near CB7 4, sees befriending and lunch clubs with distances, and filters by a need (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      try {
        await page.goto(suite.app.url);
        await page.getByLabel("What would help?").fill("lonely");
        await page.getByLabel("Postcode or place (optional)").fill("CB7 4");
        await page.getByRole("button", { name: "Search", exact: true }).click();
        await page.waitForURL(/\/search\?q=lonely&postcode=CB7\+4/);
        const form = page.getByRole("search", { name: "Search and filter" });
        const status = page.getByRole("status");
        await status.filter({ hasText: "within 5 miles of CB7 4" }).waitFor();
        const before = Number(/^(\d+) results/.exec((await status.textContent())!)?.[1]);
        expect(before).toBeGreaterThan(0);

        const results = page.getByRole("list", { name: "Search results" });
        const names = (await results.getByRole("heading").allTextContents()).join("\n");
        expect(names).toMatch(/befriend/i);
        expect(names).toMatch(/lunch/i);
        const distances = await results.locator(".atlas-result__distance").allTextContents();
        expect(distances.length).toBe(await results.locator(":scope > li").count());
        for (const distance of distances) expect(distance).toMatch(/^(\d+(\.\d)? miles|1 mile|under 0\.1 miles)$/);
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        // The filters wait behind the "Filter" disclosure, which opens with or without JavaScript.
        await form.getByText("Filter", { exact: true }).click();
        await form.getByLabel(/^Memory and dementia \(\d+\)$/).check();
        await form.getByRole("button", { name: "Apply filters" }).click();
        await page.waitForURL(/need=memory/);
        await status.filter({ hasText: /^\d+ results? for “lonely” within 5 miles of CB7 4/ }).waitFor();
        // With JavaScript the URL changes before the new results render: wait for the count to move.
        const count = async () => Number(/^(\d+) results?/.exec((await status.textContent()) ?? "")?.[1]);
        await expect.poll(count, { timeout: 10_000 }).not.toBe(before);
        const after = await count();
        expect(after).toBeGreaterThan(0);
        expect(after).toBeLessThan(before);
        expect(await form.getByLabel(/^Memory and dementia/).isChecked()).toBe(true);
        expect(await form.getByLabel("Postcode or place").inputValue()).toBe("CB7 4");
        expect(await results.locator(":scope > li").count()).toBe(Math.min(after, 20));
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      } finally {
        await context.close();
      }
    });
  }

  it("tells a resident plainly about a postcode it does not know (axe finds nothing)", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/search?q=lunch&postcode=XX1+1XX&radius=10000&age=old`);
      await page.getByRole("alert").getByText("We could not find the postcode ‘XX1 1XX’.", { exact: false }).waitFor();
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });

  it("shows a friendly page for an unknown asset", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    try {
      const response = await page.goto(`${suite.app.url}/assets/00000000-0000-4000-8000-000000000000`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Page not found");
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });
});
