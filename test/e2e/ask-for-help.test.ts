/**
 * A resident on a phone goes through "What matters to you", asks for a call back from the
 * results (a form sent with mistakes first: the error summary, the form kept filled in), gets a
 * reference; a practitioner signs in and finds the request in the locality's queue. With and
 * without JavaScript; axe-core finds nothing on the new pages (on the page as served without
 * scripts, too).
 */
import { describe, expect, it } from "vitest";
import { browserAvailable, browserSuite, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript, signInAs } from "../support/browser";

const run = browserAvailable();
const phone = { width: 375, height: 812 };

describe.skipIf(!run)("asking for a call back in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`takes a resident from the guided path to a request in the queue (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 180_000 }, async () => {
      const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled });
      const page = await context.newPage();
      const check = () => (javaScriptEnabled ? expectNoAxeViolations(page) : expectNoAxeViolationsWithoutJavaScript(page, suite.browser));
      const caller = `Callback Caller ${javaScriptEnabled ? "JS" : "NoJS"}`;
      const phoneNumber = javaScriptEnabled ? "07700 900 456" : "07700 900 457";
      const answer = async (heading: string, choose: () => Promise<void>) => {
        await page.getByRole("heading", { level: 1, name: heading }).waitFor();
        await choose();
        await page.getByRole("button", { name: "Continue" }).click();
      };
      try {
        await page.goto(`${suite.app.url}/what-matters`);
        await page.getByRole("button", { name: "Start now" }).click();
        await answer("Who is the support for?", () => page.getByLabel("Someone I care for or worry about").check());
        await answer("How old is the person who needs support?", () => page.getByLabel("85 or over").check());
        await answer("What would help?", () => page.getByLabel("Falls, or feeling unsteady at home").check());
        await answer("Where do you want support?", () => page.getByLabel("Where do you want support?").fill("CB7 5BX"));
        await answer("When are they free?", async () => {});
        await answer("How would they get there?", () => page.getByLabel("It would need to come to them at home").check());
        await answer("What can they pay?", () => page.getByLabel("Cost does not matter").check());
        await page.getByRole("heading", { level: 1, name: "Support that could help" }).waitFor();

        await page.getByRole("link", { name: "Ask the council's community team to call you back" }).click();
        await page.getByRole("heading", { level: 1, name: "Ask for help or a call back" }).waitFor();
        // What the guided path knew comes with them: who it is for and where.
        expect(await page.getByLabel("Someone else, like a relative or a friend").isChecked()).toBe(true);
        expect(await page.getByLabel("Postcode, town or village (optional)").inputValue()).toBe("CB7 5BX");
        await check();

        // Mistakes first: no way to reach them, their agreement not confirmed.
        await page.getByLabel("Your name").fill(caller);
        await page.getByLabel("What is it about?").fill("My dad keeps falling and I cannot cope.");
        await page.getByLabel("I agree to the council keeping these details to contact me about this").check();
        await page.getByRole("button", { name: "Send" }).click();
        const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
        await summary.waitFor();
        await summary.getByText("Enter a phone number or an email address, so we can contact you").waitFor();
        await summary.getByText("Confirm that the person agrees to us contacting them, or ask them first").waitFor();
        expect(await page.getByLabel("Your name").inputValue()).toBe(caller);
        expect(await page.getByLabel("What is it about?").inputValue()).toBe("My dad keeps falling and I cannot cope.");
        await check();
        // The summary's link takes them to the field (with JavaScript, govuk-frontend moves the focus there instead).
        await summary.getByRole("link", { name: "Enter a phone number or an email address, so we can contact you" }).click();
        if (javaScriptEnabled) expect(await page.evaluate(() => document.activeElement?.id)).toBe("contactPhone");
        else expect(page.url()).toContain("#contactPhone");

        // Each run its own number: the same words from the same phone within a day are one request.
        await page.getByLabel("UK phone number").fill(phoneNumber);
        await page.getByLabel("Email address").fill(`callback.${javaScriptEnabled ? "js" : "nojs"}@example.org`);
        await page.getByLabel("Best time to call (optional)").fill("After 3pm");
        await page.getByLabel("They agree to us contacting them about this").check();
        // A person takes more than a few seconds over the form; the server refuses faster sends.
        await page.waitForTimeout(3_500);
        await page.getByRole("button", { name: "Send" }).click();
        await page.getByRole("heading", { level: 1, name: "Request sent" }).waitFor();
        const reference = (await page.locator(".govuk-panel__body strong").innerText()).trim();
        expect(reference).toMatch(/^REQ-\d{6}$/);
        await page.getByText("The East Cambridgeshire (Soham North) team will contact you").waitFor();
        await check();

        await signInAs(page, suite.app.url, "practitioner@demo.example.org");
        await page.goto(`${suite.app.url}/people?practitioner=queue&q=${reference}`);
        await page.getByRole("link", { name: new RegExp(reference) }).first().click();
        await page.getByRole("heading", { level: 1, name: reference }).waitFor();
        const request = await page.locator("main").innerText();
        expect(request).toContain(caller);
        expect(request).toContain(phoneNumber.replace("900 ", "900"));
        expect(request).toContain("My dad keeps falling and I cannot cope.");
        expect(request).toContain("who agrees to being contacted");
      } finally {
        await context.close();
      }
    });
  }

  it("shows the form in Polish, with its errors in Polish", { timeout: 120_000 }, async () => {
    const context = await suite.browser.newContext({ viewport: phone });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.app.url}/ask-for-help?lang=pl`);
      await page.getByRole("heading", { level: 1, name: "Poproś o pomoc lub o telefon" }).waitFor();
      expect(await page.locator("html").getAttribute("lang")).toBe("pl");
      await page.getByRole("button", { name: "Wyślij" }).click();
      await page.getByRole("alert").filter({ hasText: "Wystąpił problem" }).getByText("Wybierz, dla kogo jest pomoc").waitFor();
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });
});
