/**
 * The results page built for a phone, in real Chromium: results in the first screen at 375×812
 * with and without JavaScript, filters behind a "Filter" disclosure, a skip link to the results,
 * "Show map" on a phone and list and map side by side on a wide screen (a hovered or focused
 * result marked on the map), cards that tell a full listing from one with places, and "Use my
 * location". axe-core finds nothing at either size.
 */
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();
const phone = { width: 375, height: 812 };
const wide = { width: 1280, height: 900 };
const fullListing = "Soham Friday Lunch Club";

/** How far down the page the first result starts, in CSS pixels. */
async function firstResultTop(page: Page): Promise<number> {
  const box = await page.getByRole("list", { name: "Search results" }).locator(":scope > li").first().boundingBox();
  if (!box) throw new Error("no first result");
  return box.y;
}

describe.skipIf(!run)("the search results page in a real browser", () => {
  const suite = browserSuite({
    // One listing made full with a waiting list and a £6 session, so its card can be checked.
    prepare: async (db) => {
      await db.execute(sql`
        update services set capacity_unit = 'places', capacity_available = 0, waiting_list = true, waiting_list_weeks = 4, fees = null
        where name = ${fullListing}`);
      await db.execute(sql`delete from cost_options where service_id = (select id from services where name = ${fullListing})`);
      await db.execute(sql`insert into cost_options (service_id, option, amount) select id, 'A session', 6 from services where name = ${fullListing}`);
    },
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`shows the first result in the first screen of a phone, filters behind “Filter” (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled });
      const page = await context.newPage();
      try {
        await page.goto(`${suite.app.url}/search?q=lunch+club&postcode=Soham`);
        await page.getByRole("status").filter({ hasText: /results? for “lunch club” within 5 miles of Soham/ }).waitFor();
        const top = await firstResultTop(page);
        console.log(`[search page] first result at ${Math.round(top)} px on a ${phone.width}×${phone.height} phone, JavaScript ${javaScriptEnabled ? "on" : "off"}`);
        // Its name and its places or waiting list are on the first screen (it was about 2,460 px down).
        expect(top + 80).toBeLessThanOrEqual(phone.height);

        const filter = page.locator("details#filters");
        const toggle = filter.locator("summary");
        expect(await filter.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(false);
        expect(await page.getByLabel(/^Memory and dementia/).isVisible()).toBe(false);
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        await toggle.click();
        expect(await filter.evaluate((element) => (element as HTMLDetailsElement).open)).toBe(true);
        await page.getByLabel(/^Company and social connection \(\d+\)$/).check();
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        await page.getByRole("button", { name: "Apply filters" }).click();
        await page.waitForURL(/need=social-connection/);
        await toggle.filter({ hasText: "Filter (1 selected)" }).waitFor();
        // What narrows the results is said beside the panel, with a link that removes it.
        const remove = page.getByRole("link", { name: "Remove this filter: Company and social connection" });
        await remove.waitFor();
        await remove.click();
        await page.waitForURL((url) => !url.search.includes("need="));
        await toggle.filter({ hasText: /^Filter$/ }).waitFor();
      } finally {
        await context.close();
      }
    });
  }

  it("skips to the results from the top of the page with the keyboard", async () => {
    const context = await suite.browser.newContext({ viewport: phone });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/search?q=lunch`);
      const skip = page.getByRole("link", { name: "Skip to results" });
      await skip.focus();
      expect(await skip.isVisible()).toBe(true); // shown when focused
      await page.keyboard.press("Enter");
      await page.waitForFunction(() => document.activeElement?.id === "results");
      await page.keyboard.press("Tab");
      // The next stop is inside the results, not the search form.
      expect(await page.evaluate(() => document.activeElement?.closest("#results") !== null)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it("tells a full listing with a waiting list and a session price from one with places", async () => {
    const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/search?q=lunch+club&postcode=CB7+5BX`);
      const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: fullListing }) });
      await expect(card.locator(".atlas-result__capacity").textContent()).resolves.toBe("Full: waiting list of about 4 weeks");
      expect(await card.locator(".atlas-result__capacity").getAttribute("class")).toContain("govuk-tag--orange");
      await expect(card.locator(".atlas-result__cost").textContent()).resolves.toBe("£6 a session");
      await expect(card.locator(".atlas-result__when").textContent()).resolves.toBe("Fridays");
      expect(await card.locator(".atlas-result__distance").textContent()).toMatch(/^(\d+(\.\d)? miles|1 mile|under 0\.1 miles)$/);
      const open = page.locator(".atlas-result__capacity.govuk-tag--green").first();
      expect(await open.textContent()).toMatch(/^\d+ (place|places|hour a week|hours a week) free$/);
    } finally {
      await context.close();
    }
  });

  it("on a phone keeps the map behind “Show map”, loading it only when asked", async () => {
    const context = await suite.browser.newContext({ viewport: phone });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/search?q=lunch&postcode=Soham`);
      const toggle = page.getByRole("button", { name: "Show map" });
      await toggle.waitFor();
      expect(await toggle.getAttribute("aria-expanded")).toBe("false");
      expect(await page.getByRole("region", { name: "Map of these results" }).count()).toBe(0);
      await toggle.click();
      const map = page.getByRole("region", { name: "Map of these results" });
      await map.locator(".leaflet-marker-icon").first().waitFor();
      expect(await page.getByRole("button", { name: "Hide map" }).getAttribute("aria-expanded")).toBe("true");
      // The map comes above the list it maps, so it is seen at once.
      const mapBox = (await map.boundingBox())!;
      expect(mapBox.y).toBeLessThan(await firstResultTop(page));
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });

  it("on a wide screen puts list and map side by side, and marks the hovered or focused result", async () => {
    const context = await suite.browser.newContext({ viewport: wide });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/search?q=lunch&postcode=Soham`);
      const map = page.getByRole("region", { name: "Map of these results" });
      await map.locator(".leaflet-marker-icon").first().waitFor();
      const list = page.getByRole("list", { name: "Search results" });
      const listBox = (await list.boundingBox())!;
      const mapBox = (await map.boundingBox())!;
      expect(listBox.x + listBox.width).toBeLessThanOrEqual(mapBox.x);
      expect(mapBox.y).toBeLessThan(listBox.y + 200); // level with the top of the list
      expect(await page.getByRole("button", { name: "Hide map" }).getAttribute("aria-expanded")).toBe("true");
      await expectNoAxeViolations(page);

      const marked = map.locator(".atlas-marker--highlighted, .atlas-cluster--highlighted");
      expect(await marked.count()).toBe(0);
      const results = list.locator(":scope > li");
      await results.nth(0).hover();
      await marked.first().waitFor();
      expect(await marked.count()).toBe(1);
      await page.mouse.move(wide.width - 5, 5); // off the list
      await expect.poll(() => marked.count()).toBe(0);
      // Focus from the keyboard marks it too.
      await results.nth(1).getByRole("link").first().focus();
      await expect.poll(() => marked.count()).toBe(1);
      await page.getByRole("button", { name: "Hide map" }).click();
      expect(await map.isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Show map" }).getAttribute("aria-expanded")).toBe("false");
    } finally {
      await context.close();
    }
  });

  it("searches near the person with “Use my location”, when the browser shares it", async () => {
    const context = await suite.browser.newContext({
      viewport: phone,
      geolocation: { latitude: 52.33543, longitude: 0.33654 },
      permissions: ["geolocation"],
    });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/`);
      await page.getByLabel("What would help?").fill("lunch");
      await page.getByRole("button", { name: "Use my location" }).click();
      await page.waitForURL(/near=52\.335%2C0\.337/);
      await page.getByRole("status").filter({ hasText: /results? for “lunch” within 5 miles of your location \(near Soham\)/ }).waitFor();
      expect(await page.getByLabel("Postcode or place").inputValue()).toBe("");
      expect(await page.getByText("Searching near your location (near Soham).").isVisible()).toBe(true);
      await expectNoAxeViolations(page);
      // A place typed afterwards wins over the location.
      await page.getByLabel("Postcode or place").fill("Ely");
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.getByRole("status").filter({ hasText: "within 5 miles of Ely" }).waitFor();
    } finally {
      await context.close();
    }
  });

  it("says so when the browser will not share a location", async () => {
    const context = await suite.browser.newContext({ viewport: phone });
    await context.clearPermissions();
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/search?q=lunch`);
      await page.getByRole("button", { name: "Use my location" }).click();
      await page.getByText("We cannot use your location because the browser was not allowed to share it.", { exact: false }).waitFor();
      expect(page.url()).toBe(`${suite.app.url}/search?q=lunch`);
    } finally {
      await context.close();
    }
  });

  it("finds a place by name and offers “did you mean” for a near miss, with no accessibility failures", async () => {
    const context = await suite.browser.newContext({ viewport: phone });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/search?q=lunch&postcode=Sohem`);
      const alert = page.getByRole("alert");
      await alert.getByText("We could not find a place called ‘Sohem’.").waitFor();
      await expectNoAxeViolations(page);
      await alert.getByRole("link", { name: "Soham" }).click();
      await page.getByRole("status").filter({ hasText: "within 5 miles of Soham" }).waitFor();
      await page.goto(`${suite.app.url}/search?postcode=Fordham+%26+Isleham`);
      await page.getByRole("status").filter({ hasText: "in and around Fordham & Isleham ward" }).waitFor();
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });
});
