/**
 * Requests for help through the real HTTP stack and the module a resident's form calls: a
 * request from the public lands in its locality's queue; a practitioner in that locality picks it
 * up, records the person from it, moves it between conversations (each move recorded with the
 * day and who), sets a follow-up and closes it with an outcome; the caseload finds it by
 * reference, conversation and follow-ups due. Every refusal the issue names changes nothing.
 */
import { and, asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, persons, requestEvents, requests, userLocalities, users } from "../../db/schema";
import { createContactRequest } from "../../app/modules/requests/requests.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { insertPerson, insertRequest, practitionerId } from "../support/caseload-people";
import { sessionForUser, type TestSession } from "../support/sessions";
import { addDays, londonDay } from "../../db/calendar";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let practitioner: TestSession;
let fenlandPractitioner: TestSession;
let ownerId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const { db } = database;
  ownerId = await practitionerId(db);
  practitioner = await sessionForUser(database, ownerId);
  // A practitioner whose locality is Fenland: East Cambridgeshire's queue is not theirs.
  const [fenland] = await db.insert(users).values({ email: "fenland.practitioner@example.org", displayName: "Fenland Practitioner", role: "practitioner" }).returning();
  await db.insert(userLocalities).values({ userId: fenland!.id, districtCode: "E07000010" });
  fenlandPractitioner = await sessionForUser(database, fenland!.id);
});
afterAll(async () => {
  await database?.destroy();
});

function post(path: string, session: TestSession, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ csrf: session.csrf });
  for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
  return app.request(path, {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", cookie: session.cookie },
    body,
    redirect: "manual",
  });
}
const get = (path: string, session: TestSession = practitioner) => app.request(path, { headers: { cookie: session.cookie }, redirect: "manual" });
const read = async (response: Response): Promise<string> => (await response.text()).replaceAll("<!-- -->", "");
const requestRow = async (id: string) => (await database.db.select().from(requests).where(eq(requests.id, id)))[0]!;
const eventsOf = (id: string) => database.db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(asc(requestEvents.at));
const auditCount = async (action: string, subjectId: string) =>
  (await database.db.select({ n: count() }).from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId))))[0]!.n;

const today = londonDay();
const resident = {
  source: "self",
  contactName: "Joan Example",
  contactPhone: "01632 960 001",
  postcode: "cb7 5bx",
  contactTimes: "Mornings",
  askedFor: "I would like a hot meal with other people now and then.",
  consent: true,
};

describe(`a request from a resident on ${testDriver}`, () => {
  it("refuses what is missing or wrong, with a message for each field, and writes nothing", async () => {
    const before = (await database.db.select({ n: count() }).from(requests))[0]!.n;
    const refused = await createContactRequest(database.db, { ...resident, consent: "yes", postcode: "XX1", askedFor: " " });
    expect(refused).toEqual({
      ok: false,
      errors: {
        postcode: "Enter a full postcode, like CB7 5AA",
        consent: "Confirm that we may keep these details to contact you",
        askedFor: "Say what you would like help with",
      },
    });
    const noWayToReach = await createContactRequest(database.db, { ...resident, contactPhone: "", contactEmail: "" });
    expect(noWayToReach).toEqual({ ok: false, errors: { contactPhone: "Give a phone number or an email address, so we can contact you" } });
    const unknown = await createContactRequest(database.db, { ...resident, postcode: "CB7 9ZZ" });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.errors.postcode).toContain("We cannot find CB7 9ZZ");
    expect((await database.db.select({ n: count() }).from(requests))[0]!.n).toBe(before);
  });

  it("lands in the queue of the locality its postcode is in, with no practitioner and no record, audited without what was asked", async () => {
    const created = await createContactRequest(database.db, resident);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.reference).toMatch(/^REQ-\d{6}$/);
    expect(created.locality).toEqual({ districtCode: "E07000009", districtName: "East Cambridgeshire", wardCode: "E05011569", wardName: "Soham North" });
    const row = await requestRow(created.id);
    expect(row).toMatchObject({ personId: null, practitionerId: null, source: "self", receivedOn: today, conversation: "c1", postcode: "CB7 5BX", contactConsent: true, outcome: null });
    expect(row.contactConsentAt).not.toBeNull();
    expect((await eventsOf(created.id)).map((event) => event.kind)).toEqual(["received"]);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "request.contact"), eq(auditEvents.subjectId, created.id)));
    expect(JSON.stringify(audit!.details)).not.toContain("hot meal");
    expect(JSON.stringify(audit!.details)).not.toContain("Joan");
  });
});

describe(`working a request on ${testDriver}`, () => {
  let requestId = "";

  it("shows a queued request to a practitioner in its locality, refuses one elsewhere (audited), and is picked up once", async () => {
    const created = await createContactRequest(database.db, { ...resident, contactName: "Queue Caller" });
    if (!created.ok) throw new Error("not created");
    requestId = created.id;
    const queue = await read(await get("/people?practitioner=queue"));
    expect(queue).toContain(created.reference);
    expect(queue).toContain("Queue Caller");

    const elsewhere = await get(`/requests/${requestId}`, fenlandPractitioner);
    expect(elsewhere.status).toBe(403);
    expect(await auditCount("request.view-refused", requestId)).toBe(1);
    expect(await read(await get("/people?practitioner=queue", fenlandPractitioner))).not.toContain(created.reference);

    const page = await get(`/requests/${requestId}`);
    expect(page.status).toBe(200);
    expect(await read(page)).toContain("Pick up");
    const picked = await post(`/requests/${requestId}`, practitioner, { intent: "pick-up" });
    expect(picked.status).toBe(302);
    expect(picked.headers.get("location")).toBe(`/requests/${requestId}?done=pick-up`);
    expect((await requestRow(requestId)).practitionerId).toBe(ownerId);
    // Now it is someone's: the Fenland practitioner cannot pick it up or move it.
    const again = await post(`/requests/${requestId}`, fenlandPractitioner, { intent: "pick-up" });
    expect(again.status).toBe(400);
    expect(await read(again)).toContain("This request is not yours to change. Nothing was changed.");
    expect((await requestRow(requestId)).practitionerId).toBe(ownerId);
  });

  it("records the person from the request: the record is made and linked, where they live", async () => {
    const form = await read(await get(`/people/new?request=${requestId}`));
    expect(form).toContain("CB7 5BX");
    const response = await post(`/people/new?request=${requestId}`, practitioner, {
      reference: "REQ-TEST-1",
      ageBand: "75-84",
      postcode: "CB7 5BX",
      whatMatters: "A hot meal with other people.",
      needs: ["social-connection"],
      riskFactors: ["loneliness"],
      preferredDays: ["FR"],
      maxTravelMiles: "3",
      budget: "free",
      hasDirectPayment: "no",
      lawfulBasis: "public_task",
      consentGiven: "yes",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/requests/${requestId}?done=linked`);
    const row = await requestRow(requestId);
    const [person] = await database.db.select().from(persons).where(eq(persons.reference, "REQ-TEST-1"));
    expect(row.personId).toBe(person!.id);
    expect(row.wardCode).toBe(person!.wardCode);
    expect((await eventsOf(requestId)).map((event) => event.kind)).toEqual(["received", "picked-up", "linked"]);
  });

  it("offers community matches first in conversation 1", async () => {
    const html = await read(await get(`/requests/${requestId}`));
    expect(html).toContain("Community support first");
    expect(html).toMatch(/\/people\/[0-9a-f-]{36}\/refer\/[0-9a-f-]{36}/);
  });

  it("records a move between conversations with the day and who, and offers short-term options in conversation 2", async () => {
    const moved = await post(`/requests/${requestId}`, practitioner, { intent: "move", to: "c2", onDate: today, note: "A fall at home" });
    expect(moved.status).toBe(302);
    const row = await requestRow(requestId);
    expect(row.conversation).toBe("c2");
    const move = (await eventsOf(requestId)).find((event) => event.kind === "conversation")!;
    expect(move).toMatchObject({ fromConversation: "c1", toConversation: "c2", onDate: today, actorId: ownerId, note: "A fall at home" });
    const html = await read(await get(`/requests/${requestId}`));
    expect(html).toContain("Short-term options first");
    expect(html).toContain("Reablement");
    expect(html).toContain("Bridging care");
  });

  it("refuses a move to the same conversation, a move dated before the request or in the future, and changes nothing", async () => {
    const before = await requestRow(requestId);
    const events = (await eventsOf(requestId)).length;
    const same = await post(`/requests/${requestId}`, practitioner, { intent: "move", to: "c2", onDate: today });
    expect(same.status).toBe(400);
    expect(await read(same)).toContain("already in conversation 2");
    const early = await post(`/requests/${requestId}`, practitioner, { intent: "move", to: "c3", onDate: addDays(before.receivedOn, -1) });
    expect(early.status).toBe(400);
    expect(await read(early)).toContain("cannot be before the request was made");
    const future = await post(`/requests/${requestId}`, practitioner, { intent: "move", to: "c3", onDate: addDays(today, 2) });
    expect(future.status).toBe(400);
    expect(await read(future)).toContain("cannot be in the future");
    expect(await requestRow(requestId)).toEqual(before);
    expect(await eventsOf(requestId)).toHaveLength(events);
  });

  it("sets a follow-up that shows in “my follow-ups due this week” and filters the caseload", async () => {
    const set = await post(`/requests/${requestId}`, practitioner, { intent: "follow-up", nextActionOn: today, nextAction: "Phone to ask how lunch went" });
    expect(set.status).toBe(302);
    const caseload = await read(await get("/people"));
    expect(caseload).toContain("follow-ups due this week");
    expect(caseload).toContain("Phone to ask how lunch went");
    const reference = (await requestRow(requestId)).reference;
    expect(await read(await get(`/people?due=week&conversation=c2&q=${reference}`))).toContain(reference);
    expect(await read(await get(`/people?conversation=c1&q=${reference}`))).not.toContain(`>${reference}<`);
    const past = await post(`/requests/${requestId}`, practitioner, { intent: "follow-up", nextActionOn: addDays(today, -1), nextAction: "Too late" });
    expect(past.status).toBe(400);
    expect(await read(past)).toContain("The follow-up cannot be in the past");
  });

  it("refuses an outcome dated before the request, short-term support without saying which, and formal care before it is decided", async () => {
    const before = await requestRow(requestId);
    const early = await post(`/requests/${requestId}`, practitioner, { intent: "close", outcome: "signposted", closedOn: addDays(before.receivedOn, -1) });
    expect(early.status).toBe(400);
    expect(await read(early)).toContain("The date it ended cannot be before the request was made");
    const which = await post(`/requests/${requestId}`, practitioner, { intent: "close", outcome: "short_term", closedOn: today });
    expect(which.status).toBe(400);
    expect(await read(which)).toContain("Choose the short-term support they had");
    const formal = await post(`/requests/${requestId}`, practitioner, { intent: "close", outcome: "formal_care", closedOn: today });
    expect(formal.status).toBe(400);
    expect(await read(formal)).toContain("Record the formal care decided");
    expect(await requestRow(requestId)).toEqual(before);
  });

  it("closes with its outcome, clears the follow-up, and then refuses a second close and a move", async () => {
    const closed = await post(`/requests/${requestId}`, practitioner, { intent: "close", outcome: "signposted", closedOn: today, outcomeNote: "Goes to the lunch club" });
    expect(closed.status).toBe(302);
    const row = await requestRow(requestId);
    expect(row).toMatchObject({ outcome: "signposted", closedOn: today, closedBy: ownerId, nextActionOn: null, nextAction: null });
    expect((await eventsOf(requestId)).at(-1)).toMatchObject({ kind: "closed", note: "signposted", actorId: ownerId });

    const twice = await post(`/requests/${requestId}`, practitioner, { intent: "close", outcome: "nothing_further", closedOn: today });
    expect(twice.status).toBe(400);
    expect(await read(twice)).toContain("cannot be closed again");
    const move = await post(`/requests/${requestId}`, practitioner, { intent: "move", to: "c1", onDate: today });
    expect(move.status).toBe(400);
    expect(await read(move)).toContain("cannot move to another conversation");
    expect(await requestRow(requestId)).toEqual(row);
    // The three refusals before it was closed, and the second close.
    expect(await auditCount("request.close-refused", requestId)).toBe(4);
    expect(await read(await get(`/people?status=closed&q=${row.reference}`))).toContain(row.reference);
  });

  it("refuses an unknown intent and a request that does not exist, without a server error", async () => {
    expect((await post(`/requests/${requestId}`, practitioner, { intent: "delete" })).status).toBe(400);
    expect((await get("/requests/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get("/requests/not-a-uuid")).status).toBe(404);
  });
});

describe(`the caseload on ${testDriver}`, () => {
  it("pages 25 at a time, sorted by next action, and finds a person by their record's reference", async () => {
    const { db } = database;
    const person = await insertPerson(db, ownerId, { wardCode: "E05011570", districtCode: "E07000009" });
    for (let index = 0; index < 27; index++) {
      await insertRequest(db, person, { nextActionOn: addDays(today, 30 + index), nextAction: `Paging ${String(index).padStart(2, "0")}` });
    }
    const first = await read(await get(`/people?q=${person.reference}`));
    expect(first).toContain("Paging 00");
    expect(first).toContain("Paging 24");
    expect(first).not.toContain("Paging 25");
    expect(first.indexOf("Paging 00")).toBeLessThan(first.indexOf("Paging 01"));
    const second = await read(await get(`/people?q=${person.reference}&page=2`));
    expect(second).toContain("Paging 25");
    expect(second).toContain("Paging 26");
    expect(second).not.toContain("Paging 00");
    // Nonsense in the address falls back to the defaults rather than failing.
    expect((await get("/people?page=-3&sort=drop&conversation=c9&practitioner=x")).status).toBe(200);
  });
});
