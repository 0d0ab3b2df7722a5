/**
 * The Open Referral UK feed: which published services (and services at locations, taxonomies,
 * terms) a request asks for, a page at a time. Filtering happens in SQL; shaping in records.server.
 */
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { organizations, services, taxonomies, taxonomyTerms } from "../../../db/schema";
import { OrukProblem } from "./http.server";
import { isOwnListing, ownListing } from "./own-listings";
import { pageEnvelope, type OrganizationQuery, type PageQuery, type Pagination, type ServiceQuery, type TermQuery } from "./query";
import {
  loadFullServiceAtLocation,
  loadFullServiceAtLocations,
  loadFullServices,
  loadOrganizations,
  loadServiceAtLocationSummaries,
  loadServiceSummaries,
  organizationJson,
  taxonomyJson,
  taxonomyTermJson,
  type OrukObject,
} from "./records.server";

export const orukVersion = "3.0";
export const orukProfileUrl = "https://github.com/OpenReferralUK/uk-profile";

/** pg_trgm word similarity above which a name counts as matching a search with a typo. */
const typoThreshold = 0.4;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | undefined): value is string {
  return value !== undefined && uuidPattern.test(value);
}

export function apiMeta(origin: string) {
  return { version: orukVersion, profile: orukProfileUrl, openapi_url: `${origin}/oruk/openapi.json` };
}

interface Postcode {
  latitude: number;
  longitude: number;
  district_code: string;
  ward_code: string;
}

async function findPostcode(db: Database, postcode: string): Promise<Postcode> {
  const [row] = await queryRows<Postcode>(
    db,
    sql`select latitude, longitude, district_code, ward_code from postcodes where postcode = ${postcode}`,
  );
  if (!row) {
    throw new OrukProblem(400, `We do not know where ${postcode} is: this directory covers Cambridgeshire and Peterborough.`, "postcode");
  }
  return row;
}

/**
 * The SQL conditions for a service query: `s` is the service; `l` the location to measure from
 * when a radius is asked for (a service's locations, or the service at location's own).
 */
async function serviceConditions(db: Database, query: ServiceQuery, locationMatch: (near: SQL) => SQL): Promise<SQL[]> {
  // Our own listings: a neighbour's harvested ones are theirs to publish (ADR 0026).
  const conditions: SQL[] = [sql`s.listing_status = 'published'`, ownListing];
  if (query.search) {
    conditions.push(
      sql`(s.search_vector @@ websearch_to_tsquery('english', ${query.search}) or word_similarity(${query.search}, s.name) > ${typoThreshold})`,
    );
  }
  if (query.taxonomy_term_id) {
    conditions.push(sql`exists (select 1 from attributes a where a.link_id = s.id and a.taxonomy_term_id = ${query.taxonomy_term_id}::uuid)`);
  }
  if (query.taxonomy_id) {
    conditions.push(sql`exists (select 1 from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
      where a.link_id = s.id and t.taxonomy_id = ${query.taxonomy_id}::uuid)`);
  }
  if (query.organization_id) conditions.push(sql`s.organization_id = ${query.organization_id}::uuid`);
  if (query.postcode) {
    const place = await findPostcode(db, query.postcode);
    if (query.proximity !== undefined) {
      const centre = sql`ll_to_earth(${place.latitude}::float8, ${place.longitude}::float8)`;
      const radius = sql`${query.proximity}::float8`;
      conditions.push(
        locationMatch(sql`l.latitude is not null and l.longitude is not null
          and earth_box(${centre}, ${radius}) @> ll_to_earth(l.latitude, l.longitude)
          and earth_distance(${centre}, ll_to_earth(l.latitude, l.longitude)) <= ${radius}`),
      );
    } else {
      // Without a radius, the postcode asks which services cover it: an area that is its ward, or
      // its whole district. (A ward's area names its district too, so the district alone is not enough.)
      conditions.push(sql`exists (select 1 from service_areas sa where sa.service_id = s.id
        and (sa.ward_code = ${place.ward_code} or (sa.ward_code is null and sa.district_code = ${place.district_code})))`);
    }
  }
  if (query.minimum_age !== undefined) conditions.push(sql`s.minimum_age >= ${query.minimum_age}::numeric`);
  if (query.maximum_age !== undefined) conditions.push(sql`s.maximum_age <= ${query.maximum_age}::numeric`);
  if (query.day || query.start_time || query.end_time) {
    const schedule: SQL[] = [sql`sc.service_id = s.id`];
    if (query.day) schedule.push(sql`sc.byday ~ ${`(^|,)[+-]?[0-9]*${query.day}(,|$)`}`);
    if (query.start_time) schedule.push(sql`sc.opens_at >= ${query.start_time}::time`);
    if (query.end_time) schedule.push(sql`sc.closes_at <= ${query.end_time}::time`);
    conditions.push(sql`exists (select 1 from schedules sc where ${sql.join(schedule, sql` and `)})`);
  }
  if (query.modified_after) conditions.push(sql`s.last_modified >= ${query.modified_after.toISOString()}::timestamptz`);
  return conditions;
}

const offsetOf = (paging: Pagination) => (paging.page - 1) * paging.perPage;

async function countOf(db: Database, query: SQL): Promise<number> {
  const [row] = await queryRows<{ total: number }>(db, query);
  return row!.total;
}

/** Words anywhere in these columns, in any case (no LIKE patterns, so % and _ mean themselves). */
function containsWords(search: string, columns: SQL[]): SQL {
  const text = sql`lower(concat_ws(' ', ${sql.join(columns, sql`, `)}))`;
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return sql.join(words.map((word) => sql`strpos(${text}, ${word}) > 0`), sql` and `);
}

/** With minimal=true and no per_page, every match comes on one page ("aim to return all services within one call"). */
export const allOnOnePage = 1_000_000;

export async function listServices(db: Database, query: ServiceQuery, paging: Pagination) {
  const conditions = await serviceConditions(
    db,
    query,
    (near) => sql`exists (select 1 from service_at_locations sal join locations l on l.id = sal.location_id
      where sal.service_id = s.id and ${near})`,
  );
  const where = sql.join(conditions, sql` and `);
  const total = await countOf(db, sql`select count(*)::int as total from services s where ${where}`);
  const rows = await queryRows<{ id: string; last_modified: Date | string }>(
    db,
    sql`select s.id, s.last_modified from services s where ${where} order by s.name, s.id limit ${paging.perPage} offset ${offsetOf(paging)}`,
  );
  if (query.minimal) {
    const contents = rows.map((row) => ({ id: row.id, last_modified: new Date(row.last_modified).toISOString() }));
    return pageEnvelope(contents, total, paging);
  }
  const ids = rows.map((row) => row.id);
  const records = query.full ? await loadFullServices(db, ids) : await loadServiceSummaries(db, ids);
  return pageEnvelope(
    ids.map((id) => records.get(id)!),
    total,
    paging,
  );
}

export async function getService(db: Database, id: string): Promise<OrukObject | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ id: services.id })
    .from(services)
    .where(sql`${services.id} = ${id.toLowerCase()}::uuid and ${services.listingStatus} = 'published'
      and ${isOwnListing(services.id)}`);
  if (!row) return undefined;
  return (await loadFullServices(db, [row.id])).get(row.id);
}

export async function listServiceAtLocations(db: Database, query: ServiceQuery, paging: Pagination) {
  const conditions = await serviceConditions(db, query, (near) => near);
  const where = sql.join(conditions, sql` and `);
  const from = sql`service_at_locations sal join services s on s.id = sal.service_id join locations l on l.id = sal.location_id`;
  const total = await countOf(db, sql`select count(*)::int as total from ${from} where ${where}`);
  const ids = (
    await queryRows<{ id: string }>(
      db,
      sql`select sal.id from ${from} where ${where} order by s.name, sal.id limit ${paging.perPage} offset ${offsetOf(paging)}`,
    )
  ).map((row) => row.id);
  const records = query.full ? await loadFullServiceAtLocations(db, ids) : await loadServiceAtLocationSummaries(db, ids);
  return pageEnvelope(
    ids.map((id) => records.get(id)!),
    total,
    paging,
  );
}

export async function getServiceAtLocation(db: Database, id: string): Promise<OrukObject | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select sal.id from service_at_locations sal join services s on s.id = sal.service_id
        where sal.id = ${id.toLowerCase()}::uuid and s.listing_status = 'published' and ${ownListing}`,
  );
  return row ? loadFullServiceAtLocation(db, row.id) : undefined;
}

export async function listTaxonomies(db: Database, query: PageQuery, paging: Pagination) {
  const where = query.search ? containsWords(query.search, [sql`${taxonomies.name}`, sql`${taxonomies.description}`]) : undefined;
  const [{ total }] = (await db.select({ total: count() }).from(taxonomies).where(where)) as [{ total: number }];
  const rows = await db
    .select()
    .from(taxonomies)
    .where(where)
    .orderBy(asc(taxonomies.name), asc(taxonomies.id))
    .limit(paging.perPage)
    .offset(offsetOf(paging));
  return pageEnvelope(rows.map(taxonomyJson), Number(total), paging);
}

export async function getTaxonomy(db: Database, id: string): Promise<OrukObject | undefined> {
  if (!isUuid(id)) return undefined;
  const [taxonomy] = await db.select().from(taxonomies).where(eq(taxonomies.id, id.toLowerCase()));
  if (!taxonomy) return undefined;
  const terms = await db
    .select()
    .from(taxonomyTerms)
    .where(eq(taxonomyTerms.taxonomyId, taxonomy.id))
    .orderBy(asc(taxonomyTerms.name), asc(taxonomyTerms.id));
  return { ...taxonomyJson(taxonomy), taxonomy_terms: terms.map((term) => taxonomyTermJson(term, taxonomy.name)) };
}

export async function listTaxonomyTerms(db: Database, query: TermQuery, paging: Pagination) {
  const conditions: SQL[] = [];
  if (query.taxonomy_id) conditions.push(sql`${taxonomyTerms.taxonomyId} = ${query.taxonomy_id}::uuid`);
  if (query.parent_id) conditions.push(sql`${taxonomyTerms.parentId} = ${query.parent_id}::uuid`);
  // top_only: the top of each hierarchy, terms without a parent.
  if (query.top_only) conditions.push(sql`${taxonomyTerms.parentId} is null`);
  if (query.search) {
    conditions.push(containsWords(query.search, [sql`${taxonomyTerms.name}`, sql`${taxonomyTerms.description}`, sql`${taxonomyTerms.code}`]));
  }
  const where = conditions.length ? sql.join(conditions, sql` and `) : undefined;
  const [{ total }] = (await db.select({ total: count() }).from(taxonomyTerms).where(where)) as [{ total: number }];
  const rows = await db
    .select({ term: taxonomyTerms, taxonomyName: taxonomies.name })
    .from(taxonomyTerms)
    .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
    .where(where)
    .orderBy(asc(taxonomies.name), asc(taxonomyTerms.name), asc(taxonomyTerms.id))
    .limit(paging.perPage)
    .offset(offsetOf(paging));
  return pageEnvelope(
    rows.map((row) => taxonomyTermJson(row.term, row.taxonomyName)),
    Number(total),
    paging,
  );
}

export async function getTaxonomyTerm(db: Database, id: string): Promise<OrukObject | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ term: taxonomyTerms, taxonomyName: taxonomies.name })
    .from(taxonomyTerms)
    .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
    .where(eq(taxonomyTerms.id, id.toLowerCase()));
  return row ? taxonomyTermJson(row.term, row.taxonomyName) : undefined;
}

/** Organisations that run at least one published listing: only those are public. */
const publicOrganization = sql`exists (select 1 from services s where s.organization_id = ${organizations.id} and s.listing_status = 'published' and ${ownListing})`;

/** Each organisation's published services, in the feed's order. */
async function publishedServicesOf(db: Database, organizationIds: string[]): Promise<Map<string, string[]>> {
  const byOrganization = new Map<string, string[]>(organizationIds.map((id) => [id, []]));
  if (organizationIds.length === 0) return byOrganization;
  const rows = await db
    .select({ id: services.id, organizationId: services.organizationId })
    .from(services)
    .where(and(inArray(services.organizationId, organizationIds), eq(services.listingStatus, "published"), isOwnListing(services.id)))
    .orderBy(asc(services.name), asc(services.id));
  for (const row of rows) byOrganization.get(row.organizationId)!.push(row.id);
  return byOrganization;
}

export async function listOrganizations(db: Database, query: OrganizationQuery, paging: Pagination) {
  const conditions = [publicOrganization];
  if (query.search) conditions.push(containsWords(query.search, [sql`${organizations.name}`, sql`${organizations.description}`]));
  const where = sql.join(conditions, sql` and `);
  const [{ total }] = (await db.select({ total: count() }).from(organizations).where(where)) as [{ total: number }];
  const rows = await db
    .select()
    .from(organizations)
    .where(where)
    .orderBy(asc(organizations.name), asc(organizations.id))
    .limit(paging.perPage)
    .offset(offsetOf(paging));
  if (!query.full && !query.full_service) return pageEnvelope(rows.map(organizationJson), Number(total), paging);
  const ids = rows.map((row) => row.id);
  const records = await loadOrganizations(db, ids, await publishedServicesOf(db, ids), query.full_service ?? false);
  return pageEnvelope(
    ids.map((id) => records.get(id)!),
    Number(total),
    paging,
  );
}

export async function getOrganization(db: Database, id: string, fullServices: boolean): Promise<OrukObject | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(sql`${organizations.id} = ${id.toLowerCase()}::uuid and ${publicOrganization}`);
  if (!row) return undefined;
  return (await loadOrganizations(db, [row.id], await publishedServicesOf(db, [row.id]), fullServices)).get(row.id);
}
