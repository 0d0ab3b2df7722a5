/**
 * What a result card shows beyond the name (places or waiting list, price, the days it runs),
 * read the same way by every engine that reads the database: the SQL engine's page of hits and
 * the Meilisearch documents select `cardColumns` and turn the row into hit fields with
 * `readCardColumns`. The listing's alias in the statement must be `s` (services).
 */
import { sql } from "drizzle-orm";
import type { AssetHit } from "./types";

export type CardFields = Pick<
  AssetHit,
  "capacityUnit" | "capacityAvailable" | "waitingList" | "waitingListWeeks" | "fees" | "sessionPricePence" | "bydays"
>;

/** The columns, as snake_case names in the row (see CardColumnsRow). */
export const cardColumns = sql`s.capacity_unit, s.capacity_available, s.waiting_list, s.waiting_list_weeks,
  nullif(btrim(s.fees), '') as fees,
  (select min(c.amount) from cost_options c where c.service_id = s.id) as session_price,
  array(
    select distinct days.byday from (
      select sc.byday from schedules sc where sc.service_id = s.id
      union all
      select sc.byday from schedules sc join service_at_locations sal on sal.id = sc.service_at_location_id where sal.service_id = s.id
    ) days where days.byday is not null and days.byday <> '' order by days.byday
  ) as bydays`;

export interface CardColumnsRow {
  capacity_unit: "places" | "hours_per_week" | null;
  capacity_available: number | null;
  waiting_list: boolean | null;
  waiting_list_weeks: number | null;
  fees: string | null;
  /** numeric: a number through json_agg, a string from postgres.js. */
  session_price: number | string | null;
  bydays: string[] | string | null;
}

export function readCardColumns(row: CardColumnsRow): CardFields {
  const price = row.session_price === null || row.session_price === undefined ? null : Number(row.session_price);
  return {
    capacityUnit: row.capacity_unit ?? null,
    capacityAvailable: row.capacity_available === null || row.capacity_available === undefined ? null : Number(row.capacity_available),
    waitingList: Boolean(row.waiting_list),
    waitingListWeeks: row.waiting_list_weeks === null || row.waiting_list_weeks === undefined ? null : Number(row.waiting_list_weeks),
    fees: row.fees ?? null,
    sessionPricePence: price === null || !Number.isFinite(price) ? null : Math.round(price * 100),
    bydays: parseTextArray(row.bydays),
  };
}

/**
 * A text[] as drivers give it: an array (PGlite, json_agg), or Postgres's literal from postgres.js
 * in some set-ups ('{TU,"TU,TH",1MO}': an element with a comma comes quoted).
 */
export function parseTextArray(value: string[] | string | null | undefined): string[] {
  if (Array.isArray(value)) return value;
  if (!value || value === "{}") return [];
  const body = value.replace(/^\{|\}$/g, "");
  const items: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === "\\" && quoted) current += body[++i] ?? "";
    else if (char === '"') quoted = !quoted;
    else if (char === "," && !quoted) {
      items.push(current);
      current = "";
    } else current += char;
  }
  items.push(current);
  return items;
}
