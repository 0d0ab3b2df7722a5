import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoPassword } from "../../db/seed/demo-accounts";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";
import { projectRoot } from "../support/paths";

const run = browserAvailable();
const exampleFile = path.join(projectRoot, "public/downloads/asset-atlas-listings-example.csv");

describe.skipIf(!run)("a coordinator imports the example CSV and exports it again in a real browser", () => {
  const suite = browserSuite();

  for (const javaScriptEnabled of [true, false]) {
    it(`checks the file, imports it and downloads the export (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const context = await suite.browser.newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      try {
        await page.goto(`${suite.app.url}/sign-in?redirectTo=%2Fcoordinator%2Fimports`);
        await page.getByLabel("Email address").fill("coordinator@demo.example.org");
        await page.getByLabel("Password").fill(demoPassword);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByRole("heading", { level: 1, name: "Import and export listings" }).waitFor();
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        // The example file is a download on the page itself.
        const exampleDownload = page.waitForEvent("download");
        await page.getByRole("link", { name: "example CSV file" }).click();
        const example = await exampleDownload;
        expect(fs.readFileSync((await example.path())!, "utf8")).toBe(fs.readFileSync(exampleFile, "utf8"));

        // Nothing chosen: the error summary says so, on the same page.
        await page.getByRole("button", { name: "Check the file" }).click();
        await page.getByRole("alert").getByText("Choose a CSV or Open Referral UK JSON file to upload.").waitFor();
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        // A file with problems: listed by row and column, nothing to import.
        const badFile = path.join(os.tmpdir(), `atlas-bad-${process.pid}-${javaScriptEnabled}.csv`);
        fs.writeFileSync(badFile, fs.readFileSync(exampleFile, "utf8").replace("CB7 5AA", "CB7 9ZZ").replace("Tue 12:00-14:00", "Tue 14:00-12:00"));
        await page.getByLabel("Upload a file").setInputFiles(badFile);
        await page.getByRole("button", { name: "Check the file" }).click();
        await page.getByRole("heading", { level: 1, name: /There are problems with atlas-bad/ }).waitFor({ timeout: 30_000 });
        const problems = page.getByRole("table", { name: /Problems/ });
        await problems.getByRole("cell", { name: /CB7 9ZZ is not in our postcode table/ }).waitFor();
        await problems.getByRole("cell", { name: /closing time 12:00 is not after the opening time 14:00/ }).waitFor();
        expect(await page.getByRole("button", { name: /^Import/ }).count()).toBe(0);
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        fs.rmSync(badFile, { force: true });
        await page.getByRole("link", { name: "Upload a corrected file" }).click();

        // The dry run: the status page refreshes itself until the check is done.
        await page.getByLabel("Upload a file").setInputFiles(exampleFile);
        await page.getByRole("button", { name: "Check the file" }).click();
        await page.getByRole("heading", { level: 1, name: "asset-atlas-listings-example.csv is ready to import" }).waitFor({ timeout: 30_000 });
        expect(await page.getByRole("table", { name: "Listings in the file" }).getByRole("row").count()).toBe(21);
        if (javaScriptEnabled) await expectNoAxeViolations(page);

        await page.getByRole("button", { name: "Import 20 listings" }).click();
        await page.getByRole("heading", { level: 1, name: "20 listings imported" }).waitFor({ timeout: 30_000 });
        if (javaScriptEnabled) await expectNoAxeViolations(page);
        await page.getByRole("link", { name: "Soham Tuesday Lunch Club" }).first().waitFor();

        // Export again: the CSV holds the imported listings with their ids.
        await page.getByRole("link", { name: "Back to import and export" }).click();
        const exportDownload = page.waitForEvent("download");
        await page.getByRole("link", { name: "Download as a spreadsheet (CSV)" }).click();
        const exported = fs.readFileSync((await (await exportDownload).path())!, "utf8");
        for (const name of ["Soham Tuesday Lunch Club", "Fordham Friday Club", "Isleham Singing for the Brain", "Wicken Thursday Coffee and Chat"]) {
          expect(exported).toContain(`,${name},`);
        }
        expect(exported).toMatch(/Tue 12:00-14:00/);
      } finally {
        await context.close();
      }
    });
  }
});
