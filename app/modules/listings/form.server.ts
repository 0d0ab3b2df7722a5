/**
 * The listing form's answer, written: the database decides what only it can (is the postcode
 * real, which ward is it in, which organisation is meant), the answer becomes a listing record
 * and then rows, and the writer (writer.server.ts) checks the locality rule and writes them with
 * the audit row. An edit keeps what the form does not show (monthly opening times, a second
 * contact or phone, other prices, harvested places and terms).
 */
import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { districts, organizations, wards } from "../../../db/schema";
import { listingRows, type ListingRecord, type ListingRows } from "../../../db/listings/rows";
import type { ListingStatus } from "../../../db/vocabulary/kinds";
import type { Actor } from "../accounts/permissions";
import type { AssetInput } from "../assets/asset-form";
import type { Listing } from "../assets/listing.server";
import type { FieldErrors } from "../forms/field-errors";
import { resolvePlace, type ResolvedPlace } from "./places.server";
import { snapshotListings, writeListings, type WriteProblem } from "./writer.server";
import { londonDay } from "../../../db/calendar";

/** The cost option the listing form manages: the price of one session. */
export const sessionOption = "A session";

/** Weekly opening times on whole days are the form's; any other schedule is kept as it is. */
export const isFormSchedule = (schedule: { freq?: string | null; byday?: string | null }) =>
  schedule.freq === "WEEKLY" && /^[A-Z]{2}(,[A-Z]{2})*$/.test(schedule.byday ?? "");

export type SaveResult = { id: string } | { errors: FieldErrors };

type Area = ListingRecord["serviceArea"];

async function findServiceArea(db: Database, value: string | null, place: ResolvedPlace): Promise<Area> {
  const [kind, code] = value ? (value.split(":") as ["ward" | "district", string]) : ["ward" as const, place.wardCode];
  if (kind === "ward") {
    const [ward] = await db.select().from(wards).where(eq(wards.code, code));
    if (ward) return { name: ward.name, wardCode: ward.code, districtCode: ward.districtCode };
    if (value) return null;
  }
  const districtCode = kind === "district" ? code : place.districtCode;
  const [district] = await db.select().from(districts).where(eq(districts.code, districtCode));
  return district ? { name: district.name, wardCode: null, districtCode: district.code } : null;
}

/** The area as the form names it: "ward:E05…" or "district:E07…". */
const areaValue = (area: Area): string | null => (area ? (area.wardCode ? `ward:${area.wardCode}` : `district:${area.districtCode}`) : null);

/** The answer's place and area, or what is wrong with them (an unknown postcode, a pin too far away, an unknown area). */
async function placeAndArea(db: Database, input: AssetInput): Promise<{ place: ResolvedPlace; area: Area } | { errors: FieldErrors }> {
  const resolved = await resolvePlace(db, input);
  if ("errors" in resolved) return resolved;
  const area = await findServiceArea(db, input.serviceArea, resolved.place);
  if (input.serviceArea && !area) return { errors: { serviceArea: "Choose the area it serves from the list" } };
  return { place: resolved.place, area };
}

/** What the form's answer gets wrong about places, or null. */
export async function placeErrors(db: Database, input: AssetInput): Promise<FieldErrors | null> {
  const checked = await placeAndArea(db, input);
  return "errors" in checked ? checked.errors : null;
}

/** The form's answer as a listing record for the row builder. */
function toRecord(
  key: string,
  input: AssetInput,
  place: ResolvedPlace,
  organisation: { name: string },
  area: Area,
  keep: { listingStatus: ListingStatus; lastVerifiedAt: string | null; contactTitle: string | null; regulated: boolean; regulator: string | null },
): ListingRecord {
  return {
    key,
    organization: { key, name: organisation.name, description: "", email: null, website: null },
    name: input.name,
    description: input.description,
    kind: input.kind,
    delivery: input.delivery,
    needs: input.needs,
    accessibility: input.accessibility,
    accessibilityNote: input.accessibilityNote,
    town: input.town ?? place.wardName,
    postcode: place,
    venue: input.address1 ? { name: input.venueName ?? input.address1, address1: input.address1, address2: input.address2 } : null,
    schedules: input.schedules.map((schedule) => ({ freq: "WEEKLY", byday: schedule.days.join(","), opensAt: schedule.opensAt, closesAt: schedule.closesAt, description: null })),
    isFree: input.isFree,
    fees: input.fees,
    hourlyRatePence: input.hourlyRatePence,
    costOption: input.sessionPricePence == null ? null : { option: sessionOption, amount: input.sessionPricePence / 100, amountDescription: "" },
    capacity: input.capacity,
    directPayment: input.directPayment,
    regulated: keep.regulated,
    regulator: keep.regulator,
    minimumAge: input.minimumAge,
    maximumAge: input.maximumAge,
    eligibilityConditions: input.eligibilityConditions,
    url: input.website,
    contact: { name: input.contactName, title: keep.contactTitle, phone: input.phone, email: input.email },
    listingStatus: keep.listingStatus,
    lastVerifiedAt: keep.lastVerifiedAt,
    serviceArea: area,
  };
}

/** A provider's listings are always their organisation's; others name one (an existing one, or a new one). */
async function organisationFor(db: Database, actor: Actor, name: string): Promise<{ id: string; name: string; isNew: boolean }> {
  if (actor.role === "provider" && actor.organizationId) {
    const [own] = await db.select().from(organizations).where(eq(organizations.id, actor.organizationId));
    if (own) return { id: own.id, name: own.name, isNew: false };
  }
  const [existing] = await db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(sql`lower(${organizations.name}) = lower(${name})`)
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  if (existing) return { ...existing, isNew: false };
  return { id: randomUUID(), name, isNew: true };
}

/** A refusal by the writer, on the field that placed the listing. */
function refusal(problems: WriteProblem[], input: AssetInput): FieldErrors {
  const field = input.postcode ? "postcode" : "latitude";
  return { [field]: problems.map((problem) => problem.message).join(" ") };
}

/** Adds a listing as a draft. */
export async function createListing(db: Database, actor: Actor, input: AssetInput): Promise<SaveResult> {
  const checked = await placeAndArea(db, input);
  if ("errors" in checked) return checked;
  const id = randomUUID();
  const organisation = await organisationFor(db, actor, input.organisation);
  const record = toRecord(id, input, checked.place, organisation, checked.area, {
    listingStatus: "draft",
    lastVerifiedAt: londonDay(),
    contactTitle: null,
    regulated: false,
    regulator: null,
  });
  const rows = listingRows(record, { service: id, organization: organisation.id, child: () => randomUUID(), isDemo: false });
  if (!organisation.isNew) delete rows.organization;
  const written = await writeListings(db, actor, [
    { rows, audit: { action: "asset.create", details: { after: { ...input, organisation: organisation.name, serviceArea: areaValue(checked.area), status: "draft" } } } },
  ], "form:create");
  if (written.problems.length) return { errors: refusal(written.problems, input) };
  return { id };
}

/** Keeps only the fields that changed, as { before, after }. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changed = Object.keys({ ...before, ...after }).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return {
    before: Object.fromEntries(changed.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(changed.map((key) => [key, after[key] ?? null])),
  };
}

/**
 * The form's rows merged into the listing as it is: what the form shows is replaced, the rest
 * kept (other places, schedules the form cannot show, prices other than a session's, a second
 * contact or phone, the terms of other taxonomies on the place).
 */
function mergeIntoCurrent(form: ListingRows, current: ListingRows): ListingRows {
  const [formPlace] = form.places!;
  const [currentPlace, ...otherPlaces] = current.places ?? [];
  const [formContact] = form.contacts!;
  const [currentContact, ...otherContacts] = current.contacts ?? [];
  const contacts = currentContact && formContact
    ? [
        {
          ...currentContact,
          contact: { ...currentContact.contact, name: formContact.contact.name, title: formContact.contact.title, email: formContact.contact.email },
          phones: (() => {
            const [first, ...others] = currentContact.phones;
            const number = formContact.phones[0]?.number;
            if (!number) return others;
            return [first ? { ...first, number } : { ...formContact.phones[0]!, contactId: currentContact.contact.id }, ...others];
          })(),
        },
        ...otherContacts,
      ]
    : form.contacts;
  return {
    ...form,
    places: currentPlace ? [{ ...formPlace!, attributes: currentPlace.attributes }, ...otherPlaces] : form.places,
    serviceAtLocations: currentPlace ? current.serviceAtLocations : form.serviceAtLocations,
    schedules: [...(current.schedules ?? []).filter((schedule) => !isFormSchedule(schedule)), ...form.schedules!],
    costOptions: [...(current.costOptions ?? []).filter((cost) => cost.option !== sessionOption), ...form.costOptions!],
    contacts,
  };
}

/**
 * Changes a listing: its place keeps its identifier, the form's parts are replaced and the rest
 * kept. `keepOrganisation`: the listing stays with its organisation whatever the form says (a
 * provider's change a coordinator approves). `audit` adds to the audit row's details.
 */
export async function updateListing(
  db: Database,
  actor: Actor,
  current: Listing,
  input: AssetInput,
  options: { keepOrganisation?: boolean; audit?: Record<string, unknown> } = {},
): Promise<SaveResult> {
  const checked = await placeAndArea(db, input);
  if ("errors" in checked) return checked;
  const id = current.id;
  const organisation = options.keepOrganisation
    ? { id: current.organizationId, name: current.organisationName, isNew: false }
    : await organisationFor(db, actor, input.organisation);
  const record = toRecord(id, input, checked.place, organisation, checked.area, {
    listingStatus: current.status,
    lastVerifiedAt: current.lastVerifiedAt,
    contactTitle: current.contactTitle,
    regulated: current.regulated,
    regulator: current.regulator,
  });
  const form = listingRows(record, {
    service: id,
    organization: organisation.id,
    location: current.locationId ?? undefined,
    serviceAtLocation: current.serviceAtLocationId ?? undefined,
    child: () => randomUUID(),
  });
  if (!organisation.isNew) delete form.organization;
  const [now] = await snapshotListings(db, [id]);
  const rows = now ? mergeIntoCurrent(form, now) : form;
  const after = { ...input, organisation: organisation.name, serviceArea: areaValue(checked.area) };
  const written = await writeListings(db, actor, [
    { rows, audit: { action: "asset.update", details: { ...changedFields(current.input, after), ...options.audit } } },
  ], "form:update");
  if (written.problems.length) return { errors: refusal(written.problems, input) };
  return { id };
}
