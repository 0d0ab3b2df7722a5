/**
 * Harvest: read another Open Referral UK feed (every page of /services, then each full record)
 * or a local JSON file, and create or update our records from it. New listings arrive as drafts
 * for review unless `publish` is set; updated ones keep their listing status. Identifiers are
 * kept (ORUK ids are stable UUIDs), so a second harvest updates rather than duplicates.
 */
import fs from "node:fs";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client.server";
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
  postcodes,
  schedules,
  serviceAreas,
  serviceAtLocations,
  services,
  taxonomies,
  taxonomyTerms,
  wards,
} from "../../../db/schema";
import { stableId } from "../../../db/vocabulary/ids";
import { taxonomyCodes, termId } from "../../../db/vocabulary/taxonomy";
import { assetKinds, type AssetKind } from "../../../db/vocabulary/kinds";
import { normalisePostcode } from "./query";
import { isIsoDate } from "../evidence/dates";

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

type HarvestedService = z.output<typeof harvestedServiceSchema>;
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

// ── writing records ──

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The feed's id when it is a UUID (kept as it is); otherwise a stable UUID derived from it. */
function idFor(value: string | null | undefined, scope: string): string {
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

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

export async function harvestServices(
  db: Database,
  input: unknown[],
  options: { publish?: boolean; source?: string; skipped?: Skipped[] } = {},
): Promise<HarvestReport> {
  const source = options.source ?? "records";
  const report: HarvestReport = {
    source,
    created: [],
    updated: [],
    skipped: [...(options.skipped ?? [])],
    taxonomiesCreated: [],
    termsCreated: 0,
  };
  const knownTerms = new Set<string>();
  const knownTaxonomies = new Set<string>();

  for (const [index, raw] of input.entries()) {
    const parsed = harvestedServiceSchema.safeParse(raw);
    const label: { id?: string; name?: string } = {};
    if (isObject(raw) && typeof raw.id === "string") label.id = raw.id;
    if (isObject(raw) && typeof raw.name === "string") label.name = raw.name;
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join(".");
      report.skipped.push({ ...label, reason: where && !issue.message.startsWith("it ") ? `${where}: ${issue.message}` : issue.message });
      continue;
    }
    const service = parsed.data;
    const serviceId = idFor(service.id, `service:${index}`);
    try {
      const outcome = await db.transaction(async (tx) => {
        const ensureTerm = async (attribute: HarvestedAttribute): Promise<string | null> => {
          const term = attribute.taxonomy_term;
          const id = idFor(term?.id ?? attribute.taxonomy_term_id, "term");
          if (knownTerms.has(id)) return id;
          const [existing] = await tx.select({ id: taxonomyTerms.id }).from(taxonomyTerms).where(eq(taxonomyTerms.id, id));
          if (existing) {
            knownTerms.add(id);
            return id;
          }
          if (!term) return null; // a bare taxonomy_term_id we do not know: nothing to create it from
          // An unknown term goes into its own taxonomy: the one it names, or one per taxonomy name.
          const taxonomyName = term.taxonomy ?? `Terms harvested from ${source}`;
          const taxonomyId = term.taxonomy_id ? idFor(term.taxonomy_id, "taxonomy") : stableId("oruk-harvest-taxonomy", taxonomyName);
          if (!knownTaxonomies.has(taxonomyId)) {
            const [found] = await tx.select({ id: taxonomies.id }).from(taxonomies).where(eq(taxonomies.id, taxonomyId));
            if (!found) {
              await tx.insert(taxonomies).values({ id: taxonomyId, name: taxonomyName, description: `Taxonomy terms harvested from ${source}.` });
              report.taxonomiesCreated.push({ id: taxonomyId, name: taxonomyName });
            }
            knownTaxonomies.add(taxonomyId);
          }
          await tx.insert(taxonomyTerms).values({
            id,
            taxonomyId,
            parentId: term.parent_id ? idFor(term.parent_id, "term") : null,
            code: term.term ?? slug(term.name),
            name: term.name,
            description: term.description ?? term.name,
            termUri: term.term_uri,
          });
          report.termsCreated++;
          knownTerms.add(id);
          return id;
        };
        const attributeRows = async (list: HarvestedAttribute[] | null | undefined, linkId: string, linkType: string, scope: string) => {
          const rows: (typeof attributes.$inferInsert)[] = [];
          for (const [position, attribute] of (list ?? []).entries()) {
            const taxonomyTermId = await ensureTerm(attribute);
            if (!taxonomyTermId) continue;
            rows.push({
              id: idFor(attribute.id, `${scope}:attribute:${position}`),
              linkId,
              linkType: attribute.link_type ?? linkType,
              taxonomyTermId,
              value: attribute.x_atlas?.value,
            });
          }
          return rows;
        };
        return writeService(tx, service, serviceId, options.publish ?? false, attributeRows);
      });
      if (outcome.result === "skipped") report.skipped.push({ id: serviceId, name: service.name, reason: outcome.reason });
      else report[outcome.result].push({ id: serviceId, name: service.name });
    } catch (error) {
      report.skipped.push({ id: serviceId, name: service.name, reason: `it could not be saved: ${(error as Error).message.split("\n")[0]}` });
    }
  }
  return report;
}

type AttributeRows = (
  list: HarvestedAttribute[] | null | undefined,
  linkId: string,
  linkType: string,
  scope: string,
) => Promise<(typeof attributes.$inferInsert)[]>;

async function writeService(
  tx: Transaction,
  service: HarvestedService,
  serviceId: string,
  publish: boolean,
  attributeRows: AttributeRows,
): Promise<{ result: "created" | "updated" } | { result: "skipped"; reason: string }> {
  const [existing] = await tx.select().from(services).where(eq(services.id, serviceId));
  if (existing && service.last_modified && !publish && existing.lastModified.getTime() === new Date(service.last_modified).getTime()) {
    return { result: "skipped", reason: "unchanged since it was last harvested (same last_modified)" };
  }

  // The organization: the nested one, or one we already hold by organization_id.
  let organizationId: string;
  const organization = service.organization;
  if (organization) {
    organizationId = idFor(organization.id, `organization:${service.id}`);
    const values = {
      name: organization.name,
      description: organization.description ?? "",
      email: organization.email,
      website: organization.website,
      logo: organization.logo,
      uri: organization.uri,
      parentOrganizationId: organization.parent_organization_id ? idFor(organization.parent_organization_id, "organization") : null,
    };
    await tx.insert(organizations).values({ id: organizationId, ...values }).onConflictDoUpdate({ target: organizations.id, set: values });
    const identifiers = (organization.organization_identifiers ?? []).map((identifier, position) => ({
      id: idFor(identifier.id, `${organizationId}:identifier:${position}`),
      organizationId,
      identifierScheme: identifier.identifier_scheme,
      identifierType: identifier.identifier_type,
      identifier: identifier.identifier,
      attributes: identifier.attributes,
    }));
    const oldIdentifiers = await tx
      .select({ id: organizationIdentifiers.id })
      .from(organizationIdentifiers)
      .where(eq(organizationIdentifiers.organizationId, organizationId));
    await deleteAttributes(tx, [organizationId, ...oldIdentifiers.map((row) => row.id)]);
    await tx.delete(organizationIdentifiers).where(eq(organizationIdentifiers.organizationId, organizationId));
    const links = await attributeRows(organization.attributes, organizationId, "organization", organizationId);
    for (const { attributes: list, ...identifier } of identifiers) {
      await tx.insert(organizationIdentifiers).values(identifier);
      links.push(...(await attributeRows(list, identifier.id, "organization_identifier", identifier.id)));
    }
    if (links.length) await tx.insert(attributes).values(links);
  } else {
    const wanted = service.organization_id ? idFor(service.organization_id, "organization") : undefined;
    const [found] = wanted ? await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, wanted)) : [];
    if (!found) return { result: "skipped", reason: "it names no organization we know (no nested organization, no known organization_id)" };
    organizationId = found.id;
  }

  // What kind of asset: our extension, else an attribute in our kinds taxonomy, else a voluntary group.
  const kind =
    service.x_atlas?.kind ??
    (service.attributes ?? [])
      .map((attribute) => kindByTermId.get(idFor(attribute.taxonomy_term?.id ?? attribute.taxonomy_term_id, "term")))
      .find(Boolean) ??
    existing?.kind ??
    "vcs_group";
  const atlas = service.x_atlas;
  const values = {
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
  const listingStatus = publish ? ("published" as const) : (existing?.listingStatus ?? ("draft" as const));
  await tx
    .insert(services)
    .values({ id: serviceId, ...values, listingStatus })
    .onConflictDoUpdate({ target: services.id, set: { ...values, listingStatus } });

  // Replace what hangs off the service — each collection only when the record carries it, so a
  // list item (one-to-one fields only) does not wipe the schedules, contacts … of a full record.
  const carries = (field: keyof HarvestedService) => service[field] !== undefined;
  const collections = [
    ["schedules", schedules],
    ["service_areas", serviceAreas],
    ["cost_options", costOptions],
    ["contacts", contacts],
    ["funding", funding],
    ["languages", languages],
    ["service_at_locations", serviceAtLocations],
  ] as const;
  const oldContacts = carries("contacts")
    ? await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.serviceId, serviceId))
    : [];
  await deleteAttributes(tx, [...(carries("attributes") ? [serviceId] : []), ...oldContacts.map((row) => row.id)]);
  for (const [field, table] of collections) {
    if (carries(field)) await tx.delete(table).where(eq(table.serviceId, serviceId));
  }
  const links = await attributeRows(service.attributes, serviceId, "service", serviceId);

  const writtenServiceAtLocations = new Set<string>();
  for (const [position, sal] of (service.service_at_locations ?? []).entries()) {
    const location = sal.location;
    const locationId = idFor(location?.id ?? sal.location_id, `${serviceId}:location:${position}`);
    if (location) links.push(...(await writeLocation(tx, location, locationId, organizationId, attributeRows)));
    else {
      const [found] = await tx.select({ id: locations.id }).from(locations).where(eq(locations.id, locationId));
      if (!found) continue; // a bare location_id we do not hold: nothing to link to
    }
    const serviceAtLocationId = idFor(sal.id, `${serviceId}:sal:${position}`);
    await tx.insert(serviceAtLocations).values({ id: serviceAtLocationId, serviceId, locationId });
    writtenServiceAtLocations.add(serviceAtLocationId);
  }
  const many = <T>(list: T[] | null | undefined) => (list ?? []).entries();
  for (const [position, s] of many(service.schedules)) {
    await tx.insert(schedules).values({
      id: idFor(s.id, `${serviceId}:schedule:${position}`),
      serviceId,
      // Only a link to one of this service's own locations, just written: anything else is dropped.
      serviceAtLocationId:
        s.service_at_location_id && writtenServiceAtLocations.has(s.service_at_location_id.toLowerCase())
          ? s.service_at_location_id.toLowerCase()
          : null,
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
    });
  }
  for (const [position, area] of many(service.service_areas)) {
    await tx.insert(serviceAreas).values({
      id: idFor(area.id, `${serviceId}:area:${position}`),
      serviceId,
      name: area.name,
      description: area.service_area,
      extent: area.extent,
      extentType: area.extent_type,
      uri: area.uri,
      districtCode: await knownDistrict(tx, area.x_atlas?.district_code),
      wardCode: await knownWard(tx, area.x_atlas?.ward_code),
    });
  }
  for (const [position, cost] of many(service.cost_options)) {
    await tx.insert(costOptions).values({
      id: idFor(cost.id, `${serviceId}:cost:${position}`),
      serviceId,
      validFrom: cost.valid_from,
      validTo: cost.valid_to,
      option: cost.option,
      amount: cost.amount,
      amountDescription: cost.amount_description,
    });
  }
  for (const [position, contact] of many(service.contacts)) {
    const contactId = idFor(contact.id, `${serviceId}:contact:${position}`);
    await tx.insert(contacts).values({ id: contactId, serviceId, name: contact.name, title: contact.title, email: contact.x_atlas?.email });
    for (const [phonePosition, phone] of many(contact.x_atlas?.phones)) {
      await tx.insert(phones).values({
        id: idFor(phone.id, `${contactId}:phone:${phonePosition}`),
        contactId,
        number: phone.number,
        description: phone.description,
      });
    }
    links.push(...(await attributeRows(contact.attributes, contactId, "contact", contactId)));
  }
  for (const [position, source] of many(service.funding)) {
    await tx.insert(funding).values({ id: idFor(source.id, `${serviceId}:funding:${position}`), serviceId, source: source.source });
  }
  for (const [position, language] of many(service.languages)) {
    await tx.insert(languages).values({
      id: idFor(language.id, `${serviceId}:language:${position}`),
      serviceId,
      name: language.x_atlas?.name,
      code: language.x_atlas?.code,
      note: language.x_atlas?.note,
    });
  }
  if (links.length) await tx.insert(attributes).values(links);
  return { result: existing ? "updated" : "created" };
}

type HarvestedLocation = z.output<typeof locationSchema>;

/** Creates or updates a location with its addresses and accessibility; returns its attribute rows. */
async function writeLocation(
  tx: Transaction,
  location: HarvestedLocation,
  locationId: string,
  organizationId: string,
  attributeRows: AttributeRows,
) {
  // The postcode from an address, else from our extension (a location may have no public address).
  const postal = [...(location.addresses ?? []).map((address) => address.postal_code), location.x_atlas?.postcode]
    .map((value) => (value ? normalisePostcode(value) : null))
    .find(Boolean);
  const [place] = postal ? await tx.select().from(postcodes).where(eq(postcodes.postcode, postal)) : [];
  const values = {
    organizationId,
    locationType: location.location_type ?? "physical",
    name: location.name,
    description: location.description,
    latitude: location.latitude ?? place?.latitude,
    longitude: location.longitude ?? place?.longitude,
    externalIdentifier: location.external_identifier,
    externalIdentifierType: location.external_identifier_type,
    // A location's ward and district come from its postcode (ADR 0002).
    postcode: place?.postcode ?? null,
    wardCode: place?.wardCode ?? null,
    districtCode: place?.districtCode ?? null,
  };
  await tx.insert(locations).values({ id: locationId, ...values }).onConflictDoUpdate({ target: locations.id, set: values });
  const [oldAddresses, oldAccessibility] = await Promise.all([
    tx.select({ id: addresses.id }).from(addresses).where(eq(addresses.locationId, locationId)),
    tx.select({ id: accessibility.id }).from(accessibility).where(eq(accessibility.locationId, locationId)),
  ]);
  await deleteAttributes(tx, [locationId, ...oldAddresses.map((row) => row.id), ...oldAccessibility.map((row) => row.id)]);
  await tx.delete(addresses).where(eq(addresses.locationId, locationId));
  await tx.delete(accessibility).where(eq(accessibility.locationId, locationId));
  const links = await attributeRows(location.attributes, locationId, "location", locationId);
  for (const [position, address] of (location.addresses ?? []).entries()) {
    const id = idFor(address.id, `${locationId}:address:${position}`);
    await tx.insert(addresses).values({
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
    });
    links.push(...(await attributeRows(address.attributes, id, "address", id)));
  }
  for (const [position, feature] of (location.accessibility ?? []).entries()) {
    const id = idFor(feature.id, `${locationId}:accessibility:${position}`);
    await tx.insert(accessibility).values({
      id,
      locationId,
      description: feature.description,
      details: feature.details,
      url: feature.url,
      accessibility: feature.accessibility,
    });
    links.push(...(await attributeRows(feature.attributes, id, "accessibility", id)));
  }
  return links;
}

async function deleteAttributes(tx: Transaction, linkIds: string[]) {
  if (linkIds.length) await tx.delete(attributes).where(inArray(attributes.linkId, linkIds));
}

async function knownDistrict(tx: Transaction, code: string | null | undefined) {
  if (!code) return null;
  const [row] = await tx.select({ code: districts.code }).from(districts).where(eq(districts.code, code));
  return row?.code ?? null;
}

async function knownWard(tx: Transaction, code: string | null | undefined) {
  if (!code) return null;
  const [row] = await tx.select({ code: wards.code }).from(wards).where(eq(wards.code, code));
  return row?.code ?? null;
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
