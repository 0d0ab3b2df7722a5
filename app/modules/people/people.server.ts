/**
 * People's records: the practitioner's caseload. A practitioner sees and changes only the
 * people on their own caseload (owner_id); docs/decisions/0013-matching.md says why there is
 * no team-wide access yet. Every read, change and refused attempt is audited, with field names
 * but never the health data itself, so the audit trail does not become a second copy of it.
 */
import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { persons, postcodes, referrals, wards } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import { attachNewPerson, createRequestForPerson, refusalErrors } from "../requests/requests.server";
import type { NewRequestInput } from "../requests/request-forms";
import type { PersonInput } from "./person-form";

export type PersonRecord = typeof persons.$inferSelect;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The person, if they are on this practitioner's caseload: 404 if there is no such record,
 * 403 (audited) if it is someone else's. `purpose` says why it was read, for the audit trail.
 */
export async function readPerson(db: Database, actor: Actor, id: string, purpose: "view" | "edit" | "match" | "budget"): Promise<PersonRecord & { wardName: string | null }> {
  if (!uuidPattern.test(id)) throw new Response("Record not found", { status: 404 });
  const [row] = await db
    .select({ person: persons, wardName: wards.name })
    .from(persons)
    .leftJoin(wards, eq(wards.code, persons.wardCode))
    .where(eq(persons.id, id.toLowerCase()));
  if (!row) throw new Response("Record not found", { status: 404 });
  if (!actor.userId || row.person.ownerId !== actor.userId) {
    await recordAudit(db, actor, { action: "person.view-refused", subjectType: "person", subjectId: row.person.id, details: { purpose } });
    throw new Response("This person is not on your caseload, so you cannot see their record.", { status: 403 });
  }
  await recordAudit(db, actor, { action: "person.view", subjectType: "person", subjectId: row.person.id, details: { purpose } });
  return { ...row.person, wardName: row.wardName };
}

export type SaveResult = { ok: true; id: string } | { ok: false; errors: Record<string, string> };

async function placeFor(db: Database, postcode: string) {
  const [place] = await db.select().from(postcodes).where(eq(postcodes.postcode, postcode));
  return place ?? null;
}

const unknownPostcode = (postcode: string) =>
  `We cannot find ${postcode}. Check it and enter a full postcode in Cambridgeshire or Peterborough, like CB7 5AA`;

async function referenceTaken(db: Database, reference: string, exceptId?: string) {
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(exceptId ? and(eq(persons.reference, reference), ne(persons.id, exceptId)) : eq(persons.reference, reference));
  return Boolean(row);
}

const referenceTakenMessage = "This reference is already used. Choose another, like the team's next number";

function columns(input: PersonInput) {
  return {
    reference: input.reference,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    ageBand: input.ageBand,
    postcode: input.postcode,
    involved: input.involved,
    whatMatters: input.whatMatters,
    needs: input.needs,
    riskFactors: input.riskFactors,
    preferredDays: input.preferredDays,
    preferredTimes: input.preferredTimes,
    maxTravelMiles: input.maxTravelMiles === null ? null : String(input.maxTravelMiles),
    maxHourlyRatePence: input.maxHourlyRatePence,
    hasDirectPayment: input.hasDirectPayment,
    lawfulBasis: input.lawfulBasis,
    consentGiven: input.consentGiven,
  };
}

/**
 * A new record, with the request that brought the person: a new one (its source, date and
 * conversation), or one already waiting that this practitioner picked up (`existing`: the
 * request's id), which is linked to the record. Both or neither are saved.
 */
export async function createPerson(
  db: Database,
  actor: Actor,
  input: PersonInput,
  request: { new: NewRequestInput } | { existing: string },
): Promise<SaveResult & { requestId?: string }> {
  const place = await placeFor(db, input.postcode);
  if (!place) return { ok: false, errors: { postcode: unknownPostcode(input.postcode) } };
  if (await referenceTaken(db, input.reference)) return { ok: false, errors: { reference: referenceTakenMessage } };
  const now = new Date();
  try {
    const saved = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(persons)
        .values({
          ...columns(input),
          latitude: place.latitude,
          longitude: place.longitude,
          wardCode: place.wardCode,
          districtCode: place.districtCode,
          consentRecordedAt: now,
          ownerId: actor.userId,
          createdAt: now,
          updatedAt: now,
          lastActivityAt: now,
        })
        .returning({ id: persons.id });
      await recordAudit(tx, actor, { action: "person.create", subjectType: "person", subjectId: created!.id, details: { fields: Object.keys(columns(input)) } });
      const person = { id: created!.id, wardCode: place.wardCode, districtCode: place.districtCode };
      if ("new" in request) return { id: person.id, requestId: (await createRequestForPerson(tx as unknown as Database, actor, person, request.new, now)).id };
      await attachNewPerson(tx as unknown as Database, actor, request.existing, person, now);
      return { id: person.id, requestId: request.existing.toLowerCase() };
    });
    return { ok: true, ...saved };
  } catch (error) {
    const errors = refusalErrors(error);
    if (errors) return { ok: false, errors };
    throw error;
  }
}

export async function updatePerson(db: Database, actor: Actor, id: string, input: PersonInput): Promise<SaveResult> {
  const before = await readPerson(db, actor, id, "edit");
  const place = input.postcode === before.postcode ? null : await placeFor(db, input.postcode);
  if (input.postcode !== before.postcode && !place) return { ok: false, errors: { postcode: unknownPostcode(input.postcode) } };
  if (await referenceTaken(db, input.reference, before.id)) return { ok: false, errors: { reference: referenceTakenMessage } };
  const next = columns(input);
  const changed = (Object.keys(next) as Array<keyof typeof next>).filter(
    (key) => JSON.stringify(normalise(next[key])) !== JSON.stringify(normalise(before[key])),
  );
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(persons)
      .set({
        ...next,
        ...(place ? { latitude: place.latitude, longitude: place.longitude, wardCode: place.wardCode, districtCode: place.districtCode } : {}),
        consentRecordedAt: before.consentRecordedAt ?? now,
        updatedAt: now,
        lastActivityAt: now,
      })
      .where(and(eq(persons.id, before.id), eq(persons.ownerId, actor.userId!)));
    await recordAudit(tx, actor, { action: "person.update", subjectType: "person", subjectId: before.id, details: { changed } });
  });
  return { ok: true, id: before.id };
}

function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** Ids of the listings already referred or signposted for this person (any status). */
export async function referredServiceIds(db: Database, personId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ serviceId: referrals.serviceId }).from(referrals).where(eq(referrals.personId, personId));
  return rows.map((row) => row.serviceId);
}
