/**
 * What's on: the sessions of published listings day by day for a week, near a place, from their
 * schedules (occurrences.ts); and "open now" / "on today" for a page of search or guided results.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { listingFeed } from "../../../search/listing-feed.server";
import { english, type Translate } from "../i18n/i18n";
import { distanceIn, timeIn } from "../i18n/words";
import { milesToMetres } from "../matching/candidate-row";
import { happeningAt, occursOn, weekFrom, type Happening, type ScheduleRule } from "./occurrences";
import { isIsoDate } from "../../../db/calendar";

type RuleRow = [
  freq: string | null,
  interval: number | null,
  byday: string | null,
  bymonthday: string | null,
  dtstart: string | null,
  validFrom: string | null,
  validTo: string | null,
  opensAt: string | null,
  closesAt: string | null,
];

const toRule = ([freq, interval, byday, bymonthday, dtstart, validFrom, validTo, opensAt, closesAt]: RuleRow): ScheduleRule => ({
  freq,
  interval,
  byday,
  bymonthday,
  dtstart,
  validFrom,
  validTo,
  opensAt,
  closesAt,
});

const ruleColumns = sql`json_agg(json_build_array(sc.freq, sc.interval, sc.byday, sc.bymonthday, sc.dtstart::text,
  sc.valid_from::text, sc.valid_to::text, sc.opens_at::text, sc.closes_at::text) order by sc.opens_at, sc.id)`;

/**
 * Listings' schedule rules, per embedded database, while the listing feed reports no change: a
 * page of results asks about the same listings again and again, and there each statement runs in
 * the thread that serves every page. On a PostgreSQL server they are asked for each time.
 */
const rulesHeld = new WeakMap<Database, { version: number; rules: Map<string, ScheduleRule[]> }>();
const maxRulesHeld = 50_000;

async function rulesFor(db: Database, serviceIds: readonly string[]): Promise<Map<string, ScheduleRule[]>> {
  const feed = listingFeed(db);
  // On a server the feed's check is a statement of its own: asking the rules straight is as cheap.
  if (feed.toldOfCommits) await feed.current();
  let held = rulesHeld.get(db);
  if (!held || !feed.toldOfCommits || held.version !== feed.version || held.rules.size > maxRulesHeld) {
    held = { version: feed.version, rules: new Map() };
    rulesHeld.set(db, held);
  }
  const missing = [...new Set(serviceIds)].filter((id) => !held.rules.has(id));
  if (missing.length > 0) {
    const rows = await queryRows<{ id: string; rules: RuleRow[] | string }>(
      db,
      sql`select sc.service_id as id, ${ruleColumns} as rules from schedules sc
          where sc.service_id in (${sql.join(missing.map((id) => sql`${id}::uuid`), sql`, `)}) group by sc.service_id`,
    );
    for (const id of missing) held.rules.set(id, []);
    for (const row of rows) {
      const rules = (typeof row.rules === "string" ? JSON.parse(row.rules) : row.rules) as RuleRow[];
      held.rules.set(row.id, rules.map(toRule));
    }
  }
  return held.rules;
}

/** "open-now" / "on-today" for each of these listings that has one (at most a page of results). */
export async function happeningFor(db: Database, serviceIds: readonly string[], now: { date: string; minutes: number }): Promise<Record<string, Happening>> {
  if (serviceIds.length === 0) return {};
  const rules = await rulesFor(db, serviceIds);
  const happening: Record<string, Happening> = {};
  for (const id of serviceIds) {
    const state = happeningAt(rules.get(id) ?? [], now);
    if (state) happening[id] = state;
  }
  return happening;
}

export interface Session {
  id: string;
  name: string;
  /** "10:00 to 12:00", or null when the schedule gives no times. */
  time: string | null;
  opensAt: string | null;
  distance: string | null;
  happening: Happening | null;
}

export interface WhatsOnDay {
  date: string;
  sessions: Session[];
}

/** At most this many listings are read for one week (the nearest first). */
export const whatsOnMaxListings = 400;

/**
 * The week from `from` (YYYY-MM-DD) near a point (or across the directory without one): each
 * day's sessions in time order. `now` marks what is open now and on today.
 */
export async function whatsOnWeek(
  db: Database,
  options: { from: string; near: { latitude: number; longitude: number; radiusMiles: number } | null; now: { date: string; minutes: number }; t?: Translate },
): Promise<WhatsOnDay[]> {
  const t = options.t ?? english;
  if (!isIsoDate(options.from)) throw new RangeError(`"${options.from}" is not a date`);
  const near = options.near;
  const centre = near ? sql`ll_to_earth(${near.latitude}::float8, ${near.longitude}::float8)` : null;
  const metres = near ? near.radiusMiles * milesToMetres : 0;
  const rows = await queryRows<{ id: string; name: string; miles: number | string | null; rules: RuleRow[] | string }>(
    db,
    sql`select s.id, s.name,
          ${centre ? sql`(select min(earth_distance(${centre}, ll_to_earth(l.latitude, l.longitude))) from service_at_locations sal
            join locations l on l.id = sal.location_id where sal.service_id = s.id and l.latitude is not null) / ${milesToMetres}::float8` : sql`null::float8`} as miles,
          (select ${ruleColumns} from schedules sc where sc.service_id = s.id) as rules
        from services s
        where s.listing_status = 'published' and s.status = 'active'
          and exists (select 1 from schedules sc where sc.service_id = s.id)
          ${centre ? sql`and s.location_box && earth_box(${centre}, ${metres}::float8)` : sql``}
        order by miles nulls last, s.name, s.id
        limit ${whatsOnMaxListings}`,
  );
  const listings = rows
    .map((row) => ({
      id: row.id,
      name: row.name,
      miles: row.miles === null ? null : Number(row.miles),
      rules: ((typeof row.rules === "string" ? JSON.parse(row.rules) : row.rules) as RuleRow[]).map(toRule),
    }))
    // The box is a square around the point: keep the circle.
    .filter((listing) => !near || (listing.miles !== null && listing.miles <= near.radiusMiles));
  return weekFrom(options.from).map((date) => {
    const sessions: Session[] = [];
    for (const listing of listings) {
      for (const rule of listing.rules) {
        if (!occursOn(rule, date)) continue;
        const opens = timeIn(rule.opensAt, t);
        const closes = timeIn(rule.closesAt, t);
        sessions.push({
          id: listing.id,
          name: listing.name,
          time: opens && closes ? t("words.timeRange", { opens, closes }) : opens,
          opensAt: rule.opensAt ? rule.opensAt.slice(0, 5) : null,
          distance: listing.miles === null ? null : distanceIn(listing.miles, t),
          happening: date === options.now.date ? happeningAt([rule], options.now) : null,
        });
      }
    }
    // By time (sessions without times last), then name.
    sessions.sort((a, b) => (a.opensAt ?? "99") .localeCompare(b.opensAt ?? "99") || a.name.localeCompare(b.name, "en-GB"));
    return { date, sessions };
  });
}
