/**
 * People's records and matches through the real HTTP stack: a practitioner records, reads and
 * changes a person on their own caseload; everyone else (other roles, another practitioner) is
 * refused and nothing changes; every read and change is audited; the matches page ranks support
 * with reasons and drops listings already referred; the privacy source exports, erases and
 * retains people's records by reference.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, outcomeMeasures, persons, referrals, requests, services, sessions, users } from "../../db/schema";
import { anonymous, type Role } from "../../app/modules/accounts/permissions";
import { hashToken, startSession } from "../../app/modules/accounts/session.server";
import { applyRetention, eraseSubject, exportSubject } from "../../app/modules/privacy/personal-data.server";
import { createTestApp } from "../support/app";
import { duplicateIds } from "../support/html";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let practitioner: TestSession;
let colleague: TestSession;
let practitionerId = "";

async function sessionForUser(userId: string): Promise<TestSession> {
  const setCookie = await startSession(database.db, new Request("http://localhost/sign-in"), userId);
  const cookie = setCookie.split(";")[0]!;
  const token = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  const [session] = await database.db
    .select({ csrf: sessions.csrfToken })
    .from(sessions)
    .where(eq(sessions.id, hashToken(JSON.parse(Buffer.from(token, "base64").toString("utf8")) as string)));
  return { cookie, csrf: session!.csrf };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const [demo] = await database.db.select().from(users).where(eq(users.email, "practitioner@demo.example.org"));
  practitionerId = demo!.id;
  practitioner = await sessionForUser(practitionerId);
  const [other] = await database.db
    .insert(users)
    .values({ email: "colleague@example.org", displayName: "A colleague", role: "practitioner" })
    .returning({ id: users.id });
  colleague = await sessionForUser(other!.id);
});
afterAll(async () => {
  await database?.destroy();
});

/** Lonely since bereavement, a fall last month, lives in Soham, free on Tuesdays. */
const soham = {
  reference: "soh-0142",
  ageBand: "75-84",
  postcode: "cb7 5aa",
  contactName: "",
  contactPhone: "",
  involved: "Daughter visits on Sundays",
  whatMatters: "Since my husband died I hardly see anyone. I had a fall last month and I'm nervous going out.",
  needs: ["social-connection", "falls-home-safety"],
  riskFactors: ["loneliness", "fall"],
  preferredDays: ["TU"],
  maxTravelMiles: "5",
  budget: "free",
  hasDirectPayment: "no",
  source: "gp",
  sourceNote: "Staploe Medical Centre",
  receivedOn: "2026-01-05",
  conversation: "c1",
  lawfulBasis: "public_task",
  consentGiven: "yes",
};

function form(fields: Record<string, string | string[]>, session: TestSession) {
  const body = new URLSearchParams({ csrf: session.csrf });
  for (const [key, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
  return body;
}

function post(path: string, session: TestSession, fields: Record<string, string | string[]>) {
  return app.request(path, {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", cookie: session.cookie },
    body: form(fields, session),
    redirect: "manual",
  });
}

/** The page's HTML without React's text-node markers, so sentences read as written. */
const textOf = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");
const rankedIds = (html: string) => [...html.matchAll(/<h3[^>]*>\d+\.\s*<a[^>]*href="\/assets\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);

const get = (path: string, session?: TestSession) =>
  app.request(path, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });

const audits = (action: string, subjectId: string) =>
  database.db.select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));

let personId = "";

describe(`people's records on ${testDriver}`, () => {
  it("records a person with the request that brought them: postcode looked up, reference tidied, consent time kept, audited", async () => {
    const response = await post("/people/new", practitioner, soham);
    expect(response.status).toBe(302);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/requests\/[0-9a-f-]{36}\?done=created$/);
    const [request] = await database.db.select().from(requests).where(eq(requests.id, location.slice("/requests/".length, location.indexOf("?"))));
    expect(request).toMatchObject({ source: "gp", sourceNote: "Staploe Medical Centre", receivedOn: "2026-01-05", conversation: "c1", practitionerId, wardCode: "E05011570", outcome: null });
    personId = request!.personId!;
    const [person] = await database.db.select().from(persons).where(eq(persons.id, personId));
    expect(person).toMatchObject({
      reference: "SOH-0142",
      postcode: "CB7 5AA",
      wardCode: "E05011570",
      districtCode: "E07000009",
      ownerId: practitionerId,
      needs: ["social-connection", "falls-home-safety"],
      riskFactors: ["fall", "loneliness"],
      preferredDays: ["TU"],
      maxHourlyRatePence: 0,
      consentGiven: true,
      contactName: null,
    });
    expect(person!.latitude).toBeCloseTo(52.33, 2);
    expect(person!.consentRecordedAt).not.toBeNull();
    const [created] = await audits("person.create", personId);
    expect(created!.actorId).toBe(practitionerId);
    expect(JSON.stringify(created!.details)).not.toContain("husband");
  });

  it("shows the record to its practitioner, with links to matches and the support page, and audits the view", async () => {
    const response = await get(`/people/${personId}`, practitioner);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("SOH-0142");
    expect(html).toContain("CB7 5AA, Soham South");
    expect(html).toContain(`/people/${personId}/matches`);
    expect(html).toContain(`/people/${personId}/support`);
    expect(await audits("person.view", personId)).toHaveLength(1);
    const list = await (await get("/people", practitioner)).text();
    expect(list).toContain("SOH-0142");
  });

  it("says what is wrong, keeps what was typed and saves nothing", async () => {
    const before = (await database.db.select({ n: sql<number>`count(*)::int` }).from(persons))[0]!.n;
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ ...soham, reference: "NEW-1", needs: [] }, "Choose at least one thing they need help with"],
      [{ ...soham, reference: "NEW-2", postcode: "CB7 9ZZ" }, "We cannot find CB7 9ZZ"],
      [{ ...soham, reference: "NEW-3", postcode: "Soham" }, "Enter a full postcode, like CB7 5AA"],
      [{ ...soham, reference: "NEW-4", consentGiven: "" }, "Confirm that the person agreed"],
      [{ ...soham, reference: "NEW-5", lawfulBasis: "because" }, "Choose the lawful basis"],
      [{ ...soham, reference: "SOH-0142" }, "This reference is already used"],
      [{ ...soham, reference: "NEW-6", maxTravelMiles: "far" }, "Enter the furthest they can travel as a number of miles"],
      [{ ...soham, reference: "NEW-7", budget: "up-to", maxHourlyRate: "" }, "Enter the most they can pay an hour"],
      [{ ...soham, reference: "NEW-8", needs: ["<script>alert(1)</script>"] }, "Choose needs from the list"],
      [{ ...soham, reference: "NEW-9", contactPhone: "01632 960 001" }, "Enter the name to ask for when you phone"],
    ];
    for (const [fields, message] of cases) {
      const response = await post("/people/new", practitioner, fields);
      expect(response.status, message).toBe(400);
      const html = await response.text();
      expect(html, message).toContain(message);
      expect(html, message).toContain("There is a problem");
      expect(html).not.toContain("<script>alert(1)</script>");
    }
    const kept = await (await post("/people/new", practitioner, { ...soham, reference: "KEEP-ME", needs: [] })).text();
    // Each id once, on the empty form and with errors shown (a choice's hint once shared its question's id).
    expect(duplicateIds(kept)).toEqual([]);
    expect(duplicateIds(await (await get("/people/new", practitioner)).text())).toEqual([]);
    expect(kept).toContain('value="KEEP-ME"');
    expect(kept).toMatch(/value="TU" checked=""|checked="" value="TU"|id="preferredDays-TU"[^>]*checked/);
    expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(persons))[0]!.n).toBe(before);
  });

  it("lets its practitioner change the record, audited with the names of the fields changed", async () => {
    const response = await post(`/people/${personId}/edit`, practitioner, { ...soham, preferredDays: ["TU", "TH"], maxTravelMiles: "3" });
    expect(response.status).toBe(302);
    const [person] = await database.db.select().from(persons).where(eq(persons.id, personId));
    expect(person!.preferredDays).toEqual(["TU", "TH"]);
    expect(Number(person!.maxTravelMiles)).toBe(3);
    const [update] = await audits("person.update", personId);
    expect(update!.details).toEqual({ changed: ["preferredDays", "maxTravelMiles"] });
    const page = await (await get(`/people/${personId}/edit`, practitioner)).text();
    expect(page).toContain('value="SOH-0142"');
  });

  it("refuses another practitioner, every other role and strangers, changes nothing, and audits the refusal", async () => {
    const [before] = await database.db.select().from(persons).where(eq(persons.id, personId));
    for (const path of [`/people/${personId}`, `/people/${personId}/edit`, `/people/${personId}/matches`]) {
      const response = await get(path, colleague);
      expect(response.status, path).toBe(403);
      expect(await response.text()).toContain("This person is not on your caseload");
    }
    expect(await audits("person.view-refused", personId)).toHaveLength(3);
    expect((await post(`/people/${personId}/edit`, colleague, { ...soham, whatMatters: "changed" })).status).toBe(403);
    expect((await post(`/people/${personId}/edit`, colleague, { ...soham, needs: [] })).status).toBe(403);
    expect(await (await get("/people", colleague)).text()).not.toContain("SOH-0142");
    for (const role of ["resident", "provider", "coordinator", "commissioner", "administrator"] as Role[]) {
      const session = await sessionFor(database, role);
      expect((await get(`/people/${personId}`, session)).status, role).toBe(403);
      expect((await get(`/people/${personId}/matches`, session)).status, role).toBe(403);
      expect((await post(`/people/${personId}/edit`, session, soham)).status, role).toBe(403);
    }
    const stranger = await get(`/people/${personId}`);
    expect(stranger.status).toBe(302);
    expect(stranger.headers.get("location")).toMatch(/^\/sign-in/);
    const [after] = await database.db.select().from(persons).where(eq(persons.id, personId));
    expect(after).toEqual(before);
  });

  it("answers 404 for a record that does not exist", async () => {
    expect((await get("/people/00000000-0000-4000-8000-000000000000", practitioner)).status).toBe(404);
    expect((await get("/people/not-a-uuid/matches", practitioner)).status).toBe(404);
  });
});

describe(`matches on ${testDriver}`, () => {
  it("ranks support with reasons, proposes a combination, links to refer or signpost, and audits the read", async () => {
    const response = await get(`/people/${personId}/matches`, practitioner);
    expect(response.status).toBe(200);
    const html = await textOf(response);
    expect(html).toContain("Ranked matches");
    expect(html).toContain("Suggested together");
    expect(html).toMatch(/meets (company|falls and home safety)/);
    expect(html).toContain(`/people/${personId}/refer/`);
    const ranked = rankedIds(html);
    expect(ranked.length).toBeGreaterThan(1);
    const views = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "person.view"), eq(auditEvents.subjectId, personId)));
    expect(views.some((view) => (view.details as { purpose?: string }).purpose === "match")).toBe(true);

    // A declined referral leads back to the next matches.
    await database.db.insert(referrals).values({ personId, serviceId: ranked[0]!, kind: "signpost", status: "declined" });
    const after = await textOf(await get(`/people/${personId}/matches`, practitioner));
    const rankedAfter = rankedIds(after);
    expect(rankedAfter).not.toContain(ranked[0]);
    expect(rankedAfter[0]).toBe(ranked[1]);
    expect(after).toContain("1 listing: already referred or signposted");
  });

  it("says so plainly when a person has no needs recorded", async () => {
    const [bare] = await database.db
      .insert(persons)
      .values({ reference: "BARE-1", ageBand: "65-74", postcode: "CB7 5AA", latitude: 52.33, longitude: 0.34, lawfulBasis: "consent", ownerId: practitionerId })
      .returning({ id: persons.id });
    const response = await get(`/people/${bare!.id}/matches`, practitioner);
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("No needs are recorded for BARE-1, so there is nothing to match yet.");
  });
});

describe(`people's records as personal data on ${testDriver}`, () => {
  const admin = { ...anonymous, role: "administrator" as const };

  it("exports everything held about a person by reference, without the provider link's secret", async () => {
    const [service] = await database.db.select({ id: services.id }).from(services).where(eq(services.listingStatus, "published")).limit(1);
    await database.db.insert(referrals).values({ personId, serviceId: service!.id, kind: "referral", status: "referred", consentToShare: true, providerTokenHash: "secret-hash" });
    await database.db.insert(outcomeMeasures).values({ personId, stage: "start", recordedOn: "2026-11-01", lifeSatisfaction: 4, worthwhile: 5, happiness: 4, anxiety: 6, loneliness: 2 });
    const exported = await exportSubject(database.db, admin, { reference: " soh-0142 " });
    const [record] = exported.data.people as Array<{ person: { reference: string }; referrals: unknown[]; outcomes: unknown[]; auditTrail: unknown[] }>;
    expect(record!.person.reference).toBe("SOH-0142");
    expect(record!.referrals.length).toBeGreaterThanOrEqual(2);
    expect(record!.outcomes).toHaveLength(1);
    expect(record!.auditTrail.length).toBeGreaterThan(3);
    expect(JSON.stringify(exported)).not.toContain("secret-hash");
    expect(exported.data.accounts).toEqual([]);
    await expect(exportSubject(database.db, admin, {})).rejects.toThrow(/email address or a person's reference/);
  });

  it("erases a person by reference, with their referrals and outcomes, and keeps the audit trail", async () => {
    const erased = await eraseSubject(database.db, admin, { reference: "SOH-0142" });
    expect(erased.people).toBe(1);
    expect(await database.db.select().from(persons).where(eq(persons.id, personId))).toEqual([]);
    expect(await database.db.select().from(referrals).where(eq(referrals.personId, personId))).toEqual([]);
    expect(await database.db.select().from(outcomeMeasures).where(eq(outcomeMeasures.personId, personId))).toEqual([]);
    expect((await audits("person.create", personId)).length).toBe(1);
  });

  it("deletes records whose last activity is past the retention period, and keeps the rest", async () => {
    const now = new Date("2026-11-29T12:00:00Z");
    const base = { ageBand: "65-74" as const, postcode: "CB7 5AA", latitude: 52.33, longitude: 0.34, lawfulBasis: "consent" as const, ownerId: practitionerId };
    await database.db.insert(persons).values([
      { ...base, reference: "OLD-1", lastActivityAt: new Date("2024-10-01T00:00:00Z") },
      { ...base, reference: "RECENT-1", lastActivityAt: new Date("2026-01-01T00:00:00Z") },
    ]);
    const results = await applyRetention(database.db, now, { recordDays: 730, auditDays: 2190 });
    expect(results.people).toBe(1);
    const left = (await database.db.select({ reference: persons.reference }).from(persons)).map((row) => row.reference);
    expect(left).toContain("RECENT-1");
    expect(left).not.toContain("OLD-1");
  });
});
