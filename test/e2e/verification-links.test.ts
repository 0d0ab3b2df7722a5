/**
 * Listings kept true by their providers, in a real browser: two listings fall due and the daily
 * reminders email their providers; one provider opens the emailed link (JavaScript off) and
 * presses "Still right", and the coordinator's worklist and the listing's history show it;
 * the other updates places by link. axe checks every page on the way (JavaScript on: looking
 * at a link's page does not use it up).
 */
import { sql } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { demoPassword } from "../../db/seed/demo-accounts";
import { sendVerificationReminders } from "../../app/modules/verification/links.server";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";

const run = browserAvailable();
const setup = { check: { id: "", name: "", email: "e2e-check@example.org" }, places: { id: "", name: "", email: "e2e-places@example.org" } };

/** The link in an email, read from the development outbox (which only an administrator may read). */
async function linkFromOutbox(page: Page, base: string, subject: string, path: "listing-check" | "listing-places") {
  await page.goto(`${base}/sign-in?redirectTo=%2Fdev%2Foutbox`);
  if (await page.getByLabel("Email address").isVisible()) {
    await page.getByLabel("Email address").fill("admin@demo.example.org");
    await page.getByLabel("Password").fill(demoPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
  } else {
    await page.goto(`${base}/dev/outbox`);
  }
  await page.getByRole("heading", { level: 1, name: "Development outbox" }).waitFor();
  const mail = await page.getByRole("region", { name: subject }).first().textContent();
  const link = new RegExp(`https?://\\S+/${path}/[A-Za-z0-9_-]{43}`).exec(mail ?? "")?.[0];
  expect(link, `the ${path} link in "${subject}"`).toBeTruthy();
  return link!;
}

async function withAxe(context: BrowserContext, url: string, heading: string) {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await expectNoAxeViolations(page);
  await page.close();
}

describe.skipIf(!run)("a listing falls due and its provider keeps it true by emailed link, in a real browser", () => {
  const suite = browserSuite({
    async prepare(db, url) {
      const rows = await queryRows<{ id: string; name: string }>(
        db,
        sql`select distinct s.id, s.name from services s join service_at_locations sal on sal.service_id = s.id join locations l on l.id = sal.location_id
            join user_localities ul on ul.ward_code = l.ward_code join users u on u.id = ul.user_id
            where u.role = 'coordinator' and s.listing_status = 'published' and s.capacity_unit is null order by s.name limit 2`,
      );
      for (const [key, row] of [["check", rows[0]!], ["places", rows[1]!]] as const) {
        Object.assign(setup[key], row);
        await db.execute(sql`update services set email = ${setup[key].email}, last_verified_at = current_date - 200 where id = ${row.id}::uuid`);
      }
      // The daily job, as the server runs it, with the links pointing at this app.
      await sendVerificationReminders(db, { origin: url });
    },
  });

  it("records 'Still right' and new places from the emailed links, shown on the worklist and the history, with no accessibility failures", async () => {
    const provider = await suite.browser.newContext({ javaScriptEnabled: false });
    const staff = await suite.browser.newContext();
    const admin = await suite.browser.newContext();
    try {
      const base = suite.app.url;
      const providerPage = await provider.newPage();
      const outboxPage = await admin.newPage();

      // "Still right", JavaScript off.
      const checkLink = await linkFromOutbox(outboxPage, base, `Is ${setup.check.name}'s listing still right?`, "listing-check");
      await withAxe(staff, checkLink, `Is ${setup.check.name}'s listing still right?`);
      await withAxe(staff, `${checkLink}/changes`, "Tell us what has changed");
      await providerPage.goto(checkLink);
      await providerPage.getByRole("heading", { level: 1, name: `Is ${setup.check.name}'s listing still right?` }).waitFor();
      await providerPage.getByRole("button", { name: "Still right" }).click();
      await providerPage.getByRole("heading", { level: 1, name: "Thank you" }).waitFor();
      await providerPage.getByText("The listing is recorded as checked today.").waitFor();
      const done = providerPage.url();
      await withAxe(staff, done, "Thank you");
      // Used: the same link now says so.
      await providerPage.goto(checkLink);
      await providerPage.getByRole("heading", { level: 1, name: "This link has been used" }).waitFor();

      // "Update places", JavaScript off, for the other listing.
      const placesLink = await linkFromOutbox(outboxPage, base, `Is ${setup.places.name}'s listing still right?`, "listing-places");
      await withAxe(staff, placesLink, "Update places");
      await providerPage.goto(placesLink);
      await providerPage.getByLabel("Places").check();
      await providerPage.getByLabel("Total").fill("15");
      await providerPage.getByLabel("Free now").fill("20");
      await providerPage.getByRole("button", { name: "Save places" }).click();
      await providerPage.getByRole("alert").getByText("The number free now cannot be more than the total").waitFor();
      await providerPage.getByLabel("Free now").fill("4");
      await providerPage.locator("#waitingList-no").check();
      await providerPage.getByRole("button", { name: "Save places" }).click();
      await providerPage.getByRole("heading", { level: 1, name: "Places updated" }).waitFor();
      await providerPage.goto(`${base}/assets/${setup.places.id}`);
      await providerPage.getByText("4 places available now").waitFor();

      // The coordinator sees both: the worklist's answers, and the history.
      const coordinator = await staff.newPage();
      await coordinator.goto(`${base}/sign-in?redirectTo=${encodeURIComponent("/coordinator/verification")}`);
      await coordinator.getByLabel("Email address").fill("coordinator@demo.example.org");
      await coordinator.getByLabel("Password").fill(demoPassword);
      await coordinator.getByRole("button", { name: "Sign in" }).click();
      await coordinator.getByRole("heading", { level: 1, name: "Listings to check" }).waitFor();
      const answers = coordinator.getByRole("table", { name: /Answered by their providers/ });
      await answers.getByRole("row", { name: new RegExp(`${setup.check.name}.*Confirmed as still right`) }).waitFor();
      await answers.getByRole("row", { name: new RegExp(`${setup.places.name}.*Updated places`) }).waitFor();
      await expectNoAxeViolations(coordinator);
      await answers.getByRole("link", { name: setup.check.name }).click();
      await coordinator.getByRole("heading", { level: 1, name: "History" }).waitFor();
      const history = (await coordinator.locator("main").textContent()) ?? "";
      expect(history).toContain("Confirmed as still right");
      expect(history).toContain("by the provider, by the emailed link");
      expect(history).toContain("Reminder to check it emailed to its provider");
      await expectNoAxeViolations(coordinator);

      // The coordinator's own "update places" link, and the data-quality list.
      await coordinator.goto(`${base}/assets/${setup.check.id}/places-link`);
      await coordinator.getByRole("button", { name: "Send the link" }).click();
      await coordinator.getByText(`The link has been emailed to ${setup.check.email}`).waitFor();
      await expectNoAxeViolations(coordinator);
      await coordinator.goto(`${base}/coordinator/data-quality`);
      await coordinator.getByRole("heading", { level: 1, name: "Data quality" }).waitFor();
      await expectNoAxeViolations(coordinator);
    } finally {
      await provider.close();
      await staff.close();
      await admin.close();
    }
    // why the longer limit: a dozen pages, each with axe, on a 2-core machine shared with other runs.
  }, 240_000);
});
