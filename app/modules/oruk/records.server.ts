/**
 * Our tables → Open Referral UK JSON. Records are loaded in batches by id lists (a fixed number
 * of queries per page, whatever its size), then shaped after the UK profile's compiled schemas.
 * Fields the profile has no place for go in one namespaced extension object, `x_atlas`
 * (ADR 0005). Null values are left out: the schemas type every field as a non-null value.
 */
import { eq, inArray } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { stableId } from "../../../db/vocabulary/ids";
import {
  accessibility,
  addresses,
  attributes,
  contacts,
  costOptions,
  districts,
  funding,
  languages,
  locations,
  organizationIdentifiers,
  organizations,
  phones,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
  taxonomies,
  taxonomyTerms,
  wards,
} from "../../../db/schema";

/** The name of our extension property on any ORUK object. */
export const extensionKey = "x_atlas";

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];
export type OrukObject = Record<string, unknown>;

/** Drops null and undefined values, and an extension object that ended up empty. */
export function compact(object: OrukObject): OrukObject {
  const out: OrukObject = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === null || value === undefined) continue;
    if (key === extensionKey && typeof value === "object" && Object.keys(compact(value as OrukObject)).length === 0) continue;
    out[key] = key === extensionKey ? compact(value as OrukObject) : value;
  }
  return out;
}

const isoDateTime = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function groupBy<T, K>(rows: T[], key: (row: T) => K | null): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const unique = <T>(values: (T | null | undefined)[]) => [...new Set(values.filter((v): v is T => v != null))];

// ── shaping single objects ──

export function taxonomyJson(row: Row<typeof taxonomies>): OrukObject {
  return compact({ id: row.id, name: row.name, description: row.description, uri: row.uri, version: row.version });
}

export function taxonomyTermJson(row: Row<typeof taxonomyTerms>, taxonomyName: string | null): OrukObject {
  return compact({
    id: row.id,
    name: row.name,
    description: row.description,
    parent_id: row.parentId,
    taxonomy: taxonomyName,
    taxonomy_id: row.taxonomyId,
    term_uri: row.termUri,
    term: row.code,
  });
}

export function organizationJson(row: Row<typeof organizations>): OrukObject {
  return compact({
    id: row.id,
    name: row.name,
    description: row.description,
    email: row.email,
    website: row.website,
    logo: row.logo,
    uri: row.uri,
    parent_organization_id: row.parentOrganizationId,
  });
}

/**
 * A service's one-to-one fields; `organization` nested unless `nest` is false (a full record
 * nests its own, fuller one). A service without a web page of its own gives its organisation's
 * website as its `url`: that is where a client should send people.
 */
export function serviceSummaryJson(row: Row<typeof services>, organization: Row<typeof organizations> | undefined, nest = true): OrukObject {
  return compact({
    id: row.id,
    organization_id: row.organizationId,
    name: row.name,
    description: row.description,
    url: row.url ?? organization?.website,
    email: row.email,
    status: row.status,
    fees: row.fees,
    accreditations: row.accreditations,
    minimum_age: row.minimumAge,
    maximum_age: row.maximumAge,
    assured_date: row.assuredDate,
    assurer_email: row.assurerEmail,
    alert: row.alert,
    last_modified: isoDateTime(row.lastModified),
    organization: organization && nest ? organizationJson(organization) : null,
    [extensionKey]: serviceExtension(row),
  });
}

/** What Asset Atlas knows about an asset beyond ORUK. */
export function serviceExtension(row: Row<typeof services>): OrukObject {
  return {
    kind: row.kind,
    delivery: row.delivery,
    capacity:
      row.capacityUnit || row.capacityTotal !== null || row.waitingList
        ? compact({
            unit: row.capacityUnit,
            total: row.capacityTotal,
            available: row.capacityAvailable,
            waiting_list: row.waitingList,
            waiting_list_weeks: row.waitingListWeeks,
          })
        : null,
    direct_payment: row.directPayment,
    hourly_rate_pence: row.hourlyRatePence,
    is_free: row.isFree,
    regulated: row.regulated,
    regulator: row.regulator,
    last_verified: row.lastVerifiedAt,
  };
}

export function locationSummaryJson(row: Row<typeof locations>): OrukObject {
  return compact({
    id: row.id,
    location_type: row.locationType,
    name: row.name,
    description: row.description,
    latitude: row.latitude,
    longitude: row.longitude,
    external_identifier: row.externalIdentifier,
    external_identifier_type: row.externalIdentifierType,
    [extensionKey]: { postcode: row.postcode, ward_code: row.wardCode, district_code: row.districtCode },
  });
}

// ── batch loading ──

export interface ServiceRecords {
  summaries: Map<string, OrukObject>;
  full: Map<string, OrukObject>;
}

/** One page of services as list items (one-to-one fields and the organization): two queries. */
export async function loadServiceSummaries(db: Database, ids: string[]): Promise<Map<string, OrukObject>> {
  if (ids.length === 0) return new Map();
  const serviceRows = await db.select().from(services).where(inArray(services.id, ids));
  const organizationRows = await db
    .select()
    .from(organizations)
    .where(inArray(organizations.id, unique(serviceRows.map((s) => s.organizationId))));
  const organizationById = new Map(organizationRows.map((o) => [o.id, o]));
  return new Map(serviceRows.map((s) => [s.id, serviceSummaryJson(s, organizationById.get(s.organizationId))]));
}

async function loadAttributes(db: Database, linkIds: string[]) {
  if (linkIds.length === 0) return () => [] as OrukObject[];
  const attributeRows = await db.select().from(attributes).where(inArray(attributes.linkId, linkIds));
  const termRows = attributeRows.length
    ? await db.select().from(taxonomyTerms).where(inArray(taxonomyTerms.id, unique(attributeRows.map((a) => a.taxonomyTermId))))
    : [];
  const taxonomyRows = termRows.length
    ? await db.select().from(taxonomies).where(inArray(taxonomies.id, unique(termRows.map((t) => t.taxonomyId))))
    : [];
  const taxonomyName = new Map(taxonomyRows.map((t) => [t.id, t.name]));
  const termById = new Map(termRows.map((t) => [t.id, t]));
  const byLink = groupBy(attributeRows, (a) => a.linkId);
  return (linkId: string): OrukObject[] =>
    (byLink.get(linkId) ?? [])
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((a) => {
        const term = termById.get(a.taxonomyTermId)!;
        return compact({
          id: a.id,
          link_id: a.linkId,
          taxonomy_term_id: a.taxonomyTermId,
          link_type: a.linkType,
          taxonomy_term: taxonomyTermJson(term, taxonomyName.get(term.taxonomyId) ?? null),
          [extensionKey]: { value: a.value },
        });
      });
}

/**
 * A location placed by its postcode alone (a personal assistant's or micro-enterprise's base,
 * with no street address published) still gets an address where clients look: its town (from
 * "Based in Soham", else its ward) and its postcode. Not stored: its id is derived from the location's.
 */
function postcodeAddress(location: Row<typeof locations>, wardPlace: Map<string, { ward: string; county: string }>): Row<typeof addresses> | null {
  if (!location.postcode) return null;
  const place = wardPlace.get(location.wardCode ?? "");
  const town = location.name?.startsWith("Based in ") ? location.name.slice("Based in ".length) : (place?.ward ?? "");
  return {
    id: stableId("oruk-postcode-address", location.id),
    locationId: location.id,
    attention: null,
    address1: town,
    address2: null,
    city: town,
    region: null,
    stateProvince: place?.county ?? "",
    postalCode: location.postcode,
    country: "GB",
    addressType: "physical",
  };
}

interface LocationLoader {
  location(id: string): OrukObject | undefined;
}

async function loadLocations(db: Database, ids: string[]): Promise<LocationLoader> {
  if (ids.length === 0) return { location: () => undefined };
  const [locationRows, addressRows, accessibilityRows] = await Promise.all([
    db.select().from(locations).where(inArray(locations.id, ids)),
    db.select().from(addresses).where(inArray(addresses.locationId, ids)),
    db.select().from(accessibility).where(inArray(accessibility.locationId, ids)),
  ]);
  const attributesOf = await loadAttributes(db, [
    ...ids,
    ...addressRows.map((a) => a.id),
    ...accessibilityRows.map((a) => a.id),
  ]);
  const addressesOf = groupBy(addressRows, (a) => a.locationId);
  const accessibilityOf = groupBy(accessibilityRows, (a) => a.locationId);
  const byId = new Map(locationRows.map((l) => [l.id, l]));
  const wardCodes = unique(locationRows.filter((l) => l.postcode && !addressesOf.has(l.id)).map((l) => l.wardCode));
  const wardRows = wardCodes.length
    ? await db
        .select({ code: wards.code, name: wards.name, county: districts.county, district: districts.name })
        .from(wards)
        .innerJoin(districts, eq(districts.code, wards.districtCode))
        .where(inArray(wards.code, wardCodes))
    : [];
  // "Peterborough (unitary; ceremonial Cambridgeshire)" → "Peterborough"
  const wardPlace = new Map(wardRows.map((w) => [w.code, { ward: w.name, county: (w.county ?? w.district).replace(/\s*\(.*$/, "") }]));
  return {
    location(id) {
      const row = byId.get(id);
      if (!row) return undefined;
      return {
        ...locationSummaryJson(row),
        addresses: (addressesOf.get(id) ?? [postcodeAddress(row, wardPlace)].filter((a) => a !== null)).map((a) =>
          compact({
            id: a.id,
            location_id: a.locationId,
            attention: a.attention,
            address_1: a.address1,
            city: a.city,
            region: a.region,
            state_province: a.stateProvince,
            postal_code: a.postalCode,
            country: a.country,
            address_type: a.addressType,
            attributes: attributesOf(a.id),
            [extensionKey]: { address_2: a.address2 },
          }),
        ),
        accessibility: (accessibilityOf.get(id) ?? []).map((a) =>
          compact({
            id: a.id,
            location_id: a.locationId,
            description: a.description,
            details: a.details,
            url: a.url,
            accessibility: a.accessibility,
            attributes: attributesOf(a.id),
          }),
        ),
        attributes: attributesOf(id),
      };
    },
  };
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

/** One organisation identifier as the profile has it, with its attributes. */
function identifierJson(i: Row<typeof organizationIdentifiers>, attributesOf: (linkId: string) => OrukObject[]): OrukObject {
  return compact({
    id: i.id,
    organization_id: i.organizationId,
    identifier_scheme: i.identifierScheme,
    identifier_type: i.identifierType,
    identifier: i.identifier,
    attributes: attributesOf(i.id),
  });
}

/**
 * Fully nested services (the UK profile's compiled service.json), keyed by id: a fixed number
 * of queries for any number of services.
 */
export async function loadFullServices(db: Database, ids: string[]): Promise<Map<string, OrukObject>> {
  if (ids.length === 0) return new Map();
  const serviceRows = await db.select().from(services).where(inArray(services.id, ids));
  const organizationIds = unique(serviceRows.map((s) => s.organizationId));
  const [organizationRows, identifierRows, scheduleRows, areaRows, costRows, contactRows, fundingRows, languageRows, salRows] =
    await Promise.all([
      db.select().from(organizations).where(inArray(organizations.id, organizationIds)),
      db.select().from(organizationIdentifiers).where(inArray(organizationIdentifiers.organizationId, organizationIds)),
      db.select().from(schedules).where(inArray(schedules.serviceId, ids)),
      db.select().from(serviceAreas).where(inArray(serviceAreas.serviceId, ids)),
      db.select().from(costOptions).where(inArray(costOptions.serviceId, ids)),
      db.select().from(contacts).where(inArray(contacts.serviceId, ids)),
      db.select().from(funding).where(inArray(funding.serviceId, ids)),
      db.select().from(languages).where(inArray(languages.serviceId, ids)),
      db.select().from(serviceAtLocations).where(inArray(serviceAtLocations.serviceId, ids)),
    ]);
  const contactIds = contactRows.map((c) => c.id);
  const phoneRows = contactIds.length ? await db.select().from(phones).where(inArray(phones.contactId, contactIds)) : [];
  const places = await loadLocations(db, unique(salRows.map((sal) => sal.locationId)));
  const attributesOf = await loadAttributes(db, [
    ...ids,
    ...organizationIds,
    ...identifierRows.map((i) => i.id),
    ...contactIds,
  ]);

  const organizationById = new Map(organizationRows.map((o) => [o.id, o]));
  const identifiersOf = groupBy(identifierRows, (i) => i.organizationId);
  const schedulesOf = groupBy(scheduleRows, (s) => s.serviceId);
  const areasOf = groupBy(areaRows, (a) => a.serviceId);
  const costsOf = groupBy(costRows, (c) => c.serviceId);
  const contactsOf = groupBy(contactRows, (c) => c.serviceId);
  const phonesOf = groupBy(phoneRows, (p) => p.contactId);
  const fundingOf = groupBy(fundingRows, (f) => f.serviceId);
  const languagesOf = groupBy(languageRows, (l) => l.serviceId);
  const salsOf = groupBy(salRows, (sal) => sal.serviceId);
  const phonesOfContact = (contactId: string) => (phonesOf.get(contactId) ?? []).sort(byId);

  const result = new Map<string, OrukObject>();
  for (const service of serviceRows) {
    const organization = organizationById.get(service.organizationId);
    result.set(service.id, {
      ...serviceSummaryJson(service, organization, false),
      schedules: (schedulesOf.get(service.id) ?? []).sort(byId).map(scheduleJson),
      service_areas: (areasOf.get(service.id) ?? []).sort(byId).map((a) =>
        compact({
          id: a.id,
          service_id: a.serviceId,
          name: a.name,
          extent: a.extent,
          extent_type: a.extentType,
          uri: a.uri,
          service_area: a.description,
          [extensionKey]: { district_code: a.districtCode, ward_code: a.wardCode },
        }),
      ),
      service_at_locations: (salsOf.get(service.id) ?? []).sort(byId).map((sal) =>
        compact({
          id: sal.id,
          service_id: sal.serviceId,
          location_id: sal.locationId,
          location: places.location(sal.locationId),
        }),
      ),
      languages: (languagesOf.get(service.id) ?? []).sort(byId).map((l) =>
        compact({
          id: l.id,
          service_id: l.serviceId,
          phone_id: l.phoneId,
          [extensionKey]: { name: l.name, code: l.code, note: l.note },
        }),
      ),
      organization: organization
        ? {
            ...organizationJson(organization),
            organization_identifiers: (identifiersOf.get(organization.id) ?? []).sort(byId).map((i) => identifierJson(i, attributesOf)),
            attributes: attributesOf(organization.id),
          }
        : undefined,
      funding: (fundingOf.get(service.id) ?? []).sort(byId).map((f) =>
        compact({ id: f.id, service_id: f.serviceId, source: f.source, [extensionKey]: { organization_id: f.organizationId } }),
      ),
      cost_options: (costsOf.get(service.id) ?? []).sort(byId).map((c) =>
        compact({
          id: c.id,
          service_id: c.serviceId,
          valid_from: c.validFrom,
          valid_to: c.validTo,
          option: c.option,
          amount: c.amount,
          amount_description: c.amountDescription,
        }),
      ),
      // Where HSDS 3.0 clients read them: a contact's email and phones, and every phone on the
      // service too (the UK profile leaves them out but allows them). The extension keeps its
      // copy for Asset Atlas harvesters that read only x_atlas.
      contacts: (contactsOf.get(service.id) ?? []).sort(byId).map((c) =>
        compact({
          id: c.id,
          service_id: c.serviceId,
          name: c.name,
          title: c.title,
          email: c.email,
          phones: phonesOfContact(c.id).map(phoneJson),
          attributes: attributesOf(c.id),
          [extensionKey]: {
            email: c.email,
            phones: phonesOfContact(c.id).length ? phonesOfContact(c.id).map((p) => compact({ id: p.id, number: p.number, description: p.description })) : null,
          },
        }),
      ),
      phones: (contactsOf.get(service.id) ?? []).sort(byId).flatMap((c) => phonesOfContact(c.id).map((p) => ({ ...phoneJson(p), service_id: service.id }))),
      attributes: attributesOf(service.id),
    });
  }
  return result;
}

function phoneJson(row: Row<typeof phones>): OrukObject {
  return compact({ id: row.id, contact_id: row.contactId, number: row.number, description: row.description });
}

export function scheduleJson(row: Row<typeof schedules>): OrukObject {
  return compact({
    id: row.id,
    service_id: row.serviceId,
    service_at_location_id: row.serviceAtLocationId,
    valid_from: row.validFrom,
    valid_to: row.validTo,
    dtstart: row.dtstart,
    freq: row.freq,
    interval: row.interval,
    byday: row.byday,
    bymonthday: row.bymonthday,
    description: row.description,
    opens_at: row.opensAt,
    closes_at: row.closesAt,
    schedule_link: row.scheduleLink,
    attending_type: row.attendingType,
    notes: row.notes,
  });
}

/** Service-at-location list items: the location's and the service's one-to-one fields. */
export async function loadServiceAtLocationSummaries(db: Database, ids: string[]): Promise<Map<string, OrukObject>> {
  if (ids.length === 0) return new Map();
  const salRows = await db.select().from(serviceAtLocations).where(inArray(serviceAtLocations.id, ids));
  const [locationRows, serviceById] = await Promise.all([
    db.select().from(locations).where(inArray(locations.id, unique(salRows.map((s) => s.locationId)))),
    loadServiceSummaries(db, unique(salRows.map((s) => s.serviceId))),
  ]);
  const locationById = new Map(locationRows.map((l) => [l.id, l]));
  return new Map(
    salRows.map((sal) => {
      const location = locationById.get(sal.locationId);
      return [
        sal.id,
        compact({
          id: sal.id,
          service_id: sal.serviceId,
          location_id: sal.locationId,
          location: location ? locationSummaryJson(location) : null,
          service: serviceById.get(sal.serviceId),
        }),
      ];
    }),
  );
}

/** Fully nested services at locations: each with its full location and its full service (without the service's own locations). */
export async function loadFullServiceAtLocations(db: Database, ids: string[]): Promise<Map<string, OrukObject>> {
  if (ids.length === 0) return new Map();
  const salRows = await db.select().from(serviceAtLocations).where(inArray(serviceAtLocations.id, ids));
  const [places, fullServices] = await Promise.all([
    loadLocations(db, unique(salRows.map((sal) => sal.locationId))),
    loadFullServices(db, unique(salRows.map((sal) => sal.serviceId))),
  ]);
  return new Map(
    salRows.map((sal) => {
      const service = { ...fullServices.get(sal.serviceId) };
      delete service.service_at_locations;
      return [sal.id, compact({ id: sal.id, service_id: sal.serviceId, location_id: sal.locationId, location: places.location(sal.locationId), service })];
    }),
  );
}

export async function loadFullServiceAtLocation(db: Database, id: string): Promise<OrukObject | undefined> {
  return (await loadFullServiceAtLocations(db, [id])).get(id);
}

/**
 * Organisations as /organizations/{id} gives them: identifiers, attributes, and the services
 * listed (`serviceIds`, published ones), as list items or, with `fullServices`, fully nested.
 */
export async function loadOrganizations(
  db: Database,
  ids: string[],
  serviceIds: Map<string, string[]>,
  fullServices: boolean,
): Promise<Map<string, OrukObject>> {
  if (ids.length === 0) return new Map();
  const [organizationRows, identifierRows] = await Promise.all([
    db.select().from(organizations).where(inArray(organizations.id, ids)),
    db.select().from(organizationIdentifiers).where(inArray(organizationIdentifiers.organizationId, ids)),
  ]);
  const attributesOf = await loadAttributes(db, [...ids, ...identifierRows.map((i) => i.id)]);
  const allServiceIds = [...serviceIds.values()].flat();
  const serviceRecords = fullServices ? await loadFullServices(db, allServiceIds) : await loadServiceSummaries(db, allServiceIds);
  const identifiersOf = groupBy(identifierRows, (i) => i.organizationId);
  return new Map(
    organizationRows.map((organization) => [
      organization.id,
      {
        ...organizationJson(organization),
        organization_identifiers: (identifiersOf.get(organization.id) ?? []).sort(byId).map((i) => identifierJson(i, attributesOf)),
        attributes: attributesOf(organization.id),
        services: (serviceIds.get(organization.id) ?? []).map((id) => {
          // The organisation is the record itself: not repeated inside each of its services.
          const { organization: _organization, ...service } = serviceRecords.get(id)!;
          return service;
        }),
      },
    ]),
  );
}
