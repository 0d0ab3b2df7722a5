/**
 * The resident's guided path and What's on, as a browser without JavaScript gets them: one
 * question a page, errors in plain words, results ranked exactly as the matching engine ranks
 * them, and nothing written to the database.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { schedules } from "../../db/schema";
import { findGuidedPlace } from "../../app/modules/guided/guided.server";
import { personFromAnswers, readAnswers } from "../../app/modules/guided/guided-path";
import { findMatches } from "../../app/modules/matching/matching.server";
import { happeningFor, whatsOnWeek } from "../../app/modules/whats-on/whats-on.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { londonNow } from "../../db/calendar";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.destroy();
});

const get = (path: string, init?: RequestInit) => app.request(path, { redirect: "manual", ...init });
const html = async (path: string, init?: RequestInit) => {
  const response = await get(path, init);
  expect(response.status, path).toBe(200);
  return response.text();
};
const decode = (text: string) => text.replace(/&amp;/g, "&");
const answers = "who=me&age=75-84&help=lonely&help=falls&where=Soham&day=TU&time=morning&travel=bus&pay=free";

async function rowsWritten(): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    database.db,
    sql`select ((select count(*) from persons) + (select count(*) from audit_events) + (select count(*) from sessions))::int as total`,
  );
  return Number(row!.total);
}

describe(`the guided path on ${testDriver}`, () => {
  it("asks one question a page, as a GET form carrying the earlier answers", async () => {
    const page = await html("/what-matters/help?who=me&age=75-84");
    expect(page).toMatch(/<h1 class="govuk-fieldset__heading">What would help\?<\/h1>/);
    expect(page).toContain('<a class="govuk-back-link" data-discover="true" href="/what-matters/age?who=me&amp;age=75-84">Back</a>');
    const form = /<form method="get" action="\/what-matters\/help"[^>]*>([\s\S]*?)<\/form>/.exec(page)?.[1] ?? "";
    expect(form).toContain('<input type="hidden" name="who" value="me"/>');
    expect(form).toContain('<input type="hidden" name="submitted" value="help"/>');
    expect(form.match(/type="checkbox"/g)).toHaveLength(8);
  });

  it("says what is wrong when nothing is chosen, with the GOV.UK error summary and an 'Error:' title", async () => {
    const page = await html("/what-matters/help?who=me&age=75-84&submitted=help");
    expect(page).toMatch(/<title>Error: What would help\? – Asset Atlas<\/title>/);
    expect(page).toContain('<a href="#help">Select at least one thing that would help</a>');
    expect(page).toMatch(/id="help-error" class="govuk-error-message">/);
  });

  it("moves on after a good answer, and sends a skipped question back to be asked", async () => {
    const next = await get("/what-matters/help?who=me&age=75-84&help=lonely&submitted=help");
    expect(next.status).toBe(302);
    expect(next.headers.get("location")).toBe("/what-matters/where?who=me&age=75-84&help=lonely");
    const skipped = await get("/what-matters/pay?who=me&where=Soham");
    expect(skipped.headers.get("location")).toBe("/what-matters/age?who=me&where=Soham");
  });

  it("knows a place by postcode or name, and says plainly when it does not", async () => {
    const byName = await get("/what-matters/where?who=me&age=75-84&help=lonely&where=soham&submitted=where");
    expect(byName.headers.get("location")).toMatch(/^\/what-matters\/when\?/);
    const byPostcode = await get("/what-matters/where?who=me&age=75-84&help=lonely&where=cb7+5aa&submitted=where");
    expect(byPostcode.headers.get("location")).toMatch(/^\/what-matters\/when\?/);
    const unknown = await html("/what-matters/where?who=me&age=75-84&help=lonely&where=Sohm&submitted=where");
    expect(unknown).toContain("We could not find a place called ‘Sohm’.");
    const long = await get(`/what-matters/where?who=me&age=75-84&help=lonely&where=${"x".repeat(5000)}&submitted=where`);
    expect(long.status).toBe(200);
  });

  it("refuses answers that are not among the choices: a day like FEB30, a price of -5", async () => {
    expect(await html("/what-matters/when?who=me&age=75-84&help=lonely&where=Soham&day=FEB30&submitted=when")).toContain("Select days and times from the list");
    const results = await get(answers.replace("pay=free", "pay=-5").replace(/^/, "/what-matters/results?"));
    expect(results.headers.get("location")).toMatch(/^\/what-matters\/pay\?/);
  });

  it("ranks the results exactly as the matching engine does, with its reasons said to the resident", async () => {
    const before = await rowsWritten();
    const page = await html(`/what-matters/results?${answers}`);
    const shown = [...page.matchAll(/<li class="atlas-result"><h2[^>]*><a class="govuk-link"[^>]*href="\/assets\/([0-9a-f-]+)"/g)].map((match) => match[1]);
    const parsed = readAnswers(new URL(`http://x/?${answers}`));
    const place = await findGuidedPlace(database.db, "Soham");
    if (!place.found) throw new Error("Soham should be known");
    const expected = await findMatches(database.db, { ...personFromAnswers(parsed), ...place.place }, { today: londonNow().date });
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(expected.matches.slice(0, 10).map((match) => match.id));
    // Free only was asked for: every reason says free; and "your", not "their".
    const reasons = [...page.matchAll(/Why it fits:(?:<!-- -->)? <\/span>([^<]*)<\/p>/g)].map((match) => match[1]!);
    expect(reasons).toHaveLength(shown.length);
    for (const reason of reasons) {
      expect(reason).toMatch(/; free;/);
      expect(reason).not.toMatch(/\btheir\b/);
    }
    expect(page).toContain('href="/what-matters/help?who=me&amp;age=75-84&amp;help=lonely&amp;help=falls&amp;where=Soham');
    expect(decode(page)).toContain('href="/search?postcode=Soham&need=social-connection&need=falls-home-safety"');
    expect(await rowsWritten()).toBe(before);
  });

  it("says so when nothing fits, and offers to change the answers", async () => {
    // The demo directory is in East Cambridgeshire: nothing is within a walk of Wisbech.
    const page = await html("/what-matters/results?who=someone&age=18-24&help=memory&where=Wisbech&day=SU&time=evening&travel=walk&pay=free");
    expect(page).toContain("We did not find support that fits all your answers.");
    expect(page).toMatch(/href="\/what-matters\/travel\?[^"]*change=1">Change<span class="govuk-visually-hidden"> (<!-- -->)?How would they get there\?<\/span>/);
  });
});

describe(`What's on and 'open now' on ${testDriver}`, () => {
  it("puts a listing's weekly and monthly sessions on the right days, and never on a 30 February", async () => {
    const [listing] = await queryRows<{ id: string; name: string }>(
      database.db,
      sql`select s.id, s.name from services s where s.listing_status = 'published' and s.status = 'active'
          and not exists (select 1 from schedules sc where sc.service_id = s.id) order by s.name limit 1`,
    );
    await database.db.insert(schedules).values([
      { serviceId: listing!.id, freq: "MONTHLY", bymonthday: "30", opensAt: "14:00", closesAt: "15:30" },
      { serviceId: listing!.id, freq: "WEEKLY", byday: "TU", opensAt: "10:00", closesAt: "12:00", validFrom: "2027-01-01" },
    ]);
    const now = { date: "2027-01-26", minutes: 10 * 60 + 30 };
    const week = await whatsOnWeek(database.db, { from: "2027-01-26", near: null, now });
    const sessionsOf = (date: string) => week.find((day) => day.date === date)!.sessions.filter((session) => session.id === listing!.id);
    expect(sessionsOf("2027-01-26")).toMatchObject([{ time: "10am to 12 noon", happening: "open-now" }]);
    expect(sessionsOf("2027-01-30")).toMatchObject([{ time: "2pm to 3:30pm", happening: null }]);
    expect(sessionsOf("2027-01-27")).toEqual([]);
    const february = await whatsOnWeek(database.db, { from: "2027-02-24", near: null, now });
    expect(february.map((day) => day.date)).toEqual(["2027-02-24", "2027-02-25", "2027-02-26", "2027-02-27", "2027-02-28", "2027-03-01", "2027-03-02"]);
    expect(february.flatMap((day) => day.sessions).filter((session) => session.id === listing!.id && session.time === "2pm to 3:30pm")).toEqual([]);
    expect(await happeningFor(database.db, [listing!.id], { date: "2027-01-26", minutes: 13 * 60 })).toEqual({ [listing!.id]: "on-today" });
    // The rules are held between pages, but never past a change to them.
    await database.db.execute(sql`update schedules set byday = 'WE' where service_id = ${listing!.id}::uuid and freq = 'WEEKLY'`);
    expect(await happeningFor(database.db, [listing!.id], { date: "2027-01-26", minutes: 13 * 60 })).toEqual({});
    expect(await happeningFor(database.db, [listing!.id], { date: "2027-01-27", minutes: 11 * 60 })).toEqual({ [listing!.id]: "open-now" });
  });

  it("shows the week near a place, and says plainly when the date is not a real one", async () => {
    const page = await html("/whats-on?where=Soham&from=2027-02-30");
    expect(page).toContain("What&#x27;s on this week near Soham");
    expect(page).toMatch(/Enter a real date, like \d{4}-\d{2}-\d{2}\. We have shown this week from today\./);
    expect(page.match(/<h2 class="govuk-heading-m" id="day-/g)).toHaveLength(7);
    const unknown = await html("/whats-on?where=Atlantis");
    expect(unknown).toContain('<a href="#where">We could not find a place called ‘Atlantis’.');
  });
});

describe(`the language switch on ${testDriver}`, () => {
  it("sets a cookie and goes back to the same page, never to another site", async () => {
    const switched = await get("/language?lang=pl&return=/what-matters/who%3Fx%3D1");
    expect(switched.status).toBe(302);
    expect(switched.headers.get("location")).toBe("/what-matters/who?x=1");
    expect(switched.headers.get("set-cookie")).toMatch(/^atlas_lang=pl; Path=\/; Max-Age=31536000; SameSite=Lax; HttpOnly/);
    expect((await get("/language?lang=pl&return=//evil.example/")).headers.get("location")).toBe("/");
    expect((await get("/language?lang=pl&return=https://evil.example/")).headers.get("location")).toBe("/");
    expect((await get("/language?lang=pl&return=/%09/evil.example")).headers.get("location")).toBe("/");
    expect((await get("/language?lang=xx")).status).toBe(400);
  });

  it("renders the pages in Polish with lang attributes right, listing texts left in English", async () => {
    const cookie = { headers: { cookie: "atlas_lang=pl" } };
    const home = await html("/", cookie);
    expect(home).toMatch(/<html lang="pl"/);
    expect(home).toContain("Znajdź wsparcie blisko siebie");
    expect(home).toContain('href="/language?lang=en&amp;return=%2F" hrefLang="en-GB" lang="en-GB"');
    const question = await html("/what-matters/who", cookie);
    expect(question).toContain("<title>Dla kogo jest to wsparcie? – Asset Atlas</title>");
    const results = await html(`/what-matters/results?${answers}`, cookie);
    expect(results).toMatch(/<span lang="en-GB">[^<]+<\/span><\/a>/);
    const [listing] = await queryRows<{ id: string; name: string }>(database.db, sql`select id, name from services where listing_status = 'published' order by name limit 1`);
    const listingPage = await html(`/assets/${listing!.id}`, cookie);
    expect(listingPage).toContain("Jak się skontaktować");
    expect(listingPage).toMatch(/<h1 class="govuk-heading-l"><span lang="en-GB">/);
    // ?lang= wins over the cookie; English pages carry no extra lang marks.
    const english = await html("/?lang=en", cookie);
    expect(english).toMatch(/<html lang="en-GB"/);
    expect(english).toContain("Find community support near you");
  });
});
