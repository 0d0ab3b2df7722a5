/**
 * A request for help from first contact to its outcome, in a real browser, with and without
 * JavaScript: a resident's request waits in East Cambridgeshire's queue; the practitioner picks
 * it up, links the person's record, signposts them to a community match offered in
 * conversation 1, closes the request as signposted, finds it on the caseload, and the
 * commissioners' funnel counts it. axe-core finds nothing on each page.
 */
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { createContactRequest } from "../../app/modules/requests/requests.server";
import { browserAvailable, browserSuite, signInAs, expectNoAxeViolations as checkAxe } from "../support/browser";
import { insertPerson, practitionerId } from "../support/caseload-people";

const run = browserAvailable();
const setup = { js: { reference: "", person: "E2E-REQ-JS" }, nojs: { reference: "", person: "E2E-REQ-NOJS" } };

/** The funnel's count of requests signposted this year, as the commissioner's page shows it. */
async function signpostedCount(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signInAs(page, url, "commissioner@demo.example.org");
    await page.goto(`${url}/evidence?district=E07000009`);
    const cell = page.locator('table[data-table="funnel"] tr', { hasText: "Signposted or referred to community support" }).locator("td").first();
    const text = (await cell.textContent())?.trim() ?? "";
    expect(text, "the signposted count is shown, not suppressed").toMatch(/^\d+$/);
    return Number(text);
  } finally {
    await context.close();
  }
}

describe.skipIf(!run)("a request from first contact to signposted", () => {
  const suite = browserSuite({
    async prepare(db) {
      const owner = await practitionerId(db);
      for (const key of ["js", "nojs"] as const) {
        await insertPerson(db, owner, { reference: setup[key].person, postcode: "CB7 5BX", wardCode: "E05011569", districtCode: "E07000009", needs: ["social-connection"], riskFactors: ["loneliness"] });
        const created = await createContactRequest(db, {
          source: "family_carer",
          contactName: `Caller ${key}`,
          contactPhone: "01632 960 002",
          postcode: "CB7 5BX",
          askedFor: "My mother would like a hot meal with other people.",
          consent: true,
        });
        if (!created.ok) throw new Error(JSON.stringify(created.errors));
        setup[key].reference = created.reference;
      }
    },
  });

  for (const javaScriptEnabled of [true, false]) {
    const key = javaScriptEnabled ? "js" : "nojs";
    it(`works ${javaScriptEnabled ? "with" : "without"} JavaScript, with no accessibility failures`, { timeout: 240_000 }, async () => {
      const before = await signpostedCount(suite.browser, suite.app.url);
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const { reference, person } = setup[key];
      // axe-core runs in the page, so it needs JavaScript: the run with it checks these same pages.
      const expectNoAxeViolations = javaScriptEnabled ? checkAxe : async () => {};
      try {
        await signInAs(page, suite.app.url, "practitioner@demo.example.org");
        await page.goto(`${suite.app.url}/people?practitioner=queue`);
        await expectNoAxeViolations(page);
        await page.getByRole("link", { name: new RegExp(reference) }).first().click();
        await page.getByRole("heading", { level: 1, name: reference }).waitFor();
        await page.getByRole("button", { name: "Pick up this request" }).click();
        await page.getByText("You have picked up this request").waitFor();
        await expectNoAxeViolations(page);

        await page.getByLabel("Or link a record already on your caseload").fill(person);
        await page.getByRole("button", { name: "Link the record" }).click();
        await page.getByText("The request is linked to the person's record.").waitFor();
        await page.getByRole("heading", { name: "Community support first" }).waitFor();
        await expectNoAxeViolations(page);

        // Conversation 1: signpost to the first community match offered.
        await page.getByRole("link", { name: /^Refer or signpost to / }).first().click();
        await page.getByRole("heading", { level: 1, name: /^Refer or signpost to / }).waitFor();
        await page.getByLabel("Signpost: tell the person about it, nothing is shared").check();
        await page.getByRole("button", { name: "Continue" }).click();
        await page.getByRole("heading", { level: 1, name: "Support and outcomes" }).waitFor();

        await page.goto(`${suite.app.url}/people?q=${reference}`);
        await page.getByRole("link", { name: new RegExp(reference) }).first().click();
        await page.getByRole("heading", { level: 1, name: reference }).waitFor();
        // Closing without choosing how it ended is refused, and says why.
        await page.getByRole("button", { name: "Close the request" }).click();
        await page.getByText("Choose how the request ended").first().waitFor();
        await expectNoAxeViolations(page);
        await page.getByLabel("Signposted or referred to community support").check();
        await page.getByRole("button", { name: "Close the request" }).click();
        await page.getByText("The request is closed.").waitFor();
        await expectNoAxeViolations(page);

        await page.goto(`${suite.app.url}/people?status=closed&q=${reference}`);
        expect(await page.locator("main").textContent()).toContain(reference);
        await expectNoAxeViolations(page);
      } finally {
        await context.close();
      }
      expect(await signpostedCount(suite.browser, suite.app.url)).toBe(before + 1);
    });
  }
});
