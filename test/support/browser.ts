/**
 * Real Chromium (Debian's /usr/bin/chromium) driven by playwright-core. Under CI=true a
 * missing browser fails the run; elsewhere the browser tests are skipped and say so.
 */
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

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
