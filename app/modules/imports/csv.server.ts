/**
 * Listings CSV, both ways. Import: read and check every row (batched look-ups of postcodes,
 * existing listings and organisations — a fixed number of queries, whatever the file's size),
 * then write everything in one transaction with multi-row inserts. Export: the same columns,
 * for the listings in the actor's localities.
 */
import { and, asc, eq, getTableColumns, inArray, or, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Database } from "../../../db/client.server";
import {
  addresses,
  attributes,
  auditEvents,
  contacts,
  districts,
  locations,
  organizations,
  phones,
  postcodes,
  schedules,
  serviceAtLocations,
  services,
  taxonomyTerms,
} from "../../../db/schema";
import { stableId } from "../../../db/vocabulary/ids";
import { taxonomyCodes, taxonomyId, termId } from "../../../db/vocabulary/taxonomy";
import { describeDays, formatTime } from "../assets/format";
import type { Actor } from "../accounts/permissions";
import { accessibilityFeatures, needs } from "../../../db/vocabulary/needs";
import { csvColumnNames, type CsvColumnName } from "./csv-columns";
import { formatOpeningTimes, formatPounds, formatYesNo, readHeader, readListingRow, type ImportProblem, type ListingRow } from "./csv-rows";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Writer = Database | Transaction;

// ── places and scope ──

export interface Place {
  postcode: string;
  latitude: number;
  longitude: number;
  wardCode: string;
  districtCode: string;
}

/** Whether a place is in the actor's localities (administrators: everywhere). */
export function inActorLocalities(actor: Actor, place: { wardCode: string | null; districtCode: string | null }): boolean {
  if (actor.role === "administrator") return true;
  return actor.localities.some(
    (locality) =>
      (locality.wardCode !== null && locality.wardCode === place.wardCode) ||
      (locality.wardCode === null && locality.districtCode !== null && locality.districtCode === place.districtCode),
  );
}

/** SQL: a location in the actor's localities. */
export function locationInLocalities(actor: Actor): SQL | undefined {
  if (actor.role === "administrator") return undefined;
  const wardCodes = actor.localities.map((l) => l.wardCode).filter((c): c is string => c !== null);
  const districtCodes = actor.localities.filter((l) => l.wardCode === null && l.districtCode !== null).map((l) => l.districtCode!);
  const parts = [
    wardCodes.length ? inArray(locations.wardCode, wardCodes) : undefined,
    districtCodes.length ? inArray(locations.districtCode, districtCodes) : undefined,
  ].filter((part): part is SQL => part !== undefined);
  return parts.length ? or(...parts) : sql`false`;
}

const chunks = <T>(values: T[], size = 1000): T[][] => {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
};

const distanceKm = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
};

// ── checking a file ──

export interface CheckedListing extends ListingRow {
  place: Place;
  /** Set when the id is a listing we already hold: it will be replaced. */
  existing: boolean;
  organizationId: string | null; // an organisation we hold with this name
}

export interface CsvCheck {
  total: number;
  listings: CheckedListing[];
  problems: ImportProblem[];
}

/** What is wrong with a row's postcode, if anything: not in the table, or outside the actor's localities. */
function placeProblem(actor: Actor, postcode: string, place: Place | undefined): string | null {
  if (!place) return `${postcode} is not in our postcode table. Check it, or use the nearest postcode we hold.`;
  if (!inActorLocalities(actor, place)) return `${postcode} is outside your localities, so you cannot add a listing there. Ask that place's coordinator.`;
  return null;
}

/** A cell that starts like a formula is written with a leading ' (CSV injection); read it back without. */
const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

export async function checkCsv(db: Database, actor: Actor, content: string, onProgress?: (rows: number, total: number) => Promise<void>): Promise<CsvCheck> {
  let records: string[][];
  try {
    records = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    const err = error as Error & { lines?: number };
    const where = err.lines ? ` near row ${err.lines}` : "";
    return { total: 0, listings: [], problems: [{ row: err.lines ?? 1, field: "", message: `The file cannot be read as CSV${where}: ${err.message.replace(/^Invalid [^:]*: /, "")}. Check for a quote (") that is opened but never closed.` }] };
  }
  records = records.filter((cells) => cells.some((cell) => cell.trim() !== ""));
  if (records.length === 0) return { total: 0, listings: [], problems: [{ row: 1, field: "", message: "The file is empty. Start from the example file, which has the header row." }] };
  const header = readHeader(records[0]!);
  if (header.problems.length) return { total: records.length - 1, listings: [], problems: header.problems };
  const body = records.slice(1);
  if (body.length === 0) return { total: 0, listings: [], problems: [{ row: 2, field: "", message: "The file has a header row but no listings under it." }] };

  const today = new Date().toISOString().slice(0, 10);
  const problems: ImportProblem[] = [];
  const rows: ListingRow[] = [];
  const failedPostcodes: { row: number; postcode: string }[] = []; // rows with other problems: their postcode is checked too
  for (const [index, cells] of body.entries()) {
    const { listing, problems: found, postcode } = readListingRow(cells.map(unguard), header.columns, index + 2, today);
    problems.push(...found);
    if (listing) rows.push(listing);
    else if (postcode) failedPostcodes.push({ row: index + 2, postcode });
    if (onProgress && (index + 1) % 1000 === 0) await onProgress(index + 1, body.length);
  }

  // Batched look-ups: postcodes, listings we hold, organisations by name.
  const places = new Map<string, Place>();
  for (const batch of chunks([...new Set([...rows, ...failedPostcodes].map((row) => row.postcode))])) {
    const found = await db
      .select({ postcode: postcodes.postcode, latitude: postcodes.latitude, longitude: postcodes.longitude, wardCode: postcodes.wardCode, districtCode: postcodes.districtCode })
      .from(postcodes)
      .where(inArray(postcodes.postcode, batch));
    for (const place of found) places.set(place.postcode, place);
  }
  const existing = new Map<string, { wardCode: string | null; districtCode: string | null }[]>();
  for (const batch of chunks([...new Set(rows.map((row) => row.id).filter((id): id is string => id !== null))])) {
    const found = await db
      .select({ id: services.id, wardCode: locations.wardCode, districtCode: locations.districtCode })
      .from(services)
      .leftJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .leftJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(inArray(services.id, batch));
    for (const row of found) existing.set(row.id, [...(existing.get(row.id) ?? []), row]);
  }
  const organisationIds = new Map<string, string>();
  for (const batch of chunks([...new Set(rows.map((row) => row.organisation.toLowerCase()))])) {
    const found = await db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(inArray(sql`lower(${organizations.name})`, batch))
      .orderBy(asc(organizations.createdAt), asc(organizations.id));
    for (const row of found) if (!organisationIds.has(row.name.toLowerCase())) organisationIds.set(row.name.toLowerCase(), row.id);
  }

  const listings: CheckedListing[] = [];
  const seenIds = new Map<string, number>();
  for (const row of rows) {
    const before = problems.length;
    const place = places.get(row.postcode);
    const placeMessage = placeProblem(actor, row.postcode, place);
    if (placeMessage) problems.push({ row: row.row, field: "postcode", message: placeMessage });
    else if (place && row.latitude !== null && row.longitude !== null && distanceKm(place, { latitude: row.latitude, longitude: row.longitude }) > 10) {
      problems.push({ row: row.row, field: "latitude", message: `${row.latitude}, ${row.longitude} is more than 10 km from ${row.postcode}. Check both, or leave latitude and longitude empty.` });
    }
    if (row.id) {
      const earlier = seenIds.get(row.id);
      if (earlier) problems.push({ row: row.row, field: "id", message: `This id is also on row ${earlier}. Each listing can appear once.` });
      seenIds.set(row.id, row.row);
      const held = existing.get(row.id);
      if (held && !held.some((location) => inActorLocalities(actor, location))) {
        problems.push({ row: row.row, field: "id", message: "This listing is outside your localities, so you cannot change it." });
      }
    }
    if (problems.length === before && place) {
      listings.push({ ...row, place, existing: existing.has(row.id ?? ""), organizationId: organisationIds.get(row.organisation.toLowerCase()) ?? null });
    }
  }
  for (const { row, postcode } of failedPostcodes) {
    const message = placeProblem(actor, postcode, places.get(postcode));
    if (message) problems.push({ row, field: "postcode", message });
  }
  const order = new Map(csvColumnNames.map((name, position) => [name as string, position]));
  problems.sort((a, b) => a.row - b.row || (order.get(a.field) ?? -1) - (order.get(b.field) ?? -1));
  return { total: body.length, listings, problems };
}

// ── writing ──

type Rows<T extends { $inferInsert: unknown }> = T["$inferInsert"][];

/**
 * Inserts many rows with one statement per 5,000: the rows travel as one JSON parameter and
 * PostgreSQL spreads them into the table's columns (json_populate_recordset), which is several
 * times faster than binding tens of thousands of parameters (ADR 0012). Columns no row sets keep
 * their defaults. `upsert` replaces a row with the same id.
 */
async function bulkInsert(tx: Writer, table: PgTable, values: Record<string, unknown>[], options: { upsert?: boolean } = {}) {
  if (values.length === 0) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = [...new Set(values.flatMap((row) => Object.keys(row).filter((key) => row[key] !== undefined)))];
  const names = keys.map((key) => columns[key]!.name);
  const list = sql.raw(names.map((name) => `"${name}"`).join(", "));
  const conflict = options.upsert
    ? sql.raw(` on conflict (id) do update set ${names.filter((name) => name !== "id").map((name) => `"${name}" = excluded."${name}"`).join(", ")}`)
    : sql``;
  for (const batch of chunks(values, 5000)) {
    const json = JSON.stringify(batch.map((row) => Object.fromEntries(keys.map((key, i) => [names[i], row[key] instanceof Date ? (row[key] as Date).toISOString() : (row[key] ?? null)]))));
    await tx.execute(sql`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, ${json}::json)${conflict}`);
  }
}

function describeOpening(time: { byday: string; opensAt: string | null; closesAt: string | null }): string {
  const days = describeDays(time.byday) ?? time.byday;
  const when = days.charAt(0).toUpperCase() + days.slice(1);
  return time.opensAt && time.closesAt ? `${when}, ${formatTime(time.opensAt)} to ${formatTime(time.closesAt)}` : when;
}

export interface WrittenListing {
  row: number;
  id: string;
  name: string;
  action: "created" | "updated" | "unchanged";
}

/** Writes checked listings; call inside a transaction (the caller's, so it is all or nothing). */
export async function writeCsvListings(
  tx: Writer,
  actor: Actor,
  listings: CheckedListing[],
  source: { jobId: string; fileName: string },
  /** Milliseconds per table, filled in as it goes (for the benchmark). */
  timings: Record<string, number> = {},
): Promise<WrittenListing[]> {
  const counties = new Map((await tx.select({ code: districts.code, name: districts.name, county: districts.county }).from(districts)).map((d) => [d.code, d.county ?? d.name]));
  const newOrganisations = new Map<string, Rows<typeof organizations>[number]>();
  const rows = {
    services: [] as Rows<typeof services>,
    locations: [] as Rows<typeof locations>,
    addresses: [] as Rows<typeof addresses>,
    serviceAtLocations: [] as Rows<typeof serviceAtLocations>,
    schedules: [] as Rows<typeof schedules>,
    contacts: [] as Rows<typeof contacts>,
    phones: [] as Rows<typeof phones>,
    attributes: [] as Rows<typeof attributes>,
    audit: [] as Rows<typeof auditEvents>,
  };
  const written: WrittenListing[] = [];
  const now = new Date();
  for (const listing of listings) {
    const serviceId = listing.id ?? crypto.randomUUID();
    let organizationId = listing.organizationId;
    if (!organizationId) {
      const key = listing.organisation.toLowerCase();
      const created = newOrganisations.get(key) ?? { id: crypto.randomUUID(), name: listing.organisation };
      newOrganisations.set(key, created);
      organizationId = created.id!;
    }
    rows.services.push({
      id: serviceId,
      organizationId,
      name: listing.name,
      description: listing.description,
      url: listing.website,
      email: listing.contactEmail,
      fees: listing.fees,
      minimumAge: listing.minimumAge,
      maximumAge: listing.maximumAge,
      assuredDate: listing.lastVerified,
      kind: listing.kind,
      listingStatus: listing.listingStatus,
      capacityUnit: listing.capacityUnit,
      capacityTotal: listing.capacityTotal,
      capacityAvailable: listing.capacityAvailable,
      waitingList: listing.waitingList,
      waitingListWeeks: listing.waitingListWeeks,
      directPayment: listing.directPayment,
      hourlyRatePence: listing.hourlyRatePence,
      isFree: listing.isFree,
      regulated: listing.regulated,
      regulator: listing.regulator,
      lastVerifiedAt: listing.lastVerified,
      lastModified: now,
    });
    const locationId = stableId("import-location", serviceId);
    rows.locations.push({
      id: locationId,
      organizationId,
      locationType: "physical",
      name: listing.venue,
      latitude: listing.latitude ?? listing.place.latitude,
      longitude: listing.longitude ?? listing.place.longitude,
      postcode: listing.place.postcode,
      wardCode: listing.place.wardCode,
      districtCode: listing.place.districtCode,
    });
    if (listing.address) {
      rows.addresses.push({
        id: stableId("import-address", serviceId),
        locationId,
        address1: listing.address,
        city: listing.town!,
        stateProvince: counties.get(listing.place.districtCode) ?? "",
        postalCode: listing.place.postcode,
        country: "GB",
        addressType: "physical",
      });
    }
    const serviceAtLocationId = stableId("import-service-at-location", serviceId);
    rows.serviceAtLocations.push({ id: serviceAtLocationId, serviceId, locationId });
    for (const time of listing.openingTimes) {
      rows.schedules.push({
        id: crypto.randomUUID(),
        serviceId,
        serviceAtLocationId,
        freq: time.freq,
        interval: 1,
        byday: time.byday,
        opensAt: time.opensAt,
        closesAt: time.closesAt,
        description: describeOpening(time),
      });
    }
    if (listing.contactName || listing.contactPhone || listing.contactEmail) {
      const contactId = crypto.randomUUID();
      rows.contacts.push({ id: contactId, serviceId, name: listing.contactName, email: listing.contactEmail });
      if (listing.contactPhone) rows.phones.push({ id: crypto.randomUUID(), contactId, number: listing.contactPhone });
    }
    const link = (taxonomy: (typeof taxonomyCodes)[keyof typeof taxonomyCodes], code: string) =>
      rows.attributes.push({ id: crypto.randomUUID(), linkId: serviceId, linkType: "service", taxonomyTermId: termId(taxonomy, code) });
    link(taxonomyCodes.kinds, listing.kind);
    for (const need of listing.needs) link(taxonomyCodes.needs, need);
    for (const feature of listing.accessibility) link(taxonomyCodes.accessibility, feature);

    const action = listing.existing ? "updated" : "created";
    written.push({ row: listing.row, id: serviceId, name: listing.name, action });
    rows.audit.push({
      actorId: actor.userId,
      actorRole: actor.role,
      action: "asset.import",
      subjectType: "asset",
      subjectId: serviceId,
      details: { source: "csv", file: source.fileName, job: source.jobId, row: listing.row, result: action, after: { name: listing.name, listingStatus: listing.listingStatus, postcode: listing.place.postcode } },
    });
  }

  // The search triggers (outbox, search columns) would fire per row and per statement for every
  // table below; switched off for this transaction only, and owed once at the end (migration
  // bulk_load_switch: search_bulk_loaded). Listings published before the write are queued
  // whatever they become, so a listing leaving "published" leaves the index.
  await tx.execute(sql`set local atlas.bulk_load = 'on'`);
  const replaced = listings.filter((listing) => listing.existing).map((listing) => listing.id!);
  const wasPublished: string[] = [];
  for (const batch of chunks(replaced, 5000)) {
    const published = await tx.select({ id: services.id }).from(services).where(and(inArray(services.id, batch), eq(services.listingStatus, "published")));
    wasPublished.push(...published.map((row) => row.id));
  }

  // A listing being replaced loses what hangs off it first (its locations too, unless shared).
  for (const batch of chunks(replaced)) {
    const oldLocations = await tx.select({ id: serviceAtLocations.locationId }).from(serviceAtLocations).where(inArray(serviceAtLocations.serviceId, batch));
    const oldContacts = await tx.select({ id: contacts.id }).from(contacts).where(inArray(contacts.serviceId, batch));
    await tx.delete(attributes).where(inArray(attributes.linkId, [...batch, ...oldContacts.map((c) => c.id)]));
    await tx.delete(schedules).where(inArray(schedules.serviceId, batch));
    await tx.delete(contacts).where(inArray(contacts.serviceId, batch));
    await tx.delete(serviceAtLocations).where(inArray(serviceAtLocations.serviceId, batch));
    const locationIds = [...new Set(oldLocations.map((l) => l.id))];
    if (locationIds.length) {
      await tx.delete(locations).where(and(inArray(locations.id, locationIds), sql`not exists (select 1 from service_at_locations sal where sal.location_id = ${locations.id})`));
    }
  }

  const timed = async (name: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    timings[name] = Math.round(performance.now() - started);
  };
  await timed("organizations", () => bulkInsert(tx, organizations, [...newOrganisations.values()]));
  await timed("services", () => bulkInsert(tx, services, rows.services, { upsert: true }));
  await timed("locations", () => bulkInsert(tx, locations, rows.locations, { upsert: true }));
  await timed("addresses", () => bulkInsert(tx, addresses, rows.addresses));
  await timed("serviceAtLocations", () => bulkInsert(tx, serviceAtLocations, rows.serviceAtLocations));
  await timed("schedules", () => bulkInsert(tx, schedules, rows.schedules));
  await timed("contacts", () => bulkInsert(tx, contacts, rows.contacts));
  await timed("phones", () => bulkInsert(tx, phones, rows.phones));
  await timed("attributes", () => bulkInsert(tx, attributes, rows.attributes));
  await timed("audit", () => bulkInsert(tx, auditEvents, rows.audit));
  await timed("search", async () => {
    const ids = JSON.stringify(written.map((listing) => listing.id));
    await tx.execute(
      sql`select search_bulk_loaded(array(select json_array_elements_text(${ids}::json)::uuid), array(select json_array_elements_text(${JSON.stringify(wasPublished)}::json)::uuid), 'import:csv')`,
    );
    await tx.execute(sql`set local atlas.bulk_load = 'off'`);
  });
  return written;
}

// ── export ──

const guard = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/**
 * CSV lines (RFC 4180, CRLF), with formula-like cells guarded against spreadsheet injection.
 * why quoted_match: csv-stringify does not quote a bare \n when records end with \r\n.
 */
export const csvLines = (rows: string[][]) => stringify(rows.map((cells) => cells.map(guard)), { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
export const csvLine = (cells: string[]) => csvLines([cells]);

const needOrder = new Map<string, number>(needs.map((need, position) => [need.code, position]));
const featureOrder = new Map<string, number>(accessibilityFeatures.map((feature, position) => [feature.code, position]));

/** The listings in the actor's localities as the template's CSV (UTF-8 with a BOM, for Excel). */
export async function exportCsv(db: Database, actor: Actor): Promise<string> {
  const listed = await db
    .selectDistinctOn([services.name, services.id], {
      service: services,
      organisation: organizations.name,
      location: locations,
    })
    .from(services)
    .innerJoin(organizations, eq(organizations.id, services.organizationId))
    .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .where(locationInLocalities(actor))
    .orderBy(asc(services.name), asc(services.id), asc(locations.id));
  const ids = listed.map((row) => row.service.id);
  const locationIds = listed.map((row) => row.location.id);

  const addressBy = new Map<string, { address1: string; city: string }>();
  const schedulesBy = new Map<string, (typeof schedules.$inferSelect)[]>();
  const contactBy = new Map<string, { name: string | null; email: string | null; phone: string | null }>();
  const codesBy = new Map<string, { needs: string[]; accessibility: string[] }>();
  const needsTaxonomy = taxonomyId(taxonomyCodes.needs);
  const accessibilityTaxonomy = taxonomyId(taxonomyCodes.accessibility);
  for (const batch of chunks(locationIds, 5000)) {
    for (const row of await db.select().from(addresses).where(inArray(addresses.locationId, batch)).orderBy(asc(addresses.id))) {
      if (!addressBy.has(row.locationId)) addressBy.set(row.locationId, row);
    }
  }
  for (const batch of chunks(ids, 5000)) {
    for (const row of await db.select().from(schedules).where(inArray(schedules.serviceId, batch))) {
      schedulesBy.set(row.serviceId!, [...(schedulesBy.get(row.serviceId!) ?? []), row]);
    }
    const contactRows = await db
      .select({ serviceId: contacts.serviceId, name: contacts.name, email: contacts.email, phone: phones.number })
      .from(contacts)
      .leftJoin(phones, eq(phones.contactId, contacts.id))
      .where(inArray(contacts.serviceId, batch))
      .orderBy(asc(contacts.id), asc(phones.id));
    for (const row of contactRows) if (!contactBy.has(row.serviceId!)) contactBy.set(row.serviceId!, row);
    const termRows = await db
      .select({ linkId: attributes.linkId, code: taxonomyTerms.code, taxonomyId: taxonomyTerms.taxonomyId })
      .from(attributes)
      .innerJoin(taxonomyTerms, eq(taxonomyTerms.id, attributes.taxonomyTermId))
      .where(and(inArray(attributes.linkId, batch), inArray(taxonomyTerms.taxonomyId, [needsTaxonomy, accessibilityTaxonomy])));
    for (const row of termRows) {
      const entry = codesBy.get(row.linkId) ?? { needs: [], accessibility: [] };
      (row.taxonomyId === needsTaxonomy ? entry.needs : entry.accessibility).push(row.code);
      codesBy.set(row.linkId, entry);
    }
  }

  const lines: string[][] = [csvColumnNames];
  for (const { service, organisation, location } of listed) {
    const address = addressBy.get(location.id);
    const contact = contactBy.get(service.id);
    const codes = codesBy.get(service.id) ?? { needs: [], accessibility: [] };
    const times = (schedulesBy.get(service.id) ?? [])
      .map((s) => ({ freq: s.freq, byday: s.byday, opensAt: s.opensAt, closesAt: s.closesAt }))
      .sort((a, b) => (a.opensAt ?? "").localeCompare(b.opensAt ?? "") || (a.freq ?? "").localeCompare(b.freq ?? "") || (a.byday ?? "").localeCompare(b.byday ?? ""));
    const number = (value: number | null) => (value === null ? "" : String(value));
    const cells: Record<CsvColumnName, string> = {
      id: service.id,
      organisation,
      name: service.name,
      description: service.description,
      kind: service.kind,
      listing_status: service.listingStatus,
      needs: [...new Set(codes.needs)].sort((a, b) => (needOrder.get(a) ?? 99) - (needOrder.get(b) ?? 99)).join(";"),
      accessibility: [...new Set(codes.accessibility)].sort((a, b) => (featureOrder.get(a) ?? 99) - (featureOrder.get(b) ?? 99)).join(";"),
      postcode: location.postcode ?? "",
      venue: location.name ?? "",
      address: address?.address1 ?? "",
      town: address?.city ?? "",
      latitude: location.latitude === null ? "" : String(Math.round(location.latitude * 1e6) / 1e6),
      longitude: location.longitude === null ? "" : String(Math.round(location.longitude * 1e6) / 1e6),
      opening_times: formatOpeningTimes(times),
      free: formatYesNo(service.isFree),
      hourly_rate: formatPounds(service.hourlyRatePence),
      fees: service.fees ?? "",
      capacity_unit: service.capacityUnit ?? "",
      capacity_total: number(service.capacityTotal),
      capacity_available: number(service.capacityAvailable),
      waiting_list: formatYesNo(service.waitingList),
      waiting_list_weeks: number(service.waitingListWeeks),
      minimum_age: number(service.minimumAge),
      maximum_age: number(service.maximumAge),
      direct_payment: formatYesNo(service.directPayment),
      regulated: formatYesNo(service.regulated),
      regulator: service.regulator ?? "",
      contact_name: contact?.name ?? "",
      contact_phone: contact?.phone ?? "",
      contact_email: contact?.email ?? service.email ?? "",
      website: service.url ?? "",
      last_verified: service.lastVerifiedAt ?? "",
    };
    lines.push(csvColumnNames.map((name) => cells[name]));
  }
  return "\uFEFF" + csvLines(lines);
}
