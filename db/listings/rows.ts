/**
 * What the listing writer (write.ts) takes: a listing as rows of the ORUK-shaped tables, and the
 * builder that turns one simple listing (one place, one contact: what the form, the CSV import,
 * the demo seed and the benchmark know) into those rows. The ORUK harvest builds rows itself,
 * from records that can hold several places and contacts.
 */
import {
  type accessibility,
  type addresses,
  type attributes,
  type contacts,
  type costOptions,
  type funding,
  type languages,
  type locations,
  type organizationIdentifiers,
  type organizations,
  type phones,
  type schedules,
  type serviceAreas,
  type serviceAtLocations,
  type services,
} from "../schema";
import type { AssetKind, ListingStatus } from "../vocabulary/kinds";
import { taxonomyCodes, termId } from "../vocabulary/taxonomy";

export type Row<T extends { $inferInsert: unknown }> = T["$inferInsert"];
export type AttributeRow = Row<typeof attributes>;

/**
 * One listing to write. `service` is inserted, or updated with the columns it gives (the others
 * keep their values). Every collection that is present replaces what the listing had; one that
 * is absent (undefined) is kept as it is.
 */
export interface ListingRows {
  /** Written (inserted, or updated with the columns given) when present; otherwise it must exist. */
  organization?: {
    row: Row<typeof organizations> & { id: string };
    /** Replaced when present, with the attributes of the organisation and of its identifiers. */
    identifiers?: Row<typeof organizationIdentifiers>[];
    attributes?: AttributeRow[];
  };
  /** A new listing gives every required column; a change may give only those it changes. */
  service: Partial<Row<typeof services>> & { id: string };
  /** The service's own attributes (kind, needs, accessibility, harvested terms). */
  attributes?: AttributeRow[];
  /** Places, each written (inserted or updated) with its addresses, accessibility and attributes replaced. */
  places?: Array<{
    location: Row<typeof locations> & { id: string };
    addresses: Row<typeof addresses>[];
    accessibility: Row<typeof accessibility>[];
    attributes: AttributeRow[];
  }>;
  /** Where the service is held; a place no listing holds any more is deleted. */
  serviceAtLocations?: Row<typeof serviceAtLocations>[];
  schedules?: Row<typeof schedules>[];
  costOptions?: Row<typeof costOptions>[];
  contacts?: Array<{ contact: Row<typeof contacts> & { id: string }; phones: Row<typeof phones>[]; attributes: AttributeRow[] }>;
  serviceAreas?: Row<typeof serviceAreas>[];
  funding?: Row<typeof funding>[];
  languages?: Row<typeof languages>[];
}

export type Delivery = NonNullable<Row<typeof services>["delivery"]>;

/**
 * How a listing is delivered when nobody said: the rule the requests_and_delivery migration
 * applied to existing listings. Personal assistants, micro-enterprises and listings offering home
 * visits come to the home; a listing with no venue works by phone or online; anything else is a
 * place people go to.
 */
export function defaultDelivery(record: Pick<ListingRecord, "kind" | "accessibility" | "venue">): Delivery {
  if (record.kind === "personal_assistant" || record.kind === "micro_enterprise" || record.accessibility.includes("home-visits")) return "to_home";
  return record.venue ? "at_venue" : "remote";
}

/**
 * How a listing written as rows is delivered when nobody said, which the writer gives every new
 * listing without one (the ORUK mapping, docs/oruk.md): a personal assistant, a micro-enterprise
 * or a listing offering home visits comes to the home; one held at a place with a physical
 * address is a place people go to; one that names the areas it serves comes to homes there;
 * anything else works by phone or online.
 */
export function deliveryOfRows(rows: ListingRows): Delivery {
  const kind = rows.service.kind;
  const homeVisits = termId(taxonomyCodes.accessibility, "home-visits");
  if (kind === "personal_assistant" || kind === "micro_enterprise" || rows.attributes?.some((link) => link.taxonomyTermId === homeVisits)) return "to_home";
  const atAnAddress = (rows.places ?? []).some(
    (place) =>
      (place.location.locationType ?? "physical") === "physical" &&
      place.addresses.some((address) => (address.addressType ?? "physical") === "physical" && address.address1.trim() !== ""),
  );
  if (atAnAddress) return "at_venue";
  return (rows.serviceAreas ?? []).length > 0 ? "to_home" : "remote";
}

/** A listing with one place and one contact, as the form, the CSV import and the demo seed describe it. */
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
  town: string | null;
  /** Where it is: the postcode's ward and district (and county), and the point (the postcode's or a pin's). */
  postcode: { postcode: string | null; latitude: number; longitude: number; wardCode: string; districtCode: string; county?: string | null };
  /** The place's name; by default the venue's, else "Based in <town>". */
  locationName?: string | null;
  venue: { name: string | null; address1: string; address2?: string | null } | null;
  /** How it is delivered (which decides where it serves); when not said, defaultDelivery. */
  delivery?: Delivery;
  schedules: ReadonlyArray<{ freq: string; byday: string; opensAt: string | null; closesAt: string | null; description: string | null }>;
  isFree: boolean;
  fees: string | null;
  hourlyRatePence: number | null;
  costOption: { option: string; amount: number; amountDescription: string } | null;
  capacity: {
    unit: "places" | "hours_per_week";
    total: number | null;
    available: number | null;
    waitingList: boolean;
    waitingListWeeks: number | null;
  } | null;
  directPayment: boolean;
  regulated: boolean;
  regulator: string | null;
  minimumAge: number | null;
  maximumAge: number | null;
  /** Left out (undefined): the listing keeps what it has. */
  eligibilityConditions?: string | null;
  url?: string | null;
  contact: { name: string | null; title: string | null; phone: string | null; email: string | null } | null;
  listingStatus: ListingStatus;
  lastVerifiedAt: string | null;
  serviceArea: { name: string; wardCode: string | null; districtCode: string } | null;
}

export interface ListingIds {
  service: string;
  organization: string;
  /** Kept when a listing is edited, so its place keeps its identifier. */
  location?: string;
  serviceAtLocation?: string;
  /** A child record's id from its kind and a key unique within the listing. */
  child(namespace: string, key: string): string;
  /** Left out: an existing listing keeps its flag, a new one is not demo data. */
  isDemo?: boolean;
}

/** Drops the keys whose value is undefined, so the writer leaves those columns as they are. */
function defined<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)) as T;
}

export function listingRows(record: ListingRecord, ids: ListingIds): ListingRows {
  const { service: serviceId, organization: organizationId } = ids;
  const locationId = ids.location ?? ids.child("location", record.key);
  const serviceAtLocationId = ids.serviceAtLocation ?? ids.child("service-at-location", record.key);
  const contactId = ids.child("contact", record.key);
  const link = (taxonomy: (typeof taxonomyCodes)[keyof typeof taxonomyCodes], code: string, linkId = serviceId): AttributeRow => ({
    id: ids.child("attribute", `${record.key}/${taxonomy}/${code}`),
    linkId,
    linkType: "service",
    taxonomyTermId: termId(taxonomy, code),
  });
  return {
    organization: {
      row: defined({
        id: organizationId,
        name: record.organization.name,
        description: record.organization.description,
        email: record.organization.email,
        website: record.organization.website,
        isDemo: ids.isDemo,
      }),
    },
    service: defined({
      id: serviceId,
      organizationId,
      name: record.name,
      description: record.description,
      url: record.url,
      email: record.contact?.email ?? null,
      fees: record.fees,
      minimumAge: record.minimumAge,
      maximumAge: record.maximumAge,
      eligibilityConditions: record.eligibilityConditions,
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
    }),
    attributes: [
      link(taxonomyCodes.kinds, record.kind),
      ...record.needs.map((need) => link(taxonomyCodes.needs, need)),
      ...record.accessibility.map((feature) => link(taxonomyCodes.accessibility, feature)),
    ],
    places: [
      {
        location: {
          id: locationId,
          organizationId,
          locationType: "physical",
          name: record.locationName !== undefined ? record.locationName : (record.venue?.name ?? `Based in ${record.town}`),
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
                city: record.town ?? "",
                stateProvince: record.postcode.county ?? "Cambridgeshire",
                postalCode: record.postcode.postcode ?? "",
                country: "GB",
                addressType: "physical",
              },
            ]
          : [],
        accessibility: record.accessibilityNote
          ? [{ id: ids.child("accessibility", record.key), locationId, description: record.accessibilityNote }]
          : [],
        attributes: [],
      },
    ],
    serviceAtLocations: [{ id: serviceAtLocationId, serviceId, locationId }],
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
    contacts: record.contact
      ? [
          {
            contact: { id: contactId, serviceId, name: record.contact.name, title: record.contact.title, email: record.contact.email },
            phones: record.contact.phone ? [{ id: ids.child("phone", record.key), contactId, number: record.contact.phone }] : [],
            attributes: [],
          },
        ]
      : [],
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
}
