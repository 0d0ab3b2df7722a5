/**
 * The SQL reference engine: the search contract and the rules of docs/search.md written as
 * plainly as SQL allows, to check the in-memory engine against (test/integration/search-compare.test.ts
 * and `npm run bench:relevance`). Not used to serve searches: it tokenises every published
 * listing on every search, which is fine for the demo directory and nothing larger.
 *
 * It shares with the in-memory engine only the reading of the query (search/query-plan.ts: the
 * vocabulary, phrases and stop words) and the two word rules of search/text.ts (Porter2 stems,
 * and whether a word is within the typo budget), applied here to the words SQL finds in the
 * listings. Everything else is its own: splitting listings into words and positions, phrases in a
 * row, matching needs, dropping words, the needs a query implies, proximity, the order, filters,
 * radius and distances, facet counts and what a hit shows.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../db/client.server";
import { taxonomyCodes, taxonomyId, termId } from "../db/vocabulary/taxonomy";
import { assetKinds, type AssetKind } from "../db/vocabulary/kinds";
import { accessibilityFeatures, needCodes, needs as allNeeds, type NeedCode } from "../db/vocabulary/needs";
import { cardColumns, parseTextArray, readCardColumns, type CardColumnsRow } from "./card-columns";
import { summarise } from "./memory-index";
import { locationTown, placeParts } from "./memory-rows";
import { planQuery } from "./query-plan";
import { cleanText, stemOf, typos } from "./text";
import {
  lowCostPoundsPerSession,
  maxRadiusMiles,
  milesToMetres,
  minRadiusMiles,
  type AssetHit,
  type AssetQuery,
  type AssetResults,
  type SearchEngine,
  type WordMatch,
} from "./types";

const needTermIds = new Map<string, NeedCode>(allNeeds.map((need) => [termId(taxonomyCodes.needs, need.code), need.code]));
const knownKinds = new Set<string>(assetKinds.map((kind) => kind.code));
const knownFeatures = new Set<string>(accessibilityFeatures.map((feature) => feature.code));
const uuidArray = (ids: string[]) =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `
  )}]::uuid[]`;

/** A text as words: lower case, accents dropped, apostrophes joined, anything else a space (search/text.ts says the same in words). */
const normalised = (text: SQL) => sql`trim(regexp_replace(regexp_replace(lower(unaccent(${text})), '[''’‘\`]', '', 'g'), '[^a-z0-9]+', ' ', 'g'))`;

/** Each published listing's text values: name (field 0), description (1), each place's town and ward (2, in order). */
const listingValues = (ids: SQL) => sql`
  select s.id, 0 as field, 0 as v, s.name as value from services s where s.id = any(${ids})
  union all
  select s.id, 1, 0, s.description from services s where s.id = any(${ids})
  union all
  select sal.service_id, 2, row_number() over (partition by sal.service_id order by sal.id, part.n), part.value
  from service_at_locations sal
  join locations l on l.id = sal.location_id
  left join wards w on w.code = l.ward_code
  cross join lateral ${placeParts}
  where sal.service_id = any(${ids}) and part.value is not null`;

/** The words of those values with their positions: in order within a field, the place field's values 8 apart. */
const listingTokens = (ids: SQL) => sql`
  with vals as (${listingValues(ids)}),
  split as (
    select vals.id, vals.field, vals.v, w.word, (w.n - 1)::int as i
    from vals cross join lateral regexp_split_to_table(${normalised(sql`vals.value`)}, ' ') with ordinality as w(word, n)
    where w.word <> ''
  ),
  lengths as (select id, field, v, count(*)::int as len from split group by id, field, v),
  offsets as (
    select id, field, v, coalesce(sum(len + 8) over (partition by id, field order by v rows between unbounded preceding and 1 preceding), 0)::int as start
    from lengths
  )
  select split.id, split.field, split.word, offsets.start + split.i as pos
  from split join offsets using (id, field, v)`;

export function createReferenceEngine(db: Database): SearchEngine {
  return {
    name: "sql reference",
    async searchAssets(query: AssetQuery): Promise<AssetResults> {
      const text = cleanText(query.text);
      const perPage = Math.max(1, Math.floor(query.perPage));
      const page = Math.max(1, Math.floor(query.page));
      const plan = planQuery(text);
      const terms = plan.terms;

      // Filters that are not facets, and the radius.
      const where: SQL[] = [sql`s.listing_status = 'published'`];
      if (query.day) {
        const pattern = `(^|,)[+-]?[0-9]*${query.day.replace(/[^A-Z]/g, "")}(,|$)`;
        where.push(sql`s.id in (
          select sc.service_id from schedules sc where sc.service_id is not null and sc.byday ~ ${pattern}
          union
          select sal.service_id from schedules sc join service_at_locations sal on sal.id = sc.service_at_location_id where sc.byday ~ ${pattern}
        )`);
      }
      if (query.freeOrLowCost) where.push(sql`(s.is_free or s.id in (select c.service_id from cost_options c where c.amount <= ${lowCostPoundsPerSession}))`);
      if (query.directPayment) where.push(sql`s.direct_payment`);
      if (query.hasCapacity) where.push(sql`s.capacity_available > 0`);
      if (query.age !== undefined && query.age !== null && Number.isFinite(query.age)) {
        const age = Math.round(query.age);
        where.push(sql`(s.minimum_age is null or s.minimum_age <= ${age}) and (s.maximum_age is null or s.maximum_age >= ${age})`);
      }
      for (const feature of new Set((query.accessibility ?? []).filter((code) => knownFeatures.has(code)))) {
        where.push(sql`s.id in (select a.link_id from attributes a where a.taxonomy_term_id = ${termId(taxonomyCodes.accessibility, feature)}::uuid)`);
      }
      const near = query.near ?? null;
      const centre = near ? sql`ll_to_earth(${near.latitude}::float8, ${near.longitude}::float8)` : null;
      const metres = centre
        ? sql`(select min(earth_distance(${centre}, ll_to_earth(l.latitude, l.longitude))) from service_at_locations sal
              join locations l on l.id = sal.location_id where sal.service_id = s.id and l.latitude is not null and l.longitude is not null)`
        : sql`null::float8`;
      const radius = near ? Math.min(maxRadiusMiles, Math.max(minRadiusMiles, near.radiusMiles)) * milesToMetres : 0;
      const n = terms.length;
      return db.transaction(async (handle) => {
        const tx = handle as unknown as Database;
        // The listings in reach (filters and radius), and their words with positions, read once.
        await tx.execute(sql`create temp table reference_base on commit drop as
        select * from (select s.id, s.name, s.kind, ${metres} as metres from services s where ${sql.join(where, sql` and `)}) b
        ${near ? sql`where b.metres <= ${radius}::float8` : sql``}`);
        await tx.execute(sql`create temp table reference_tokens on commit drop as ${listingTokens(sql`array(select id from reference_base)`)}`);
        await tx.execute(sql`create index on reference_tokens (id, field, pos)`);
        await tx.execute(sql`analyze reference_base`);
        await tx.execute(sql`analyze reference_tokens`);
        // The listings' words (as SQL splits them, from the listings in reach), each with its stem, and the words each term reaches.
        const stems = !n
          ? []
          : (await queryRows<{ word: string }>(tx, sql`select distinct word from reference_tokens`)).map((row) => ({ word: row.word, stem: stemOf(row.word) }));
        const wordMatches: {
          k: number;
          word: string;
          typos: number;
          exactness: number;
        }[] = [];
        const phrases: { k: number; exactness: number; stems: string[] }[] = [];
        const needMatches: {
          k: number;
          term: string;
          typos: number;
          exactness: number;
        }[] = [];
        terms.forEach((term, k) => {
          for (const { word, stem } of stems) {
            const reached: [number, number][] = [];
            if (term.word) {
              if (stem === term.word.stem) reached.push([0, 0]);
              else {
                const distance = typos(term.word.text, word, term.word.budget, term.word.prefix);
                if (distance >= 0) reached.push([distance, 2]);
              }
            }
            if (term.stems.includes(stem)) reached.push([0, 1]);
            for (const [distance, exactness] of reached) wordMatches.push({ k, word, typos: distance, exactness });
          }
          if (term.literal) phrases.push({ k, exactness: 0, stems: term.literal });
          for (const phrase of term.phrases) phrases.push({ k, exactness: 1, stems: phrase });
          for (const need of term.needs)
            needMatches.push({
              k,
              term: termId(taxonomyCodes.needs, need.need),
              typos: need.typos,
              exactness: need.exact ? 1 : 2,
            });
        });
        const implied = needCodes.filter((need) => terms.some((term) => term.suggests.includes(need) || term.needs.some((match) => match.need === need)));

        const wantedNeeds = [...new Set(query.needs ?? [])].filter((need) => needCodes.includes(need));
        const wantedKinds = [...new Set(query.kinds ?? [])].filter((kind) => knownKinds.has(kind));
        const needFilter = wantedNeeds.length
          ? sql`r.id in (select a.link_id from attributes a where a.taxonomy_term_id = any(${uuidArray(
              wantedNeeds.map((need) => termId(taxonomyCodes.needs, need))
            )}))`
          : sql`true`;
        const kindFilter = wantedKinds.length ? sql`r.kind::text = any(${`{${wantedKinds.join(",")}}`}::text[])` : sql`true`;
        const hasNeed = (need: string) =>
          sql`exists (select 1 from attributes a where a.link_id = r.id and a.taxonomy_term_id = ${termId(taxonomyCodes.needs, need)}::uuid)`;
        const impliedFilter = implied.length ? sql`(${sql.join(implied.map(hasNeed), sql` or `)})` : sql`false`;

        const sort = query.sort === "name" ? "name" : query.sort === "distance" && near ? "distance" : "relevance";
        const order =
          sort === "name"
            ? sql`k.name collate "C", k.id`
            : sort === "distance"
            ? sql`k.metres, k.reach desc, k.typo_sum, k.proximity, k.exact_sum, k.field_sum, k.position_sum, k.name collate "C", k.id`
            : near
            ? sql`k.reach desc, k.typo_sum, k.proximity, k.exact_sum, k.field_sum, k.metres, k.position_sum, k.name collate "C", k.id`
            : sql`k.reach desc, k.typo_sum, k.proximity, k.exact_sum, k.field_sum, k.position_sum, k.name collate "C", k.id`;

        const json = (value: unknown) => sql`${JSON.stringify(value)}::json`;
        // Every place a term matches a listing: its words (with typos), its phrases (in a row), its needs.
        await tx.execute(sql`create temp table reference_hits on commit drop as
          with
          wm as (select * from json_to_recordset(${json(wordMatches)}) as x(k int, word text, typos int, exactness int)),
          sm as (select * from json_to_recordset(${json(stems)}) as x(word text, stem text)),
          ph as (select x.k, x.exactness, array(select json_array_elements_text(x.stems)) as stems
                 from json_to_recordset(${json(phrases)}) as x(k int, exactness int, stems json)),
          nm as (select * from json_to_recordset(${json(needMatches)}) as x(k int, term uuid, typos int, exactness int)),
          word_hits as (select t.id, wm.k, wm.typos, wm.exactness, t.field, t.pos from reference_tokens t join wm on wm.word = t.word),
          phrase_hits as (
            select t.id, ph.k, 0 as typos, ph.exactness, t.field, t.pos
            from reference_tokens t join sm on sm.word = t.word join ph on ph.stems[1] = sm.stem
            where (select count(*) from generate_series(2, array_length(ph.stems, 1)) j
                   join reference_tokens u on u.id = t.id and u.field = t.field and u.pos = t.pos + j - 1
                   join sm su on su.word = u.word and su.stem = ph.stems[j]) = array_length(ph.stems, 1) - 1
          ),
          need_hits as (
            select b.id, nm.k, nm.typos, nm.exactness, 3 as field, null::int as pos
            from reference_base b join nm on exists (select 1 from attributes a where a.link_id = b.id and a.taxonomy_term_id = nm.term)
          )
          select * from word_hits union all select * from phrase_hits union all select * from need_hits`);
        await tx.execute(sql`create index on reference_hits (id, k)`);
        await tx.execute(sql`analyze reference_hits`);
        const statement = sql`
        with
        base as (select * from reference_base),
        hits_ as (select * from reference_hits),
        term_info as materialized (
          select id, k, min(typos) as typos, min(exactness) as exactness, min(field * 64 + least(coalesce(pos, 0), 63)) as place
          from hits_ group by id, k
        ),
        reach as materialized (
          select b.*, (select min(g) from generate_series(0, ${n}) g
                       where g = ${n} or not exists (select 1 from term_info ti where ti.id = b.id and ti.k = g))::int as reach
          from base b
        ),
        level as (select coalesce((select max(r.reach) from reach r where ${needFilter} and ${kindFilter}), 0) as level),
        mode as (
          select case
            when ${n} = 0 then 'all'
            when (select level from level) > 0 then 'terms'
            when exists (select 1 from reach r where ${impliedFilter} and ${needFilter} and ${kindFilter}) then 'needs'
            else 'none' end as mode,
            (select level from level) as level
        ),
        matched as materialized (
          select r.* from reach r, mode
          where mode.mode = 'all'
             or (mode.mode = 'terms' and r.reach >= 1)
             or (mode.mode = 'needs' and ${impliedFilter})
             or (mode.mode = 'none' and r.reach >= 1)
        ),
        results as (select r.* from matched r where ${needFilter} and ${kindFilter}),
        keys as (
          select r.id, r.name, r.kind, r.metres, case when (select mode from mode) = 'terms' then r.reach else 0 end as reach,
            coalesce((select sum(ti.typos) from term_info ti, mode where ti.id = r.id and mode.mode = 'terms' and ti.k < r.reach), 0) as typo_sum,
            coalesce((select sum(ti.exactness) from term_info ti, mode where ti.id = r.id and mode.mode = 'terms' and ti.k < r.reach), 0) as exact_sum,
            coalesce((select sum(ti.place / 64) from term_info ti, mode where ti.id = r.id and mode.mode = 'terms' and ti.k < r.reach), 0) as field_sum,
            coalesce((select sum(ti.place % 64) from term_info ti, mode where ti.id = r.id and mode.mode = 'terms' and ti.k < r.reach), 0) as position_sum,
            coalesce((select sum(pair.cost) from mode, generate_series(0, r.reach - 2) g cross join lateral (
              select coalesce(min(case when b.pos - a.pos > 0 then least(b.pos - a.pos, 8) else least(1 - (b.pos - a.pos), 8) end), 8) as cost
              from hits_ a join hits_ b on b.id = a.id and b.field = a.field and b.k = g + 1 and b.pos is not null
              where a.id = r.id and a.k = g and a.pos is not null
            ) pair where mode.mode = 'terms'), 0) as proximity
          from results r
        ),
        page as (
          select k.*, row_number() over (order by ${order}) as position from keys k
          order by ${order} limit ${perPage} offset ${(page - 1) * perPage}
        )
        select
          (select mode from mode) as mode, (select level from mode) as level,
          (select count(*)::int from results) as total,
          (select json_agg(hit order by hit.position)::text from (
            select page.position, page.id, s.name, s.kind, s.description, s.is_free, s.direct_payment, s.hourly_rate_pence, page.metres, ${cardColumns},
                   place.town, place.postcode, place.ward_name, place.latitude, place.longitude,
                   array(select t.code from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
                         where a.link_id = s.id and t.taxonomy_id = ${taxonomyId(taxonomyCodes.needs)}::uuid
                         order by t.code) as needs
            from page join services s on s.id = page.id
            left join lateral (
              select ${locationTown} as town,
                     l.postcode, w.name as ward_name, l.latitude, l.longitude
              from service_at_locations sal join locations l on l.id = sal.location_id left join wards w on w.code = l.ward_code
              where sal.service_id = s.id
              order by ${centre ? sql`earth_distance(${centre}, ll_to_earth(l.latitude, l.longitude)),` : sql``} sal.id
              limit 1
            ) place on true
          ) hit) as hits,
          (select json_agg(json_build_object('code', t.code, 'count', (
             select count(*) from matched r where ${kindFilter} and exists (select 1 from attributes a where a.link_id = r.id and a.taxonomy_term_id = t.id)
           )) order by t.code)::text from taxonomy_terms t where t.id = any(${uuidArray([...needTermIds.keys()])})) as need_counts,
          (select json_agg(json_build_object('code', r.kind, 'count', r.n))::text from (
             select r.kind, count(*)::int as n from matched r where ${needFilter} group by r.kind
           ) r) as kind_counts`;
        const [row] = await queryRows<{
          mode: string;
          level: number;
          total: number;
          hits: string | null;
          need_counts: string | null;
          kind_counts: string | null;
        }>(tx, statement);
        if (!row) throw new Error("the reference statement returned nothing");

        const level = Number(row.level);
        let wordMatch: WordMatch = { kind: "every-word" };
        if (row.mode === "terms" && level < n) {
          wordMatch = {
            kind: "some-words",
            used: terms
              .slice(0, level)
              .map((term) => term.typed)
              .join(" "),
            dropped: terms
              .slice(level)
              .map((term) => term.typed)
              .join(" "),
          };
        } else if (row.mode === "needs") wordMatch = { kind: "implied-needs", needs: implied };
        else if (row.mode === "none") wordMatch = { kind: "none", needs: implied };

        const needCounts = row.need_counts ? (JSON.parse(row.need_counts) as { code: NeedCode; count: number }[]) : [];
        const kindCounts = row.kind_counts
          ? (JSON.parse(row.kind_counts) as {
              code: AssetKind;
              count: number;
            }[])
          : [];
        const kindOrder = assetKinds.map((kind) => kind.code as string);
        return {
          hits: row.hits ? (JSON.parse(row.hits) as HitRow[]).map(toHit) : [],
          total: Number(row.total),
          page,
          perPage,
          facets: {
            needs: needCodes
              .map((code) => ({
                code,
                count: Number(needCounts.find((entry) => entry.code === code)?.count ?? 0),
              }))
              .filter((entry) => entry.count > 0),
            kinds: kindCounts
              .map((entry) => ({
                code: entry.code,
                count: Number(entry.count),
              }))
              .filter((entry) => entry.count > 0)
              .sort((a, b) => kindOrder.indexOf(a.code) - kindOrder.indexOf(b.code)),
          },
          wordMatch,
        };
      });
    },
  };
}

interface HitRow extends CardColumnsRow {
  id: string;
  name: string;
  kind: AssetKind;
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

function toHit(row: HitRow): AssetHit {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    summary: summarise(row.description),
    town: row.town,
    postcode: row.postcode,
    wardName: row.ward_name,
    latitude: row.latitude === null ? null : Number(row.latitude),
    longitude: row.longitude === null ? null : Number(row.longitude),
    needs: parseTextArray(row.needs) as NeedCode[],
    isFree: row.is_free,
    directPayment: row.direct_payment,
    hourlyRatePence: row.hourly_rate_pence,
    distanceMiles: row.metres === null ? null : Math.round((Number(row.metres) / milesToMetres) * 100) / 100,
    ...readCardColumns(row),
  };
}
