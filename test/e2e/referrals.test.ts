/**
 * The referral journey's "done when", from the referral on: a practitioner (the person is created in the
 * database beforehand: the person pages are the matching work's) refers to two listings, the
 * provider accepts through the link in the development outbox with JavaScript off, and the
 * practitioner records 3 hours a week of home-care social support avoided.
 */
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { services } from "../../db/schema";
import { demoPassword } from "../../db/seed/demo-accounts";
import { browserAvailable, browserSuite, expectNoAxeViolations } from "../support/browser";
import { insertPerson, practitionerId } from "../support/caseload-people";

const run = browserAvailable();
const setup = { personId: "", reference: "SOH-E2E-0142", listings: [] as Array<{ id: string; name: string; email: string }> };

describe.skipIf(!run)("a practitioner refers, the provider accepts, the practitioner records care avoided", () => {
  const suite = browserSuite({
    async prepare(db) {
      const person = await insertPerson(db, await practitionerId(db), {
        reference: setup.reference,
        contactName: "Betty Example",
        whatMatters: "Lonely since her husband died; a fall last month; lives in Soham; free on Tuesdays.",
      });
      setup.personId = person.id;
      const rows = await db.select({ id: services.id, name: services.name }).from(services).where(eq(services.listingStatus, "published")).orderBy(asc(services.name)).limit(2);
      for (const [index, row] of rows.entries()) {
        const email = `e2e-provider-${index}@example.org`;
        await db.update(services).set({ email }).where(eq(services.id, row.id));
        setup.listings.push({ ...row, email });
      }
    },
  });

  it("closes the loop in a real browser, with no accessibility failures", async () => {
    const practitioner = await suite.browser.newContext();
    const page = await practitioner.newPage();
    const provider = await suite.browser.newContext({ javaScriptEnabled: false });
    const providerPage = await provider.newPage();
    try {
      await page.goto(`${suite.app.url}/sign-in`);
      await page.getByLabel("Email address").fill("practitioner@demo.example.org");
      await page.getByLabel("Password").fill(demoPassword);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { level: 1, name: "Your account" }).waitFor();

      for (const [index, listing] of setup.listings.entries()) {
        await page.goto(`${suite.app.url}/people/${setup.personId}/refer/${listing.id}`);
        await page.getByRole("heading", { level: 1, name: `Refer or signpost to ${listing.name}` }).waitFor();
        if (index === 0) {
          // Without consent nothing is sent, and the page says why.
          await page.getByLabel("Summary for the provider").fill("Mrs B would like company on Tuesdays.");
          await page.getByRole("button", { name: "Continue" }).click();
          await page.getByText("Confirm the person agrees to the summary being shared").first().waitFor();
          await expectNoAxeViolations(page);
        }
        await page.getByLabel("Refer: ask the provider to take the person on").check();
        await page.getByLabel("Summary for the provider").fill("Mrs B, in her late 70s, would like company on Tuesdays. Call her daughter on 01632 960001.");
        await page.getByLabel("What they would like from this support").fill("Company on a Tuesday");
        // Listings picked by name: matching may have left this one out, which needs a reason.
        const overrule = page.getByLabel("Why refer or signpost anyway?");
        if (await overrule.count()) await overrule.fill("Her daughter can drive her there on Tuesdays");
        await page.getByLabel(/agrees to this summary being shared/).check();
        await page.getByRole("button", { name: "Continue" }).click();
        await page.getByText("Referral sent").waitFor();
      }
      expect(await page.locator("strong.govuk-tag", { hasText: "Referred, waiting for an answer" }).count()).toBe(2);
      await expectNoAxeViolations(page);
      // A new link straight after the first is refused, with the reason by the button.
      await page.getByRole("button", { name: `Send the provider a new link for ${setup.listings[1]!.name}` }).click();
      await page.getByText("A link was sent less than 60 minutes ago").first().waitFor();
      expect(await page.locator("strong.govuk-tag", { hasText: "Referred, waiting for an answer" }).count()).toBe(2);
      await expectNoAxeViolations(page);

      // The provider: the link from the development outbox (which only an administrator may read),
      // answered with JavaScript off.
      const first = setup.listings[0]!;
      const admin = await suite.browser.newContext();
      const outbox = await admin.newPage();
      await outbox.goto(`${suite.app.url}/sign-in?redirectTo=%2Fdev%2Foutbox`);
      await outbox.getByLabel("Email address").fill("admin@demo.example.org");
      await outbox.getByLabel("Password").fill(demoPassword);
      await outbox.getByRole("button", { name: "Sign in" }).click();
      await outbox.getByRole("heading", { level: 1, name: "Development outbox" }).waitFor();
      const mail = await outbox.getByRole("region", { name: `A referral to ${first.name}` }).textContent();
      await admin.close();
      const link = /https?:\/\/\S+\/referrals\/respond\/[A-Za-z0-9_-]{43}/.exec(mail ?? "")?.[0];
      expect(link, "the referral link in the outbox").toBeTruthy();
      await providerPage.goto(link!);
      await providerPage.getByRole("heading", { level: 1, name: "A referral for you" }).waitFor();
      const providerText = (await providerPage.locator("main").textContent()) ?? "";
      expect(providerText).toContain("would like company on Tuesdays");
      // Who referred and how to reach them (from the practitioner's account, which the form prefilled).
      expect(providerText).toContain("Who referred them");
      expect(providerText).toContain("practitioner@demo.example.org");
      expect(providerText).toContain("Company on a Tuesday");
      for (const secret of [setup.reference, "Betty Example", "Lonely since her husband died"]) expect(providerText).not.toContain(secret);
      // axe needs JavaScript: check the same page in the practitioner's browser (looking does not use the link up).
      const axePage = await practitioner.newPage();
      await axePage.goto(link!);
      await axePage.getByRole("heading", { level: 1, name: "A referral for you" }).waitFor();
      await expectNoAxeViolations(axePage);
      await axePage.close();
      await providerPage.getByLabel("Yes, accept the referral").check();
      await providerPage.getByLabel("Your reason or a message for the practitioner").fill("We can visit on Tuesday afternoon.");
      await providerPage.getByRole("button", { name: "Send your answer" }).click();
      await providerPage.getByText("You have accepted the referral").waitFor();
      await providerPage.goto(link!);
      await providerPage.getByRole("heading", { level: 1, name: "This referral has already been answered" }).waitFor();

      // The practitioner sees the answer and records the care avoided: Check, then Save.
      await page.goto(`${suite.app.url}/referrals`);
      await page.getByRole("heading", { level: 1, name: "Your referrals" }).waitFor();
      await expectNoAxeViolations(page);
      await page.goto(`${suite.app.url}/people/${setup.personId}/support`);
      await page.getByText("We can visit on Tuesday afternoon.", { exact: true }).waitFor();
      expect(await page.locator("strong.govuk-tag", { hasText: "Accepted" }).count()).toBe(1);
      await page.getByRole("link", { name: `Record formal care avoided thanks to ${first.name}` }).click();
      await page.getByRole("heading", { level: 1, name: "Record formal care avoided" }).waitFor();
      await expectNoAxeViolations(page);
      await page.getByLabel("Home care", { exact: true }).check();
      await page.getByLabel("Hours a week (for care counted in hours)").fill("3");
      await page.getByLabel("Medium").check();
      await page.getByLabel("No: care that would otherwise have started").check();
      await page.getByLabel("Note (optional)").fill("Social support element of her home-care package");
      await page.getByRole("button", { name: "Check" }).click();
      await page.getByRole("heading", { name: "Weekly cost avoided: £96.42" }).waitFor();
      await expectNoAxeViolations(page);
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("The formal care avoided has been recorded.").waitFor();
      expect(await page.getByRole("cell", { name: "Home care, 3 hours a week" }).isVisible()).toBe(true);
      expect(await page.getByRole("cell", { name: "£96.42" }).first().isVisible()).toBe(true);
      await expectNoAxeViolations(page);

      await page.getByRole("link", { name: "Record wellbeing and loneliness answers" }).click();
      await page.getByRole("heading", { level: 1, name: "Record wellbeing and loneliness" }).waitFor();
      await expectNoAxeViolations(page);
    } finally {
      await practitioner.close();
      await provider.close();
    }
    // why the longer limit: the journey now signs an administrator in to read the outbox as well (105 s at load 18).
  }, 120_000);
});
