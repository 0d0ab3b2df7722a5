/**
 * The embedded engine: search inside PostgreSQL (PGlite or a server) with full-text
 * (tsvector, English stemming), typo tolerance (pg_trgm word similarity on names and needs),
 * plain-English synonyms (search/synonyms.ts), radius (earthdistance) and facet counts by SQL.
 *
 * One statement per search (in a transaction that sets what `<%` needs): the matching listings
 * are computed once (`base`), then the page of hits, the total and both facets' counts are read
 * from it. Every part of the match has an index, so a search touches the listings that are near
 * and relevant, not the whole directory: GIN on search_vector, GIN trigram on name, GIN on
 * services.term_ids, GiST on services.location_box (the last two kept by triggers). See
 * docs/decisions/0009-search-performance.md.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../db/client.server";
import { taxonomyCodes, taxonomyId, termId } from "../db/vocabulary/taxonomy";
import { assetKinds, type AssetKind } from "../db/vocabulary/kinds";
import { accessibilityFeatures, needs as allNeeds, type NeedCode } from "../db/vocabulary/needs";
import { expandSynonyms } from "./synonyms";
import { cardColumns, readCardColumns, type CardColumnsRow } from "./card-columns";
import {
  lowCostPoundsPerSession,
  maxRadiusMiles,
  milesToMetres,
  minRadiusMiles,
  type AssetFacets,
  type AssetHit,
  type AssetQuery,
  type AssetResults,
  type SearchEngine,
} from "./types";

/** pg_trgm word similarity above which a name or need counts as a match ("befriendng"). */
const typoThreshold = 0.4;
/**
 * The same test as `word_similarity(q, name) > typoThreshold` for `q <% name`: word_similarity()
 * returns a float4, and `<%` keeps values >= the (float8) setting, so a setting of exactly 0.4
 * would also keep a similarity of float4 0.4 (0.4000000059…). Just above it keeps only values above.
 */
const trigramThreshold = "0.40000002";
/** Longest query the engine reads; the page already cuts at 200. */
const maxTextLength = 500;

interface HitRow extends CardColumnsRow {
  id: string;
  name: string;
  kind: AssetHit["kind"];
  description: string;
  town: string | null;
  postcode: string | null;
  ward_name: string | null;
  latitude: number | null;
  longitude: number | null;
  needs: string[] | string | null;
  is_free: boolean;
  direct_payment: boolean;
  hourly_rate_pence: number | null;
  metres: number | null;
}

interface ResultRow {
  total: number;
  hits: string | null;
  need_counts: string | null;
  kind_counts: string | null;
}

const needTermIds = new Map<string, NeedCode>(allNeeds.map((need) => [termId(taxonomyCodes.needs, need.code), need.code]));
const knownKinds = new Set<string>(assetKinds.map((kind) => kind.code));
const knownFeatures = new Set<string>(accessibilityFeatures.map((feature) => feature.code));

const uuidList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

/**
 * Runs `work` in a transaction with the settings the engine's statements assume: the trigram
 * word-similarity threshold behind `<%` (so the GIN trigram index finds exactly the names
 * word_similarity() puts above typoThreshold). SET LOCAL, so it never leaks into a pooled connection.
 */
export function withSearchSettings<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // work_mem: a broad word ("help") matches most of the directory; keep its working set in memory.
    await tx.execute(
      sql.raw(`select set_config('pg_trgm.word_similarity_threshold', '${trigramThreshold}', true), set_config('work_mem', '32MB', true)`),
    );
    return work(tx as unknown as Database);
  });
}

export function createEmbeddedEngine(db: Database): SearchEngine {
  return {
    name: "embedded",
    async searchAssets(query: AssetQuery): Promise<AssetResults> {
      const { statement, page, perPage } = assetStatement(query);
      const [row] = await withSearchSettings(db, (tx) => queryRows<ResultRow>(tx, statement));
      const hits = row?.hits ? (JSON.parse(row.hits) as HitRow[]) : [];
      return { hits: hits.map(toHit), total: Number(row?.total ?? 0), page, perPage, facets: toFacets(row) };
    },
  };
}

/** The one statement a search runs (inside withSearchSettings). Exported for the benchmark's EXPLAIN ANALYZE. */
export function assetStatement(query: AssetQuery): { statement: SQL; page: number; perPage: number } {
  // eslint-disable-next-line no-control-regex
  const text = query.text.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, maxTextLength);
  const perPage = Math.max(1, Math.floor(query.perPage));
  const page = Math.max(1, Math.floor(query.page));
  const offset = (page - 1) * perPage;
  const wantedNeeds = (query.needs ?? []).map((code) => termId(taxonomyCodes.needs, code)).filter((id) => needTermIds.has(id));
  const wantedKinds = (query.kinds ?? []).filter((kind) => knownKinds.has(kind));
  const near = query.near ?? null;
  const where: SQL[] = [sql`s.listing_status = 'published'`];

  // ── Where: the radius narrows the scan of services through the GiST index on location_box (the
  // point of a service's one location, or the box around several); then the exact distance. ──
  let metres = sql`null::float8`;
  let box: SQL | null = null;
  if (near) {
    const radius = Math.min(maxRadiusMiles, Math.max(minRadiusMiles, near.radiusMiles)) * milesToMetres;
    const centre = sql`ll_to_earth(${near.latitude}::float8, ${near.longitude}::float8)`;
    box = sql`s.location_box && earth_box(${centre}, ${radius}::float8)`;
    // earth_distance(a, b) is sec_to_gc(cube_distance(a, b)): for a one-place service, the same figure.
    metres = sql`case when cube_is_point(s.location_box) then sec_to_gc(cube_distance(${centre}, s.location_box)) else (
        select min(earth_distance(${centre}, ll_to_earth(l.latitude, l.longitude)))
        from service_at_locations sal join locations l on l.id = sal.location_id
        where sal.service_id = s.id and l.latitude is not null and l.longitude is not null
      ) end`;
    where.push(box, sql`${metres} <= ${radius}::float8`);
  }

  // ── Filters that are not facets ──
  if (query.day) {
    const pattern = `(^|,)[+-]?[0-9]*${query.day.replace(/[^A-Z]/g, "")}(,|$)`;
    where.push(sql`s.id in (
      select sc.service_id from schedules sc where sc.service_id is not null and sc.byday ~ ${pattern}
      union
      select sal.service_id from schedules sc join service_at_locations sal on sal.id = sc.service_at_location_id
      where sc.byday ~ ${pattern}
    )`);
  }
  if (query.freeOrLowCost) {
    where.push(sql`(s.is_free or s.id in (select c.service_id from cost_options c where c.amount <= ${lowCostPoundsPerSession}))`);
  }
  if (query.directPayment) where.push(sql`s.direct_payment`);
  if (query.hasCapacity) where.push(sql`s.capacity_available > 0`);
  if (query.age !== undefined && query.age !== null && Number.isFinite(query.age)) {
    const age = Math.round(query.age);
    where.push(sql`(s.minimum_age is null or s.minimum_age <= ${age}) and (s.maximum_age is null or s.maximum_age >= ${age})`);
  }
  const features = [...new Set((query.accessibility ?? []).filter((code) => knownFeatures.has(code)))];
  if (features.length) {
    where.push(sql`s.term_ids @> array[${uuidList(features.map((code) => termId(taxonomyCodes.accessibility, code)))}]`);
  }

  // ── Words: full-text, synonyms and needs named in the words (each with its GIN index, so their OR
  // is a BitmapOr), and names like the words (the trigram index, in `named`). ──
  let named = sql``;
  let namedJoin = sql``;
  let wordMatch: SQL | null = null;
  let score = sql`0::float8`;
  if (text) {
    const words = sql`websearch_to_tsquery('english', ${text})`;
    const expansion = expandSynonyms(text);
    const synonymQuery = expansion.words.map((word) => (word.includes(" ") ? `"${word}"` : word)).join(" or ");
    const synonyms = synonymQuery ? sql`websearch_to_tsquery('english', ${synonymQuery})` : null;
    const synonymNeeds = expansion.needs.map((code) => termId(taxonomyCodes.needs, code));
    const needTerms = sql`(select array(
      select t.id from taxonomy_terms t
      where t.taxonomy_id = ${taxonomyId(taxonomyCodes.needs)}::uuid
        and (word_similarity(${text}, t.name) > ${typoThreshold} or to_tsvector('english', t.name) @@ ${words})
      ${synonymNeeds.length ? sql`union select unnest(array[${uuidList(synonymNeeds)}])` : sql``}
    ))`;
    // Names like the words (word_similarity above the threshold: `<%` under withSearchSettings), with
    // their similarity for the score, found through the trigram index (and the radius, when there is one).
    named = sql`named as materialized (
      select s.id, word_similarity(${text}, s.name) as similarity from services s
      where ${text} <% s.name ${box ? sql`and ${box}` : sql``}
    ),`;
    namedJoin = sql`left join named on named.id = s.id`;
    wordMatch = sql`(s.search_vector @@ ${words}
      ${synonyms ? sql`or s.search_vector @@ ${synonyms}` : sql``}
      or s.term_ids && ${needTerms})`;
    // A weak trigram likeness ("lonely" and "Ely") is noise, not a typo: only names past the threshold count.
    score = sql`ts_rank(s.search_vector, ${words}) * 2
      ${synonyms ? sql`+ ts_rank(s.search_vector, ${synonyms}) + case when s.search_vector @@ ${synonyms} then 0.3 else 0 end` : sql``}
      + coalesce(named.similarity, 0)
      + case when s.term_ids && ${needTerms} then 0.1 else 0 end`;
  }

  const needFilter = wantedNeeds.length ? sql`base.term_ids && array[${uuidList(wantedNeeds)}]` : sql`true`;
  const kindFilter = wantedKinds.length
    ? sql`base.kind in (${sql.join(wantedKinds.map((kind) => sql`${kind}::asset_kind`), sql`, `)})`
    : sql`true`;
  const byDistance = near && (query.sort === "distance" || !text);
  const order = byDistance ? sql`metres asc, score desc, name, id` : sql`score desc, metres asc nulls last, name, id`;
  const needIds = [...needTermIds.keys()];

  const columns = sql`s.id, s.kind, s.name, s.term_ids, ${metres} as metres, ${score} as score`;
  const statement = sql`
    with ${named}
    base as materialized (${
      wordMatch
        ? // The words' matches (one BitmapOr, or one scan for a broad word), then the names only like
          // the words: two disjoint parts, so no OR has to test "is in named" row by row.
          sql`
      select ${columns} from services s ${namedJoin} where ${sql.join([...where, wordMatch], sql` and `)}
      union all
      select ${columns} from services s join named on named.id = s.id
      where ${sql.join([sql`s.id = any(array(select named.id from named))`, ...where, sql`not ${wordMatch}`], sql` and `)}`
        : sql`
      select ${columns} from services s where ${sql.join(where, sql` and `)}`
    }
    ),
    filtered as (select * from base where ${needFilter} and ${kindFilter}),
    -- the window runs on the page only, so the sort above it is a bounded (top-N) sort
    page as (select *, row_number() over (order by ${order}) as position from (
      select * from filtered order by ${order} limit ${perPage} offset ${offset}
    ) top)
    select
      (select count(*)::int from filtered) as total,
      (select json_agg(hit order by hit.position)::text from (
        select page.position, page.id, s.name, s.kind, s.description, s.is_free, s.direct_payment, s.hourly_rate_pence,
               ${cardColumns}, page.metres, place.town, place.postcode, place.ward_name, place.latitude, place.longitude,
               array(
                 select t.code from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
                 where a.link_id = s.id and t.taxonomy_id = ${taxonomyId(taxonomyCodes.needs)}::uuid order by t.code
               ) as needs
        from page
        join services s on s.id = page.id
        left join lateral (
          select coalesce(ad.city, replace(l.name, 'Based in ', '')) as town, l.postcode, w.name as ward_name,
                 l.latitude, l.longitude
          from service_at_locations sal
          join locations l on l.id = sal.location_id
          left join addresses ad on ad.location_id = l.id
          left join wards w on w.code = l.ward_code
          where sal.service_id = s.id
          order by ${near ? sql`earth_distance(ll_to_earth(${near.latitude}::float8, ${near.longitude}::float8), ll_to_earth(l.latitude, l.longitude)),` : sql``} sal.id
          limit 1
        ) place on true
      ) hit) as hits,
      (select json_build_array(${sql.join(
        needIds.map((id) => sql`json_build_object('id', ${id}::text, 'count', count(*) filter (where base.term_ids @> array[${id}::uuid]))`),
        sql`, `,
      )})::text from base where ${kindFilter}) as need_counts,
      (select json_agg(json_build_object('id', kind, 'count', n))::text from (
        select base.kind, count(*)::int as n from base where ${needFilter} group by base.kind
      ) kind_counts) as kind_counts
  `;
  return { statement, page, perPage };
}

function toFacets(row: ResultRow | undefined): AssetFacets {
  const needCounts = row?.need_counts ? (JSON.parse(row.need_counts) as { id: string; count: number }[]) : [];
  const kindCounts = row?.kind_counts ? (JSON.parse(row.kind_counts) as { id: AssetKind; count: number }[]) : [];
  const needOrder = allNeeds.map((need) => need.code as NeedCode);
  const kindOrder = assetKinds.map((kind) => kind.code as AssetKind);
  return {
    needs: needCounts
      .map((entry) => ({ code: needTermIds.get(entry.id)!, count: Number(entry.count) }))
      .filter((entry) => entry.code && entry.count > 0)
      .sort((a, b) => needOrder.indexOf(a.code) - needOrder.indexOf(b.code)),
    kinds: kindCounts
      .map((entry) => ({ code: entry.id, count: Number(entry.count) }))
      .filter((entry) => entry.count > 0)
      .sort((a, b) => kindOrder.indexOf(a.code) - kindOrder.indexOf(b.code)),
  };
}

function toHit(row: HitRow): AssetHit {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    summary: summarise(row.description),
    town: row.town,
    postcode: row.postcode,
    wardName: row.ward_name,
    latitude: row.latitude === null || row.latitude === undefined ? null : Number(row.latitude),
    longitude: row.longitude === null || row.longitude === undefined ? null : Number(row.longitude),
    needs: parseArray(row.needs) as AssetHit["needs"],
    isFree: row.is_free,
    directPayment: row.direct_payment,
    hourlyRatePence: row.hourly_rate_pence,
    distanceMiles: row.metres === null || row.metres === undefined ? null : Math.round((Number(row.metres) / milesToMetres) * 100) / 100,
    ...readCardColumns(row),
  };
}

/** json_agg gives text[] as a JSON array; be tolerant of "{a,b}" too. */
function parseArray(value: string[] | string | null): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === "{}") return [];
  return value.replace(/^\{|\}$/g, "").split(",");
}

function summarise(description: string, limit = 200): string {
  if (description.length <= limit) return description;
  const cut = description.slice(0, limit);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}
