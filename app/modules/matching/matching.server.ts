/**
 * Loads the candidates for one person and hands them to the pure engine (engine.ts).
 *
 * One statement: published, active listings within the person's travel limit (services.location_box
 * on its GiST index, then the great-circle distance), plus listings that come to the home and
 * serve the person's ward or district, that meet at least one of the person's needs
 * (services.term_ids on its GIN index). Each comes back with what the engine needs (terms, areas,
 * schedules, cheapest session) so the engine never touches the database. The engine re-applies
 * every filter; SQL only narrows.
 * docs/decisions/0013-matching.md explains the shape and what it costs.
 *
 * findMatches takes its candidates from the matching catalogue (catalogue.server.ts), which
 * holds every listing's details in memory and gives the same candidates far faster; this
 * statement is the reference it is tested against, and what runs when a directory is too large
 * to hold.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { taxonomyCodes, termId } from "../../../db/vocabulary/taxonomy";
import { ageBandRange, type AgeBand } from "../people/person-form";
import { matchPerson, type ExclusionReason, type MatchCandidate, type MatchPerson, type MatchResult } from "./engine";
import { homeVisitsTerm, milesToMetres, needByTermId, toCandidate, type CandidateRow } from "./candidate-row";
import { matchSettings } from "./weights";
import { matchingCatalogue } from "./catalogue.server";
import { metrics, timed } from "../operations/metrics.server";
import { londonDay } from "../../../db/calendar";


/** What the engine needs to know about a person (a stored record has more). */
export interface PersonForMatching extends MatchPerson {
  latitude: number;
  longitude: number;
}

export function personForMatching(record: {
  needs: string[];
  riskFactors: string[];
  ageBand: string;
  wardCode: string | null;
  districtCode: string | null;
  preferredDays: string[];
  preferredTimes: string[];
  maxTravelMiles: string | number | null;
  maxHourlyRatePence: number | null;
  hasDirectPayment: boolean;
  latitude: number;
  longitude: number;
}): PersonForMatching {
  return {
    needs: record.needs,
    riskFactors: record.riskFactors,
    ageBand: record.ageBand as AgeBand,
    wardCode: record.wardCode,
    districtCode: record.districtCode,
    preferredDays: record.preferredDays,
    preferredTimes: record.preferredTimes,
    maxTravelMiles: record.maxTravelMiles === null ? null : Number(record.maxTravelMiles),
    maxHourlyRatePence: record.maxHourlyRatePence,
    hasDirectPayment: record.hasDirectPayment,
    latitude: Number(record.latitude),
    longitude: Number(record.longitude),
  };
}

export async function loadCandidates(db: Database, person: PersonForMatching, options: CandidateOptions = {}): Promise<MatchCandidate[]> {
  const query = candidateQuery(person, options);
  if (!query) return [];
  const [result] = await queryRows<{ rows: string }>(db, query);
  return (JSON.parse(result?.rows ?? "[]") as CandidateRow[]).map(toCandidate);
}

/**
 * The candidate statement (exported for EXPLAIN); null when there are no needs. `allDetails`
 * fetches details for every listing, so tests can check that skipping them changes nothing.
 *
 * One pass over `services`, narrowed by its search columns (kept by triggers, migration
 * search_triggers): `location_box && earth_box(person, limit)` on the GiST index and
 * `term_ids && <needs>` on the GIN index, so neither locations nor attributes are joined.
 */
export function candidateQuery(person: PersonForMatching, options: CandidateOptions = {}): SQL | null {
  const wanted = person.needs.map((code) => termId(taxonomyCodes.needs, code)).filter((id) => needByTermId.has(id));
  if (wanted.length === 0) return null;
  if (options.only) return oneListingQuery(person, options.only);
  const miles = person.maxTravelMiles ?? matchSettings.defaultMaxTravelMiles;
  const metres = miles * milesToMetres;
  const centre = sql`ll_to_earth(${person.latitude}::float8, ${person.longitude}::float8)`;
  const needTerms = sql`array[${sql.join(wanted.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;
  const band = ageBandRange(person.ageBand);
  const columns = sql`s.id, s.name, s.kind, s.minimum_age, s.maximum_age, s.capacity_unit, s.capacity_available,
    s.waiting_list, s.waiting_list_weeks, s.is_free, s.hourly_rate_pence, s.direct_payment,
    s.last_verified_at::text as last_verified_at, s.term_ids, s.delivery`;
  const listed = sql`s.listing_status = 'published' and s.status = 'active' and s.term_ids && ${needTerms}`;
  // Rules the engine applies before the ones that need details, on columns of services alone:
  // a listing for other ages is left out for its age whatever its areas, schedules and prices,
  // and one with no places and no waiting list is left out as full once its areas are known.
  // Such listings still go to the engine (which says why each is left out) but without the
  // details it would never read, so every reason is the one the full details would give.
  const ageFits = options.allDetails
    ? sql`true`
    : sql`(c.minimum_age is null or c.minimum_age <= ${band.to}) and (c.maximum_age is null or c.maximum_age >= ${band.from})`;
  const worthDetails = options.allDetails ? sql`true` : sql`(c.capacity_available is null or c.capacity_available > 0 or c.waiting_list)`;
  return sql`
      with boxed as materialized (
        -- earth_distance(a, b) is sec_to_gc(cube_distance(a, b)): for a listing with one place,
        -- its box is that point, so the great-circle distance comes from the row itself; a
        -- listing with several places takes its nearest (few do).
        select ${columns},
          case when cube_is_point(s.location_box) then sec_to_gc(cube_distance(${centre}, s.location_box)) else (
            select min(earth_distance(${centre}, ll_to_earth(l.latitude, l.longitude)))
            from service_at_locations sal join locations l on l.id = sal.location_id
            where sal.service_id = s.id and l.latitude is not null and l.longitude is not null
          ) end as metres
        from services s
        where s.location_box && earth_box(${centre}, ${metres}::float8) and ${listed}
      ),
      near as materialized (
        select * from boxed where metres <= ${metres}::float8
      ),
      -- Listings that come to the home and serve the person's ward or district, wherever they are.
      visiting as materialized (
        select ${columns}, null::float8 as metres
        from services s
        where s.id in (
            select sa.service_id from service_areas sa
            where sa.ward_code = ${person.wardCode}
               or (sa.ward_code is null and (sa.district_code is null or sa.district_code = ${person.districtCode}))
          )
          and s.term_ids @> array[${homeVisitsTerm}]::uuid[] and s.delivery <> 'at_venue' and ${listed}
          and s.id not in (select id from near)
      ),
      candidates as materialized (
        select c.*, ${ageFits} as for_their_age, ${ageFits} and ${worthDetails} as worth
        from (select * from near union all select * from visiting) c
      ),
      -- Details for the listings worth them, each table read once (a hash join, or one index
      -- probe per listing, as the planner sees fit) rather than a subquery per listing.
      -- A place people go to serves whoever can travel to it: its areas are not read, so only
      -- distance and the person's travel limit decide (ADR 0027). A service that comes to the
      -- home, or works by phone or online, serves its declared areas.
      areas as (
        select sa.service_id as id, json_agg(json_build_array(sa.ward_code, sa.district_code)) as areas
        from service_areas sa where sa.service_id in (select id from candidates where for_their_age and delivery <> 'at_venue') group by sa.service_id
      ),
      timetable as (
        -- In heap order, as an index probe per listing returned them (a B-tree keeps equal keys
        -- in heap order): the days in the reasons ("Mondays and Saturdays") come out as before.
        select sc.service_id as id, json_agg(json_build_array(sc.freq, sc.byday, sc.opens_at, sc.closes_at) order by sc.ctid) as schedules
        from schedules sc where sc.service_id in (select id from candidates where worth) group by sc.service_id
      ),
      prices as (
        select co.service_id as id, min(co.amount) as session_cost
        from cost_options co where co.service_id in (select id from candidates where worth) group by co.service_id
      )
      -- One row of JSON: reading 10,000 rows of 18 columns out of the embedded database costs
      -- more than building and parsing one text value.
      select coalesce(json_agg(json_build_array(c.id, c.name, c.kind, c.minimum_age, c.maximum_age, c.capacity_unit,
          c.capacity_available, c.waiting_list, c.waiting_list_weeks, c.is_free, c.hourly_rate_pence, c.direct_payment,
          c.last_verified_at, c.term_ids, c.metres / ${milesToMetres}::float8, a.areas, t.schedules, p.session_cost)), '[]')::text as rows
      from candidates c
      left join areas a on a.id = c.id
      left join timetable t on t.id = c.id
      left join prices p on p.id = c.id
    `;
}

interface CandidateOptions {
  allDetails?: boolean;
  /** One listing, wherever it is and whatever it meets (for the rule that leaves it out). */
  only?: string;
}

/** candidateQuery for one published listing alone: no narrowing by place or needs, every detail. */
function oneListingQuery(person: PersonForMatching, serviceId: string): SQL {
  const centre = sql`ll_to_earth(${person.latitude}::float8, ${person.longitude}::float8)`;
  return sql`
      select coalesce(json_agg(json_build_array(s.id, s.name, s.kind, s.minimum_age, s.maximum_age, s.capacity_unit,
          s.capacity_available, s.waiting_list, s.waiting_list_weeks, s.is_free, s.hourly_rate_pence, s.direct_payment,
          s.last_verified_at::text, s.term_ids,
          (select min(earth_distance(${centre}, ll_to_earth(l.latitude, l.longitude)))
             from service_at_locations sal join locations l on l.id = sal.location_id
             where sal.service_id = s.id and l.latitude is not null and l.longitude is not null) / ${milesToMetres}::float8,
          case when s.delivery <> 'at_venue' then (select json_agg(json_build_array(sa.ward_code, sa.district_code)) from service_areas sa where sa.service_id = s.id) end,
          (select json_agg(json_build_array(sc.freq, sc.byday, sc.opens_at, sc.closes_at) order by sc.ctid) from schedules sc where sc.service_id = s.id),
          (select min(co.amount) from cost_options co where co.service_id = s.id))), '[]')::text as rows
      from services s
      where s.id = ${serviceId} and s.listing_status = 'published' and s.status = 'active'`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one rule by which matching leaves this listing out for the person, and its distance; null
 * when it fits (or is not a published, running listing: the referral page refuses those itself).
 * Listings already referred are not counted here: the referral page has its own rule for them.
 */
export async function whyLeftOut(db: Database, person: PersonForMatching, serviceId: string, today = londonDay()): Promise<{ reason: ExclusionReason; distanceMiles: number | null } | null> {
  if (!uuidPattern.test(serviceId)) return null;
  const candidates = await loadCandidates(db, person, { only: serviceId.toLowerCase() });
  if (candidates.length === 0) return null;
  const result = matchPerson(person, candidates, { today });
  const left = result.excluded[0];
  return left ? { reason: left.reason, distanceMiles: candidates[0]!.distanceMiles } : null;
}

/** Load (from the catalogue, or the database when it stands aside), then match: the one call the matches page and the benchmark make. */
export async function findMatches(
  db: Database,
  person: PersonForMatching,
  options: { excludedServiceIds?: readonly string[]; today?: string; kinds?: readonly string[]; limit?: number } = {},
): Promise<MatchResult & { considered: number }> {
  return timed((seconds) => metrics().matchingSeconds.observe(seconds), async () => {
    const loaded = (await matchingCatalogue(db).candidatesFor(person)) ?? (await loadCandidates(db, person));
    // Only some kinds of listing (conversation 2's short-term options, the personal-budget view).
    const candidates = options.kinds ? loaded.filter((candidate) => options.kinds!.includes(candidate.kind)) : loaded;
    const today = options.today ?? londonDay();
    const result = matchPerson(person, candidates, { today, excludedServiceIds: options.excludedServiceIds, limit: options.limit });
    return { ...result, considered: candidates.length };
  });
}
