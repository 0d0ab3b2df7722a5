/**
 * Harvest: read another Open Referral UK feed (every page of /services, then each full record)
 * or a local JSON file, and create or update our records from it. New listings arrive as drafts
 * for review unless `publish` is set; updated ones keep their listing status. Identifiers are
 * kept (ORUK ids are stable UUIDs), so a second harvest updates rather than duplicates.
 */
import fs from "node:fs";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Database } from "../../../db/client.server";
import { deliveryOfRows, type AttributeRow, type ListingRows } from "../../../db/listings/rows";
import { taxonomies, taxonomyTerms } from "../../../db/schema";
import { stableId } from "../../../db/vocabulary/ids";
import { taxonomyCodes, termId } from "../../../db/vocabulary/taxonomy";
import { assetKinds, type AssetKind, type ListingStatus } from "../../../db/vocabulary/kinds";
import { deliveryCodes, type DeliveryCode } from "../../../db/vocabulary/delivery";
import type { Actor } from "../accounts/permissions";
import { knownAreaCodes, postcodePlaces, type ResolvedPlace } from "../listings/places.server";
import { writeListings, yieldToRequests } from "../listings/writer.server";
import { normalisePostcode } from "./query";
import { isIsoDate } from "../../../db/calendar";

// ── what we accept from a feed (lenient: the UK profile's fields, plus our own x_atlas) ──

const text = z.string().nullish();
/** A calendar date (YYYY-MM-DD, or a date-time): a feed's 2026-02-30 is refused with the record, not sent to the database to fail. */
const calendarDate = text.refine((value) => value == null || isIsoDate(value.slice(0, 10)), "is not a real date (like 2026-02-30): dates must be real, YYYY-MM-DD");
const number = z.number().nullish();
const integer = z
  .number()
  .nullish()
  .transform((value) => (value == null ? value : Math.round(value)));

const termSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: text,
  parent_id: text,
  taxonomy: text,
  taxonomy_id: text,
  term_uri: text,
  term: text,
});
const attributeSchema = z.object({
  id: text,
  link_type: text,
  taxonomy_term_id: text,
  taxonomy_term: termSchema.nullish(),
  x_atlas: z.object({ value: text }).partial().nullish(),
});
const attributeList = z.array(attributeSchema).nullish();
const locationSchema = z.object({
  id: z.string(),
  location_type: z.enum(["physical", "postal", "virtual"]).nullish(),
  name: text,
  description: text,
  latitude: number,
  longitude: number,
  external_identifier: text,
  external_identifier_type: text,
  addresses: z
    .array(
      z.object({
        id: text,
        attention: text,
        address_1: z.string(),
        city: z.string(),
        region: text,
        state_province: z.string(),
        postal_code: z.string(),
        country: z.string(),
        address_type: z.enum(["physical", "postal", "virtual"]),
        attributes: attributeList,
        x_atlas: z.object({ address_2: text }).partial().nullish(),
      }),
    )
    .nullish(),
  accessibility: z
    .array(z.object({ id: text, description: text, details: text, url: text, accessibility: text, attributes: attributeList }))
    .nullish(),
  attributes: attributeList,
  x_atlas: z.object({ postcode: text }).partial().nullish(),
});
const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: text,
  email: text,
  website: text,
  logo: text,
  uri: text,
  parent_organization_id: text,
  organization_identifiers: z
    .array(z.object({ id: text, identifier_scheme: text, identifier_type: z.string(), identifier: z.string(), attributes: attributeList }))
    .nullish(),
  attributes: attributeList,
});
const atlasExtension = z
  .object({
    kind: z.enum(assetKinds.map((kind) => kind.code) as [AssetKind, ...AssetKind[]]),
    delivery: z.enum(deliveryCodes),
    capacity: z
      .object({
        unit: z.enum(["places", "hours_per_week"]).nullish(),
        total: integer,
        available: integer,
        waiting_list: z.boolean().nullish(),
        waiting_list_weeks: integer,
      })
      .nullish(),
    direct_payment: z.boolean(),
    hourly_rate_pence: integer,
    is_free: z.boolean(),
    regulated: z.boolean(),
    regulator: text,
    last_verified: text,
  })
  .partial();

export const harvestedServiceSchema = z.object({
  id: z.string().min(1, "it has no id"),
  organization_id: text,
  name: z.string({ required_error: "it has no name" }).min(1, "it has no name"),
  description: text,
  url: text,
  email: text,
  status: z.enum(["active", "inactive", "defunct", "temporarily closed"]).nullish(),
  fees: text,
  accreditations: text,
  minimum_age: integer,
  maximum_age: integer,
  assured_date: text,
  assurer_email: text,
  alert: text,
  last_modified: text,
  schedules: z
    .array(
      z.object({
        id: text,
        service_at_location_id: text,
        valid_from: calendarDate,
        valid_to: calendarDate,
        dtstart: calendarDate,
        freq: z.enum(["WEEKLY", "MONTHLY"]).nullish(),
        interval: integer,
        byday: text,
        bymonthday: text,
        description: text,
        opens_at: text,
        closes_at: text,
        schedule_link: text,
        attending_type: text,
        notes: text,
      }),
    )
    .nullish(),
  service_areas: z
    .array(
      z.object({
        id: text,
        name: text,
        extent: text,
        extent_type: text,
        uri: text,
        service_area: text,
        x_atlas: z.object({ district_code: text, ward_code: text }).partial().nullish(),
      }),
    )
    .nullish(),
  service_at_locations: z.array(z.object({ id: text, location_id: text, location: locationSchema.nullish() })).nullish(),
  languages: z.array(z.object({ id: text, phone_id: text, x_atlas: z.object({ name: text, code: text, note: text }).partial().nullish() })).nullish(),
  organization: organizationSchema.nullish(),
  funding: z.array(z.object({ id: text, source: text })).nullish(),
  cost_options: z
    .array(
      z.object({ id: text, valid_from: calendarDate, valid_to: calendarDate, option: text, amount: number, amount_description: text }),
    )
    .nullish(),
  contacts: z
    .array(
      z.object({
        id: text,
        name: text,
        title: text,
        attributes: attributeList,
        x_atlas: z
          .object({ email: text, phones: z.array(z.object({ id: text, number: z.string(), description: text })).nullish() })
          .partial()
          .nullish(),
      }),
    )
    .nullish(),
  attributes: attributeList,
  x_atlas: atlasExtension.nullish(),
});

export type HarvestedService = z.output<typeof harvestedServiceSchema>;
type HarvestedAttribute = z.output<typeof attributeSchema>;

// ── reading a feed ──

export interface Skipped {
  id?: string;
  name?: string;
  reason: string;
}

export interface HarvestReport {
  source: string;
  created: { id: string; name: string }[];
  updated: { id: string; name: string }[];
  skipped: Skipped[];
  taxonomiesCreated: { id: string; name: string }[];
  termsCreated: number;
}

type Fetch = typeof fetch;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isPage = (value: unknown): value is { contents: unknown[] } & Record<string, unknown> =>
  isObject(value) && Array.isArray(value.contents);

/** The services in a file: one service, a list page, or an array of services. */
export function recordsIn(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  if (isPage(json)) return json.contents;
  return [json];
}

async function getJson(url: string, fetchImpl: Fetch): Promise<unknown> {
  const response = await fetchImpl(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  try {
    return await response.json();
  } catch {
    throw new Error(`${url} did not answer with JSON`);
  }
}

/**
 * Reads every service a source offers. A URL may be the feed's base (its `/` answers with the
 * version), its `/services` list, or one service; lists are followed page by page and each
 * listed service is fetched in full from `/services/{id}`.
 */
export async function readSource(source: string, fetchImpl: Fetch = fetch): Promise<{ records: unknown[]; skipped: Skipped[] }> {
  if (!/^https?:\/\//i.test(source)) {
    if (!fs.existsSync(source)) throw new Error(`There is no file ${source} (give a path to a JSON file or an http(s) URL).`);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(source, "utf8"));
    } catch (error) {
      throw new Error(`${source} is not JSON: ${(error as Error).message}`);
    }
    return { records: recordsIn(json), skipped: [] };
  }
  const first = await getJson(source, fetchImpl);
  let listUrl: URL;
  if (isPage(first)) listUrl = new URL(source);
  else if (isObject(first) && "version" in first && !("id" in first)) listUrl = new URL(`${source.replace(/\/+$/, "")}/services`);
  else return { records: recordsIn(first), skipped: [] };

  const records: unknown[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  const recordBase = `${listUrl.origin}${listUrl.pathname.replace(/\/+$/, "")}`;
  for (let pageNumber = 1; pageNumber <= 100_000; pageNumber++) {
    listUrl.searchParams.set("page", String(pageNumber));
    const page = pageNumber === 1 && isPage(first) && !new URL(source).searchParams.has("page") ? first : await getJson(listUrl.toString(), fetchImpl);
    if (!isPage(page)) throw new Error(`${listUrl} is not an Open Referral list page (it has no "contents").`);
    for (const item of page.contents) {
      const id = isObject(item) && typeof item.id === "string" ? item.id : undefined;
      const name = isObject(item) && typeof item.name === "string" ? item.name : undefined;
      if (!id) {
        skipped.push({ name, reason: "the list gave it no id, so its full record cannot be fetched" });
        continue;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      try {
        records.push(await getJson(`${recordBase}/${encodeURIComponent(id)}`, fetchImpl));
      } catch (error) {
        skipped.push({ id, name, reason: `its full record could not be fetched (${(error as Error).message})` });
      }
    }
    const totalPages = typeof page.total_pages === "number" ? page.total_pages : undefined;
    if (page.contents.length === 0 || page.last_page === true || (totalPages !== undefined && pageNumber >= totalPages)) break;
  }
  return { records, skipped };
}

// ── records → listing rows (the parser: no writes) ──

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The feed's id when it is a UUID (kept as it is); otherwise a stable UUID derived from it. */
export function idFor(value: string | null | undefined, scope: string): string {
  if (value && uuidPattern.test(value)) return value.toLowerCase();
  return stableId("oruk-harvest", `${scope}:${value ?? ""}`);
}

const kindByTermId = new Map(assetKinds.map((kind) => [termId(taxonomyCodes.kinds, kind.code), kind.code as AssetKind]));

function slug(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "term"
  );
}

type Row<T extends { $inferInsert: unknown }> = T["$inferInsert"];

/** One record, read: the listing's rows, or why it is skipped. */
export type PlannedRecord =
  | { index: number; id: string; name: string; result: "created" | "updated"; rows: ListingRows }
  | { index: number; id: string; name: string; result: "unchanged" | "skipped"; reason: string };

export interface HarvestPlan {
  records: PlannedRecord[];
  /** Records that are not services at all (their problems by field path). */
  invalid: Array<{ index: number; label: { id?: string; name?: string }; issues: { path: string; message: string }[] }>;
  /** Taxonomies and terms the records use that we do not hold yet: written before the listings. */
  taxonomies: Row<typeof taxonomies>[];
  terms: Row<typeof taxonomyTerms>[];
}

/** What the records point at that we may hold already: looked up once for all of them. */
interface Held {
  services: Map<string, { lastModified: Date; listingStatus: ListingStatus; kind: AssetKind }>;
  organizations: Set<string>;
  locations: Set<string>;
  terms: Set<string>;
  taxonomies: Set<string>;
  areaCodes: Set<string>;
  places: Map<string, ResolvedPlace>;
}

const inList = (ids: Iterable<string>) => sql`any (array(select json_array_elements_text(${JSON.stringify([...new Set(ids)])}::json)::uuid))`;

async function lookUp(db: Database, services: { id: string; service: HarvestedService }[]): Promise<Held> {
  const all = services.map((entry) => entry.service);
  const locationsOf = (service: HarvestedService) => (service.service_at_locations ?? []).map((sal) => sal.location);
  const attributesOf = (service: HarvestedService) => [
    ...(service.attributes ?? []),
    ...(service.organization?.attributes ?? []),
    ...(service.organization?.organization_identifiers ?? []).flatMap((identifier) => identifier.attributes ?? []),
    ...(service.contacts ?? []).flatMap((contact) => contact.attributes ?? []),
    ...locationsOf(service).flatMap((location) => [
      ...(location?.attributes ?? []),
      ...(location?.addresses ?? []).flatMap((address) => address.attributes ?? []),
      ...(location?.accessibility ?? []).flatMap((feature) => feature.attributes ?? []),
    ]),
  ];
  const termIds = all.flatMap(attributesOf).map((attribute) => idFor(attribute.taxonomy_term?.id ?? attribute.taxonomy_term_id, "term"));
  const taxonomyIds = all.flatMap(attributesOf).flatMap((attribute) => (attribute.taxonomy_term?.taxonomy_id ? [idFor(attribute.taxonomy_term.taxonomy_id, "taxonomy")] : []));
  const ids = async (query: SQL) => new Set((await queryRows<{ id: string }>(db, query)).map((row) => row.id));
  const [serviceRows, organizationIds, locationIds, termIdsHeld, taxonomyIdsHeld, areaCodes, places] = await Promise.all([
    queryRows<{ id: string; last_modified: string; listing_status: ListingStatus; kind: AssetKind }>(
      db,
      sql`select id, last_modified::text, listing_status, kind from services where id = ${inList(services.map((entry) => entry.id))}`,
    ),
    ids(sql`select id from organizations where id = ${inList(all.flatMap((service) => (service.organization_id ? [idFor(service.organization_id, "organization")] : [])))}`),
    ids(sql`select id from locations where id = ${inList(all.flatMap((service) => (service.service_at_locations ?? []).map((sal, position) => idFor(sal.location?.id ?? sal.location_id, `${service.id}:location:${position}`))))}`),
    ids(sql`select id from taxonomy_terms where id = ${inList(termIds)}`),
    ids(sql`select id from taxonomies where id = ${inList([...taxonomyIds, ...all.flatMap(attributesOf).map((attribute) => stableId("oruk-harvest-taxonomy", attribute.taxonomy_term?.taxonomy ?? ""))])}`),
    knownAreaCodes(db, all.flatMap((service) => (service.service_areas ?? []).flatMap((area) => [area.x_atlas?.district_code, area.x_atlas?.ward_code].filter((code): code is string => Boolean(code))))),
    postcodePlaces(db, all.flatMap(locationsOf).flatMap((location) => (location ? [postcodeOf(location)].filter((code): code is string => code !== null) : []))),
  ]);
  return {
    services: new Map(serviceRows.map((row) => [row.id, { lastModified: new Date(row.last_modified), listingStatus: row.listing_status, kind: row.kind }])),
    organizations: organizationIds,
    locations: locationIds,
    terms: termIdsHeld,
    taxonomies: taxonomyIdsHeld,
    areaCodes,
    places,
  };
}

type HarvestedLocation = z.output<typeof locationSchema>;

/** The postcode from an address, else from our extension (a location may have no public address). */
function postcodeOf(location: HarvestedLocation): string | null {
  return [...(location.addresses ?? []).map((address) => address.postal_code), location.x_atlas?.postcode].map((value) => (value ? normalisePostcode(value) : null)).find(Boolean) ?? null;
}

/**
 * Reads records into listing rows: nothing is written. A record that is not a service, that
 * names no organisation we know, or that has not changed since it was last harvested (unless
 * `publish`) is skipped, with the reason.
 */
export async function planHarvest(db: Database, input: unknown[], options: { publish?: boolean; source?: string } = {}): Promise<HarvestPlan> {
  const source = options.source ?? "records";
  const publish = options.publish ?? false;
  const plan: HarvestPlan = { records: [], invalid: [], taxonomies: [], terms: [] };
  const parsed: { index: number; id: string; service: HarvestedService }[] = [];
  for (const [index, raw] of input.entries()) {
    if ((index + 1) % 200 === 0) await yieldToRequests();
    const result = harvestedServiceSchema.safeParse(raw);
    if (result.success) {
      parsed.push({ index, id: idFor(result.data.id, `service:${index}`), service: result.data });
      continue;
    }
    const label: { id?: string; name?: string } = {};
    if (isObject(raw) && typeof raw.id === "string") label.id = raw.id;
    if (isObject(raw) && typeof raw.name === "string") label.name = raw.name;
    plan.invalid.push({ index, label, issues: result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })) });
  }
  const held = await lookUp(db, parsed);

  // An unknown term goes into its own taxonomy: the one it names, or one per taxonomy name.
  const newTerms = new Set<string>();
  const ensureTerm = (attribute: HarvestedAttribute): string | null => {
    const term = attribute.taxonomy_term;
    const id = idFor(term?.id ?? attribute.taxonomy_term_id, "term");
    if (held.terms.has(id) || newTerms.has(id)) return id;
    if (!term) return null; // a bare taxonomy_term_id we do not know: nothing to create it from
    const taxonomyName = term.taxonomy ?? `Terms harvested from ${source}`;
    const taxonomyId = term.taxonomy_id ? idFor(term.taxonomy_id, "taxonomy") : stableId("oruk-harvest-taxonomy", taxonomyName);
    if (!held.taxonomies.has(taxonomyId)) {
      plan.taxonomies.push({ id: taxonomyId, name: taxonomyName, description: `Taxonomy terms harvested from ${source}.` });
      held.taxonomies.add(taxonomyId);
    }
    plan.terms.push({ id, taxonomyId, parentId: term.parent_id ? idFor(term.parent_id, "term") : null, code: term.term ?? slug(term.name), name: term.name, description: term.description ?? term.name, termUri: term.term_uri });
    newTerms.add(id);
    return id;
  };
  const links = (list: HarvestedAttribute[] | null | undefined, linkId: string, linkType: string, scope: string): AttributeRow[] =>
    (list ?? []).flatMap((attribute, position) => {
      const taxonomyTermId = ensureTerm(attribute);
      return taxonomyTermId ? [{ id: idFor(attribute.id, `${scope}:attribute:${position}`), linkId, linkType: attribute.link_type ?? linkType, taxonomyTermId, value: attribute.x_atlas?.value }] : [];
    });

  for (const [position, { index, id, service }] of parsed.entries()) {
    if ((position + 1) % 200 === 0) await yieldToRequests();
    const existing = held.services.get(id);
    if (existing && service.last_modified && !publish && existing.lastModified.getTime() === new Date(service.last_modified).getTime()) {
      plan.records.push({ index, id, name: service.name, result: "unchanged", reason: "unchanged since it was last harvested (same last_modified)" });
      continue;
    }
    const organization = service.organization;
    const organizationId = organization ? idFor(organization.id, `organization:${service.id}`) : service.organization_id ? idFor(service.organization_id, "organization") : undefined;
    if (!organization && !(organizationId && held.organizations.has(organizationId))) {
      plan.records.push({ index, id, name: service.name, result: "skipped", reason: "it names no organization we know (no nested organization, no known organization_id)" });
      continue;
    }
    plan.records.push({ index, id, name: service.name, result: existing ? "updated" : "created", rows: serviceRows(service, id, organizationId!, existing, { publish, held, links }) });
  }
  return plan;
}

type Links = (list: HarvestedAttribute[] | null | undefined, linkId: string, linkType: string, scope: string) => AttributeRow[];

/** One record's rows: each collection only when the record carries it, so a list item (one-to-one fields only) keeps the full record's schedules, contacts … */
function serviceRows(
  service: HarvestedService,
  serviceId: string,
  organizationId: string,
  existing: { listingStatus: ListingStatus; kind: AssetKind } | undefined,
  context: { publish: boolean; held: Held; links: Links },
): ListingRows {
  const { held, links } = context;
  const carries = (field: keyof HarvestedService) => service[field] !== undefined;
  const rows: ListingRows = { service: { id: serviceId } };
  const organization = service.organization;
  if (organization) {
    const identifiers = (organization.organization_identifiers ?? []).map((identifier, position) => ({
      id: idFor(identifier.id, `${organizationId}:identifier:${position}`),
      organizationId,
      identifierScheme: identifier.identifier_scheme,
      identifierType: identifier.identifier_type,
      identifier: identifier.identifier,
      attributes: identifier.attributes,
    }));
    rows.organization = {
      row: {
        id: organizationId,
        name: organization.name,
        description: organization.description ?? "",
        email: organization.email,
        website: organization.website,
        logo: organization.logo,
        uri: organization.uri,
        parentOrganizationId: organization.parent_organization_id ? idFor(organization.parent_organization_id, "organization") : null,
      },
      identifiers: identifiers.map(({ attributes: _attributes, ...identifier }) => identifier),
      attributes: [
        ...links(organization.attributes, organizationId, "organization", organizationId),
        ...identifiers.flatMap((identifier) => links(identifier.attributes, identifier.id, "organization_identifier", identifier.id)),
      ],
    };
  }
  // What kind of asset: our extension, else an attribute in our kinds taxonomy, else a voluntary group.
  const kind =
    service.x_atlas?.kind ??
    (service.attributes ?? []).map((attribute) => kindByTermId.get(idFor(attribute.taxonomy_term?.id ?? attribute.taxonomy_term_id, "term"))).find(Boolean) ??
    existing?.kind ??
    "vcs_group";
  const atlas = service.x_atlas;
  rows.service = {
    id: serviceId,
    organizationId,
    name: service.name,
    description: service.description ?? "",
    url: service.url,
    email: service.email,
    status: service.status ?? "active",
    fees: service.fees,
    accreditations: service.accreditations,
    minimumAge: service.minimum_age,
    maximumAge: service.maximum_age,
    assuredDate: service.assured_date,
    assurerEmail: service.assurer_email,
    alert: service.alert,
    kind,
    lastModified: service.last_modified ? new Date(service.last_modified) : new Date(),
    listingStatus: context.publish ? "published" : (existing?.listingStatus ?? "draft"),
    ...(atlas
      ? {
          capacityUnit: atlas.capacity?.unit,
          capacityTotal: atlas.capacity?.total,
          capacityAvailable: atlas.capacity?.available,
          waitingList: atlas.capacity?.waiting_list ?? false,
          waitingListWeeks: atlas.capacity?.waiting_list_weeks,
          directPayment: atlas.direct_payment ?? false,
          hourlyRatePence: atlas.hourly_rate_pence,
          isFree: atlas.is_free ?? false,
          regulated: atlas.regulated ?? false,
          regulator: atlas.regulator,
          lastVerifiedAt: atlas.last_verified,
        }
      : {}),
  };
  if (carries("attributes")) rows.attributes = links(service.attributes, serviceId, "service", serviceId);

  if (carries("service_at_locations")) {
    rows.places = [];
    rows.serviceAtLocations = [];
    for (const [position, sal] of (service.service_at_locations ?? []).entries()) {
      const location = sal.location;
      const locationId = idFor(location?.id ?? sal.location_id, `${serviceId}:location:${position}`);
      if (location) rows.places.push(placeRows(location, locationId, organizationId, held, links));
      else if (!held.locations.has(locationId)) continue; // a bare location_id we do not hold: nothing to link to
      rows.serviceAtLocations.push({ id: idFor(sal.id, `${serviceId}:sal:${position}`), serviceId, locationId });
    }
  }
  const written = new Set((rows.serviceAtLocations ?? []).map((sal) => sal.id));
  const many = <T>(list: T[] | null | undefined) => [...(list ?? []).entries()];
  if (carries("schedules")) {
    rows.schedules = many(service.schedules).map(([position, s]) => ({
      id: idFor(s.id, `${serviceId}:schedule:${position}`),
      serviceId,
      // Only a link to one of this service's own locations, just written: anything else is dropped.
      serviceAtLocationId: s.service_at_location_id && written.has(s.service_at_location_id.toLowerCase()) ? s.service_at_location_id.toLowerCase() : null,
      validFrom: s.valid_from,
      validTo: s.valid_to,
      dtstart: s.dtstart,
      freq: s.freq,
      interval: s.interval,
      byday: s.byday,
      bymonthday: s.bymonthday,
      description: s.description,
      opensAt: s.opens_at,
      closesAt: s.closes_at,
      scheduleLink: s.schedule_link,
      attendingType: s.attending_type,
      notes: s.notes,
    }));
  }
  const knownCode = (code: string | null | undefined) => (code && held.areaCodes.has(code) ? code : null);
  if (carries("service_areas")) {
    rows.serviceAreas = many(service.service_areas).map(([position, area]) => ({
      id: idFor(area.id, `${serviceId}:area:${position}`),
      serviceId,
      name: area.name,
      description: area.service_area,
      extent: area.extent,
      extentType: area.extent_type,
      uri: area.uri,
      districtCode: knownCode(area.x_atlas?.district_code),
      wardCode: knownCode(area.x_atlas?.ward_code),
    }));
  }
  if (carries("cost_options")) {
    rows.costOptions = many(service.cost_options).map(([position, cost]) => ({
      id: idFor(cost.id, `${serviceId}:cost:${position}`),
      serviceId,
      validFrom: cost.valid_from,
      validTo: cost.valid_to,
      option: cost.option,
      amount: cost.amount,
      amountDescription: cost.amount_description,
    }));
  }
  if (carries("contacts")) {
    rows.contacts = many(service.contacts).map(([position, contact]) => {
      const contactId = idFor(contact.id, `${serviceId}:contact:${position}`);
      return {
        contact: { id: contactId, serviceId, name: contact.name, title: contact.title, email: contact.x_atlas?.email },
        phones: many(contact.x_atlas?.phones).map(([phonePosition, phone]) => ({ id: idFor(phone.id, `${contactId}:phone:${phonePosition}`), contactId, number: phone.number, description: phone.description })),
        attributes: links(contact.attributes, contactId, "contact", contactId),
      };
    });
  }
  if (carries("funding")) rows.funding = many(service.funding).map(([position, item]) => ({ id: idFor(item.id, `${serviceId}:funding:${position}`), serviceId, source: item.source }));
  if (carries("languages")) {
    rows.languages = many(service.languages).map(([position, language]) => ({
      id: idFor(language.id, `${serviceId}:language:${position}`),
      serviceId,
      name: language.x_atlas?.name,
      code: language.x_atlas?.code,
      note: language.x_atlas?.note,
    }));
  }
  rows.service.delivery = harvestedDelivery(service, rows);
  return rows;
}

/**
 * How a harvested service is delivered (docs/oruk.md): our own extension when the feed is an
 * Asset Atlas's, else the ORUK mapping (deliveryOfRows): a personal assistant, a micro-enterprise
 * or home visits come to the home; service_at_locations at a physical address, a place people
 * come to; only service_areas, to homes there; neither, by phone or online. Undefined when a
 * record says nothing about its places or areas (a list item): a listing held keeps its own, a
 * new one gets the writer's default.
 */
export function harvestedDelivery(service: HarvestedService, rows: ListingRows): DeliveryCode | undefined {
  if (service.x_atlas?.delivery) return service.x_atlas.delivery;
  const saysWhere = service.service_at_locations !== undefined || service.service_areas !== undefined;
  const kind = rows.service.kind;
  if (!saysWhere && kind !== "personal_assistant" && kind !== "micro_enterprise") return undefined;
  return deliveryOfRows(rows);
}

/** A location with its addresses, accessibility and attributes; its ward and district come from its postcode (ADR 0002). */
function placeRows(location: HarvestedLocation, locationId: string, organizationId: string, held: Held, links: Links): NonNullable<ListingRows["places"]>[number] {
  const postcode = postcodeOf(location);
  const place = postcode ? held.places.get(postcode) : undefined;
  const addressRows = (location.addresses ?? []).map((address, position) => ({ address, id: idFor(address.id, `${locationId}:address:${position}`) }));
  const featureRows = (location.accessibility ?? []).map((feature, position) => ({ feature, id: idFor(feature.id, `${locationId}:accessibility:${position}`) }));
  return {
    location: {
      id: locationId,
      organizationId,
      locationType: location.location_type ?? "physical",
      name: location.name,
      description: location.description,
      latitude: location.latitude ?? place?.latitude,
      longitude: location.longitude ?? place?.longitude,
      externalIdentifier: location.external_identifier,
      externalIdentifierType: location.external_identifier_type,
      postcode: place?.postcode ?? null,
      wardCode: place?.wardCode ?? null,
      districtCode: place?.districtCode ?? null,
    },
    addresses: addressRows.map(({ address, id }) => ({
      id,
      locationId,
      attention: address.attention,
      address1: address.address_1,
      address2: address.x_atlas?.address_2,
      city: address.city,
      region: address.region,
      stateProvince: address.state_province,
      postalCode: address.postal_code,
      country: address.country,
      addressType: address.address_type,
    })),
    accessibility: featureRows.map(({ feature, id }) => ({ id, locationId, description: feature.description, details: feature.details, url: feature.url, accessibility: feature.accessibility })),
    attributes: [
      ...links(location.attributes, locationId, "location", locationId),
      ...addressRows.flatMap(({ address, id }) => links(address.attributes, id, "address", id)),
      ...featureRows.flatMap(({ feature, id }) => links(feature.attributes, id, "accessibility", id)),
    ],
  };
}

/** The taxonomies and terms a plan needs, written (idempotently) before its listings. */
export async function writeHarvestTerms(db: Database, plan: Pick<HarvestPlan, "taxonomies" | "terms">) {
  if (plan.taxonomies.length) await db.insert(taxonomies).values(plan.taxonomies).onConflictDoNothing();
  if (plan.terms.length) await db.insert(taxonomyTerms).values(plan.terms).onConflictDoNothing();
}

/** The command line acts as an administrator (harvests are not audited per listing, as before). */
const harvester: Actor = { role: "administrator", userId: null, organizationId: null, localities: [] };

/**
 * Harvests records: read in full first (planHarvest), then written through the listing writer in
 * batches of 500, each its own transaction (fewer, larger statements: each costs planning time
 * in the embedded database), with a turn for waiting requests between them. A batch that fails is written again one record at a
 * time, so one bad record is skipped with its reason and the others are kept.
 */
export async function harvestServices(
  db: Database,
  input: unknown[],
  options: { publish?: boolean; source?: string; skipped?: Skipped[] } = {},
): Promise<HarvestReport> {
  const source = options.source ?? "records";
  const plan = await planHarvest(db, input, options);
  const report: HarvestReport = { source, created: [], updated: [], skipped: [...(options.skipped ?? [])], taxonomiesCreated: [], termsCreated: 0 };
  const firstIssue = (issues: { path: string; message: string }[]) => {
    const issue = issues[0]!;
    return issue.path && !issue.message.startsWith("it ") ? `${issue.path}: ${issue.message}` : issue.message;
  };
  const skipped = new Map<number, Skipped>();
  for (const invalid of plan.invalid) skipped.set(invalid.index, { ...invalid.label, reason: firstIssue(invalid.issues) });
  for (const record of plan.records) if (record.result === "unchanged" || record.result === "skipped") skipped.set(record.index, { id: record.id, name: record.name, reason: record.reason });
  const toWrite = plan.records.filter((record): record is Extract<PlannedRecord, { rows: ListingRows }> => "rows" in record);
  const write = (batch: typeof toWrite) =>
    db.transaction(async (tx) => {
      const inside = tx as unknown as Database;
      await writeHarvestTerms(inside, plan);
      await writeListings(inside, harvester, batch.map((record) => ({ rows: record.rows, audit: null })), `harvest:${source}`.slice(0, 200));
    });
  const failed = new Set<number>();
  for (let start = 0; start < toWrite.length; start += 500) {
    if (start > 0) await yieldToRequests();
    const batch = toWrite.slice(start, start + 500);
    try {
      await write(batch);
    } catch {
      for (const record of batch) {
        try {
          await write([record]);
        } catch (error) {
          failed.add(record.index);
          skipped.set(record.index, { id: record.id, name: record.name, reason: `it could not be saved: ${(error as Error).message.split("\n")[0]}` });
        }
      }
    }
  }
  for (const record of plan.records) {
    if (record.result === "created" || record.result === "updated") {
      if (!failed.has(record.index)) report[record.result].push({ id: record.id, name: record.name });
    }
  }
  report.skipped.push(...[...skipped.entries()].sort(([a], [b]) => a - b).map(([, skip]) => skip));
  report.taxonomiesCreated = plan.taxonomies.map((taxonomy) => ({ id: taxonomy.id!, name: taxonomy.name }));
  report.termsCreated = plan.terms.length;
  return report;
}

/** Reads the source and harvests it. */
export async function importOruk(db: Database, source: string, options: { publish?: boolean; fetch?: Fetch } = {}) {
  const { records, skipped } = await readSource(source, options.fetch ?? fetch);
  return harvestServices(db, records, { publish: options.publish, source, skipped });
}

/** The report in plain English, one line per record. */
export function describeHarvest(report: HarvestReport, publish = false): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines = [
    `Harvested ${report.source}: ${plural(report.created.length, "service")} created, ${report.updated.length} updated, ${report.skipped.length} skipped.`,
  ];
  if (report.created.length) {
    lines.push(publish ? "Created (published):" : "Created (as drafts, for review before they are published):");
    for (const item of report.created) lines.push(`  + ${item.name} (${item.id})`);
  }
  if (report.updated.length) {
    lines.push("Updated:");
    for (const item of report.updated) lines.push(`  ~ ${item.name} (${item.id})`);
  }
  if (report.skipped.length) {
    lines.push("Skipped:");
    for (const item of report.skipped) lines.push(`  - ${item.name ?? item.id ?? "a record"}${item.id && item.name ? ` (${item.id})` : ""}: ${item.reason}`);
  }
  if (report.taxonomiesCreated.length || report.termsCreated) {
    lines.push(
      `New taxonomy terms: ${report.termsCreated}` +
        (report.taxonomiesCreated.length ? `, in new taxonomies ${report.taxonomiesCreated.map((t) => `"${t.name}"`).join(", ")}.` : "."),
    );
  }
  return lines.join("\n");
}
