import { describe, expect, it } from "vitest";
import { demoPassword } from "../../db/seed/demo-accounts";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();

describe.skipIf(!run)("staff sign in and out in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`signs in with a demo account, sees the account page, signs out (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const scriptErrors: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") scriptErrors.push(message.text());
      });
      try {
        await page.goto(suite.app.url);
        await page.getByRole("link", { name: "Sign in" }).click();
        await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
        if (javaScriptEnabled) {
          // axe runs as a script in the page, so it needs JavaScript on.
          await expectNoAxeViolations(page);
        }

        await page.getByLabel("Email address").fill("coordinator@demo.example.org");
        await page.getByLabel("Password").fill("wrong password");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByText("The email address or password is not right").first().waitFor();

        await page.getByLabel("Password").fill(demoPassword);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
        expect(await page.getByText("Locality coordinator").isVisible()).toBe(true);

        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByRole("link", { name: "Sign in" }).waitFor();
        // The page's scripts ran under the Content-Security-Policy without being blocked.
        expect(scriptErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  for (const javaScriptEnabled of [true, false]) {
    it(`stays on this site after signing in from a link whose redirectTo hides another site (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      try {
        // A tab inside the path: browsers drop it and read "//evil.example/phish" as another site.
        await page.goto(`${suite.app.url}/sign-in?redirectTo=%2F%09%2Fevil.example%2Fphish`);
        await page.getByLabel("Email address").fill("resident@demo.example.org");
        await page.getByLabel("Password").fill(demoPassword);
        await page.getByRole("button", { name: "Sign in" }).click();
        // The safe default: the account page on this site (before, the browser left for evil.example).
        await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor({ timeout: 15_000 });
        const landed = new URL(page.url());
        expect(landed.origin).toBe(suite.app.url);
        expect(landed.pathname).toBe("/account");
      } finally {
        await context.close();
      }
    });
  }

  it("lets an administrator invite a coordinator, on pages with no accessibility failures", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const checkAxe = () => expectNoAxeViolations(page);
    try {
      await page.goto(`${suite.app.url}/sign-in`);
      await page.getByLabel("Email address").fill("admin@demo.example.org");
      await page.getByLabel("Password").fill(demoPassword);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("link", { name: "Manage accounts" }).click();
      await page.getByRole("heading", { level: 1, name: "Accounts" }).waitFor();
      await checkAxe();
      await page.getByRole("link", { name: "Invite someone" }).click();
      await page.getByRole("heading", { level: 1, name: "Invite someone" }).waitFor();
      await checkAxe();
      await page.getByRole("button", { name: "Send the invitation" }).click();
      await page.getByText("Enter their name").first().waitFor();
      await checkAxe();
      await page.getByLabel("Name").fill("Browser Coordinator");
      await page.getByLabel("Email address").fill("browser.coordinator@example.org");
      await page.getByLabel("Locality coordinator").check();
      await page.getByLabel("Burwell ward").check();
      await page.getByRole("button", { name: "Send the invitation" }).click();
      await page.getByText("We have emailed browser.coordinator@example.org").waitFor();
      await checkAxe();
    } finally {
      await context.close();
    }
  });
});
