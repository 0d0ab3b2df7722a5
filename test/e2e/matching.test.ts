import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoPassword } from "../../db/seed/demo-accounts";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();

async function signInAsPractitioner(page: Page, origin: string) {
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel("Email address").fill("practitioner@demo.example.org");
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

describe.skipIf(!run)("a practitioner records a person and sees matching support in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`records someone lonely since bereavement, after a fall, in Soham, free on Tuesdays, and sees ranked matches with reasons (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 120_000 }, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const checkAxe = async () => {
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      const reference = javaScriptEnabled ? "SOH-0142" : "SOH-0143";
      try {
        await signInAsPractitioner(page, suite.app.url);
        await page.goto(`${suite.app.url}/account`);
        await page.getByRole("link", { name: "Your caseload" }).click();
        await page.getByRole("heading", { level: 1, name: "Your caseload" }).waitFor();
        await checkAxe();

        await page.getByRole("link", { name: "Record a person and their request" }).click();
        await page.getByRole("heading", { level: 1, name: "Record a person" }).waitFor();
        await checkAxe();
        await page.getByRole("button", { name: "Save the person and their request" }).click();
        await page.getByRole("heading", { name: "There is a problem" }).waitFor();
        const problems = await page.getByRole("alert").textContent();
        expect(problems).toContain("Choose at least one thing they need help with");
        expect(problems, "the request's source is asked for too").toMatch(/who made contact/i);
        await checkAxe();

        await page.getByLabel("Reference", { exact: true }).fill(reference);
        await page.getByLabel("75 to 84").check();
        await page.getByLabel("Postcode", { exact: true }).fill("CB7 5AA");
        await page.getByLabel("What matters to them, in their words").fill("Since my husband died I hardly see anyone. I had a fall last month and I'm nervous going out.");
        await page.getByLabel("Company and social connection").check();
        await page.getByLabel("Falls and home safety").check();
        await page.getByLabel("Social isolation or loneliness").check();
        await page.getByLabel("A fall", { exact: true }).check();
        await page.getByLabel("Tuesday", { exact: true }).check();
        await page.getByLabel("Free only").check();
        await page.getByLabel(/^Public task/).check();
        await page.getByLabel(/agreed to this record being kept/).check();
        await page.getByLabel("A GP or surgery").check();
        await page.getByRole("button", { name: "Save the person and their request" }).click();

        // Saving continues from the new request's page, linked to the new record.
        await page.waitForURL((url) => /^\/requests\/[0-9a-f-]{36}$/.test(url.pathname));
        await page.getByRole("heading", { level: 1, name: /^REQ-\d{6}$/ }).waitFor();
        expect(await page.getByRole("status").textContent()).toContain("The person and their request have been recorded.");
        expect(await page.getByText("A GP or surgery").count()).toBeGreaterThan(0);
        expect(await page.getByRole("link", { name: "referrals and outcomes" }).getAttribute("href")).toMatch(/^\/people\/[0-9a-f-]{36}\/support$/);
        await page.getByRole("heading", { name: "Community support first" }).waitFor();
        await checkAxe();

        await page.getByRole("link", { name: reference, exact: true }).click();
        await page.getByRole("heading", { level: 1, name: reference }).waitFor();
        expect(await page.getByText("CB7 5AA, Soham South").count()).toBe(1);
        await checkAxe();

        await page.getByRole("link", { name: "See matching support" }).click();
        await page.getByRole("heading", { level: 1, name: "Matching support" }).waitFor();
        const ranked = page.getByRole("list", { name: "Ranked matches" }).locator(":scope > li");
        const count = await ranked.count();
        expect(count).toBeGreaterThan(2);
        const reasons = await page.locator(".atlas-match__reasons").allTextContents();
        expect(reasons).toHaveLength(count);
        for (const line of reasons) {
          expect(line).toMatch(/^meets (company|falls and home safety)/);
          expect(line).toMatch(/; free;/);
          expect(line).toMatch(/(miles?|comes to their home|no fixed venue);/);
        }
        expect(reasons.join("\n")).toMatch(/helps with (loneliness|falls)/);
        const scores = (await ranked.allTextContents()).map((text) => Number(/Score ([\d.]+) out of 100/.exec(text)?.[1]));
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        expect(await page.getByRole("list", { name: "Suggested together" }).locator("li").count()).toBeGreaterThan(0);
        expect(await page.getByText("all their needs").count()).toBe(1);
        const refer = await page.getByRole("link", { name: /^Refer or signpost to / }).first().getAttribute("href");
        expect(refer).toMatch(/^\/people\/[0-9a-f-]{36}\/refer\/[0-9a-f-]{36}$/);
        await checkAxe();
      } finally {
        await context.close();
      }
    });
  }
});
