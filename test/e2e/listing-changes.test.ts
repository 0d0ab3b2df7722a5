/**
 * A provider changes their published listing in a real browser (JavaScript off): the change
 * waits; an administrator checks it field by field (JavaScript on, axe on the page and on its
 * error state) and approves it; the public page then shows it.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { demoPassword } from "../../db/seed/demo-accounts";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();
/** The demo provider's organisation runs the first published demo group by name (db/seed/demo-accounts.ts). */
const listingName = "Acorn Strength and Balance Class";
const newDescription = "Gentle strength and balance exercises to prevent falls, now on Wednesdays too.";

async function signIn(page: Page, base: string, email: string, redirectTo: string) {
  await page.goto(`${base}/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe.skipIf(!run)("a provider's change to a published listing waits for a coordinator, in a real browser", () => {
  const suite = browserSuite();

  it("is sent without JavaScript, checked and approved with axe finding nothing, then shown to the public", async () => {
    const providerContext = await suite.browser.newContext({ javaScriptEnabled: false });
    const reviewerContext = await suite.browser.newContext();
    try {
      const provider = await providerContext.newPage();
      await signIn(provider, suite.app.url, "provider@demo.example.org", `/search?q=${encodeURIComponent(listingName)}`);
      await provider.getByRole("link", { name: listingName }).first().click();
      await provider.getByRole("heading", { level: 1, name: listingName }).waitFor();
      const listingUrl = provider.url();
      await provider.getByRole("link", { name: "Change this listing" }).click();
      await provider.getByText("a coordinator checks changes before they appear on it").waitFor();
      await provider.getByLabel("What it offers").fill(newDescription);
      await provider.getByRole("button", { name: "Send changes for checking" }).click();
      await provider.getByText("Your changes have been sent to a coordinator to check.").waitFor();
      // Not live yet.
      await provider.goto(listingUrl);
      expect(await provider.locator("main").textContent()).not.toContain(newDescription);

      const reviewer = await reviewerContext.newPage();
      await signIn(reviewer, suite.app.url, "admin@demo.example.org", "/coordinator/queue");
      await reviewer.getByRole("heading", { level: 1, name: "Listings to review" }).waitFor();
      await reviewer.getByRole("link", { name: `Check the changes to ${listingName}` }).click();
      await reviewer.getByRole("heading", { level: 1, name: `Changes to ${listingName}` }).waitFor();
      const description = reviewer.getByRole("row", { name: /^Description/ });
      expect(await description.textContent()).toContain(newDescription);
      await expectNoAxeViolations(reviewer);
      await reviewer.getByRole("button", { name: "Continue" }).click();
      await reviewer.getByRole("alert").getByText("Choose whether to approve or reject the changes").waitFor();
      await expectNoAxeViolations(reviewer);
      await reviewer.getByLabel("Approve: publish the changes").check();
      await reviewer.getByRole("button", { name: "Continue" }).click();
      await reviewer.getByText("The changes are published, and the provider has been told.").waitFor();

      await provider.goto(listingUrl);
      await provider.getByText(newDescription).waitFor();

      // The provider's account page lists their listings, with links to keep them true (axe: JavaScript on).
      const accountContext = await suite.browser.newContext();
      try {
        const account = await accountContext.newPage();
        await signIn(account, suite.app.url, "provider@demo.example.org", "/account");
        await account.getByRole("table", { name: "Your listings" }).getByRole("link", { name: listingName, exact: true }).waitFor();
        await expectNoAxeViolations(account);
      } finally {
        await accountContext.close();
      }
    } finally {
      await providerContext.close();
      await reviewerContext.close();
    }
  });
});
