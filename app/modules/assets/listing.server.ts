/**
 * Adding, changing and moving listings through review, for coordinators, administrators and
 * the providers who run them. The form's schema (asset-form.ts) has already checked the shape;
 * here the database decides what only it can (is the postcode real, which ward is it in, which
 * organisation is meant), the rows are written through the same builder as the demo seed
 * (db/seed/listing-rows.ts), and every change is audited with what it was before and after.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import {
  accessibility,
  addresses,
  attributes,
  auditEvents,
  contacts,
  costOptions,
  districts,
  locations,
  organizations,
  phones,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
  taxonomyTerms,
  users,
  wards,
} from "../../../db/schema";
import { insertListingRows, listingRows, type ListingRecord } from "../../../db/seed/listing-rows";
import { taxonomyCodes, taxonomyId } from "../../../db/vocabulary/taxonomy";
import { recordAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import type { FieldErrors } from "../../components/form";
import { isAssetId } from "./asset.server";
import type { AssetInput, Weekday } from "./asset-form";
import type { ListingStatus } from "../../../db/vocabulary/kinds";
import type { Transition } from "./workflow";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

export interface ResolvedPlace {
  postcode: string | null;
  latitude: number;
  longitude: number;
  wardCode: string;
  wardName: string;
  districtCode: string;
}

/** How far from the pin the nearest known postcode may be before we say we cannot place it. */
const pinReachMetres = 3000;

/** The postcode's (or the pin's nearest postcode's) ward and district; errors by field otherwise. */
export async function resolvePlace(
  db: Database,
  input: Pick<AssetInput, "postcode" | "latitude" | "longitude">,
): Promise<{ place: ResolvedPlace } | { errors: FieldErrors }> {
  if (input.postcode) {
    const [row] = await queryRows<{ latitude: number; longitude: number; ward_code: string; ward_name: string; district_code: string }>(
      db,
      sql`select latitude, longitude, ward_code, ward_name, district_code from postcodes where postcode = ${input.postcode}`,
    );
    if (!row) {
      return {
        errors: {
          postcode: `We cannot find the postcode ${input.postcode}. Check it (we know every postcode in Cambridgeshire and Peterborough), or place the listing with the map.`,
        },
      };
    }
    return {
      place: {
        postcode: input.postcode,
        latitude: input.latitude ?? Number(row.latitude),
        longitude: input.longitude ?? Number(row.longitude),
        wardCode: row.ward_code,
        wardName: row.ward_name,
        districtCode: row.district_code,
      },
    };
  }
  const latitude = input.latitude!;
  const longitude = input.longitude!;
  const [nearest] = await queryRows<{ ward_code: string; ward_name: string; district_code: string }>(
    db,
    sql`select ward_code, ward_name, district_code from postcodes
        where earth_box(ll_to_earth(${latitude}, ${longitude}), ${pinReachMetres}) @> ll_to_earth(latitude, longitude)
        order by earth_distance(ll_to_earth(${latitude}, ${longitude}), ll_to_earth(latitude, longitude))
        limit 1`,
  );
  if (!nearest) {
    return {
      errors: { latitude: "That point is not near any postcode we know (Cambridgeshire and Peterborough). Move the pin, or enter the postcode." },
    };
  }
  return {
    place: { postcode: null, latitude, longitude, wardCode: nearest.ward_code, wardName: nearest.ward_name, districtCode: nearest.district_code },
  };
}

/** The areas a listing can serve: each district, and each ward we have a boundary for. */
export async function serviceAreaOptions(db: Database) {
  const [districtRows, wardRows] = await Promise.all([
    db.select({ code: districts.code, name: districts.name }).from(districts).orderBy(asc(districts.name)),
    db
      .select({ code: wards.code, name: wards.name, districtName: districts.name })
      .from(wards)
      .innerJoin(districts, eq(districts.code, wards.districtCode))
      .orderBy(asc(wards.name)),
  ]);
  return [
    ...districtRows.map((row) => ({ value: `district:${row.code}`, name: `All of ${row.name}` })),
    ...wardRows.map((row) => ({ value: `ward:${row.code}`, name: `${row.name} ward (${row.districtName})` })),
  ];
}

/** Organisation names for the form's suggestions (a datalist): the first thousand, by name. */
export async function organisationNames(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ name: organizations.name }).from(organizations).orderBy(asc(organizations.name)).limit(1000);
  return rows.map((row) => row.name);
}

async function findServiceArea(db: Database | Tx, value: string | null, place: ResolvedPlace): Promise<ListingRecord["serviceArea"]> {
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
function areaValue(area: ListingRecord["serviceArea"]): string | null {
  return area ? (area.wardCode ? `ward:${area.wardCode}` : `district:${area.districtCode}`) : null;
}

function scheduleDescription(days: Weekday[]) {
  return days.join(",");
}

/** The form's answer as a listing record for the row builder. */
function toRecord(
  key: string,
  input: AssetInput,
  place: ResolvedPlace,
  organisation: { name: string },
  area: ListingRecord["serviceArea"],
  keep: { listingStatus: ListingStatus; lastVerifiedAt: string | null; contactTitle: string | null; regulated: boolean; regulator: string | null },
): ListingRecord {
  const town = input.town ?? place.wardName;
  return {
    key,
    organization: { key, name: organisation.name, description: "", email: null, website: null },
    name: input.name,
    description: input.description,
    kind: input.kind,
    needs: input.needs,
    accessibility: input.accessibility,
    accessibilityNote: input.accessibilityNote,
    town,
    postcode: place,
    venue: input.address1 ? { name: input.venueName ?? input.address1, address1: input.address1, address2: input.address2 } : null,
    schedules: input.schedules.map((schedule) => ({
      freq: "WEEKLY",
      byday: scheduleDescription(schedule.days),
      opensAt: schedule.opensAt,
      closesAt: schedule.closesAt,
      description: null,
    })),
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
async function organisationFor(tx: Tx, actor: Actor, name: string): Promise<{ id: string; name: string; isNew: boolean }> {
  if (actor.role === "provider" && actor.organizationId) {
    const [own] = await tx.select().from(organizations).where(eq(organizations.id, actor.organizationId));
    if (own) return { id: own.id, name: own.name, isNew: false };
  }
  const [existing] = await tx
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(sql`lower(${organizations.name}) = lower(${name})`)
    .orderBy(asc(organizations.createdAt))
    .limit(1);
  if (existing) return { ...existing, isNew: false };
  return { id: randomUUID(), name, isNew: true };
}

const today = () => new Date().toISOString().slice(0, 10);

/** The cost option the listing form manages: the price of one session. */
export const sessionOption = "A session";

export type SaveResult = { id: string } | { errors: FieldErrors };

/** Adds a listing as a draft. */
export async function createListing(db: Database, actor: Actor, input: AssetInput): Promise<SaveResult> {
  const resolved = await resolvePlace(db, input);
  if ("errors" in resolved) return resolved;
  const area = await findServiceArea(db, input.serviceArea, resolved.place);
  if (input.serviceArea && !area) return { errors: { serviceArea: "Choose the area it serves from the list" } };
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const organisation = await organisationFor(tx, actor, input.organisation);
    const record = toRecord(id, input, resolved.place, organisation, area, {
      listingStatus: "draft",
      lastVerifiedAt: today(),
      contactTitle: null,
      regulated: false,
      regulator: null,
    });
    const rows = listingRows(record, { service: id, organization: organisation.id, child: () => randomUUID(), isDemo: false });
    await insertListingRows(tx, [rows], organisation.isNew);
    await recordAudit(tx, actor, {
      action: "asset.create",
      subjectType: "asset",
      subjectId: id,
      details: { after: { ...input, organisation: organisation.name, serviceArea: areaValue(area), status: "draft" } },
    });
  });
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

/** What the form's answer gets wrong about places (an unknown postcode, a pin too far away, an unknown area), or null. */
export async function placeErrors(db: Database, input: AssetInput): Promise<FieldErrors | null> {
  const resolved = await resolvePlace(db, input);
  if ("errors" in resolved) return resolved.errors;
  const area = await findServiceArea(db, input.serviceArea, resolved.place);
  if (input.serviceArea && !area) return { serviceArea: "Choose the area it serves from the list" };
  return null;
}

/**
 * Changes a listing: the service row in place, its place kept (same location id), its parts
 * replaced. `keepOrganisation`: the listing stays with its organisation whatever the form says
 * (a provider's change a coordinator approves). `audit` adds to the audit row's details.
 */
export async function updateListing(
  db: Database,
  actor: Actor,
  id: string,
  input: AssetInput,
  options: { keepOrganisation?: boolean; audit?: Record<string, unknown> } = {},
): Promise<SaveResult> {
  const current = await readListing(db, id);
  if (!current) throw new Response("Listing not found", { status: 404 });
  const resolved = await resolvePlace(db, input);
  if ("errors" in resolved) return resolved;
  const area = await findServiceArea(db, input.serviceArea, resolved.place);
  if (input.serviceArea && !area) return { errors: { serviceArea: "Choose the area it serves from the list" } };
  await db.transaction(async (tx) => {
    const organisation = options.keepOrganisation
      ? { id: current.organizationId, name: current.organisationName, isNew: false }
      : await organisationFor(tx, actor, input.organisation);
    const record = toRecord(id, input, resolved.place, organisation, area, {
      listingStatus: current.status,
      lastVerifiedAt: current.lastVerifiedAt,
      contactTitle: current.contactTitle,
      regulated: current.regulated,
      regulator: current.regulator,
    });
    const rows = listingRows(record, {
      service: id,
      organization: organisation.id,
      location: current.locationId ?? undefined,
      serviceAtLocation: current.serviceAtLocationId ?? undefined,
      child: () => randomUUID(),
      isDemo: current.isDemo,
    });
    if (organisation.isNew) await tx.insert(organizations).values(rows.organization);
    const { id: _id, createdAt: _created, isDemo: _demo, ...service } = rows.service;
    await tx.update(services).set({ ...service, lastModified: new Date() }).where(eq(services.id, id));
    if (current.locationId) {
      const { id: _locationId, ...location } = rows.location;
      await tx.update(locations).set(location).where(eq(locations.id, current.locationId));
      await tx.delete(addresses).where(eq(addresses.locationId, current.locationId));
      await tx.delete(accessibility).where(eq(accessibility.locationId, current.locationId));
    } else {
      await tx.insert(locations).values(rows.location);
      await tx.insert(serviceAtLocations).values(rows.serviceAtLocation);
    }
    // Monthly and other schedules the form cannot show are kept; the weekly ones are the form's.
    await tx.delete(schedules).where(and(eq(schedules.serviceId, id), sql`${schedules.freq} = 'WEEKLY' and ${schedules.byday} ~ '^[A-Z]{2}(,[A-Z]{2})*$'`));
    // The form shows one contact and one phone: those change in place; any others (from an
    // import: a second contact, a second number) are kept.
    if (current.contactId) {
      const [formContact] = rows.contacts;
      await tx.update(contacts).set({ name: formContact!.name, title: formContact!.title, email: formContact!.email }).where(eq(contacts.id, current.contactId));
      const number = rows.phones[0]?.number ?? null;
      if (current.phoneId && number) await tx.update(phones).set({ number }).where(eq(phones.id, current.phoneId));
      else if (current.phoneId) await tx.delete(phones).where(eq(phones.id, current.phoneId));
      else if (number) await tx.insert(phones).values({ ...rows.phones[0]!, contactId: current.contactId });
    }
    await tx.delete(attributes).where(and(eq(attributes.linkId, id), eq(attributes.linkType, "service")));
    await tx.delete(serviceAreas).where(eq(serviceAreas.serviceId, id));
    // The form's price of a session is its own cost option; others (from an import) are kept.
    await tx.delete(costOptions).where(and(eq(costOptions.serviceId, id), eq(costOptions.option, sessionOption)));
    if (rows.costOptions.length) await tx.insert(costOptions).values(rows.costOptions);
    if (rows.addresses.length) await tx.insert(addresses).values(rows.addresses);
    if (rows.accessibility.length) await tx.insert(accessibility).values(rows.accessibility);
    if (rows.schedules.length) await tx.insert(schedules).values(rows.schedules);
    if (!current.contactId) {
      await tx.insert(contacts).values(rows.contacts);
      if (rows.phones.length) await tx.insert(phones).values(rows.phones);
    }
    await tx.insert(attributes).values(rows.attributes);
    if (rows.serviceAreas.length) await tx.insert(serviceAreas).values(rows.serviceAreas);
    const after = { ...input, organisation: organisation.name, serviceArea: areaValue(area) };
    await recordAudit(tx, actor, { action: "asset.update", subjectType: "asset", subjectId: id, details: { ...changedFields(current.input, after), ...options.audit } });
  });
  return { id };
}

/** Moves a listing along the workflow (the caller has checked the transition's permission). */
export async function changeStatus(db: Database, actor: Actor, id: string, transition: Transition): Promise<boolean> {
  return db.transaction(async (tx) => {
    const moved = await tx
      .update(services)
      .set({
        listingStatus: transition.to,
        lastModified: new Date(),
        // Publishing is a check: the listing is true today.
        ...(transition.to === "published" ? { lastVerifiedAt: today(), assuredDate: today() } : {}),
      })
      .where(and(eq(services.id, id), eq(services.listingStatus, transition.from)))
      .returning({ id: services.id });
    if (moved.length === 0) return false;
    // A provider's change waiting on it is withdrawn by a trigger if it leaves "published" (migration 0020).
    await recordAudit(tx, actor, {
      action: `asset.${transition.intent}`,
      subjectType: "asset",
      subjectId: id,
      details: { before: { status: transition.from }, after: { status: transition.to } },
    });
    return true;
  });
}

export type Listing = NonNullable<Awaited<ReturnType<typeof readListing>>>;

/** A listing (any status) as the form's answer, with what the workflow and permissions need. */
export async function readListing(db: Database, id: string) {
  if (!isAssetId(id)) return null;
  const service = await db.query.services.findFirst({
    where: eq(services.id, id.toLowerCase()),
    columns: { searchVector: false },
    with: {
      organization: true,
      serviceAtLocations: { with: { location: { with: { addresses: true, accessibility: true } } } },
      schedules: true,
      // Ordered, so "the" contact and phone the form shows are always the same ones.
      contacts: { with: { phones: { orderBy: (phone, { asc: ascending }) => [ascending(phone.id)] } }, orderBy: (contact, { asc: ascending }) => [ascending(contact.id)] },
      serviceAreas: true,
    },
  });
  if (!service) return null;
  const sal = service.serviceAtLocations[0];
  const location = sal?.location;
  const address = location?.addresses[0];
  const terms = await db
    .select({ code: taxonomyTerms.code, taxonomy: taxonomyTerms.taxonomyId })
    .from(attributes)
    .innerJoin(taxonomyTerms, eq(taxonomyTerms.id, attributes.taxonomyTermId))
    .where(eq(attributes.linkId, service.id));
  const [session] = await db
    .select({ amount: costOptions.amount })
    .from(costOptions)
    .where(and(eq(costOptions.serviceId, service.id), eq(costOptions.option, sessionOption)))
    .limit(1);
  const codesOf = (taxonomy: string) => terms.filter((term) => term.taxonomy === taxonomy).map((term) => term.code).sort();
  // A point exactly on its postcode came from the postcode: leave the pin fields empty then.
  const [postcodePoint] = location?.postcode
    ? await queryRows<{ latitude: number; longitude: number }>(db, sql`select latitude, longitude from postcodes where postcode = ${location.postcode}`)
    : [];
  const fromPostcode =
    postcodePoint && Number(postcodePoint.latitude) === location?.latitude && Number(postcodePoint.longitude) === location?.longitude;
  const simpleSchedules = service.schedules
    .filter((schedule) => schedule.freq === "WEEKLY" && /^[A-Z]{2}(,[A-Z]{2})*$/.test(schedule.byday ?? ""))
    .sort((a, b) => (a.opensAt ?? "").localeCompare(b.opensAt ?? ""));
  const contact = service.contacts[0];
  const area = service.serviceAreas[0];
  const input: AssetInput = {
    name: service.name,
    description: service.description,
    kind: service.kind,
    organisation: service.organization.name,
    postcode: location?.postcode ?? null,
    latitude: location && !fromPostcode ? location.latitude : null,
    longitude: location && !fromPostcode ? location.longitude : null,
    venueName: address && location?.name !== address.address1 ? (location?.name ?? null) : null,
    address1: address?.address1 ?? null,
    address2: address?.address2 ?? null,
    town: address?.city ?? (location?.name?.startsWith("Based in ") ? location.name.slice("Based in ".length) : null),
    schedules: simpleSchedules.map((schedule) => ({
      days: (schedule.byday ?? "").split(",") as Weekday[],
      opensAt: (schedule.opensAt ?? "").slice(0, 5),
      closesAt: (schedule.closesAt ?? "").slice(0, 5),
    })),
    isFree: service.isFree,
    hourlyRatePence: service.hourlyRatePence,
    sessionPricePence: session?.amount === null || session?.amount === undefined ? null : Math.round(Number(session.amount) * 100),
    fees: service.fees,
    capacity:
      service.capacityUnit === null
        ? null
        : {
            unit: service.capacityUnit,
            total: service.capacityTotal ?? 0,
            available: service.capacityAvailable ?? 0,
            waitingList: service.waitingList,
            waitingListWeeks: service.waitingListWeeks,
          },
    minimumAge: service.minimumAge,
    maximumAge: service.maximumAge,
    eligibilityConditions: service.eligibilityConditions,
    needs: codesOf(taxonomyId(taxonomyCodes.needs)) as AssetInput["needs"],
    accessibility: codesOf(taxonomyId(taxonomyCodes.accessibility)),
    accessibilityNote: location?.accessibility[0]?.description ?? null,
    directPayment: service.directPayment,
    contactName: contact?.name ?? null,
    phone: contact?.phones[0]?.number ?? null,
    email: contact?.email ?? service.email,
    website: service.url,
    serviceArea: area ? (area.wardCode ? `ward:${area.wardCode}` : area.districtCode ? `district:${area.districtCode}` : null) : null,
  };
  return {
    id: service.id,
    name: service.name,
    status: service.listingStatus,
    isDemo: service.isDemo,
    lastVerifiedAt: service.lastVerifiedAt,
    regulated: service.regulated,
    regulator: service.regulator,
    contactTitle: contact?.title ?? null,
    contactId: contact?.id ?? null,
    phoneId: contact?.phones[0]?.id ?? null,
    organizationId: service.organizationId,
    organisationName: service.organization.name,
    locationId: location?.id ?? null,
    serviceAtLocationId: sal?.id ?? null,
    wardCode: location?.wardCode ?? null,
    districtCode: location?.districtCode ?? null,
    otherSchedules: service.schedules.length - simpleSchedules.length,
    input,
  };
}

/** Whose listing it is and where (any status), for the permission check. */
export async function listingScope(db: Database, id: string) {
  const listing = await readListing(db, id);
  return listing ? { ...listing, organizationId: listing.organizationId } : null;
}

/** Every audited change to a listing, newest first, with who made it. */
export async function listingHistory(db: Database, id: string) {
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      actorRole: auditEvents.actorRole,
      actorName: users.displayName,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(eq(auditEvents.subjectType, "asset"), eq(auditEvents.subjectId, id)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id));
}

/** Drafts and listings in review in the actor's localities (all of them for an administrator). */
export async function listingsAwaiting(db: Database, actor: Actor) {
  const rows = await db
    .selectDistinctOn([services.id], {
      id: services.id,
      name: services.name,
      status: services.listingStatus,
      lastModified: services.lastModified,
      wardCode: locations.wardCode,
      districtCode: locations.districtCode,
      wardName: wards.name,
    })
    .from(services)
    .leftJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .leftJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .leftJoin(wards, eq(wards.code, locations.wardCode))
    .where(inArray(services.listingStatus, ["draft", "in_review"]))
    .orderBy(services.id);
  return rows
    .filter((row) => inActorLocalities(actor, row))
    .sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime());
}

/** Whether a place is one of the actor's localities (always, for an administrator). */
export function inActorLocalities(actor: Actor, place: { wardCode: string | null; districtCode: string | null }): boolean {
  if (actor.role === "administrator") return true;
  return actor.localities.some(
    (locality) =>
      (locality.wardCode !== null && locality.wardCode === place.wardCode) ||
      (locality.wardCode === null && locality.districtCode !== null && locality.districtCode === place.districtCode),
  );
}
