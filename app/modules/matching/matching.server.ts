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
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { taxonomyCodes, termId } from "../../../db/seed/taxonomy";
import { needs as needTaxonomy } from "../taxonomy/needs";
import { ageBandRange, type AgeBand } from "../people/person-form";
import { matchPerson, type MatchCandidate, type MatchPerson, type MatchResult } from "./engine";
import { matchSettings } from "./weights";

const milesToMetres = 1609.344;
const needByTermId = new Map<string, string>(needTaxonomy.map((need) => [termId(taxonomyCodes.needs, need.code), need.code]));
const homeVisitsTerm = termId(taxonomyCodes.accessibility, "home-visits");

/** What the engine needs to know about a person (a stored record has more). */
export interface PersonForMatching extends MatchPerson {
  latitude: number;
  longitude: number;
}

interface CandidateRow {
  id: string;
  name: string;
  kind: string;
  minimum_age: number | null;
  maximum_age: number | null;
  capacity_unit: "places" | "hours_per_week" | null;
  capacity_available: number | null;
  waiting_list: boolean;
  waiting_list_weeks: number | null;
  is_free: boolean;
  hourly_rate_pence: number | null;
  direct_payment: boolean;
  last_verified_at: string | Date | null;
  miles: number | null;
  terms: string[] | string | null;
  areas: string | null;
  schedules: string | null;
  session_cost: string | number | null;
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

export async function loadCandidates(db: Database, person: PersonForMatching, options: { allDetails?: boolean } = {}): Promise<MatchCandidate[]> {
  const query = candidateQuery(person, options);
  if (!query) return [];
  const rows = await queryRows<CandidateRow>(db, query);
  return rows.map(toCandidate);
}

/**
 * The candidate statement (exported for EXPLAIN); null when there are no needs. `allDetails`
 * fetches details for every listing, so tests can check that skipping them changes nothing.
 *
 * One pass over `services`, narrowed by its search columns (kept by triggers, migration
 * search_triggers): `location_box && earth_box(person, limit)` on the GiST index and
 * `term_ids && <needs>` on the GIN index, so neither locations nor attributes are joined.
 */
export function candidateQuery(person: PersonForMatching, options: { allDetails?: boolean } = {}): SQL | null {
  const wanted = person.needs.map((code) => termId(taxonomyCodes.needs, code)).filter((id) => needByTermId.has(id));
  if (wanted.length === 0) return null;
  const miles = person.maxTravelMiles ?? matchSettings.defaultMaxTravelMiles;
  const metres = miles * milesToMetres;
  const centre = sql`ll_to_earth(${person.latitude}::float8, ${person.longitude}::float8)`;
  const needTerms = sql`array[${sql.join(wanted.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;
  const band = ageBandRange(person.ageBand);
  const budget = person.maxHourlyRatePence;
  const columns = sql`s.id, s.name, s.kind, s.minimum_age, s.maximum_age, s.capacity_unit, s.capacity_available,
    s.waiting_list, s.waiting_list_weeks, s.is_free, s.hourly_rate_pence, s.direct_payment,
    s.last_verified_at::text as last_verified_at, s.term_ids::text as terms`;
  const listed = sql`s.listing_status = 'published' and s.status = 'active' and s.term_ids && ${needTerms}`;
  // Rules the engine applies anyway, on columns of services alone: a listing that fails one
  // still goes to the engine (which says why it is left out) but without the details it would
  // never use. Each is the engine's rule or looser, never stricter.
  const worthDetails = options.allDetails
    ? sql`true`
    : sql`(c.minimum_age is null or c.minimum_age <= ${band.to})
    and (c.maximum_age is null or c.maximum_age >= ${band.from})
    and (c.capacity_available is null or c.capacity_available > 0 or c.waiting_list)
    and (c.is_free or ${budget === null ? sql`true` : sql`false`} or ${person.hasDirectPayment ? sql`c.direct_payment` : sql`false`}
         or c.hourly_rate_pence is null or (${budget ?? 0} > 0 and c.hourly_rate_pence <= ${budget ?? 0}))`;
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
          and s.term_ids @> array[${homeVisitsTerm}]::uuid[] and ${listed}
          and s.id not in (select id from near)
      ),
      candidates as (select * from near union all select * from visiting)
      select c.*, c.metres / ${milesToMetres}::float8 as miles,
        case when ${worthDetails} then
          (select json_agg(json_build_array(sa.ward_code, sa.district_code))::text
           from service_areas sa where sa.service_id = c.id) end as areas,
        case when ${worthDetails} then
          (select json_agg(json_build_array(sc.freq, sc.byday, sc.opens_at, sc.closes_at))::text
           from schedules sc where sc.service_id = c.id) end as schedules,
        case when ${worthDetails} then (select min(co.amount) from cost_options co where co.service_id = c.id) end as session_cost
      from candidates c
    `;
}

type Area = [wardCode: string | null, districtCode: string | null];
type Schedule = [freq: string | null, byday: string | null, opensAt: string | null, closesAt: string | null];

function toCandidate(row: CandidateRow): MatchCandidate {
  const terms = Array.isArray(row.terms) ? row.terms : row.terms ? row.terms.replace(/^\{|\}$/g, "").split(",").filter(Boolean) : [];
  const needs: string[] = [];
  let comesToHome = false;
  for (const id of terms) {
    const need = needByTermId.get(id);
    if (need) needs.push(need);
    else if (id === homeVisitsTerm) comesToHome = true;
  }
  const verified = row.last_verified_at instanceof Date ? row.last_verified_at.toISOString().slice(0, 10) : row.last_verified_at;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    needs: needs.sort(),
    minimumAge: row.minimum_age,
    maximumAge: row.maximum_age,
    serviceAreas: row.areas ? (JSON.parse(row.areas) as Area[]).map(([wardCode, districtCode]) => ({ wardCode, districtCode })) : [],
    capacityUnit: row.capacity_unit,
    capacityAvailable: row.capacity_available,
    waitingList: row.waiting_list,
    waitingListWeeks: row.waiting_list_weeks,
    schedules: row.schedules ? (JSON.parse(row.schedules) as Schedule[]).map(([freq, byday, opensAt, closesAt]) => ({ freq, byday, opensAt, closesAt })) : [],
    distanceMiles: row.miles === null || row.miles === undefined ? null : Math.round(Number(row.miles) * 100) / 100,
    comesToHome,
    isFree: row.is_free,
    hourlyRatePence: row.hourly_rate_pence,
    sessionCostPence: row.session_cost === null || row.session_cost === undefined ? null : Math.round(Number(row.session_cost) * 100),
    directPayment: row.direct_payment,
    lastVerifiedAt: verified ? String(verified).slice(0, 10) : null,
  };
}

/** Load, then match: the one call the matches page and the benchmark make. */
export async function findMatches(
  db: Database,
  person: PersonForMatching,
  options: { excludedServiceIds?: readonly string[]; today?: string } = {},
): Promise<MatchResult & { considered: number }> {
  const candidates = await loadCandidates(db, person);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const result = matchPerson(person, candidates, { today, excludedServiceIds: options.excludedServiceIds });
  return { ...result, considered: candidates.length };
}
