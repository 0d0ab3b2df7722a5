/**
 * A resident on a phone searches, is asked to sign in to save the search, comes back to it,
 * saves it, finds it on their account, runs it again, renames it and deletes it (after being
 * asked). With and without JavaScript; axe-core finds nothing on the pages this adds or changes.
 */
import { describe, expect, it } from "vitest";
import { demoPassword } from "../../db/seed/demo-accounts";
import { browserAvailable, browserSuite, expectNoAxeViolations, expectNoAxeViolationsWithoutJavaScript } from "../support/browser";

const run = browserAvailable();
const phone = { width: 375, height: 812 };
/** A row's action link: its words, then the search's name in visually hidden text (read after a pause). */
const action = (words: string, name: string) => new RegExp(`^${words}\\s*:\\s*${name}$`);

describe.skipIf(!run)("a resident keeps a search in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`signs in from the search, saves it, reruns, renames and deletes it (JavaScript ${javaScriptEnabled ? "on" : "off"})`, { timeout: 180_000 }, async () => {
      const context = await suite.browser.newContext({ viewport: phone, javaScriptEnabled });
      const page = await context.newPage();
      const check = () => (javaScriptEnabled ? expectNoAxeViolations(page) : expectNoAxeViolationsWithoutJavaScript(page, suite.browser));
      const name = `Lunch for Mum ${javaScriptEnabled ? "JS" : "no JS"}`;
      // Each run its own search: a search saved twice is kept once, under its latest name.
      const words = javaScriptEnabled ? "lunch club" : "lunch";
      try {
        await page.goto(`${suite.app.url}/search?${new URLSearchParams({ q: words, postcode: "CB7 5BX" })}`);
        await page.getByRole("link", { name: "Sign in to save this search" }).click();
        await page.getByLabel("Email address").fill("resident@demo.example.org");
        await page.getByLabel("Password").fill(demoPassword);
        await page.getByRole("button", { name: "Sign in" }).click();

        // Back on the same search, now with the form to save it.
        await page.getByRole("heading", { level: 1, name: "Search results" }).waitFor();
        expect(new URL(page.url()).search).toBe(`?${new URLSearchParams({ q: words, postcode: "CB7 5BX" })}`);
        await page.locator("summary", { hasText: "Save this search" }).click();
        const nameField = page.getByLabel("Name for this search");
        expect(await nameField.inputValue()).toMatch(new RegExp(`^${words} near CB7 5BX$`, "i"));
        await check();
        await nameField.fill(name);
        await page.getByRole("button", { name: "Save this search" }).click();

        await page.getByRole("heading", { level: 1, name: "Your saved searches and shortlist" }).waitFor();
        expect(await page.getByText(`Saved “${name}”.`).isVisible()).toBe(true);
        await check();

        // From the account page, as a person would come back later.
        await page.goto(`${suite.app.url}/account`);
        await page.getByRole("link", { name: "Your saved searches and shortlist" }).click();
        await page.getByRole("link", { name: new RegExp(`^${name}`) }).click();
        await page.getByRole("heading", { level: 1, name: "Search results" }).waitFor();
        expect(await page.getByRole("searchbox", { name: "What would help?" }).inputValue()).toBe(words);
        expect(new URL(page.url()).searchParams.get("postcode")).toMatch(/^CB7 5BX$/i);

        await page.goto(`${suite.app.url}/account/saved-searches`);
        await page.getByRole("link", { name: action("Change name", name) }).click();
        await page.getByRole("heading", { level: 1, name: "Change the name of a saved search" }).waitFor();
        await page.getByLabel("Name for this search").fill("");
        await page.getByRole("button", { name: "Save the name" }).click();
        await page.getByRole("link", { name: "Enter a name for the search" }).waitFor();
        await check();
        await page.getByLabel("Name for this search").fill(`${name}, Tuesdays`);
        await page.getByRole("button", { name: "Save the name" }).click();
        await page.getByText(`The saved search is now called “${name}, Tuesdays”.`).waitFor();

        await page.getByRole("link", { name: action("Delete", `${name}, Tuesdays`) }).click();
        await page.getByRole("heading", { level: 1, name: `Are you sure you want to delete “${name}, Tuesdays”?` }).waitFor();
        await check();
        await page.getByRole("button", { name: "Yes, delete it" }).click();
        await page.getByText("The saved search was deleted.").waitFor();
        expect(await page.getByRole("link", { name: new RegExp(`^${name}`) }).count()).toBe(0);
      } finally {
        await context.close();
      }
    });
  }
});
