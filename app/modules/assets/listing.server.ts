/**
 * Listings as the form, the workflow and the permission checks read them: one listing as the
 * form's answer, its history, the review queue, and the form's choices. Writing them is
 * app/modules/listings/ (the listing writer).
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { attributes, auditEvents, costOptions, districts, locations, organizations, serviceAtLocations, services, taxonomyTerms, users, wards } from "../../../db/schema";
import { taxonomyCodes, taxonomyId } from "../../../db/vocabulary/taxonomy";
import { inActorLocalities, type Actor } from "../accounts/permissions";
import { isFormSchedule, sessionOption } from "../listings/form.server";
import { isAssetId } from "./asset.server";
import type { AssetInput, Weekday } from "./asset-form";

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
    .filter(isFormSchedule)
    .sort((a, b) => (a.opensAt ?? "").localeCompare(b.opensAt ?? ""));
  const contact = service.contacts[0];
  const area = service.serviceAreas[0];
  const input: AssetInput = {
    name: service.name,
    description: service.description,
    kind: service.kind,
    organisation: service.organization.name,
    delivery: service.delivery,
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

