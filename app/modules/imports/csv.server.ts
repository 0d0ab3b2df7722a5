/**
 * Listings CSV, both ways. Import: the CSV parser, which reads and checks every row and turns
 * it into the listing writer's rows (app/modules/listings/); the writer writes them. Export: the
 * same columns, for the listings in the actor's localities.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { parse } from "csv-parse";
import { stringify } from "csv-stringify/sync";
import type { Database } from "../../../db/client.server";
import { listingRows } from "../../../db/listings/rows";
import { addresses, attributes, contacts, locations, organizations, phones, schedules, serviceAtLocations, services, taxonomyTerms } from "../../../db/schema";
import { stableId } from "../../../db/vocabulary/ids";
import { taxonomyCodes, taxonomyId } from "../../../db/vocabulary/taxonomy";
import { describeDays, formatTime } from "../assets/format";
import type { Actor } from "../accounts/permissions";
import { postcodePlaces, type ResolvedPlace } from "../listings/places.server";
import { locationInLocalities, mapInTurns, scopeProblems, writeListingsInBatches, yieldToRequests, type ListingWrite } from "../listings/writer.server";
import { accessibilityFeatures, needs } from "../../../db/vocabulary/needs";
import { deliveryName } from "../../../db/vocabulary/delivery";
import { csvColumnNames, type CsvColumnName } from "./csv-columns";
import { formatOpeningTimes, formatPounds, formatYesNo, readHeader, readListingRow, type ImportProblem, type ListingRow } from "./csv-rows";
import { londonDay } from "../../../db/calendar";

const chunks = <T>(values: T[], size = 1000): T[][] => {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
};

// ── checking a file ──

export interface CheckedListing extends ListingRow {
  place: ResolvedPlace;
  /** Set when the id is a listing we already hold: it will be replaced. */
  existing: boolean;
  organizationId: string | null; // an organisation we hold with this name
}

export interface CsvCheck {
  total: number;
  listings: CheckedListing[];
  problems: ImportProblem[];
}

const distanceKm = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
};

const unknownPostcode = (postcode: string) => `${postcode} is not in our postcode table. Check it, or use the nearest postcode we hold.`;

/** A cell that starts like a formula is written with a leading ' (CSV injection); read it back without. */
const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** How much of a file is read between turns for waiting requests: reading 4.7 MB at once held the server for most of a second. */
const readSliceChars = 256 * 1024;

/**
 * The file's rows, read by csv-parse a slice at a time with a turn for waiting requests between
 * slices. Slices end at a line break (never inside a character); csv-parse carries a quoted
 * cell that spans slices over, as it does for any stream.
 */
export async function readCsvInTurns(content: string): Promise<string[][]> {
  const records: string[][] = [];
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true });
  parser.on("readable", () => {
    for (let record: string[] | null; (record = parser.read() as string[] | null) !== null; ) records.push(record);
  });
  const failed = new Promise<never>((_, reject) => parser.once("error", reject));
  const ended = new Promise<void>((resolve) => parser.once("end", resolve));
  for (let start = 0; start < content.length; ) {
    const lineEnd = content.indexOf("\n", start + readSliceChars);
    const end = lineEnd === -1 ? content.length : lineEnd + 1;
    parser.write(content.slice(start, end));
    start = end;
    await Promise.race([yieldToRequests(), failed]);
  }
  parser.end();
  await Promise.race([ended, failed]);
  return records;
}

/**
 * Reads and checks every row: the cells (csv-rows.ts), then in batches the postcodes, the
 * listings and organisations we hold, and the locality rule of the listing writer, with a fixed
 * number of queries whatever the file's size. Nothing is written.
 */
export async function checkCsv(db: Database, actor: Actor, content: string, onProgress?: (rows: number, total: number) => Promise<void>): Promise<CsvCheck> {
  let records: string[][];
  try {
    records = await readCsvInTurns(content);
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

  const today = londonDay();
  const problems: ImportProblem[] = [];
  const rows: ListingRow[] = [];
  const failedPostcodes: { row: number; postcode: string }[] = []; // rows with other problems: their postcode is checked too
  for (const [index, cells] of body.entries()) {
    const { listing, problems: found, postcode } = readListingRow(cells.map(unguard), header.columns, index + 2, today);
    problems.push(...found);
    if (listing) rows.push(listing);
    else if (postcode) failedPostcodes.push({ row: index + 2, postcode });
    if ((index + 1) % 500 === 0) await yieldToRequests();
    if (onProgress && (index + 1) % 1000 === 0) await onProgress(index + 1, body.length);
  }

  // Batched look-ups: postcodes, listings we hold, organisations by name.
  const places = await postcodePlaces(db, [...rows, ...failedPostcodes].map((row) => row.postcode));
  const ids = [...new Set(rows.map((row) => row.id).filter((id): id is string => id !== null))];
  const existing = new Set<string>();
  for (const batch of chunks(ids)) {
    for (const row of await db.select({ id: services.id }).from(services).where(inArray(services.id, batch))) existing.add(row.id);
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

  const candidates: CheckedListing[] = [];
  const seenIds = new Map<string, number>();
  for (const row of rows) {
    const place = places.get(row.postcode);
    if (!place) problems.push({ row: row.row, field: "postcode", message: unknownPostcode(row.postcode) });
    else if (row.latitude !== null && row.longitude !== null && distanceKm(place, { latitude: row.latitude, longitude: row.longitude }) > 10) {
      problems.push({ row: row.row, field: "latitude", message: `${row.latitude}, ${row.longitude} is more than 10 km from ${row.postcode}. Check both, or leave latitude and longitude empty.` });
    }
    if (row.id) {
      const earlier = seenIds.get(row.id);
      if (earlier) problems.push({ row: row.row, field: "id", message: `This id is also on row ${earlier}. Each listing can appear once.` });
      seenIds.set(row.id, row.row);
    }
    if (place) candidates.push({ ...row, place, existing: existing.has(row.id ?? ""), organizationId: organisationIds.get(row.organisation.toLowerCase()) ?? null });
  }
  // The locality rule, as the writer will apply it: for every row with a place (and the postcodes of rows that failed otherwise).
  const placedOnly = failedPostcodes.flatMap(({ row, postcode }) => {
    const place = places.get(postcode);
    if (!place) problems.push({ row, field: "postcode", message: unknownPostcode(postcode) });
    return place ? [{ row, place }] : [];
  });
  // An administrator may write anywhere (scopeProblems finds nothing): not worth building every row's listing for.
  const scope = actor.role === "administrator" ? [] : await scopeProblems(db, actor, [
    ...(await mapInTurns(candidates, (listing) => ({ rows: csvWrite(listing, { jobId: "check", fileName: "" }).rows, placeLabel: listing.postcode }))),
    ...placedOnly.map(({ place }) => ({ rows: { service: { id: randomUUID() }, places: [{ location: { id: randomUUID(), ...place }, addresses: [], accessibility: [], attributes: [] }] }, placeLabel: place.postcode })),
  ]);
  const rowOf = (index: number) => (index < candidates.length ? candidates[index]!.row : placedOnly[index - candidates.length]!.row);
  for (const problem of scope) problems.push({ row: rowOf(problem.index), field: problem.kind === "listing" ? "id" : "postcode", message: problem.message });

  const failedRows = new Set(problems.map((problem) => problem.row));
  const order = new Map(csvColumnNames.map((name, position) => [name as string, position]));
  problems.sort((a, b) => a.row - b.row || (order.get(a.field) ?? -1) - (order.get(b.field) ?? -1));
  return { total: body.length, listings: candidates.filter((listing) => !failedRows.has(listing.row)), problems };
}

// ── writing ──

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

/**
 * A checked row as the listing writer takes it. A new listing's id (and its organisation's) is
 * fixed by the job and the row, so writing a file again after an interruption writes the same
 * listings, not copies. What the file has no column for (prices, the area served, eligibility)
 * is kept.
 */
function csvWrite(listing: CheckedListing, source: { jobId: string; fileName: string }): ListingWrite {
  const serviceId = listing.id ?? stableId("import", `${source.jobId}/${listing.row}`);
  const organizationId = listing.organizationId ?? stableId("import-organisation", `${source.jobId}/${listing.organisation.toLowerCase()}`);
  const rows = listingRows(
    {
      key: serviceId,
      organization: { key: organizationId, name: listing.organisation, description: "", email: null, website: null },
      name: listing.name,
      description: listing.description,
      kind: listing.kind,
      delivery: listing.delivery ?? undefined,
      needs: listing.needs,
      accessibility: listing.accessibility,
      town: listing.town,
      postcode: { ...listing.place, latitude: listing.latitude ?? listing.place.latitude, longitude: listing.longitude ?? listing.place.longitude },
      locationName: listing.venue,
      venue: listing.address ? { name: listing.venue, address1: listing.address } : null,
      schedules: listing.openingTimes.map((time) => ({ ...time, description: describeOpening(time) })),
      isFree: listing.isFree,
      fees: listing.fees,
      hourlyRatePence: listing.hourlyRatePence,
      costOption: null,
      capacity: null,
      directPayment: listing.directPayment,
      regulated: listing.regulated,
      regulator: listing.regulator,
      minimumAge: listing.minimumAge,
      maximumAge: listing.maximumAge,
      url: listing.website,
      contact: listing.contactName || listing.contactPhone || listing.contactEmail ? { name: listing.contactName, title: null, phone: listing.contactPhone, email: listing.contactEmail } : null,
      listingStatus: listing.listingStatus,
      lastVerifiedAt: listing.lastVerified,
      serviceArea: null,
    },
    { service: serviceId, organization: organizationId, child: (namespace, key) => stableId(`import-${namespace}`, key) },
  );
  rows.service = {
    ...rows.service,
    capacityUnit: listing.capacityUnit,
    capacityTotal: listing.capacityTotal,
    capacityAvailable: listing.capacityAvailable,
    waitingList: listing.waitingList,
    waitingListWeeks: listing.waitingListWeeks,
  };
  // An empty delivery cell: a listing held keeps how it is delivered (a new one got the default rule).
  if (listing.existing && listing.delivery === null) rows.service = { ...rows.service, delivery: undefined };
  if (listing.organizationId) delete rows.organization;
  delete rows.costOptions;
  delete rows.serviceAreas;
  const action = listing.existing ? "updated" : "created";
  return {
    rows,
    placeLabel: listing.postcode,
    audit: {
      action: "asset.import",
      details: { source: "csv", file: source.fileName, job: source.jobId, row: listing.row, result: action, after: { name: listing.name, listingStatus: listing.listingStatus, postcode: listing.place.postcode } },
    },
  };
}

/** What writing these checked listings does, row by row (the dry run's report). */
export const csvOutcome = (listings: CheckedListing[], jobId: string): WrittenListing[] =>
  listings.map((listing) => ({ row: listing.row, id: listing.id ?? stableId("import", `${jobId}/${listing.row}`), name: listing.name, action: listing.existing ? "updated" : "created" }));

/** Writes checked listings through the listing writer, in batches, all or none (writeListingsInBatches). */
export async function writeCsvListings(
  db: Database,
  actor: Actor,
  listings: CheckedListing[],
  source: { jobId: string; fileName: string },
  onProgress?: (written: number, total: number) => Promise<void>,
): Promise<WrittenListing[]> {
  const writes = await mapInTurns(listings, (listing) => csvWrite(listing, source));
  const written = await writeListingsInBatches(db, actor, writes, "import:csv", { onProgress });
  if (written.problems.length) throw new Error(`The import was refused: ${written.problems[0]!.message}`);
  return csvOutcome(listings, source.jobId);
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
      delivery: deliveryName(service.delivery),
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
