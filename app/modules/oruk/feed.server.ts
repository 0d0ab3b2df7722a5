/**
 * The Open Referral UK feed: which published services (and services at locations, taxonomies,
 * terms) a request asks for, a page at a time. Filtering happens in SQL; shaping in records.server.
 */
import { asc, count, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { services, taxonomies, taxonomyTerms } from "../../../db/schema";
import openapiTemplate from "./openapi.json";
import { OrukProblem } from "./http.server";
import { pageEnvelope, type PageQuery, type ServiceQuery, type TermQuery } from "./query";
import {
  loadFullServiceAtLocation,
  loadFullServices,
  loadServiceAtLocationSummaries,
  loadServiceSummaries,
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

/** The UK profile's own openapi.json, with our server as its base and the filters we support. */
export function openapiDocument(origin: string) {
  const document = structuredClone(openapiTemplate) as typeof openapiTemplate & Record<string, unknown>;
  document.servers = [{ url: `${origin}/oruk`, description: "Asset Atlas Open Referral UK feed (read-only, public)" }];
  const extra = ["modified_after", "postcode", "proximity"].map((name) => ({ $ref: `#/components/parameters/${name}` }));
  const list = document.paths["/services"].get.parameters as { $ref: string }[];
  for (const parameter of extra) if (!list.some((p) => p.$ref === parameter.$ref)) list.push(parameter);
  const salList = document.paths["/service_at_locations"].get.parameters as { $ref: string }[];
  if (!salList.some((p) => p.$ref.endsWith("/modified_after"))) salList.push(extra[0]!);
  return document;
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
  const conditions: SQL[] = [sql`s.listing_status = 'published'`];
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
      // Without a radius, the postcode asks which services cover it (their service areas).
      conditions.push(sql`exists (select 1 from service_areas sa where sa.service_id = s.id
        and (sa.district_code = ${place.district_code} or sa.ward_code = ${place.ward_code}))`);
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

const offsetOf = (query: PageQuery) => (query.page - 1) * query.per_page;

export async function listServices(db: Database, query: ServiceQuery) {
  const conditions = await serviceConditions(
    db,
    query,
    (near) => sql`exists (select 1 from service_at_locations sal join locations l on l.id = sal.location_id
      where sal.service_id = s.id and ${near})`,
  );
  const where = sql.join(conditions, sql` and `);
  const [{ total }] = (await queryRows<{ total: number }>(db, sql`select count(*)::int as total from services s where ${where}`)) as [
    { total: number },
  ];
  const ids = await queryRows<{ id: string }>(
    db,
    sql`select s.id from services s where ${where} order by s.name, s.id limit ${query.per_page} offset ${offsetOf(query)}`,
  );
  const summaries = await loadServiceSummaries(db, ids.map((row) => row.id));
  return pageEnvelope(
    ids.map((row) => summaries.get(row.id)!),
    total,
    { page: query.page, perPage: query.per_page },
  );
}

export async function getService(db: Database, id: string): Promise<OrukObject | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db
    .select({ id: services.id })
    .from(services)
    .where(sql`${services.id} = ${id.toLowerCase()}::uuid and ${services.listingStatus} = 'published'`);
  if (!row) return undefined;
  return (await loadFullServices(db, [row.id])).get(row.id);
}

export async function listServiceAtLocations(db: Database, query: ServiceQuery) {
  const conditions = await serviceConditions(db, query, (near) => near);
  const where = sql.join(conditions, sql` and `);
  const from = sql`service_at_locations sal join services s on s.id = sal.service_id join locations l on l.id = sal.location_id`;
  const [{ total }] = (await queryRows<{ total: number }>(db, sql`select count(*)::int as total from ${from} where ${where}`)) as [
    { total: number },
  ];
  const ids = await queryRows<{ id: string }>(
    db,
    sql`select sal.id from ${from} where ${where} order by s.name, sal.id limit ${query.per_page} offset ${offsetOf(query)}`,
  );
  const summaries = await loadServiceAtLocationSummaries(db, ids.map((row) => row.id));
  return pageEnvelope(
    ids.map((row) => summaries.get(row.id)!),
    total,
    { page: query.page, perPage: query.per_page },
  );
}

export async function getServiceAtLocation(db: Database, id: string): Promise<OrukObject | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`select sal.id from service_at_locations sal join services s on s.id = sal.service_id
        where sal.id = ${id.toLowerCase()}::uuid and s.listing_status = 'published'`,
  );
  return row ? loadFullServiceAtLocation(db, row.id) : undefined;
}

export async function listTaxonomies(db: Database, query: PageQuery) {
  const [{ total }] = (await db.select({ total: count() }).from(taxonomies)) as [{ total: number }];
  const rows = await db
    .select()
    .from(taxonomies)
    .orderBy(asc(taxonomies.name), asc(taxonomies.id))
    .limit(query.per_page)
    .offset(offsetOf(query));
  return pageEnvelope(rows.map(taxonomyJson), Number(total), { page: query.page, perPage: query.per_page });
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

export async function listTaxonomyTerms(db: Database, query: TermQuery) {
  const where = query.taxonomy_id ? eq(taxonomyTerms.taxonomyId, query.taxonomy_id) : undefined;
  const [{ total }] = (await db.select({ total: count() }).from(taxonomyTerms).where(where)) as [{ total: number }];
  const rows = await db
    .select({ term: taxonomyTerms, taxonomyName: taxonomies.name })
    .from(taxonomyTerms)
    .innerJoin(taxonomies, eq(taxonomies.id, taxonomyTerms.taxonomyId))
    .where(where)
    .orderBy(asc(taxonomies.name), asc(taxonomyTerms.name), asc(taxonomyTerms.id))
    .limit(query.per_page)
    .offset(offsetOf(query));
  return pageEnvelope(
    rows.map((row) => taxonomyTermJson(row.term, row.taxonomyName)),
    Number(total),
    { page: query.page, perPage: query.per_page },
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
