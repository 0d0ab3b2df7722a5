/**
 * Requests for help: the unit of a practitioner's work (docs/requests.md, ADR 0027). A request
 * is one contact about a person: it has a source, a date, the conversation it is in (Three
 * Conversations) and, once closed, an outcome. One person can have many. A request can come
 * before a person's record: the person or their family ask to be contacted (createContactRequest),
 * the request lands in their locality's queue, and a practitioner picks it up and links it.
 *
 * Who may work on a request: the practitioner it is with; while it waits in a queue, any
 * practitioner whose localities cover it (all of them, for a practitioner with no localities
 * set). Everything else is refused and audited. The audit trail records field names and moves,
 * never what the person said.
 *
 * Every change: checked here (whatever the page did), in one transaction with the row locked,
 * so a refusal changes nothing; recorded as a request event (what, on which day, who).
 */
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { districts, persons, postcodes, referrals, requestEvents, requests, services, users, wards } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { anonymous, type Actor } from "../accounts/permissions";
import { divertedServices } from "../referrals/referral-forms";
import {
  careDecidedSchema,
  closeSchema,
  contactRequestSchema,
  followUpSchema,
  linkSchema,
  moveSchema,
  conversations,
  nameOf,
  requestOutcomes,
  type Conversation,
  type NewRequestInput,
} from "./request-forms";
import { londonDay } from "../../../db/calendar";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type FieldErrors = Record<string, string>;
export type RequestResult = { ok: true } | { ok: false; errors: FieldErrors };

/** What cannot be done to this request as it stands: a message for each form field concerned. */
class Refused extends Error {
  constructor(readonly errors: FieldErrors) {
    super(Object.values(errors)[0]);
  }
}

const refuse = (field: string, message: string) => new Refused({ [field]: message });

export type RequestRecord = typeof requests.$inferSelect;

interface Locality {
  districtCode: string | null;
  wardCode: string | null;
}

/** Whether a request waiting in a queue is in one of these localities (no localities: the whole area). */
export function inLocalities(localities: readonly Locality[], request: { districtCode: string; wardCode: string | null }): boolean {
  if (localities.length === 0) return true;
  return localities.some((locality) =>
    locality.wardCode !== null ? locality.wardCode === request.wardCode : locality.districtCode === null || locality.districtCode === request.districtCode,
  );
}

/** The practitioner it is with, or (while it waits for one) a practitioner in its locality. */
export function mayWorkOn(actor: Actor, request: Pick<RequestRecord, "practitionerId" | "districtCode" | "wardCode">): boolean {
  if (actor.role !== "practitioner" || !actor.userId) return false;
  if (request.practitionerId !== null) return request.practitionerId === actor.userId;
  return inLocalities(actor.localities, request);
}

// ── Reading ──

export async function findRequest(db: Database, id: string): Promise<RequestRecord | null> {
  if (!uuidPattern.test(id)) return null;
  const [row] = await db.select().from(requests).where(eq(requests.id, id.toLowerCase()));
  return row ?? null;
}

/**
 * The request, if this practitioner may work on it: 404 if there is none, 403 (audited) if it
 * is someone else's. With the names a page shows (the person's reference, ward, practitioner).
 */
export async function readRequest(db: Database, actor: Actor, id: string, purpose: string) {
  const request = await findRequest(db, id);
  if (!request) throw new Response("Request not found. It may have been removed.", { status: 404 });
  if (!mayWorkOn(actor, request)) {
    await recordAudit(db, actor, { action: "request.view-refused", subjectType: "request", subjectId: request.id, details: { purpose } });
    throw new Response(
      request.practitionerId ? "This request is with another practitioner, so you cannot see it. Ask them to hand it over." : "This request is waiting in another locality's queue, so you cannot see it.",
      { status: 403 },
    );
  }
  const [names] = await db
    .select({ personReference: persons.reference, personOwner: persons.ownerId, wardName: wards.name, districtName: districts.name, practitionerName: users.displayName })
    .from(requests)
    .leftJoin(persons, eq(persons.id, requests.personId))
    .leftJoin(wards, eq(wards.code, requests.wardCode))
    .leftJoin(districts, eq(districts.code, requests.districtCode))
    .leftJoin(users, eq(users.id, requests.practitionerId))
    .where(eq(requests.id, request.id));
  await recordAudit(db, actor, { action: "request.view", subjectType: "request", subjectId: request.id, details: { purpose } });
  return { ...request, ...names! };
}

export type ReadRequest = Awaited<ReturnType<typeof readRequest>>;

/** What happened to a request, oldest first, with who did it. */
export async function requestHistory(db: Database, requestId: string) {
  return db
    .select({
      id: requestEvents.id,
      kind: requestEvents.kind,
      onDate: requestEvents.onDate,
      fromConversation: requestEvents.fromConversation,
      toConversation: requestEvents.toConversation,
      note: requestEvents.note,
      actorName: users.displayName,
      at: requestEvents.at,
    })
    .from(requestEvents)
    .leftJoin(users, eq(users.id, requestEvents.actorId))
    .where(eq(requestEvents.requestId, requestId))
    .orderBy(asc(requestEvents.at), asc(requestEvents.onDate));
}

/** A person's requests, newest first. */
export async function personRequests(db: Database, personId: string) {
  return db
    .select({ id: requests.id, reference: requests.reference, receivedOn: requests.receivedOn, conversation: requests.conversation, outcome: requests.outcome, closedOn: requests.closedOn, source: requests.source })
    .from(requests)
    .where(eq(requests.personId, personId))
    .orderBy(desc(requests.receivedOn), desc(requests.createdAt));
}

/** The open request a referral for this person belongs to: their latest, or null when none is open. */
export async function openRequestFor(db: Database, personId: string): Promise<{ id: string; reference: string; conversation: Conversation } | null> {
  const [row] = await db
    .select({ id: requests.id, reference: requests.reference, conversation: requests.conversation })
    .from(requests)
    .where(and(eq(requests.personId, personId), isNull(requests.outcome)))
    .orderBy(desc(requests.receivedOn), desc(requests.createdAt))
    .limit(1);
  return row ?? null;
}

// ── Creating ──

/**
 * A request a practitioner records for a person on their caseload (the person's first, from
 * /people/new, or a later one). Inside the caller's transaction.
 */
export async function createRequestForPerson(
  tx: Database,
  actor: Actor,
  person: { id: string; wardCode: string | null; districtCode: string | null },
  input: NewRequestInput,
  now = new Date(),
): Promise<{ id: string; reference: string }> {
  if (!person.districtCode) throw new Error("a person's record always has a district (from its postcode)");
  const [created] = await tx
    .insert(requests)
    .values({
      personId: person.id,
      source: input.source,
      sourceNote: input.sourceNote,
      receivedOn: input.receivedOn,
      conversation: input.conversation,
      wardCode: person.wardCode,
      districtCode: person.districtCode,
      practitionerId: actor.userId,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
      lastActivityAt: now,
    })
    .returning({ id: requests.id, reference: requests.reference });
  await tx.insert(requestEvents).values({ requestId: created!.id, kind: "received", onDate: input.receivedOn, toConversation: input.conversation, actorId: actor.userId, at: now });
  await recordAudit(tx, actor, { action: "request.create", subjectType: "request", subjectId: created!.id, details: { personId: person.id, fields: Object.keys(input) } });
  return created!;
}

export type ContactRequestResult =
  | { ok: true; id: string; reference: string; locality: { districtCode: string; districtName: string; wardCode: string | null; wardName: string | null } }
  | { ok: false; errors: FieldErrors };

/**
 * For the person themselves or a family carer, without an account: "ask for help", "call me
 * back". Validates `values` (contactRequestSchema in request-forms.ts: who is asking, a name,
 * a phone number or an email address, a postcode in the postcode table, what they would like
 * help with, and consent, which must be exactly `true`), then writes a new request in the
 * locality's queue (the ward and district of the postcode), with no practitioner and no
 * person's record yet, its first event and an audit entry (field names only).
 *
 * The input (form values as strings are fine; zod trims them):
 *   {
 *     source: "self" | "family_carer",   // asking for themselves, or for someone else
 *     contactName: string,               // 1–120 characters
 *     contactPhone?: string,             // phone or email (at least one): "01632 960 001"
 *     contactEmail?: string,             // "name@example.org"
 *     postcode: string,                  // any case and spacing: "cb75bx"; must be in the postcode table
 *     contactTimes?: string,             // when to call, up to 200 characters
 *     askedFor: string,                  // what they would like help with, 1–2,000 characters
 *     consent: true,                     // exactly true (a checkbox's "yes" is refused: convert it)
 *   }
 * Field errors come back keyed by these names, in plain English, for the form to show.
 *
 * Returns the request's reference (REQ-000123: tell the person) and the locality, or the
 * field errors (nothing written). The caller authorises (anyone may ask) and rate-limits.
 * The contact details are kept under the requests personal-data source: exported and erased
 * by the reference or the email address, anonymised RETENTION_DAYS after the request's last
 * activity while it is not linked to a record.
 */
export async function createContactRequest(db: Database, values: unknown, options: { now?: Date } = {}): Promise<ContactRequestResult> {
  const parsed = contactRequestSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: firstErrors(parsed.error.issues) };
  const input = parsed.data;
  const now = options.now ?? new Date();
  const [place] = await db
    .select({ wardCode: postcodes.wardCode, districtCode: postcodes.districtCode, wardName: wards.name, districtName: districts.name })
    .from(postcodes)
    .leftJoin(wards, eq(wards.code, postcodes.wardCode))
    .innerJoin(districts, eq(districts.code, postcodes.districtCode))
    .where(eq(postcodes.postcode, input.postcode));
  if (!place) return { ok: false, errors: { postcode: `We cannot find ${input.postcode}. Check it and enter a full postcode in Cambridgeshire or Peterborough, like CB7 5AA` } };
  const created = await storeContactRequest(db, input, place, { now });
  return { ok: true, id: created.id, reference: created.reference, locality: { districtCode: place.districtCode, districtName: place.districtName, wardCode: place.wardCode, wardName: place.wardName } };
}

/** What a contact request keeps: the caller's details as validated, and where it is queued. */
export interface ContactDetails {
  source: "self" | "family_carer";
  contactName: string;
  contactPhone: string | null;
  contactEmail: string | null;
  postcode: string | null;
  contactTimes: string | null;
  askedFor: string;
}

/**
 * Writes a validated contact request into a locality's queue: the request, its first event
 * (with `note`, for the practitioner) and an audit entry (field names only), in one transaction.
 * `beforeInsert` runs first inside it (the public form takes a lock and looks for the same
 * request there); when it returns a request, that one is returned and nothing is written.
 */
export async function storeContactRequest(
  db: Database,
  input: ContactDetails,
  place: { districtCode: string; wardCode: string | null },
  options: { now?: Date; note?: string; auditDetails?: Record<string, unknown>; beforeInsert?: (tx: Database) => Promise<{ id: string; reference: string } | null> } = {},
): Promise<{ id: string; reference: string; created: boolean }> {
  const now = options.now ?? new Date();
  const receivedOn = londonDay(now);
  return db.transaction(async (tx) => {
    const earlier = options.beforeInsert ? await options.beforeInsert(tx as unknown as Database) : null;
    if (earlier) return { ...earlier, created: false };
    const [row] = await tx
      .insert(requests)
      .values({
        source: input.source,
        receivedOn,
        wardCode: place.wardCode,
        districtCode: place.districtCode,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        contactEmail: input.contactEmail?.toLowerCase() ?? null,
        postcode: input.postcode,
        contactTimes: input.contactTimes,
        askedFor: input.askedFor,
        contactConsent: true,
        contactConsentAt: now,
        createdAt: now,
        updatedAt: now,
        lastActivityAt: now,
      })
      .returning({ id: requests.id, reference: requests.reference });
    await tx.insert(requestEvents).values({ requestId: row!.id, kind: "received", onDate: receivedOn, toConversation: "c1", note: options.note ?? null, at: now });
    await recordAudit(tx, anonymous, {
      action: "request.contact",
      subjectType: "request",
      subjectId: row!.id,
      details: { source: input.source, fields: Object.entries(input).filter(([, value]) => value !== null).map(([key]) => key), ...options.auditDetails },
    });
    return { ...row!, created: true };
  });
}

/** The name the public "ask for help" form calls: createContactRequest, documented above. */
export const createRequestFromResident = createContactRequest;

function firstErrors(issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

// ── Changing ──

/**
 * Locks the request, checks this practitioner may work on it, and runs `change`; a Refused
 * becomes field errors and the transaction is rolled back, so nothing changes.
 */
async function changeRequest(
  db: Database,
  actor: Actor,
  id: string,
  action: string,
  change: (tx: Database, request: RequestRecord) => Promise<Record<string, unknown> | void>,
  now: Date,
): Promise<RequestResult> {
  try {
    await db.transaction(async (tx) => {
      const [request] = uuidPattern.test(id) ? await tx.select().from(requests).where(eq(requests.id, id.toLowerCase())).for("update") : [];
      if (!request) throw refuse("form", "That request no longer exists. Nothing was changed.");
      if (!mayWorkOn(actor, request)) throw refuse("form", "This request is not yours to change. Nothing was changed.");
      // Only picking up works on a request still in the queue: everything else is its practitioner's.
      if (action !== "request.pick-up" && request.practitionerId === null) throw refuse("form", "Pick the request up first: it is still waiting in the queue. Nothing was changed.");
      const details = (await change(tx as unknown as Database, request)) ?? {};
      await tx.update(requests).set({ updatedAt: now, lastActivityAt: now }).where(eq(requests.id, request.id));
      if (request.personId) await tx.update(persons).set({ lastActivityAt: now }).where(eq(persons.id, request.personId));
      await recordAudit(tx, actor, { action, subjectType: "request", subjectId: request.id, details });
    });
    return { ok: true };
  } catch (error) {
    if (error instanceof Refused) {
      await recordAudit(db, actor, { action: `${action}-refused`, subjectType: "request", subjectId: uuidPattern.test(id) ? id.toLowerCase() : null, details: { fields: Object.keys(error.errors) } });
      return { ok: false, errors: error.errors };
    }
    throw error;
  }
}

function parsedOrRefused<T>(result: { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }> } }): T {
  if (result.success) return result.data;
  throw new Refused(firstErrors(result.error.issues));
}

const conversationName = (code: Conversation) => conversations.find((conversation) => conversation.code === code)!.short;

const closedMessage = (request: RequestRecord, what: string) =>
  `This request was closed on ${request.closedOn} (${nameOf(requestOutcomes, request.outcome).toLowerCase()}), so ${what}. Nothing was changed.`;

/** A request waiting in the locality's queue becomes this practitioner's. */
export function pickUp(db: Database, actor: Actor, id: string, now = new Date()): Promise<RequestResult> {
  return changeRequest(
    db,
    actor,
    id,
    "request.pick-up",
    async (tx, request) => {
      if (request.practitionerId !== null) throw refuse("form", "Another practitioner has already picked this request up. Nothing was changed.");
      await tx.update(requests).set({ practitionerId: actor.userId }).where(eq(requests.id, request.id));
      await tx.insert(requestEvents).values({ requestId: request.id, kind: "picked-up", onDate: londonDay(now), actorId: actor.userId, at: now });
    },
    now,
  );
}

/**
 * Links a request to a record on this practitioner's caseload, by the record's reference; the
 * request then counts where the person lives. The request must be theirs (picked up).
 */
export function linkPerson(db: Database, actor: Actor, id: string, values: unknown, now = new Date()): Promise<RequestResult> {
  return changeRequest(
    db,
    actor,
    id,
    "request.link",
    async (tx, request) => {
      const { reference } = parsedOrRefused(linkSchema.safeParse(values));
      if (request.practitionerId !== actor.userId) throw refuse("reference", "Pick the request up before you link it to a record. Nothing was changed.");
      if (request.personId) throw refuse("reference", "This request is already linked to a record. Nothing was changed.");
      const [person] = await tx.select().from(persons).where(eq(persons.reference, reference));
      if (!person || person.ownerId !== actor.userId) throw refuse("reference", `There is no record ${reference} on your caseload. Check the reference, or record the person first.`);
      await attach(tx, actor, request.id, person, now);
      return { personId: person.id };
    },
    now,
  );
}

/** The person's record now holds them: the request is theirs and counts where they live. */
async function attach(tx: Database, actor: Actor, requestId: string, person: { id: string; wardCode: string | null; districtCode: string | null }, now: Date) {
  await tx
    .update(requests)
    .set({ personId: person.id, ...(person.districtCode ? { wardCode: person.wardCode, districtCode: person.districtCode } : {}) })
    .where(eq(requests.id, requestId));
  await tx.insert(requestEvents).values({ requestId, kind: "linked", onDate: londonDay(now), actorId: actor.userId, at: now });
}

/**
 * For /people/new?request=…: a record just made for the person who asked is linked to their
 * request, inside the transaction that made it. Refused (and the record not made) when the
 * request is not this practitioner's or is already linked.
 */
export async function attachNewPerson(tx: Database, actor: Actor, requestId: string, person: { id: string; wardCode: string | null; districtCode: string | null }, now = new Date()) {
  const [request] = uuidPattern.test(requestId) ? await tx.select().from(requests).where(eq(requests.id, requestId.toLowerCase())).for("update") : [];
  if (!request || request.practitionerId !== actor.userId || request.personId !== null) {
    throw refuse("form", "That request is not yours to link, or is already linked to a record. Nothing was saved.");
  }
  await attach(tx, actor, request.id, person, now);
  await recordAudit(tx, actor, { action: "request.link", subjectType: "request", subjectId: request.id, details: { personId: person.id } });
}

/** A refusal from attachNewPerson: the record is not saved, and these are the messages. */
export function refusalErrors(error: unknown): FieldErrors | null {
  return error instanceof Refused ? error.errors : null;
}

/** A move between conversations, on the day the practitioner gives. Refused on a closed request. */
export function moveConversation(db: Database, actor: Actor, id: string, values: unknown, now = new Date()): Promise<RequestResult> {
  return changeRequest(
    db,
    actor,
    id,
    "request.move",
    async (tx, request) => {
      if (request.outcome !== null) throw refuse("to", closedMessage(request, "it cannot move to another conversation"));
      const input = parsedOrRefused(moveSchema(londonDay(now)).safeParse(values));
      if (input.to === request.conversation) throw refuse("to", `The request is already in ${conversationName(input.to).toLowerCase()}. Nothing was changed.`);
      if (input.onDate < request.receivedOn) throw refuse("onDate", `The date of the move cannot be before the request was made (${request.receivedOn}). Nothing was changed.`);
      await tx.update(requests).set({ conversation: input.to }).where(eq(requests.id, request.id));
      await tx.insert(requestEvents).values({
        requestId: request.id,
        kind: "conversation",
        onDate: input.onDate,
        fromConversation: request.conversation,
        toConversation: input.to,
        note: input.note || null,
        actorId: actor.userId,
        at: now,
      });
      return { from: request.conversation, to: input.to };
    },
    now,
  );
}

/** The next follow-up (date and what); "done" clears it. Refused on a closed request. */
export function setFollowUp(db: Database, actor: Actor, id: string, values: unknown, now = new Date()): Promise<RequestResult> {
  return changeRequest(
    db,
    actor,
    id,
    "request.follow-up",
    async (tx, request) => {
      if (request.outcome !== null) throw refuse("nextActionOn", closedMessage(request, "it needs no follow-up"));
      const fields = values as Record<string, unknown>;
      if (fields.intent === "follow-up-done") {
        if (!request.nextActionOn) throw refuse("nextActionOn", "There is no follow-up to mark as done. Nothing was changed.");
        await tx.update(requests).set({ nextActionOn: null, nextAction: null }).where(eq(requests.id, request.id));
        await tx.insert(requestEvents).values({ requestId: request.id, kind: "follow-up-done", onDate: londonDay(now), note: request.nextAction, actorId: actor.userId, at: now });
        return { done: true };
      }
      const input = parsedOrRefused(followUpSchema(londonDay(now)).safeParse(values));
      await tx.update(requests).set(input).where(eq(requests.id, request.id));
      await tx.insert(requestEvents).values({ requestId: request.id, kind: "follow-up", onDate: londonDay(now), note: `${input.nextActionOn}: ${input.nextAction}`, actorId: actor.userId, at: now });
      return { fields: ["nextActionOn", "nextAction"] };
    },
    now,
  );
}

/** Conversation 3: the formal care decided (a unit-cost service, hours a week, the personal budget). */
export function recordCareDecided(db: Database, actor: Actor, id: string, values: unknown, now = new Date()): Promise<RequestResult> {
  return changeRequest(
    db,
    actor,
    id,
    "request.care-decided",
    async (tx, request) => {
      if (request.outcome !== null) throw refuse("careService", closedMessage(request, "the care decided cannot be changed"));
      if (request.conversation !== "c3") throw refuse("careService", "Formal care is decided in conversation 3: move the request there first. Nothing was changed.");
      const input = parsedOrRefused(careDecidedSchema(londonDay(now), divertedServices.map((service) => service.code)).safeParse(values));
      if (input.careDecidedOn < request.receivedOn) throw refuse("careDecidedOn", `The date it was decided cannot be before the request was made (${request.receivedOn}). Nothing was changed.`);
      await tx.update(requests).set(input).where(eq(requests.id, request.id));
      await tx.insert(requestEvents).values({ requestId: request.id, kind: "care-decided", onDate: input.careDecidedOn, actorId: actor.userId, at: now });
      return { fields: Object.keys(input) };
    },
    now,
  );
}

/**
 * Closes the request with its outcome. Refused, with nothing changed: a request already closed,
 * a date before the request or in the future, short-term support without saying which, "other"
 * without saying what, formal care without the care decided.
 */
export function closeRequest(db: Database, actor: Actor, id: string, values: unknown, now = new Date()): Promise<RequestResult> {
  return changeRequest(
    db,
    actor,
    id,
    "request.close",
    async (tx, request) => {
      if (request.outcome !== null) throw refuse("outcome", closedMessage(request, "it cannot be closed again"));
      const input = parsedOrRefused(closeSchema(londonDay(now), request.receivedOn).safeParse(values));
      if (input.outcome === "formal_care" && !request.careService) {
        throw refuse("outcome", "Record the formal care decided (in conversation 3) before closing the request as formal care. Nothing was changed.");
      }
      await tx
        .update(requests)
        .set({ outcome: input.outcome, closedOn: input.closedOn, shortTermSupport: input.shortTermSupport, outcomeNote: input.outcomeNote || null, closedBy: actor.userId, nextActionOn: null, nextAction: null })
        .where(eq(requests.id, request.id));
      await tx.insert(requestEvents).values({ requestId: request.id, kind: "closed", onDate: input.closedOn, note: input.outcome, actorId: actor.userId, at: now });
      return { outcome: input.outcome };
    },
    now,
  );
}

/** The referrals and signposts made for a request, newest first. */
export async function requestReferrals(db: Database, requestId: string) {
  return db
    .select({ id: referrals.id, kind: referrals.kind, status: referrals.status, listingName: services.name, createdAt: referrals.createdAt, overruledRule: referrals.overruledRule })
    .from(referrals)
    .innerJoin(services, eq(services.id, referrals.serviceId))
    .where(eq(referrals.requestId, requestId))
    .orderBy(desc(referrals.createdAt));
}

/** The person's record behind a request, when it is on this practitioner's caseload. */
export async function requestPerson(db: Database, actor: Actor, request: Pick<RequestRecord, "personId">) {
  if (!request.personId) return null;
  const [person] = await db.select().from(persons).where(eq(persons.id, request.personId));
  return person && person.ownerId === actor.userId ? person : null;
}

/** A later request for a person already on this practitioner's caseload, in its own transaction. */
export async function addRequest(db: Database, actor: Actor, person: { id: string; wardCode: string | null; districtCode: string | null }, input: NewRequestInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const created = await createRequestForPerson(tx as unknown as Database, actor, person, input, now);
    await tx.update(persons).set({ lastActivityAt: now }).where(eq(persons.id, person.id));
    return created;
  });
}
