/**
 * The nearest place people come to is offered whatever ward it is in: a person at CB7 5BX (Soham
 * North) who wants a hot meal with other people, free on Fridays, sees the Soham Friday Lunch
 * Club (Soham South, about half a mile away, on Fridays) among their matches, and not left out as
 * "does not serve where they live".
 */
import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, signInAs } from "../support/browser";

const run = browserAvailable();
const club = "Soham Friday Lunch Club";

describe.skipIf(!run)("a practitioner finds the nearest lunch club for someone in the next ward, in a real browser", () => {
  const suite = browserSuite({ startTimeoutMs: 90_000 }); // a busy shared machine can take a while to start the app

  for (const javaScriptEnabled of [true, false]) {
    it(`records someone at CB7 5BX who wants a hot meal with company on Fridays and sees ${club} matched (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 120_000 }, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const checkAxe = () => (javaScriptEnabled ? expectNoAxeViolations(page) : expectNoAxeViolationsWithoutJavaScript(page, suite.browser));
      const reference = javaScriptEnabled ? "SOH-0501" : "SOH-0502";
      try {
        await signInAs(page, suite.app.url, "practitioner@demo.example.org");
        await page.goto(`${suite.app.url}/people/new`);
        await page.getByRole("heading", { level: 1, name: "Record a person" }).waitFor();

        await page.getByLabel("Reference", { exact: true }).fill(reference);
        await page.getByLabel("75 to 84").check();
        await page.getByLabel("Postcode", { exact: true }).fill("CB7 5BX");
        await page.getByLabel("What matters to them, in their words").fill("I'd like a hot meal with other people. Fridays are my free day.");
        await page.getByLabel("Company and social connection").check();
        await page.getByLabel("Help with daily living").check();
        await page.getByLabel("Social isolation or loneliness").check();
        await page.getByLabel("Friday", { exact: true }).check();
        await page.getByLabel(/^Public task/).check();
        await page.getByLabel(/agreed to this record being kept/).check();
        await page.getByLabel("A GP or surgery").check();
        await page.getByRole("button", { name: "Save the person and their request" }).click();
        await page.waitForURL((url) => /^\/requests\/[0-9a-f-]{36}$/.test(url.pathname));

        await page.getByRole("link", { name: reference, exact: true }).click();
        await page.getByRole("heading", { level: 1, name: reference }).waitFor();
        expect(await page.getByText("CB7 5BX, Soham North").count()).toBe(1);
        await page.getByRole("link", { name: "See matching support" }).click();
        await page.getByRole("heading", { level: 1, name: "Matching support" }).waitFor();
        await checkAxe();

        const ranked = page.getByRole("list", { name: "Ranked matches" }).locator(":scope > li");
        const match = ranked.filter({ has: page.getByRole("link", { name: club, exact: true }) });
        expect(await match.count(), `${club} is among the ranked matches`).toBe(1);
        const reasons = (await match.locator(".atlas-match__reasons").textContent()) ?? "";
        expect(reasons).toMatch(/^meets /);
        expect(reasons).toMatch(/(^|; )0\.\d miles;/); // about half a mile: distance decides, not the ward
        expect(reasons).toMatch(/on Fridays|Friday/i);

        // Not left out under any rule (the old ward rule said "does not serve where they live").
        const leftOut = page.locator('section[aria-labelledby="left-out-heading"]');
        if ((await leftOut.count()) > 0) expect(await leftOut.textContent()).not.toContain(club);

        // The way to refer goes to the club.
        const refer = await match.getByRole("link", { name: /^Refer or signpost to / }).getAttribute("href");
        expect(refer).toMatch(/^\/people\/[0-9a-f-]{36}\/refer\/[0-9a-f-]{36}$/);
      } finally {
        await context.close();
      }
    });
  }
});
