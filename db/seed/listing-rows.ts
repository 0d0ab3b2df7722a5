/**
 * One listing → its rows across the ORUK-shaped tables (organisation, service, location,
 * address, service_at_location, schedules, cost option, contact and phone, attributes for
 * kind, needs and accessibility, service area). The demo seed and the listing form both write
 * through here, so a listing made either way has the same shape.
 */
import type { Database } from "../client.server";
import {
  accessibility,
  addresses,
  attributes,
  contacts,
  costOptions,
  locations,
  organizations,
  phones,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
} from "../schema";
import type { AssetKind, ListingStatus } from "../vocabulary/kinds";
import { taxonomyCodes, termId } from "../vocabulary/taxonomy";

export type Delivery = "at_venue" | "to_home" | "remote";

/**
 * The same rule the requests_and_delivery migration applied to existing listings: personal
 * assistants, micro-enterprises and listings offering home visits come to the home; a listing
 * with no venue works by phone or online; anything else is a place people go to.
 */
export function defaultDelivery(record: Pick<ListingRecord, "kind" | "accessibility" | "venue">): Delivery {
  if (record.kind === "personal_assistant" || record.kind === "micro_enterprise" || record.accessibility.includes("home-visits")) return "to_home";
  return record.venue ? "at_venue" : "remote";
}

export interface ListingRecord {
  key: string;
  organization: { key: string; name: string; description: string; email: string | null; website: string | null };
  name: string;
  description: string;
  kind: AssetKind;
  needs: readonly string[];
  accessibility: readonly string[];
  /** Free-text accessibility of the place (ORUK accessibility.description). */
  accessibilityNote?: string | null;
  town: string;
  /** Where it is: the postcode's ward and district, and the point (the postcode's or a pin's). */
  postcode: { postcode: string | null; latitude: number; longitude: number; wardCode: string; districtCode: string };
  venue: { name: string; address1: string; address2?: string | null } | null;
  /** How it is delivered (which decides where it serves); when not said, from its kind, home visits and venue (defaultDelivery). */
  delivery?: Delivery;
  schedules: ReadonlyArray<{ freq: string; byday: string; opensAt: string; closesAt: string; description: string | null }>;
  isFree: boolean;
  fees: string | null;
  hourlyRatePence: number | null;
  costOption: { option: string; amount: number; amountDescription: string } | null;
  capacity: {
    unit: "places" | "hours_per_week";
    total: number;
    available: number;
    waitingList: boolean;
    waitingListWeeks: number | null;
  } | null;
  directPayment: boolean;
  regulated: boolean;
  regulator: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  eligibilityConditions?: string | null;
  url?: string | null;
  contact: { name: string | null; title: string | null; phone: string | null; email: string | null };
  listingStatus: ListingStatus;
  lastVerifiedAt: string | null;
  serviceArea: { name: string; wardCode: string | null; districtCode: string } | null;
}

type Row<T extends { $inferInsert: unknown }> = T["$inferInsert"];

export interface ListingRows {
  organization: Row<typeof organizations>;
  service: Row<typeof services>;
  location: Row<typeof locations>;
  addresses: Row<typeof addresses>[];
  accessibility: Row<typeof accessibility>[];
  serviceAtLocation: Row<typeof serviceAtLocations>;
  schedules: Row<typeof schedules>[];
  costOptions: Row<typeof costOptions>[];
  contacts: Row<typeof contacts>[];
  phones: Row<typeof phones>[];
  attributes: Row<typeof attributes>[];
  serviceAreas: Row<typeof serviceAreas>[];
}

export interface ListingIds {
  service: string;
  organization: string;
  /** Kept when a listing is edited, so its place keeps its identifier. */
  location?: string;
  serviceAtLocation?: string;
  /** A child record's id from its kind and a key unique within the listing. */
  child(namespace: string, key: string): string;
  isDemo: boolean;
}

export function listingRows(record: ListingRecord, ids: ListingIds): ListingRows {
  const { service: serviceId, organization: organizationId } = ids;
  const locationId = ids.location ?? ids.child("location", record.key);
  const serviceAtLocationId = ids.serviceAtLocation ?? ids.child("service-at-location", record.key);
  const contactId = ids.child("contact", record.key);
  const rows: ListingRows = {
    organization: {
      id: organizationId,
      name: record.organization.name,
      description: record.organization.description,
      email: record.organization.email,
      website: record.organization.website,
      isDemo: ids.isDemo,
    },
    service: {
      id: serviceId,
      organizationId,
      name: record.name,
      description: record.description,
      url: record.url ?? null,
      email: record.contact.email,
      fees: record.fees,
      minimumAge: record.minimumAge,
      maximumAge: record.maximumAge,
      eligibilityConditions: record.eligibilityConditions ?? null,
      kind: record.kind,
      delivery: record.delivery ?? defaultDelivery(record),
      listingStatus: record.listingStatus,
      capacityUnit: record.capacity?.unit ?? null,
      capacityTotal: record.capacity?.total ?? null,
      capacityAvailable: record.capacity?.available ?? null,
      waitingList: record.capacity?.waitingList ?? false,
      waitingListWeeks: record.capacity?.waitingListWeeks ?? null,
      directPayment: record.directPayment,
      hourlyRatePence: record.hourlyRatePence,
      isFree: record.isFree,
      regulated: record.regulated,
      regulator: record.regulator,
      lastVerifiedAt: record.lastVerifiedAt,
      assuredDate: record.lastVerifiedAt,
      isDemo: ids.isDemo,
    },
    location: {
      id: locationId,
      organizationId,
      locationType: "physical",
      name: record.venue?.name ?? `Based in ${record.town}`,
      latitude: record.postcode.latitude,
      longitude: record.postcode.longitude,
      postcode: record.postcode.postcode,
      wardCode: record.postcode.wardCode,
      districtCode: record.postcode.districtCode,
    },
    addresses: record.venue
      ? [
          {
            id: ids.child("address", record.key),
            locationId,
            address1: record.venue.address1,
            address2: record.venue.address2 ?? null,
            city: record.town,
            stateProvince: "Cambridgeshire",
            postalCode: record.postcode.postcode ?? "",
            country: "GB",
            addressType: "physical",
          },
        ]
      : [],
    accessibility: record.accessibilityNote
      ? [{ id: ids.child("accessibility", record.key), locationId, description: record.accessibilityNote }]
      : [],
    serviceAtLocation: { id: serviceAtLocationId, serviceId, locationId },
    schedules: record.schedules.map((schedule, index) => ({
      id: ids.child("schedule", `${record.key}/${index}`),
      serviceId,
      serviceAtLocationId,
      freq: schedule.freq,
      interval: 1,
      byday: schedule.byday,
      opensAt: schedule.opensAt,
      closesAt: schedule.closesAt,
      description: schedule.description,
      attendingType: record.venue ? "in person" : "at home",
    })),
    costOptions: record.costOption ? [{ id: ids.child("cost-option", record.key), serviceId, ...record.costOption }] : [],
    contacts: [
      { id: contactId, serviceId, name: record.contact.name, title: record.contact.title, email: record.contact.email },
    ],
    phones: record.contact.phone ? [{ id: ids.child("phone", record.key), contactId, number: record.contact.phone }] : [],
    attributes: [],
    serviceAreas: record.serviceArea
      ? [
          {
            id: ids.child("service-area", record.key),
            serviceId,
            name: record.serviceArea.name,
            description: `Serves ${record.serviceArea.name}`,
            districtCode: record.serviceArea.districtCode,
            wardCode: record.serviceArea.wardCode,
          },
        ]
      : [],
  };
  const link = (taxonomy: (typeof taxonomyCodes)[keyof typeof taxonomyCodes], code: string) =>
    rows.attributes.push({
      id: ids.child("attribute", `${record.key}/${taxonomy}/${code}`),
      linkId: serviceId,
      linkType: "service",
      taxonomyTermId: termId(taxonomy, code),
    });
  link(taxonomyCodes.kinds, record.kind);
  for (const need of record.needs) link(taxonomyCodes.needs, need);
  for (const feature of record.accessibility) link(taxonomyCodes.accessibility, feature);
  return rows;
}

/** Many listings' rows, table by table (organisations once each), in foreign-key order. */
export async function insertListingRows(tx: Pick<Database, "insert">, listings: ListingRows[], newOrganizations = true) {
  const organizationsById = new Map(listings.map((rows) => [rows.organization.id!, rows.organization]));
  if (newOrganizations) await insertInBatches(tx, organizations, [...organizationsById.values()]);
  await insertInBatches(tx, services, listings.map((rows) => rows.service));
  await insertInBatches(tx, locations, listings.map((rows) => rows.location));
  await insertInBatches(tx, addresses, listings.flatMap((rows) => rows.addresses));
  await insertInBatches(tx, accessibility, listings.flatMap((rows) => rows.accessibility));
  await insertInBatches(tx, serviceAtLocations, listings.map((rows) => rows.serviceAtLocation));
  await insertInBatches(tx, schedules, listings.flatMap((rows) => rows.schedules));
  await insertInBatches(tx, costOptions, listings.flatMap((rows) => rows.costOptions));
  await insertInBatches(tx, contacts, listings.flatMap((rows) => rows.contacts));
  await insertInBatches(tx, phones, listings.flatMap((rows) => rows.phones));
  await insertInBatches(tx, attributes, listings.flatMap((rows) => rows.attributes));
  await insertInBatches(tx, serviceAreas, listings.flatMap((rows) => rows.serviceAreas));
}

// why `any`: drizzle's insert() generics do not survive being passed a table union.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function insertInBatches(tx: Pick<Database, "insert">, table: any, values: unknown[], size = 500) {
  for (let start = 0; start < values.length; start += size) {
    await tx.insert(table).values(values.slice(start, start + size));
  }
}
