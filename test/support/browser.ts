/**
 * Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. Under CI=true a
 * missing browser fails the run; elsewhere the browser tests are skipped and say so.
 */
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { demoPassword } from "../../db/seed/demo-accounts";
import { startApp, type RunningApp, type StartOptions } from "./server";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function browserAvailable(): boolean {
  if (fs.existsSync(chromiumPath)) return true;
  if (process.env.CI === "true") {
    throw new Error(`CI=true but Chromium is not installed at ${chromiumPath}: the browser tests cannot run.`);
  }
  console.log(`[asset-atlas] Browser tests NOT RUN: no Chromium at ${chromiumPath} (apt-get install chromium).`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * The app and a browser for one describe block: started before its tests, stopped after.
 * Read `suite.app` and `suite.browser` inside tests (they exist once beforeAll has run).
 */
export function browserSuite(options: StartOptions = {}): { app: RunningApp; browser: Browser } {
  const suite = {} as { app: RunningApp; browser: Browser };
  beforeAll(async () => {
    [suite.app, suite.browser] = await Promise.all([startApp(options), launchBrowser()]);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.stop();
  });
  return suite;
}

/** axe-core finds no WCAG 2.2 A or AA violation on the page (it needs JavaScript on). */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")} on ${page.url()}`)).toEqual([]);
}

/** Signs a demo account in with the demo password and waits for the account page. */
export async function signInAs(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(demoPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
}

/**
 * axe-core on a page as a browser without JavaScript received it: its HTML, without scripts, is
 * served again at the same address to a page that can run axe (axe itself needs JavaScript).
 */
export async function expectNoAxeViolationsWithoutJavaScript(page: Page, browser: Browser): Promise<void> {
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const context = await browser.newContext();
  try {
    const copy = await context.newPage();
    await copy.route((target) => target.href === url, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    await copy.goto(url);
    await expectNoAxeViolations(copy);
  } finally {
    await context.close();
  }
}
