/**
 * A coordinator adds a listing by postcode in a real browser, sends it for review, publishes it
 * and finds it on the locality view; with JavaScript on (axe on the form and the queue, and the
 * pin map fills the point) and off (the postcode is enough).
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoPassword } from "../../db/seed/demo-accounts";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();

async function signIn(page: Page, base: string, redirectTo: string) {
  await page.goto(`${base}/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.getByLabel("Email address").fill("coordinator@demo.example.org");
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe.skipIf(!run)("a coordinator adds a listing and publishes it, in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`adds by postcode, reviews, publishes and sees it on the locality view (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 120_000 }, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const name = `Soham Knit and Natter ${javaScriptEnabled ? "A" : "B"}`;
      try {
        await signIn(page, suite.app.url, "/assets/new");
        await page.getByRole("heading", { level: 1, name: "Add a listing" }).waitFor();
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        await page.getByLabel("Name", { exact: true }).fill(name);
        await page.getByLabel("What it offers").fill("Knitting, tea and a chat on Thursday afternoons.");
        await page.getByLabel("Organisation that runs it").fill("Soham Knitters");
        await page.getByLabel("Company and social connection").check();
        await page.getByLabel("Postcode", { exact: true }).fill("CB7 9ZZ");
        await page.getByRole("group", { name: "Opening times 1: days" }).getByLabel("Thursday").check();
        await page.getByLabel("Opening times 1: opens at").fill("14:00");
        await page.getByLabel("Opening times 1: closes at").fill("13:00");
        await page.getByRole("button", { name: "Save as a draft" }).click();

        // Bad input: the error summary says what to fix, and what was typed is still there.
        const summary = page.getByRole("alert");
        await summary.getByText("There is a problem").waitFor();
        expect(await summary.textContent()).toContain("The closing time must be after the opening time");
        expect(await summary.textContent()).toContain("Say how it reaches people");
        expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe(name);
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        await page.getByLabel("Opening times 1: closes at").fill("16:00");
        await page.getByRole("group", { name: "How does it reach people?" }).getByLabel("People come to a place").check();
        await page.getByRole("button", { name: "Save as a draft" }).click();
        await page.getByRole("alert").getByText("We cannot find the postcode CB7 9ZZ").waitFor();
        await page.getByLabel("Postcode", { exact: true }).fill("cb7 5aa");

        if (javaScriptEnabled) {
          // The pin map: clicking it fills the point.
          await page.getByText("Place it exactly (optional)").click();
          const map = page.getByRole("region", { name: "Map: drag the pin to where the listing is" });
          await map.locator(".atlas-pin").waitFor();
          await map.locator(".leaflet-container").click({ position: { x: 200, y: 150 } });
          await page.waitForFunction(() => (document.getElementById("latitude") as HTMLInputElement).value !== "");
          expect(Number(await page.getByLabel("Latitude").inputValue())).toBeGreaterThan(52);
        }
        await page.getByRole("button", { name: "Save as a draft" }).click();

        await page.getByText("The listing is saved as a draft.").waitFor();
        expect(await page.getByTestId("listing-status").textContent()).toBe("Draft");
        await page.getByRole("button", { name: "Send for review" }).click();
        await page.getByText("The listing is waiting for review.").waitFor();

        await page.goto(`${suite.app.url}/coordinator/queue`);
        await page.getByRole("heading", { level: 1, name: "Listings to review" }).waitFor();
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        await page.getByRole("table", { name: /Waiting for review/ }).getByRole("link", { name }).click();

        await page.getByRole("button", { name: "Publish" }).click();
        await page.getByText("The listing is published").waitFor();
        expect(await page.getByTestId("listing-status").textContent()).toBe("Published");

        await page.goto(`${suite.app.url}/localities/E07000009`);
        await page.getByRole("heading", { level: 1, name: "East Cambridgeshire" }).waitFor();
        await page.getByText(/^All \d+ listings in East Cambridgeshire$/).click();
        await page.getByRole("link", { name }).waitFor();
        await page.getByRole("link", { name }).click();
        await page.getByRole("heading", { level: 1, name }).waitFor();
        expect(await page.getByText("Soham South ward").count()).toBeGreaterThan(0);
      } finally {
        await context.close();
      }
    });
  }
});
