/**
 * Loads the candidates for one person and hands them to the pure engine (engine.ts).
 *
 * One statement: published, active listings within the person's travel limit (earth_box on the
 * GiST index of locations, then a plane distance in miles), plus listings that come to the home
 * and serve the person's ward or district, that meet at least one of the person's needs. Each
 * comes back with what the engine needs (needs, areas, schedules, cheapest session) so the
 * engine never touches the database. The engine re-applies every filter; SQL only narrows.
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
/** Miles per degree of latitude on earthdistance's sphere (radius 6,378,168 m). */
const milesPerDegree = (6_378_168 * Math.PI) / 180 / milesToMetres;
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
 */
export function candidateQuery(person: PersonForMatching, options: { allDetails?: boolean } = {}): SQL | null {
  const wanted = person.needs.map((code) => termId(taxonomyCodes.needs, code)).filter((id) => needByTermId.has(id));
  if (wanted.length === 0) return null;
  const miles = person.maxTravelMiles ?? matchSettings.defaultMaxTravelMiles;
  const centre = sql`ll_to_earth(${person.latitude}::float8, ${person.longitude}::float8)`;
  const needList = sql.join(wanted.map((id) => sql`${id}`), sql`, `);
  const detailTerms = sql.join([...needByTermId.keys(), homeVisitsTerm].map((id) => sql`${id}::uuid`), sql`, `);
  const band = ageBandRange(person.ageBand);
  const budget = person.maxHourlyRatePence;
  // Plane distance in miles: within 0.1% of the great circle at these distances, and plain
  // arithmetic, where earth_distance would compute ll_to_earth again for every row.
  const rowMiles = sql`sqrt(power((l.latitude - ${person.latitude}::float8) * ${milesPerDegree}::float8, 2)
    + power((l.longitude - ${person.longitude}::float8) * ${milesPerDegree * Math.cos((person.latitude * Math.PI) / 180)}::float8, 2))`;
  // Rules the engine applies anyway, on columns of services alone: a listing that fails one
  // still goes to the engine (which says why it is left out) but without the details it would
  // never use. Each is the engine's rule or looser, never stricter.
  const worthDetails = options.allDetails
    ? sql`true`
    : sql`(s.minimum_age is null or s.minimum_age <= ${band.to})
    and (s.maximum_age is null or s.maximum_age >= ${band.from})
    and (s.capacity_available is null or s.capacity_available > 0 or s.waiting_list)
    and (s.is_free or ${budget === null ? sql`true` : sql`false`} or ${person.hasDirectPayment ? sql`s.direct_payment` : sql`false`}
         or s.hourly_rate_pence is null or (${budget ?? 0} > 0 and s.hourly_rate_pence <= ${budget ?? 0}))`;
  return sql`
      with boxed as materialized (
        select l.id, ${rowMiles} as miles
        from locations l
        where earth_box(${centre}, ${miles * milesToMetres}::float8) @> ll_to_earth(l.latitude, l.longitude)
      ),
      near as materialized (
        select sal.service_id, min(boxed.miles) as miles
        from boxed
        join service_at_locations sal on sal.location_id = boxed.id
        where boxed.miles <= ${miles}::float8
        group by sal.service_id
      ),
      visiting as materialized (
        select distinct sa.service_id
        from service_areas sa
        join attributes a on a.link_id = sa.service_id and a.taxonomy_term_id = ${homeVisitsTerm}::uuid
        where sa.ward_code = ${person.wardCode}
           or (sa.ward_code is null and (sa.district_code is null or sa.district_code = ${person.districtCode}))
      ),
      pool as (
        select service_id from near union select service_id from visiting
      ),
      -- Each nearby listing joined to its needs (and whether it comes to the home): a join and
      -- array_agg, about half the cost of a subquery per listing; those meeting none of the
      -- person's needs are dropped next.
      published as materialized (
        select s.id, s.name, s.kind, s.minimum_age, s.maximum_age, s.capacity_unit, s.capacity_available,
               s.waiting_list, s.waiting_list_weeks, s.is_free, s.hourly_rate_pence, s.direct_payment,
               s.last_verified_at::text as last_verified_at, near.miles, ${worthDetails} as worth_details,
               array_agg(a.taxonomy_term_id::text) as terms
        from pool
        join services s on s.id = pool.service_id
        join attributes a on a.link_id = s.id and a.taxonomy_term_id in (${detailTerms})
        left join near on near.service_id = s.id
        where s.listing_status = 'published' and s.status = 'active'
        group by s.id, near.miles
      ),
      candidates as (select * from published where terms && array[${needList}]::text[])
      select c.*,
        case when c.worth_details then
          (select json_agg(json_build_object('wardCode', sa.ward_code, 'districtCode', sa.district_code))::text
           from service_areas sa where sa.service_id = c.id) end as areas,
        case when c.worth_details then
          (select json_agg(json_build_object('freq', sc.freq, 'byday', sc.byday, 'opensAt', sc.opens_at, 'closesAt', sc.closes_at))::text
           from schedules sc where sc.service_id = c.id) end as schedules,
        case when c.worth_details then (select min(co.amount) from cost_options co where co.service_id = c.id) end as session_cost
      from candidates c
    `;
}

function toCandidate(row: CandidateRow): MatchCandidate {
  const terms = Array.isArray(row.terms) ? row.terms : row.terms ? row.terms.replace(/^\{|\}$/g, "").split(",").filter(Boolean) : [];
  const verified = row.last_verified_at instanceof Date ? row.last_verified_at.toISOString().slice(0, 10) : row.last_verified_at;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    needs: terms.map((id) => needByTermId.get(id)).filter((code): code is string => Boolean(code)).sort(),
    minimumAge: row.minimum_age,
    maximumAge: row.maximum_age,
    serviceAreas: row.areas ? (JSON.parse(row.areas) as MatchCandidate["serviceAreas"]) : [],
    capacityUnit: row.capacity_unit,
    capacityAvailable: row.capacity_available,
    waitingList: row.waiting_list,
    waitingListWeeks: row.waiting_list_weeks,
    schedules: row.schedules ? (JSON.parse(row.schedules) as MatchCandidate["schedules"]) : [],
    distanceMiles: row.miles === null || row.miles === undefined ? null : Math.round(Number(row.miles) * 100) / 100,
    comesToHome: terms.includes(homeVisitsTerm),
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
