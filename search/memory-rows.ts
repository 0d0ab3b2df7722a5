/**
 * Published listings as the in-memory search index takes them: one statement's JSON rows, and
 * their reading. The statement reads what the search contract shows and filters on, from the
 * same tables and columns the Meilisearch documents come from (search/meili-documents.server.ts).
 */
import { sql, type SQL } from "drizzle-orm";
import { taxonomyCodes, termId } from "../db/vocabulary/taxonomy";
import { accessibilityFeatures, needs as allNeeds, type NeedCode } from "../db/vocabulary/needs";
import type { AssetKind } from "../db/vocabulary/kinds";
import type { SearchListing } from "./memory-index";
import { readCardColumns, type CardColumnsRow } from "./card-columns";
import { lowCostPoundsPerSession, type DayCode } from "./types";

const needByTerm = new Map<string, NeedCode>(allNeeds.map((need) => [termId(taxonomyCodes.needs, need.code), need.code]));
const featureByTerm = new Map<string, string>(accessibilityFeatures.map((feature) => [termId(taxonomyCodes.accessibility, feature.code), feature.code]));
const dayCodes = new Set<string>(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]);

/** One listing as the statement sends it. */
export type ListingRow = [
  id: string,
  name: string,
  description: string,
  kind: AssetKind,
  isFree: boolean,
  directPayment: boolean,
  hourlyRatePence: number | null,
  capacityUnit: CardColumnsRow["capacity_unit"],
  capacityAvailable: number | null,
  waitingList: boolean | null,
  waitingListWeeks: number | null,
  fees: string | null,
  /** The lowest cost option's amount, in pounds. */
  sessionPrice: number | string | null,
  minimumAge: number | null,
  maximumAge: number | null,
  termIds: string[] | null,
  /** Distinct and sorted, as search/card-columns.ts reads them. */
  bydays: string[] | null,
  places: Array<[latitude: number | null, longitude: number | null, town: string | null, postcode: string | null, wardName: string | null]> | null,
];

/**
 * A location's town, as every engine shows it (location `l`): its address's city (the first
 * address), or the place a listing without an address is based in ("Based in Soham").
 */
export const locationTown = sql`coalesce((select ad.city from addresses ad where ad.location_id = l.id order by ad.id limit 1), replace(l.name, 'Based in ', ''))`;

/**
 * The values of a listing's place field, for the engines that search it as text (location `l`,
 * ward `w`): its town, then its ward.
 */
export const placeParts = sql`(values (1, ${locationTown}), (2, w.name)) part(n, value)`;

/**
 * The rows of the published listings `where` picks (a condition on `services s`), as one JSON
 * text. `few`: a handful (changed listings), whose details are read by index per listing;
 * otherwise each details table is read once and joined.
 */
export function listingRows(where: SQL, few: boolean): SQL {
  const place = sql`json_build_array(l.latitude, l.longitude, ${locationTown}, l.postcode, w.name)`;
  const details = few
    ? sql`
    left join lateral (
      select json_agg(${place} order by sal.id) as places
      from service_at_locations sal join locations l on l.id = sal.location_id left join wards w on w.code = l.ward_code
      where sal.service_id = s.id
    ) p on true
    left join lateral (
      select array_agg(distinct sc.byday order by sc.byday) as bydays from schedules sc
      where sc.byday is not null and sc.byday <> '' and (sc.service_id = s.id
        or sc.service_at_location_id in (select sal.id from service_at_locations sal where sal.service_id = s.id))
    ) d on true
    left join lateral (
      select min(c.amount) as session_price from cost_options c where c.service_id = s.id
    ) c on true`
    : sql`
    left join (
      select sal.service_id as id, json_agg(${place} order by sal.id) as places
      from service_at_locations sal join locations l on l.id = sal.location_id left join wards w on w.code = l.ward_code
      group by sal.service_id
    ) p on p.id = s.id
    left join (
      select service_id as id, array_agg(distinct byday order by byday) as bydays from (
        select sc.service_id, sc.byday from schedules sc where sc.service_id is not null and sc.byday is not null and sc.byday <> ''
        union all
        select sal.service_id, sc.byday from schedules sc join service_at_locations sal on sal.id = sc.service_at_location_id
        where sc.byday is not null and sc.byday <> '' and sc.service_id is distinct from sal.service_id
      ) both_ways group by service_id
    ) d on d.id = s.id
    left join (
      select c.service_id as id, min(c.amount) as session_price from cost_options c group by c.service_id
    ) c on c.id = s.id`;
  return sql`select coalesce(json_agg(json_build_array(s.id, s.name, s.description, s.kind, s.is_free, s.direct_payment,
        s.hourly_rate_pence, s.capacity_unit, s.capacity_available, s.waiting_list, s.waiting_list_weeks, nullif(btrim(s.fees), ''),
        c.session_price, s.minimum_age, s.maximum_age, s.term_ids, d.bydays, p.places)), '[]')::text
    from services s${details}
    where s.listing_status = 'published' and ${where}`;
}

export function toSearchListing(row: ListingRow): SearchListing {
  const [id, name, description, kind, isFree, directPayment, hourlyRatePence, capacityUnit, capacityAvailable, waitingList, waitingListWeeks, fees, sessionPrice, minimumAge, maximumAge, termIds, bydays, places] = row;
  const needs: NeedCode[] = [];
  const accessibility: string[] = [];
  for (const term of termIds ?? []) {
    const need = needByTerm.get(term);
    if (need) needs.push(need);
    const feature = featureByTerm.get(term);
    if (feature) accessibility.push(feature);
  }
  // The card's fields read as every other engine reads them (search/card-columns.ts).
  const card = readCardColumns({
    capacity_unit: capacityUnit,
    capacity_available: capacityAvailable,
    waiting_list: waitingList,
    waiting_list_weeks: waitingListWeeks,
    fees,
    session_price: sessionPrice,
    bydays,
  });
  return {
    id,
    name,
    description,
    kind,
    needs: needs.sort(),
    accessibility,
    days: daysOf(card.bydays),
    isFree,
    directPayment,
    hourlyRatePence,
    freeOrLowCost: isFree || (sessionPrice !== null && Number(sessionPrice) <= lowCostPoundsPerSession),
    hasCapacity: (card.capacityAvailable ?? 0) > 0,
    minimumAge,
    maximumAge,
    card,
    places: (places ?? []).map(([latitude, longitude, town, postcode, wardName]) => ({
      latitude: latitude === null ? null : Number(latitude),
      longitude: longitude === null ? null : Number(longitude),
      town,
      postcode,
      wardName,
    })),
  };
}

/**
 * The days in schedules' BYDAY values: "TU,TH", "1MO" (first Monday), "-1FR" (last Friday). As the
 * SQL filter reads them: each comma-separated part, an optional sign and number, then the day.
 */
export function daysOf(bydays: readonly string[]): DayCode[] {
  const days = new Set<DayCode>();
  for (const byday of bydays) {
    for (const part of byday.split(",")) {
      const day = /^[+-]?[0-9]*([A-Z]{2})$/.exec(part)?.[1];
      if (day && dayCodes.has(day)) days.add(day as DayCode);
    }
  }
  return [...days].sort();
}
