/**
 * Search documents built from the database: one per published listing, holding what the
 * embedded engine filters and shows (search/meili-query.ts has the shape). Read in one
 * statement per batch, so the worker and the reindex see one consistent state of each listing.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../db/client.server";
import { taxonomyCodes, taxonomyId } from "../db/vocabulary/taxonomy";
import type { AssetKind } from "../db/vocabulary/kinds";
import type { NeedCode } from "../db/vocabulary/needs";
import { needMarker, noMaximumAge, noMinimumAge, type AssetDocument } from "./meili-query";
import { locationTown, placeParts } from "./memory-rows";
import { lowCostPoundsPerSession, type DayCode } from "./types";
import { cardColumns, parseTextArray, readCardColumns, type CardColumnsRow } from "./card-columns";

export interface DocumentRow extends CardColumnsRow {
  id: string;
  name: string;
  description: string;
  kind: AssetKind;
  is_free: boolean;
  direct_payment: boolean;
  minimum_age: number | null;
  maximum_age: number | null;
  hourly_rate_pence: number | null;
  low_cost: boolean;
  needs: string[] | string | null;
  accessibility: string[] | string | null;
  town: string | null;
  postcode: string | null;
  ward_name: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Every place's town and ward, in order. */
  places: string[] | string | null;
}

function documentsQuery(where: SQL, limit: number | null): SQL {
  return sql`
    select s.id, s.name, s.description, s.kind, s.is_free, s.direct_payment,
           s.minimum_age, s.maximum_age, s.hourly_rate_pence, ${cardColumns},
           exists (select 1 from cost_options c where c.service_id = s.id and c.amount <= ${lowCostPoundsPerSession}) as low_cost,
           array(
             select t.code from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
             where a.link_id = s.id and t.taxonomy_id = ${taxonomyId(taxonomyCodes.needs)}::uuid order by t.code
           ) as needs,
           array(
             select t.code from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
             where a.link_id = s.id and t.taxonomy_id = ${taxonomyId(taxonomyCodes.accessibility)}::uuid order by t.code
           ) as accessibility,
           place.town, place.postcode, place.ward_name, place.latitude, place.longitude,
           array(
             select value from (
               select sal.id, part.n, part.value
               from service_at_locations sal
               join locations l on l.id = sal.location_id
               left join wards w on w.code = l.ward_code
               cross join lateral ${placeParts}
               where sal.service_id = s.id and part.value is not null
             ) parts order by id, n
           ) as places
    from services s
    left join lateral (
      select ${locationTown} as town, l.postcode, w.name as ward_name, l.latitude, l.longitude
      from service_at_locations sal
      join locations l on l.id = sal.location_id
      left join wards w on w.code = l.ward_code
      where sal.service_id = s.id
      order by sal.id
      limit 1
    ) place on true
    where s.listing_status = 'published' and ${where}
    order by s.id
    ${limit === null ? sql`` : sql`limit ${limit}`}
  `;
}

/** Documents for these listings; a listing not returned is not published (or gone): delete it. */
export async function documentsFor(db: Database, ids: string[]): Promise<AssetDocument[]> {
  if (ids.length === 0) return [];
  const list = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  return (await queryRows<DocumentRow>(db, documentsQuery(sql`s.id in (${list})`, null))).map(toDocument);
}

/** Every published listing, a batch at a time in id order (for reindex). */
export async function* allDocuments(db: Database, batchSize = 1000): AsyncGenerator<AssetDocument[]> {
  let after: string | null = null;
  for (;;) {
    const where: SQL = after ? sql`s.id > ${after}::uuid` : sql`true`;
    const rows = await queryRows<DocumentRow>(db, documentsQuery(where, batchSize));
    if (rows.length === 0) return;
    yield rows.map(toDocument);
    after = rows[rows.length - 1]!.id;
    if (rows.length < batchSize) return;
  }
}

export function toDocument(row: DocumentRow): AssetDocument {
  const needs = parseTextArray(row.needs) as NeedCode[];
  const card = readCardColumns(row);
  const days = new Set<DayCode>();
  // "TU,TH", "1MO" (first Monday), "-1FR" (last Friday): the day is the letters.
  for (const byday of card.bydays) {
    for (const part of byday.split(",")) {
      const day = /([A-Z]{2})$/.exec(part.trim())?.[1];
      if (day && ["MO", "TU", "WE", "TH", "FR", "SA", "SU"].includes(day)) days.add(day as DayCode);
    }
  }
  const latitude = row.latitude === null ? null : Number(row.latitude);
  const longitude = row.longitude === null ? null : Number(row.longitude);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    needs,
    needWords: needs.map(needMarker),
    places: parseTextArray(row.places),
    accessibility: parseTextArray(row.accessibility),
    days: [...days].sort(),
    freeOrLowCost: row.is_free || Boolean(row.low_cost),
    isFree: row.is_free,
    directPayment: row.direct_payment,
    hasCapacity: (card.capacityAvailable ?? 0) > 0,
    ageFrom: row.minimum_age ?? noMinimumAge,
    ageTo: row.maximum_age ?? noMaximumAge,
    hourlyRatePence: row.hourly_rate_pence,
    ...card,
    town: row.town,
    postcode: row.postcode,
    wardName: row.ward_name,
    ...(latitude !== null && longitude !== null && Number.isFinite(latitude) && Number.isFinite(longitude)
      ? { _geo: { lat: latitude, lng: longitude } }
      : {}),
  };
}
