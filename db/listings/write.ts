/**
 * The listing writer's mechanics: many listings' rows (rows.ts) written table by table, a few
 * statements per table whatever the number of listings, then the search columns and the search
 * outbox rows for every listing written, once (search_bulk_loaded in db/functions/). The search
 * triggers are switched off for the transaction meanwhile, so nothing is done twice.
 *
 * Only app/modules/listings/ (which decides who may write what, where, and audits it), the demo
 * seed and the benchmark call this (a lint rule keeps it so). See docs/decisions/0019-one-listing-writer.md.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { queryRows, type Database } from "../client.server";
import {
  accessibility,
  addresses,
  attributes,
  contacts,
  costOptions,
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
} from "../schema";
import { deliveryOfRows, type AttributeRow, type ListingRows } from "./rows";

/** A database or a transaction: anything that can run a statement. */
export type Writer = Pick<Database, "execute">;

type Values = Record<string, unknown>;

const chunks = <T>(values: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += size) out.push(values.slice(start, start + size));
  return out;
};

/** `= any(array)` for uuids, as one JSON parameter (no limit on how many). */
const anyId = (ids: readonly string[]) => sql`any (array(select json_array_elements_text(${JSON.stringify(ids)}::json)::uuid))`;

/**
 * Inserts rows with one statement per 5,000: the rows travel as one JSON parameter and
 * PostgreSQL spreads them into the table's columns (json_populate_recordset), several times
 * faster than binding tens of thousands of parameters (ADR 0012). Rows are grouped by the
 * columns they set, so a column a row leaves out keeps its default. With `upsert`, a row whose
 * id the table holds already updates that row, with only the columns it gives.
 */
export async function bulkInsert(tx: Writer, table: PgTable, rows: Values[], options: { upsert?: boolean; held?: ReadonlySet<string> } = {}) {
  if (rows.length === 0) return;
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const held = new Set<string>(options.held ?? []);
  if (options.upsert && !options.held) {
    const ids = rows.map((row) => row.id as string);
    for (const batch of chunks(ids, 5000)) {
      for (const id of await idsWhere(tx, sql`select id from ${table} where id = ${anyId(batch)}`)) held.add(id);
    }
  }
  const groups = new Map<string, Values[]>();
  for (const row of rows) {
    const keys = Object.keys(row).filter((key) => row[key] !== undefined).sort().join(",");
    const group = `${held.has(row.id as string) ? "update" : "insert"}:${keys}`;
    const members = groups.get(group);
    if (members) members.push(row);
    else groups.set(group, [row]);
  }
  for (const [signature, group] of groups) {
    const [action, keyList] = signature.split(":") as ["insert" | "update", string];
    const keys = keyList.split(",");
    const names = keys.map((key) => {
      const column = columns[key];
      if (!column) throw new Error(`${key} is not a column of the table`);
      return column.name;
    });
    for (const batch of chunks(group, 5000)) {
      const json = JSON.stringify(batch.map((row) => Object.fromEntries(keys.map((key, i) => [names[i], row[key] instanceof Date ? (row[key] as Date).toISOString() : row[key]]))));
      const rowsOfJson = sql`json_populate_recordset(null::${table}, ${json}::json)`;
      if (action === "insert") {
        const list = sql.raw(names.map((name) => `"${name}"`).join(", "));
        await tx.execute(sql`insert into ${table} (${list}) select ${list} from ${rowsOfJson}`);
      } else {
        const updates = names.filter((name) => name !== "id").map((name) => `"${name}" = j."${name}"`);
        if (updates.length) await tx.execute(sql`update ${table} t set ${sql.raw(updates.join(", "))} from ${rowsOfJson} j where t.id = j.id`);
      }
    }
  }
}

async function idsWhere(tx: Writer, query: SQL): Promise<string[]> {
  return (await queryRows<{ id: string }>(tx as Database, query)).map((row) => row.id);
}

/** Last one wins: a listing batch may name one organisation or place several times. */
const uniqueById = <T extends { id?: string | null }>(rows: T[]): T[] => [...new Map(rows.map((row) => [row.id!, row])).values()];

/**
 * Writes the listings; call inside a transaction (the caller's, so the caller's audit rows and
 * anything else go with it, or not at all). `why` is the search outbox's reason.
 */
export async function writeListingRows(tx: Writer, listings: ListingRows[], why: string): Promise<void> {
  if (listings.length === 0) return;
  await tx.execute(sql`set local atlas.bulk_load = 'on'`);
  const ids = listings.map((listing) => listing.service.id);
  const carrying = (field: keyof ListingRows) => listings.filter((listing) => listing[field] !== undefined).map((listing) => listing.service.id);

  // Organisations first (services point at them); identifiers replaced where given.
  const orgs = listings.flatMap((listing) => (listing.organization ? [listing.organization] : []));
  await bulkInsert(tx, organizations, uniqueById(orgs.map((org) => org.row)), { upsert: true });
  const withIdentifiers = orgs.filter((org) => org.identifiers !== undefined);
  if (withIdentifiers.length) {
    const orgIds = [...new Set(withIdentifiers.map((org) => org.row.id))];
    const oldIdentifiers = await idsWhere(tx, sql`select id from organization_identifiers where organization_id = ${anyId(orgIds)}`);
    await tx.execute(sql`delete from attributes where link_id = ${anyId([...orgIds, ...oldIdentifiers])}`);
    await tx.execute(sql`delete from organization_identifiers where organization_id = ${anyId(orgIds)}`);
    await bulkInsert(tx, organizationIdentifiers, uniqueById(withIdentifiers.flatMap((org) => org.identifiers ?? [])));
  }

  // Which listings and places are already held, in one statement: a new one has nothing to
  // replace, so an import of new listings skips every delete below (each statement costs
  // planning time in the embedded database, whatever it finds).
  const places = uniqueById(listings.flatMap((listing) => listing.places ?? []).map((place) => place.location));
  const placeIds = places.map((place) => place.id);
  const heldServices = new Set<string>();
  const heldPlaces = new Set<string>();
  for (const row of await queryRows<{ id: string; place: boolean }>(
    tx as Database,
    sql`select id, false as place from services where id = ${anyId(ids)} union all select id, true from locations where id = ${anyId(placeIds)}`,
  )) {
    (row.place ? heldPlaces : heldServices).add(row.id);
  }
  // A new listing that does not say how it is delivered gets the rule (deliveryOfRows); one held keeps its own.
  const delivery = (listing: ListingRows) =>
    listing.service.delivery !== undefined || heldServices.has(listing.service.id) ? {} : { delivery: deliveryOfRows(listing) };
  await bulkInsert(tx, services, listings.map((listing) => ({ lastModified: new Date(), ...listing.service, ...delivery(listing) })), { upsert: true, held: heldServices });
  const replacing = (field: keyof ListingRows) => carrying(field).filter((id) => heldServices.has(id));
  const replacedPlaceIds = placeIds.filter((id) => heldPlaces.has(id));

  // What each listing replaces goes first, children before parents.
  const linkedTo: string[] = []; // attributes to delete: of the services, contacts and places replaced
  linkedTo.push(...replacing("attributes"));
  const servicesWithContacts = replacing("contacts");
  if (servicesWithContacts.length) {
    linkedTo.push(...(await idsWhere(tx, sql`select id from contacts where service_id = ${anyId(servicesWithContacts)}`)));
  }
  if (replacedPlaceIds.length) {
    linkedTo.push(...replacedPlaceIds);
    linkedTo.push(...(await idsWhere(tx, sql`select id from addresses where location_id = ${anyId(replacedPlaceIds)} union all select id from accessibility where location_id = ${anyId(replacedPlaceIds)}`)));
  }
  if (linkedTo.length) await tx.execute(sql`delete from attributes where link_id = ${anyId(linkedTo)}`);
  for (const [field, table] of [
    ["schedules", "schedules"],
    ["costOptions", "cost_options"],
    ["contacts", "contacts"],
    ["serviceAreas", "service_areas"],
    ["funding", "funding"],
    ["languages", "languages"],
  ] as const) {
    const replaced = replacing(field);
    if (replaced.length) await tx.execute(sql`delete from ${sql.identifier(table)} where service_id = ${anyId(replaced)}`);
  }
  const servicesWithPlaces = replacing("serviceAtLocations");
  let formerPlaces: string[] = [];
  if (servicesWithPlaces.length) {
    formerPlaces = await idsWhere(tx, sql`select distinct location_id as id from service_at_locations where service_id = ${anyId(servicesWithPlaces)}`);
    await tx.execute(sql`delete from service_at_locations where service_id = ${anyId(servicesWithPlaces)}`);
  }
  if (replacedPlaceIds.length) {
    await tx.execute(sql`delete from addresses where location_id = ${anyId(replacedPlaceIds)}`);
    await tx.execute(sql`delete from accessibility where location_id = ${anyId(replacedPlaceIds)}`);
  }

  // Then what they now have, parents before children.
  const all = <T>(pick: (listing: ListingRows) => T[] | undefined) => listings.flatMap((listing) => pick(listing) ?? []);
  const placeParts = all((listing) => listing.places);
  const contactParts = all((listing) => listing.contacts);
  await bulkInsert(tx, locations, places, { upsert: true, held: heldPlaces });
  await bulkInsert(tx, addresses, placeParts.flatMap((place) => place.addresses));
  await bulkInsert(tx, accessibility, placeParts.flatMap((place) => place.accessibility));
  await bulkInsert(tx, serviceAtLocations, all((listing) => listing.serviceAtLocations));
  await bulkInsert(tx, schedules, all((listing) => listing.schedules));
  await bulkInsert(tx, costOptions, all((listing) => listing.costOptions));
  await bulkInsert(tx, contacts, contactParts.map((part) => part.contact));
  await bulkInsert(tx, phones, contactParts.flatMap((part) => part.phones));
  await bulkInsert(tx, serviceAreas, all((listing) => listing.serviceAreas));
  await bulkInsert(tx, funding, all((listing) => listing.funding));
  await bulkInsert(tx, languages, all((listing) => listing.languages));
  const links: AttributeRow[] = [
    ...all((listing) => listing.attributes),
    ...placeParts.flatMap((place) => place.attributes),
    ...contactParts.flatMap((part) => part.attributes),
    ...withIdentifiers.flatMap((org) => org.attributes ?? []),
  ];
  await bulkInsert(tx, attributes, uniqueById(links));

  await deleteUnheldPlaces(tx, formerPlaces);
  await finishListingWrite(tx, ids, why);
}

/**
 * The search columns and outbox rows for listings written with the search triggers off, then
 * the triggers back on. Every listing is queued whatever its status: a listing that left
 * "published" must leave the index, and one published meanwhile by another transaction must
 * not miss this change (ADR 0016); readers drop what they do not hold.
 */
export async function finishListingWrite(tx: Writer, ids: string[], why: string): Promise<void> {
  const list = JSON.stringify([...new Set(ids)]);
  await tx.execute(
    sql`select search_bulk_loaded(array(select json_array_elements_text(${list}::json)::uuid), array(select json_array_elements_text(${list}::json)::uuid), ${why})`,
  );
  await tx.execute(sql`set local atlas.bulk_load = 'off'`);
}

/** Deletes listings with everything that hangs off them, and places no other listing holds. */
export async function deleteListingRows(tx: Writer, ids: string[], why: string): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`set local atlas.bulk_load = 'on'`);
  const formerPlaces = await idsWhere(tx, sql`select distinct location_id as id from service_at_locations where service_id = ${anyId(ids)}`);
  const contactIds = await idsWhere(tx, sql`select id from contacts where service_id = ${anyId(ids)}`);
  await tx.execute(sql`delete from attributes where link_id = ${anyId([...ids, ...contactIds])}`);
  await tx.execute(sql`delete from services where id = ${anyId(ids)}`);
  await deleteUnheldPlaces(tx, formerPlaces);
  await finishListingWrite(tx, ids, why);
}

/** A place that no listing holds any more goes, with its attributes (its addresses and accessibility go by cascade). */
async function deleteUnheldPlaces(tx: Writer, placeIds: string[]) {
  if (placeIds.length === 0) return;
  const unheld = await idsWhere(tx, sql`select l.id from locations l where l.id = ${anyId(placeIds)} and not exists (select 1 from service_at_locations sal where sal.location_id = l.id)`);
  if (unheld.length === 0) return;
  const parts = await idsWhere(tx, sql`select id from addresses where location_id = ${anyId(unheld)} union all select id from accessibility where location_id = ${anyId(unheld)}`);
  await tx.execute(sql`delete from attributes where link_id = ${anyId([...unheld, ...parts])}`);
  await tx.execute(sql`delete from locations where id = ${anyId(unheld)}`);
}

/** The listings as they are now, every collection present, so that writing them back restores them. */
export async function readListingRows(db: Writer, ids: string[]): Promise<ListingRows[]> {
  if (ids.length === 0) return [];
  const read = <T>(query: SQL) => queryRows<T>(db as Database, query);
  const rowsOf = async <T extends { id: string }>(table: PgTable, where: SQL): Promise<T[]> => {
    const columns = getTableColumns(table) as Record<string, { name: string }>;
    // As text: each driver parses types its own way; the writer's JSON hands text back to PostgreSQL as it came.
    const select = sql.raw(Object.entries(columns).map(([key, column]) => `"${column.name}"::text as "${key}"`).join(", "));
    return read<T>(sql`select ${select} from ${table} where ${where} order by id`);
  };
  const serviceRows = await rowsOf<Values & { id: string }>(services, sql`id = ${anyId(ids)} `);
  const { searchVector: _vector, termIds: _terms, locationBox: _box, ...columnsToKeep } = getTableColumns(services);
  const keep = new Set(Object.keys(columnsToKeep));
  const sal = await rowsOf<Values & { id: string; serviceId: string; locationId: string }>(serviceAtLocations, sql`service_id = ${anyId(ids)}`);
  const placeIds = [...new Set(sal.map((row) => row.locationId))];
  const [places, placeAddresses, placeAccessibility, scheduleRows, costRows, contactRows, areaRows, fundingRows, languageRows] = await Promise.all([
    rowsOf<Values & { id: string }>(locations, sql`id = ${anyId(placeIds)}`),
    rowsOf<Values & { id: string; locationId: string }>(addresses, sql`location_id = ${anyId(placeIds)}`),
    rowsOf<Values & { id: string; locationId: string }>(accessibility, sql`location_id = ${anyId(placeIds)}`),
    rowsOf<Values & { id: string; serviceId: string }>(schedules, sql`service_id = ${anyId(ids)}`),
    rowsOf<Values & { id: string; serviceId: string }>(costOptions, sql`service_id = ${anyId(ids)}`),
    rowsOf<Values & { id: string; serviceId: string }>(contacts, sql`service_id = ${anyId(ids)}`),
    rowsOf<Values & { id: string; serviceId: string }>(serviceAreas, sql`service_id = ${anyId(ids)}`),
    rowsOf<Values & { id: string; serviceId: string }>(funding, sql`service_id = ${anyId(ids)}`),
    rowsOf<Values & { id: string; serviceId: string }>(languages, sql`service_id = ${anyId(ids)}`),
  ]);
  const phoneRows = await rowsOf<Values & { id: string; contactId: string }>(phones, sql`contact_id = ${anyId(contactRows.map((row) => row.id))}`);
  const linkIds = [...ids, ...placeIds, ...placeAddresses.map((row) => row.id), ...placeAccessibility.map((row) => row.id), ...contactRows.map((row) => row.id)];
  const attributeRows = await rowsOf<AttributeRow & { id: string; linkId: string }>(attributes, sql`link_id = ${anyId(linkIds)}`);
  const by = <T extends Values>(rows: T[], key: keyof T) => {
    const map = new Map<unknown, T[]>();
    for (const row of rows) map.set(row[key], [...(map.get(row[key]) ?? []), row]);
    return (value: unknown) => map.get(value) ?? [];
  };
  const attributesOf = by(attributeRows, "linkId");
  const salOf = by(sal, "serviceId");
  const addressesOf = by(placeAddresses, "locationId");
  const accessibilityOf = by(placeAccessibility, "locationId");
  const placeById = new Map(places.map((place) => [place.id, place]));
  const [schedulesOf, costsOf, contactsOf, areasOf, fundingOf, languagesOf, phonesOf] = [
    by(scheduleRows, "serviceId"),
    by(costRows, "serviceId"),
    by(contactRows, "serviceId"),
    by(areaRows, "serviceId"),
    by(fundingRows, "serviceId"),
    by(languageRows, "serviceId"),
    by(phoneRows, "contactId"),
  ];
  return serviceRows.map((service) => {
    const held = salOf(service.id);
    const placeRows = [...new Set(held.map((row) => row.locationId))].map((id) => placeById.get(id)!).filter(Boolean);
    return {
      service: Object.fromEntries(Object.entries(service).filter(([key]) => keep.has(key))) as ListingRows["service"],
      attributes: attributesOf(service.id),
      places: placeRows.map((location) => ({
        location: location as NonNullable<ListingRows["places"]>[number]["location"],
        addresses: addressesOf(location.id),
        accessibility: accessibilityOf(location.id),
        attributes: [
          ...attributesOf(location.id),
          ...addressesOf(location.id).flatMap((row) => attributesOf(row.id)),
          ...accessibilityOf(location.id).flatMap((row) => attributesOf(row.id)),
        ],
      })),
      serviceAtLocations: held,
      schedules: schedulesOf(service.id),
      costOptions: costsOf(service.id),
      contacts: contactsOf(service.id).map((contact) => ({ contact, phones: phonesOf(contact.id), attributes: attributesOf(contact.id) })),
      serviceAreas: areasOf(service.id),
      funding: fundingOf(service.id),
      languages: languagesOf(service.id),
    } as ListingRows;
  });
}

/**
 * Refreshes the planner's statistics for the tables a large write grows. The embedded database
 * has no autovacuum to notice that a table grew from hundreds of rows to thousands, and with
 * statistics from when it was small the planner reads whole tables where an index would do: the
 * listing feed's look at the search outbox (before every search) grew from milliseconds to a
 * second during an import of 10,000 listings. On a PostgreSQL server autovacuum does this too,
 * later; doing it now is harmless.
 */
export async function refreshListingStatistics(db: Writer): Promise<void> {
  await db.execute(sql`analyze search_outbox, services, locations, service_at_locations, attributes, schedules, addresses`);
}
