/**
 * Referrals with a closed loop, outcomes and diverted care, through the real HTTP stack:
 * refer or signpost, the provider's one-use link, status changes, reminders, ONS4 and
 * loneliness, and the formal care avoided with its preview — and every refusal.
 */
import { createHash } from "node:crypto";
import { and, asc, count, desc, eq, inArray, isNull, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, divertedCare, mailOutbox, outcomeMeasures, persons, referralEvents, referrals, services, users } from "../../db/schema";
import { sendReferralReminders } from "../../app/modules/referrals/referrals.server";
import { exclusionReasons } from "../../app/modules/matching/engine";
import { findMatches, personForMatching } from "../../app/modules/matching/matching.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { insertPerson, insertRequest, practitionerId } from "../support/caseload-people";
import { sessionFor, sessionForUser, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let practitioner: TestSession;
let otherPractitioner: TestSession;
let ownerId = "";
const listing = { first: "", second: "", third: "", archived: "", draft: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const { db } = database;
  ownerId = await practitionerId(db);
  practitioner = await sessionForUser(database, ownerId);
  const [other] = await db
    .insert(users)
    .values({ email: "other.practitioner@example.org", displayName: "Other Practitioner", role: "practitioner" })
    .returning();
  otherPractitioner = await sessionForUser(database, other!.id);
  const published = await db.select({ id: services.id }).from(services).where(eq(services.listingStatus, "published")).orderBy(asc(services.name)).limit(5);
  [listing.first, listing.second, listing.third, listing.archived, listing.draft] = published.map((row) => row.id) as [string, string, string, string, string];
  for (const [key, id] of Object.entries(listing)) await db.update(services).set({ email: `${key}.listing@example.org` }).where(eq(services.id, id));
  await db.update(services).set({ listingStatus: "archived" }).where(eq(services.id, listing.archived));
  await db.update(services).set({ listingStatus: "draft" }).where(eq(services.id, listing.draft));
});
afterAll(async () => {
  await database?.destroy();
});

function post(path: string, session: TestSession | null, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  if (session) body.append("csrf", session.csrf);
  return app.request(path, {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", ...(session ? { cookie: session.cookie } : {}) },
    body,
    redirect: "manual",
  });
}

/** The page's text without React's markers between adjacent text pieces. */
const read = async (response: Response): Promise<string> => (await response.text()).replaceAll("<!-- -->", "");

const get = (path: string, session: TestSession | null = practitioner) =>
  app.request(path, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });

const referralFields = {
  kind: "referral",
  consent: "yes",
  sharedSummary: "Mrs B, 78, would like company on Tuesdays. Call her daughter on 01632 960001.",
  personWants: "Company over lunch on a Tuesday",
  referrerName: "Priya Practitioner",
  referrerTeam: "East Cambridgeshire Neighbourhood Team",
  referrerContact: "01632 960123",
  // Ignored unless matching left the listing out (these tests pick listings by name, not by match).
  overruleReason: "Her daughter drives her there",
  needs: ["social-connection"],
};

/** For signposts to listings picked by name: matching may leave them out, which needs a reason. */
const signpostReason = "Known to suit them";

async function refer(personId: string, serviceId: string, fields: Record<string, string | string[]> = referralFields) {
  return post(`/people/${personId}/refer/${serviceId}`, practitioner, fields);
}

/** The provider's link from the newest mail to the listing's address. */
async function linkFor(key: keyof typeof listing): Promise<string> {
  const [mail] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, `${key}.listing@example.org`)).orderBy(desc(mailOutbox.createdAt)).limit(1);
  const match = /\/referrals\/respond\/([A-Za-z0-9_-]{43})/.exec(mail?.body ?? "");
  if (!match) throw new Error(`No referral link mailed to ${key}`);
  return match[1]!;
}

const referralsOf = (personId: string) => database.db.select().from(referrals).where(eq(referrals.personId, personId)).orderBy(asc(referrals.createdAt));
const eventsOf = (referralId: string) => database.db.select().from(referralEvents).where(eq(referralEvents.referralId, referralId)).orderBy(asc(referralEvents.at));
const auditCount = async (action: string, subjectId: string) =>
  (await database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId))))[0]!.n;

describe(`referring on ${testDriver}`, () => {
  it("shows the refer form for a person on the practitioner's caseload, audited", async () => {
    const person = await insertPerson(database.db, ownerId);
    const response = await get(`/people/${person.id}/refer/${listing.first}`);
    expect(response.status).toBe(200);
    const html = await read(response);
    expect(html).toContain("exactly what the provider will see");
    expect(html).toContain(person.reference);
    expect(await auditCount("referral.form-view", person.id)).toBe(1);
  });

  it("refuses a referral without consent or without a summary, and creates nothing", async () => {
    const person = await insertPerson(database.db, ownerId);
    const noConsent = await refer(person.id, listing.first, { ...referralFields, consent: "" });
    expect(noConsent.status).toBe(400);
    expect(await read(noConsent)).toContain("Confirm the person agrees to the summary being shared");
    const noSummary = await refer(person.id, listing.first, { ...referralFields, sharedSummary: " " });
    expect(noSummary.status).toBe(400);
    const html = await read(noSummary);
    expect(html).toContain("Write a short summary for the provider");
    expect(await referralsOf(person.id)).toEqual([]);
  });

  it("refers: stores only the link's hash, mails the provider, records the event, and belongs to the person's open request", async () => {
    const person = await insertPerson(database.db, ownerId, { lastActivityAt: new Date("2026-01-01T00:00:00Z") });
    const open = await insertRequest(database.db, person);
    const response = await refer(person.id, listing.first);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/people/${person.id}/support?done=referred`);
    const [referral] = await referralsOf(person.id);
    expect(referral).toMatchObject({ kind: "referral", status: "referred", consentToShare: true, needs: ["social-connection"], sharedSummary: referralFields.sharedSummary });
    const token = await linkFor("first");
    expect(referral!.providerTokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(referral)).not.toContain(token);
    const days = (referral!.providerTokenExpiresAt!.getTime() - referral!.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 3);
    expect(await eventsOf(referral!.id)).toMatchObject([{ fromStatus: null, toStatus: "referred", actorId: ownerId }]);
    expect(referral!.requestId).toBe(open.id);
    expect(referral).toMatchObject({ personWants: referralFields.personWants, referrerName: referralFields.referrerName, referrerContact: referralFields.referrerContact });
    const [after] = await database.db.select().from(persons).where(eq(persons.id, person.id));
    expect(after!.lastActivityAt.getTime()).toBeGreaterThan(person.lastActivityAt.getTime());
    expect(await auditCount("referral.create", referral!.id)).toBe(1);
    const support = await read(await get(`/people/${person.id}/support?done=referred`));
    expect(support).toContain("Referral sent");
    expect(support).toContain("Referred, waiting for an answer");
  });

  it("signposts without sharing anything or sending a link; without an open request the referral stands alone", async () => {
    const person = await insertPerson(database.db, ownerId);
    expect((await refer(person.id, listing.second, { kind: "signpost", overruleReason: signpostReason, sharedSummary: "should not be kept" })).status).toBe(302);
    const [signpost] = await referralsOf(person.id);
    expect(signpost).toMatchObject({ kind: "signpost", status: "suggested", providerTokenHash: null, sharedSummary: "", consentToShare: false });
    expect(signpost).toMatchObject({ requestId: null, personWants: null, referrerName: null });
    expect((await refer(person.id, listing.first)).status).toBe(302);
    expect((await referralsOf(person.id)).map((row) => row.kind)).toEqual(["signpost", "referral"]);
  });

  it("names a listing matching left out, refuses to refer to it without a reason, and records the rule and the reason when given", async () => {
    const person = await insertPerson(database.db, ownerId, { wardCode: "E05011570", districtCode: "E07000009" });
    const result = await findMatches(database.db, personForMatching(person));
    const left = result.excluded.find((entry) => entry.reason !== "referred")!;
    expect(left).toBeDefined();
    const matches = await read(await get(`/people/${person.id}/matches`));
    expect(matches).toContain("Listings left out");
    expect(matches).toContain(`href="/people/${person.id}/refer/${left.id}">Refer anyway<span class="govuk-visually-hidden"> to ${left.name.replaceAll("&", "&amp;")}</span>`);
    const form = await read(await get(`/people/${person.id}/refer/${left.id}`));
    expect(form).toContain(`Matching left this listing out for ${person.reference}: ${exclusionReasons[left.reason]}`);
    const noReason = await refer(person.id, left.id, { ...referralFields, kind: "signpost", overruleReason: " " });
    expect(noReason.status).toBe(400);
    expect(await read(noReason)).toContain("Say why you are referring or signposting anyway: matching left this listing out");
    expect(await referralsOf(person.id)).toEqual([]);
    expect((await refer(person.id, left.id, { ...referralFields, kind: "signpost" })).status).toBe(302);
    const [overruled] = await referralsOf(person.id);
    expect(overruled).toMatchObject({ serviceId: left.id, overruledRule: left.reason, overruleReason: referralFields.overruleReason });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "referral.signpost"), eq(auditEvents.subjectId, overruled!.id)));
    expect(audit!.details).toMatchObject({ overruledRule: left.reason });
    // A listing that matches needs no reason, and none is recorded.
    const fits = result.matches[0]!;
    expect((await refer(person.id, fits.id, { ...referralFields, kind: "signpost", overruleReason: "" })).status).toBe(302);
    expect((await referralsOf(person.id)).find((row) => row.serviceId === fits.id)).toMatchObject({ overruledRule: null, overruleReason: null });
  });

  it("refuses an archived or unpublished listing, and a second referral to the same listing", async () => {
    const person = await insertPerson(database.db, ownerId);
    const form = await get(`/people/${person.id}/refer/${listing.archived}`);
    expect(form.status).toBe(200);
    const formHtml = await read(form);
    expect(formHtml).toContain("has been archived, so you cannot refer or signpost to it");
    expect(formHtml).not.toContain("Consent to share");
    const archived = await refer(person.id, listing.archived);
    expect(archived.status).toBe(409);
    expect(await read(archived)).toContain("has been archived");
    const draft = await refer(person.id, listing.draft, { kind: "signpost", overruleReason: signpostReason });
    expect(draft.status).toBe(409);
    expect(await read(draft)).toContain("is not published yet");
    expect(await referralsOf(person.id)).toEqual([]);
    expect((await refer(person.id, listing.first)).status).toBe(302);
    const again = await refer(person.id, listing.first);
    expect(again.status).toBe(409);
    expect(await read(again)).toContain("already has a referral to");
    expect(await referralsOf(person.id)).toHaveLength(1);
    expect((await get(`/people/${person.id}/refer/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});

describe(`the provider's link on ${testDriver}`, () => {
  it("shows the shared summary, what the person wants, who referred and how to reach them, and the listing, then accepts once; a reused link changes nothing", async () => {
    const person = await insertPerson(database.db, ownerId, { contactName: "Betty Example", postcode: "CB7 5ZZ" });
    await refer(person.id, listing.second);
    const token = await linkFor("second");
    const [referral] = await referralsOf(person.id);
    const page = await get(`/referrals/respond/${token}`, null);
    expect(page.status).toBe(200);
    const html = await read(page);
    expect(html).toContain("Mrs B, 78, would like company on Tuesdays.");
    expect(html).toContain("Who referred them");
    for (const shown of [referralFields.personWants, referralFields.referrerName, referralFields.referrerTeam, referralFields.referrerContact]) expect(html).toContain(shown);
    for (const secret of [person.reference, "Betty Example", "CB7 5ZZ", "Lonely since her husband died", person.id]) expect(html).not.toContain(secret);
    expect(await auditCount("referral.provider-view", referral!.id)).toBe(1);

    const noReason = await post(`/referrals/respond/${token}`, null, { decision: "decline", reason: "" });
    expect(noReason.status).toBe(400);
    expect(await read(noReason)).toContain("Say why you cannot take this person on");
    expect((await referralsOf(person.id))[0]!.status).toBe("referred");

    const accepted = await post(`/referrals/respond/${token}`, null, { decision: "accept", reason: "We can visit on Tuesday." });
    expect(accepted.status).toBe(302);
    const thanks = await get(accepted.headers.get("location")!, null);
    expect(thanks.status).toBe(200);
    expect(await read(thanks)).toContain("You have accepted the referral");
    const [after] = await referralsOf(person.id);
    expect(after).toMatchObject({ status: "accepted", providerReason: "We can visit on Tuesday." });
    expect(after!.providerRespondedAt).not.toBeNull();
    expect((await eventsOf(referral!.id)).map((event) => [event.toStatus, event.via])).toEqual([
      ["referred", "account"],
      ["accepted", "provider-link"],
    ]);
    const [told] = await database.db.select().from(mailOutbox).where(like(mailOutbox.subject, `%has accepted a referral (${person.reference})`));
    expect(told!.to).toBe("practitioner@demo.example.org");

    const reused = await get(`/referrals/respond/${token}`, null);
    expect(reused.status).toBe(410);
    expect(await read(reused)).toContain("This referral has already been answered");
    const again = await post(`/referrals/respond/${token}`, null, { decision: "decline", reason: "changed our mind" });
    expect(again.status).toBe(410);
    expect(await read(again)).toContain("already been answered");
    expect((await referralsOf(person.id))[0]).toEqual(after);
    expect(await eventsOf(referral!.id)).toHaveLength(2);
  });

  it("counts only one of two answers sent at the same moment", async () => {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.third, { ...referralFields, needs: [] });
    const token = await linkFor("third");
    const answers = await Promise.all([
      post(`/referrals/respond/${token}`, null, { decision: "accept", reason: "" }),
      post(`/referrals/respond/${token}`, null, { decision: "decline", reason: "Full" }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([302, 410]);
    const [referral] = await referralsOf(person.id);
    expect(await eventsOf(referral!.id)).toHaveLength(2);
    expect(referral!.status).toBe(answers[0]!.status === 302 ? "accepted" : "declined");
  });

  it("says an expired link has expired and changes nothing; an unknown link is not valid", async () => {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.third);
    const token = await linkFor("third");
    const [referral] = await referralsOf(person.id);
    await database.db.update(referrals).set({ providerTokenExpiresAt: new Date(Date.now() - 1000) }).where(eq(referrals.id, referral!.id));
    const page = await get(`/referrals/respond/${token}`, null);
    expect(page.status).toBe(410);
    expect(await read(page)).toContain("This link has expired");
    const answer = await post(`/referrals/respond/${token}`, null, { decision: "accept", reason: "" });
    expect(answer.status).toBe(410);
    const [after] = await referralsOf(person.id);
    expect(after!.status).toBe("referred");
    expect(after!.providerRespondedAt).toBeNull();
    const unknown = await get(`/referrals/respond/${"A".repeat(43)}`, null);
    expect(unknown.status).toBe(404);
    expect(await read(unknown)).toContain("This link is not valid");
  });

  it("a declined referral leads the practitioner back to the matches", async () => {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.first);
    const token = await linkFor("first");
    expect((await post(`/referrals/respond/${token}`, null, { decision: "decline", reason: "We are full until March." })).status).toBe(302);
    const html = await read(await get(`/people/${person.id}/support`));
    expect(html).toContain("We are full until March.");
    expect(html).toContain(`href="/people/${person.id}/matches"`);
    expect(html).toContain("Find other support for");
  });
});

describe(`a new provider link on ${testDriver}`, () => {
  const resend = (personId: string, referralId: string, session: TestSession = practitioner) =>
    post(`/people/${personId}/support`, session, { intent: "resend-link", referralId });
  /** Pretends the link was sent `minutes` ago (its events then, and it expires 30 days after that). */
  const sentMinutesAgo = async (referralId: string, minutes: number) => {
    const sentAt = new Date(Date.now() - minutes * 60_000);
    await database.db.update(referralEvents).set({ at: sentAt }).where(eq(referralEvents.referralId, referralId));
    await database.db
      .update(referrals)
      .set({ providerTokenExpiresAt: new Date(sentAt.getTime() + 30 * 86_400_000) })
      .where(eq(referrals.id, referralId));
  };

  it("replaces a lost link: the old one stops working, the new one works, with the event and audit recorded", async () => {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.first);
    const oldToken = await linkFor("first");
    const [referral] = await referralsOf(person.id);
    const support = await read(await get(`/people/${person.id}/support`));
    expect(support).toContain("Send the provider a new link");
    expect(support).toContain("The provider&#x27;s link works until");

    // Straight after sending, not again: nothing changes.
    const tooSoon = await resend(person.id, referral!.id);
    expect(tooSoon.status).toBe(409);
    expect(await read(tooSoon)).toContain("A link was sent less than 60 minutes ago");
    expect((await referralsOf(person.id))[0]!.providerTokenHash).toBe(referral!.providerTokenHash);

    await sentMinutesAgo(referral!.id, 24 * 60);
    const response = await resend(person.id, referral!.id);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/people/${person.id}/support?done=resent`);
    const newToken = await linkFor("first");
    expect(newToken).not.toBe(oldToken);
    const [after] = await referralsOf(person.id);
    expect(after!.providerTokenHash).toBe(createHash("sha256").update(newToken).digest("hex"));
    expect(after!.providerTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(after!.status).toBe("referred");
    expect((await eventsOf(referral!.id)).map((event) => [event.toStatus, event.via])).toEqual([
      ["referred", "account"],
      ["referred", "link-resent"],
    ]);
    expect(await auditCount("referral.link-resent", referral!.id)).toBe(1);
    expect(await read(await get(`/people/${person.id}/support?done=resent`))).toContain("a new link was sent to the provider");

    const old = await get(`/referrals/respond/${oldToken}`, null);
    expect(old.status).toBe(404);
    expect(await read(old)).toContain("If you were sent a newer link, use that one");
    expect((await get(`/referrals/respond/${newToken}`, null)).status).toBe(200);
    expect((await post(`/referrals/respond/${newToken}`, null, { decision: "accept", reason: "" })).status).toBe(302);

    // Answered: no link to send any more, and no button.
    const answered = await resend(person.id, referral!.id);
    expect(answered.status).toBe(409);
    expect(await read(answered)).toContain("so the provider does not need a link any more. Nothing was sent.");
    expect(await read(await get(`/people/${person.id}/support`))).not.toContain("Send the provider a new link");
  });

  it("offers a new link after the old one expired, and refuses one for a listing archived since", async () => {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.second);
    const [referral] = await referralsOf(person.id);
    await sentMinutesAgo(referral!.id, 31 * 24 * 60);
    expect(await read(await get(`/people/${person.id}/support`))).toContain("expired on");
    await database.db.update(services).set({ listingStatus: "archived" }).where(eq(services.id, listing.second));
    try {
      // The page says why no new link can be sent, rather than offering a button that would refuse.
      const page = await read(await get(`/people/${person.id}/support`));
      expect(page).toContain("A new link cannot be sent:");
      expect(page).not.toContain("Send the provider a new link");
      const mailsBefore = (await database.db.select({ n: count() }).from(mailOutbox))[0]!.n;
      const refused = await resend(person.id, referral!.id);
      expect(refused.status).toBe(409);
      expect(await read(refused)).toContain("has been archived");
      expect((await database.db.select({ n: count() }).from(mailOutbox))[0]!.n).toBe(mailsBefore);
      expect((await referralsOf(person.id))[0]!.providerTokenHash).toBe(referral!.providerTokenHash);
    } finally {
      await database.db.update(services).set({ listingStatus: "published" }).where(eq(services.id, listing.second));
    }
    expect((await resend(person.id, referral!.id)).status).toBe(302);
  });

  it("refuses a signpost, another practitioner's person, and a referral of another person", async () => {
    const person = await insertPerson(database.db, ownerId);
    const other = await insertPerson(database.db, ownerId);
    await post(`/people/${person.id}/refer/${listing.third}`, practitioner, { kind: "signpost", overruleReason: signpostReason, needs: ["social-connection"] });
    const [signpost] = await referralsOf(person.id);
    const refusedSignpost = await resend(person.id, signpost!.id);
    expect(refusedSignpost.status).toBe(409);
    expect(await read(refusedSignpost)).toContain("This was a signpost");

    await refer(other.id, listing.third);
    const [referral] = await referralsOf(other.id);
    await sentMinutesAgo(referral!.id, 120);
    expect((await resend(person.id, referral!.id)).status).toBe(409); // not this person's
    expect((await resend(other.id, referral!.id, otherPractitioner)).status).toBe(403);
    expect((await resend(other.id, "not-a-referral")).status).toBe(409);
    expect(await auditCount("referral.link-resent", referral!.id)).toBe(0);
  });
});

describe(`permissions on ${testDriver}`, () => {
  it("refuses another practitioner, and every other role, the person's pages; nothing is created", async () => {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.second, { kind: "signpost", overruleReason: signpostReason });
    const [signpost] = await referralsOf(person.id);
    const pages = [
      `/people/${person.id}/refer/${listing.first}`,
      `/people/${person.id}/support`,
      `/people/${person.id}/support/outcomes`,
      `/people/${person.id}/support/${signpost!.id}/diverted`,
    ];
    for (const path of pages) {
      const response = await get(path, otherPractitioner);
      expect(response.status, path).toBe(403);
      expect(await read(response)).toContain("This person is not on your caseload");
    }
    expect((await post(`/people/${person.id}/refer/${listing.first}`, otherPractitioner, referralFields)).status).toBe(403);
    expect((await post(`/people/${person.id}/support`, otherPractitioner, { referralId: signpost!.id, to: "started" })).status).toBe(403);
    expect(await referralsOf(person.id)).toHaveLength(1);
    expect(await auditCount("person.access-refused", person.id)).toBe(pages.length + 2);
    for (const role of ["provider", "commissioner", "coordinator", "administrator", "resident"] as const) {
      const session = await sessionFor(database, role);
      for (const path of [...pages, "/referrals"]) expect((await get(path, session)).status, `${role} ${path}`).toBe(403);
    }
    expect((await get(`/people/${person.id}/support`, null)).headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("the overview shows only the practitioner's own caseload", async () => {
    const mine = await insertPerson(database.db, ownerId);
    const [other] = await database.db.select().from(users).where(eq(users.email, "other.practitioner@example.org"));
    const theirs = await insertPerson(database.db, other!.id);
    await refer(mine.id, listing.second, { kind: "signpost", overruleReason: signpostReason });
    await post(`/people/${theirs.id}/refer/${listing.second}`, otherPractitioner, { kind: "signpost", overruleReason: signpostReason });
    const html = await read(await get("/referrals"));
    expect(html).toContain(mine.reference);
    expect(html).not.toContain(theirs.reference);
  });
});

describe(`status changes on ${testDriver}`, () => {
  it("allows only the moves the status table allows, recording each one", async () => {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.third);
    const [referral] = await referralsOf(person.id);
    const move = (to: string) => post(`/people/${person.id}/support`, practitioner, { referralId: referral!.id, to, reason: "" });
    const invalid = await move("started");
    expect(invalid.status).toBe(409);
    expect(await read(invalid)).toContain("cannot be changed to");
    expect((await move("referred")).status).toBe(409);
    expect((await move("<script>")).status).toBe(400);
    expect((await referralsOf(person.id))[0]!.status).toBe("referred");
    expect((await move("accepted")).status).toBe(302); // the provider said yes on the phone
    expect((await move("started")).status).toBe(302);
    expect((await move("accepted")).status).toBe(409);
    expect((await move("ended")).status).toBe(302);
    expect((await move("started")).status).toBe(409);
    expect((await eventsOf(referral!.id)).map((event) => event.toStatus)).toEqual(["referred", "accepted", "started", "ended"]);
    expect(await auditCount("referral.status", referral!.id)).toBe(3);
    // Answering for the provider closed the provider's link.
    const token = await linkFor("third");
    expect((await get(`/referrals/respond/${token}`, null)).status).toBe(410);
    // Another person's referral cannot be moved through this person's page.
    const stranger = await insertPerson(database.db, ownerId);
    const foreign = await post(`/people/${stranger.id}/support`, practitioner, { referralId: referral!.id, to: "ended" });
    expect(foreign.status).toBe(409);
  });
});

describe(`reminders on ${testDriver}`, () => {
  it("flags referrals waiting more than 14 days and reminds the practitioner once", async () => {
    // The demo seed's year of referrals includes some long waiting: count those as reminded already.
    await database.db.update(referrals).set({ remindedAt: new Date() }).where(isNull(referrals.remindedAt));
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.first);
    await refer(person.id, listing.second);
    const [old, recent] = await referralsOf(person.id);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    await database.db.update(referrals).set({ statusChangedAt: daysAgo(15) }).where(eq(referrals.id, old!.id));
    await database.db.update(referrals).set({ statusChangedAt: daysAgo(13) }).where(eq(referrals.id, recent!.id));
    const overview = await read(await get("/referrals"));
    expect(overview).toMatch(/waited more than 14 days/);
    const waitingTable = overview.slice(overview.indexOf("Waiting more than 14 days"), overview.indexOf("Open referrals and signposts"));
    expect(waitingTable).toContain(person.reference);
    expect((waitingTable.match(new RegExp(person.reference, "g")) ?? []).length).toBe(1);

    const mailsBefore = (await database.db.select({ n: count() }).from(mailOutbox))[0]!.n;
    const sent = await sendReferralReminders(database.db, { days: 14 });
    expect(sent).toBe(1); // the other tests' referrals are all recent
    const [after] = await database.db.select().from(referrals).where(eq(referrals.id, old!.id));
    expect(after!.remindedAt).not.toBeNull();
    expect((await database.db.select().from(referrals).where(eq(referrals.id, recent!.id)))[0]!.remindedAt).toBeNull();
    const reminders = await database.db.select().from(mailOutbox).where(like(mailOutbox.subject, `%waited 15 days for an answer (${person.reference})`));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.to).toBe("practitioner@demo.example.org");
    expect((await database.db.select({ n: count() }).from(mailOutbox))[0]!.n).toBe(mailsBefore + sent);
    expect(await sendReferralReminders(database.db, { days: 14 })).toBe(0);
    // Two servers running the job at once send one reminder between them.
    await database.db.update(referrals).set({ statusChangedAt: daysAgo(20) }).where(eq(referrals.id, recent!.id));
    expect((await Promise.all([sendReferralReminders(database.db), sendReferralReminders(database.db)])).reduce((a, b) => a + b)).toBe(1);
    expect(await auditCount("referral.reminder", old!.id)).toBe(1);
  });
});

describe(`outcomes on ${testDriver}`, () => {
  const answers = { lifeSatisfaction: "4", worthwhile: "5", happiness: "3", anxiety: "7", loneliness: "1" };
  it("records ONS4 and loneliness at the start and follow-up and shows the change", async () => {
    const person = await insertPerson(database.db, ownerId);
    const form = await read(await get(`/people/${person.id}/support/outcomes`));
    expect(form).toContain("Overall, how satisfied are you with your life nowadays?");
    expect(form).toContain("How often do you feel lonely?");
    const early = await post(`/people/${person.id}/support/outcomes`, practitioner, { stage: "follow_up", recordedOn: "2026-01-10", ...answers });
    expect(early.status).toBe(409);
    expect(await read(early)).toContain("Record the answers at the start before a follow-up");
    const bad = await post(`/people/${person.id}/support/outcomes`, practitioner, { stage: "start", recordedOn: "2026-01-10", ...answers, happiness: "11", loneliness: "" });
    expect(bad.status).toBe(400);
    const badHtml = await read(bad);
    expect(badHtml).toContain("Choose an answer for “happy yesterday”");
    expect(badHtml).toContain("Choose an answer for “how often lonely”");
    const future = await post(`/people/${person.id}/support/outcomes`, practitioner, { stage: "start", recordedOn: "2999-01-01", ...answers });
    expect(future.status).toBe(400);
    expect(await database.db.select().from(outcomeMeasures).where(eq(outcomeMeasures.personId, person.id))).toEqual([]);
    expect((await post(`/people/${person.id}/support/outcomes`, practitioner, { stage: "start", recordedOn: "2026-01-10", ...answers })).status).toBe(302);
    const backwards = await post(`/people/${person.id}/support/outcomes`, practitioner, { stage: "follow_up", recordedOn: "2026-01-01", ...answers });
    expect(backwards.status).toBe(409);
    const followUp = { lifeSatisfaction: "7", worthwhile: "7", happiness: "6", anxiety: "4", loneliness: "3" };
    expect((await post(`/people/${person.id}/support/outcomes`, practitioner, { stage: "follow_up", recordedOn: "2026-04-10", ...followUp })).status).toBe(302);
    const html = await read(await get(`/people/${person.id}/support`));
    expect(html).toContain("Change from the start to the latest follow-up");
    expect(html).toContain("+3 (better)");
    expect(html).toContain("-3 (better)"); // anxiety fell
    expect(await auditCount("outcome.record", person.id)).toBe(2);
  });
});

describe(`diverted care on ${testDriver}`, () => {
  async function acceptedReferral() {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.second);
    const [referral] = await referralsOf(person.id);
    expect((await post(`/people/${person.id}/support`, practitioner, { referralId: referral!.id, to: "accepted" })).status).toBe(302);
    return { person, referral: referral! };
  }
  const valid = { service: "home-care", hoursPerWeek: "3", fromDate: "2026-11-02", toDate: "", confidence: "medium", saving: "avoided", note: "" };

  it("checks, previews the weekly cost avoided at the unit cost in force, then saves", async () => {
    const { person, referral } = await acceptedReferral();
    const path = `/people/${person.id}/support/${referral.id}/diverted`;
    const check = await post(path, practitioner, { ...valid, intent: "check" });
    expect(check.status).toBe(200);
    const preview = await read(check);
    expect(preview).toContain("Weekly cost avoided: £96.42"); // 3 h × £32.14, the national reference point in force
    expect(preview).toContain("2025/26 prices");
    expect(await database.db.select().from(divertedCare).where(eq(divertedCare.referralId, referral.id))).toEqual([]);
    const period = await post(path, practitioner, { ...valid, toDate: "2026-11-15", intent: "check" });
    expect(await read(period)).toMatch(/Over 2\.0 weeks \(14 days\): £192\.84/);
    const saved = await post(path, practitioner, { ...valid, intent: "save" });
    expect(saved.status).toBe(302);
    const [row] = await database.db.select().from(divertedCare).where(eq(divertedCare.referralId, referral.id));
    expect(row).toMatchObject({ service: "home-care", hoursPerWeek: "3.00", fromDate: "2026-11-02", toDate: null, confidence: "medium", cashable: false, personId: person.id, recordedBy: ownerId });
    expect(await auditCount("diverted-care.record", referral.id)).toBe(1);
    const support = await read(await get(`/people/${person.id}/support`));
    expect(support).toContain("Home care, 3 hours a week");
    expect(support).toContain("£96.42");
    expect(support).toContain("cost avoidance");
  });

  it("labels a reduced or ended package the council was paying for as a cashable saving", async () => {
    const { person, referral } = await acceptedReferral();
    const path = `/people/${person.id}/support/${referral.id}/diverted`;
    const check = await read(await post(path, practitioner, { ...valid, saving: "cashable", intent: "check" }));
    expect(check).toContain("Cashable: an existing package reduced or ended");
    expect((await post(path, practitioner, { ...valid, saving: "cashable", intent: "save" })).status).toBe(302);
    const [row] = await database.db.select().from(divertedCare).where(eq(divertedCare.referralId, referral.id));
    expect(row!.cashable).toBe(true);
    expect(await read(await get(`/people/${person.id}/support`))).toContain("cashable");
  });

  it("refuses bad input with a clear message and saves nothing", async () => {
    const { person, referral } = await acceptedReferral();
    const path = `/people/${person.id}/support/${referral.id}/diverted`;
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...valid, hoursPerWeek: "0" }, "Hours a week must be more than 0"],
      [{ ...valid, hoursPerWeek: "169" }, "Hours a week cannot be more than 168"],
      [{ ...valid, hoursPerWeek: "three" }, "Hours a week must be a number"],
      [{ ...valid, hoursPerWeek: "" }, "Enter the hours a week of care avoided"],
      [{ ...valid, toDate: "2026-10-01" }, "The end date must be the same as or after the start date"],
      [{ ...valid, fromDate: "2026-02-30" }, "The start date must be a real date"],
      [{ ...valid, fromDate: "2031-01-01" }, "The start date is too far in the future"],
      [{ ...valid, toDate: "2032-01-01" }, "The end date is more than a year away"],
      [{ ...valid, service: "residential-placement-65-plus", hoursPerWeek: "10" }, "Leave hours a week empty for a weekly package or a placement"],
      // The demo seed prices day care from 2024-04-01 only.
      [{ ...valid, service: "day-care", fromDate: "2024-03-01", toDate: "" }, "There is no unit cost for Day care in force on 2024-03-01"],
      [{ ...valid, service: "home-care-minimum-price" }, "Choose the formal care that was avoided"],
      [{ ...valid, confidence: "certain" }, "Choose how confident you are"],
      [{ ...valid, saving: "" }, "Say whether the council was already paying for this care"],
      [{ ...valid, saving: "maybe" }, "Say whether the council was already paying for this care"],
    ];
    // The error summary's link for a question with choices lands on its first choice (GOV.UK pattern).
    const unanswered = await read(await post(path, practitioner, { ...valid, saving: "", intent: "check" }));
    expect(unanswered).toContain('href="#saving"');
    expect(unanswered).toMatch(/<input[^>]*id="saving"[^>]*type="radio"/);
    for (const intent of ["check", "save"]) {
      for (const [fields, message] of cases) {
        const response = await post(path, practitioner, { ...fields, intent });
        expect(response.status, message).toBe(400);
        expect(await read(response), message).toContain(message);
      }
    }
    expect(await database.db.select().from(divertedCare).where(eq(divertedCare.referralId, referral.id))).toEqual([]);
  });

  it("refuses diverted care against a referral that is not yet accepted", async () => {
    const person = await insertPerson(database.db, ownerId);
    await refer(person.id, listing.third);
    const [referral] = await referralsOf(person.id);
    const path = `/people/${person.id}/support/${referral!.id}/diverted`;
    expect(await read(await get(path))).toContain("can be recorded once the support is accepted, started or ended");
    const response = await post(path, practitioner, { ...valid, intent: "save" });
    expect(response.status).toBe(409);
    expect(await database.db.select().from(divertedCare).where(inArray(divertedCare.referralId, [referral!.id]))).toEqual([]);
  });

  it("prices a placement by the week, with the figure in force", async () => {
    const { person, referral } = await acceptedReferral();
    const response = await post(`/people/${person.id}/support/${referral.id}/diverted`, practitioner, {
      ...valid,
      service: "residential-placement-65-plus",
      hoursPerWeek: "",
      toDate: "2026-11-29",
      intent: "check",
    });
    expect(response.status).toBe(200);
    const html = await read(response);
    expect(html).toContain("£1,070.00");
    expect(html).toMatch(/Over 4\.0 weeks/);
    expect(html).toContain("£4,280.00");
  });
});
