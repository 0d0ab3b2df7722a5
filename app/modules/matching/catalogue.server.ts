/**
 * The matching catalogue: every published, active listing's matching details, held in memory
 * by each app server and brought up to date before every match.
 *
 * Matching a person in a dense area reads ~10,000 listings; reading them from the embedded
 * database took 190–250 ms however the statement was shaped (docs/decisions/0013-matching.md).
 * Held here, picking a person's candidates is a pass over arrays.
 *
 * Nothing is trusted to be current: it is one reader of this server's listing feed
 * (search/listing-feed.server.ts), shared with the in-memory search engine, which before each
 * match reloads just the listings the search outbox queued since this server last looked, by
 * transaction. So every app server gives the same answer as the database would, and they stay
 * stateless: a new server loads the lot on its first match (about a second for 50,000 listings).
 * docs/decisions/0016-matching-catalogue.md.
 *
 * `candidatesFor` returns exactly what `loadCandidates` (matching.server.ts) would: the SQL
 * loader stays as the reference, and test/integration/matching-catalogue.test.ts compares them.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { needs as needTaxonomy } from "../../../db/vocabulary/needs";
import { earthPoint, greatCircle } from "../../../search/earth";
import { listingFeed, ListingFeed, perDatabase, type FeedReader } from "../../../search/listing-feed.server";
import { milesToMetres, toCandidate, type CandidateRow } from "./candidate-row";
import { servesWhereTheyLive, type MatchCandidate } from "./engine";
import { matchSettings } from "./weights";

/** Each need's bit in a listing's need mask (eight needs). */
const needBit = new Map<string, number>(needTaxonomy.map((need, index) => [need.code, 1 << index]));

/**
 * Past this many listings in a directory, the catalogue steps aside and matching reads the
 * database: 150,000 is about 130 MB of heap and a 3-second load, in one JSON value.
 */
export const catalogueMaxListings = 150_000;
interface Entry {
  /** The candidate as the engine sees it, distance left null (it is the person's). */
  candidate: MatchCandidate;
  needMask: number;
  /** Comes to the home and says where: reachable beyond the travel limit where it serves. */
  comesToHome: boolean;
  /** Each place as earth coordinates (x, y, z in metres, as ll_to_earth gives them), one after another. */
  points: Float64Array;
}

/**
 * One listing as the profile statement sends it: a candidate row (candidate-row.ts) with, where
 * the distance would be, its places as earth coordinates (x, y, z, one place after another).
 */
type ProfileRow = unknown[];
const placesAt = 14;
export interface CataloguePerson {
  needs: readonly string[];
  wardCode: string | null;
  districtCode: string | null;
  maxTravelMiles: number | null;
  latitude: number;
  longitude: number;
}

export interface CatalogueStats {
  listings: number;
  fullLoads: number;
  /** Listings reloaded one by one because the outbox said they changed. */
  reloaded: number;
  lastFullLoadMs: number;
}

export class MatchingCatalogue implements FeedReader {
  readonly name = "matching";
  private held = new Held();
  /** Entries with home visits (reachable beyond the travel limit where they serve). */
  private visiting = new Set<Entry>();
  private tooLarge = false;
  private readonly feed: ListingFeed;
  readonly stats: CatalogueStats = { listings: 0, fullLoads: 0, reloaded: 0, lastFullLoadMs: 0 };

  private readonly maxListings: number;

  /**
   * With `feed`, a reader of that (shared) feed; otherwise of a feed of its own, with the
   * limits given (tests and the benchmark use their own).
   */
  constructor(
    db: Database,
    limits: { maxListings?: number; maxReloaded?: number; feed?: ListingFeed } = {},
  ) {
    this.maxListings = limits.maxListings ?? catalogueMaxListings;
    this.feed = limits.feed ?? new ListingFeed(db, { maxReloaded: limits.maxReloaded });
    this.feed.register(this);
  }

  /**
   * The person's candidates, current as of this call; null when the catalogue stands aside
   * (a directory too large to hold) and the caller should read the database instead.
   */
  async candidatesFor(person: CataloguePerson): Promise<MatchCandidate[] | null> {
    const wanted = needMask(person.needs);
    if (wanted === 0) return [];
    await this.feed.current();
    if (this.tooLarge) return null;
    return this.pick(person, wanted, earthPoint(person.latitude, person.longitude));
  }

  /** Brings the catalogue up to date (a full load the first time), e.g. when a server starts. */
  async warm(): Promise<void> {
    await this.feed.current();
  }

  // ── The feed's reader ──

  rows(where: SQL, few: boolean): SQL {
    return profiles(where, few);
  }

  reset(published: number): boolean {
    this.held = new Held();
    this.visiting.clear();
    this.tooLarge = published > this.maxListings;
    this.stats.fullLoads++;
    this.stats.listings = 0;
    this.loadStarted = performance.now();
    return !this.tooLarge;
  }

  drop(ids: readonly string[]): void {
    for (const id of ids) this.remove(id);
  }

  put(rows: readonly unknown[]): void {
    for (const row of rows) this.add(row as ProfileRow);
  }

  settle(full: boolean, changed: number): void {
    if (full) this.stats.lastFullLoadMs = Math.round(performance.now() - this.loadStarted);
    else this.stats.reloaded += changed;
    this.stats.listings = this.held.count;
  }

  private loadStarted = 0;

  private remove(id: string) {
    const entry = this.held.remove(id);
    if (entry) this.visiting.delete(entry);
  }

  private add(row: ProfileRow) {
    const points = row[placesAt] as number[] | null;
    const candidate = toCandidate(row.map((value, index) => (index === placesAt ? null : value)) as CandidateRow);
    this.remove(candidate.id);
    const mask = needMask(candidate.needs);
    if (mask === 0) return; // meets no need: never a candidate
    const entry: Entry = {
      candidate,
      needMask: mask,
      comesToHome: candidate.comesToHome && candidate.serviceAreas.length > 0,
      points: Float64Array.from(points ?? []),
    };
    this.held.add(entry);
    if (entry.comesToHome) this.visiting.add(entry);
  }

  /**
   * The same candidates as matching.server.ts's statement: listings within the travel limit that
   * meet a need (great-circle distance to the nearest place, as earth_distance works it out),
   * then those that come to the home and serve the person's ward or district.
   */
  private pick(person: CataloguePerson, wanted: number, [cx, cy, cz]: [number, number, number]): MatchCandidate[] {
    const limit = (person.maxTravelMiles ?? matchSettings.defaultMaxTravelMiles) * milesToMetres;
    const { entries, masks, places, count } = this.held;
    const found: MatchCandidate[] = [];
    const near = new Set<Entry>();
    for (let index = 0; index < count; index++) {
      if ((masks[index]! & wanted) === 0) continue;
      // The nearest place by straight line is the nearest by great circle, which is never
      // shorter: a straight line over the limit needs no great circle worked out.
      let chord: number;
      if (Number.isNaN(places[index * 3]!)) chord = nearestChord(entries[index]!.points, cx, cy, cz);
      else {
        const dx = cx - places[index * 3]!;
        const dy = cy - places[index * 3 + 1]!;
        const dz = cz - places[index * 3 + 2]!;
        chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
      }
      if (chord > limit) continue;
      const metres = greatCircle(chord);
      if (metres <= limit) {
        const entry = entries[index]!;
        if (entry.comesToHome) near.add(entry);
        found.push(withDistance(entry.candidate, Math.round((metres / milesToMetres) * 100) / 100));
      }
    }
    for (const entry of this.visiting) {
      if ((entry.needMask & wanted) === 0 || near.has(entry)) continue;
      if (servesWhereTheyLive(person, entry.candidate.serviceAreas)) found.push(entry.candidate);
    }
    return found;
  }
}

/**
 * The held entries, packed for scanning (arrays beat walking a map): each one's need mask, and
 * its place's x, y, z when it has exactly one (NaN otherwise, and its points are read instead).
 * A changed listing is replaced where it stands; a removed one's place is taken by the last.
 */
class Held {
  entries: Entry[] = [];
  masks = new Int32Array(1024);
  places = new Float64Array(1024 * 3);
  count = 0;
  private positions = new Map<string, number>();

  add(entry: Entry) {
    const id = entry.candidate.id;
    let at = this.positions.get(id);
    if (at === undefined) {
      at = this.count++;
      if (at === this.masks.length) this.grow();
      this.positions.set(id, at);
    }
    this.write(at, entry);
  }

  remove(id: string): Entry | null {
    const at = this.positions.get(id);
    if (at === undefined) return null;
    const entry = this.entries[at]!;
    const last = --this.count;
    if (at !== last) {
      const moved = this.entries[last]!;
      this.write(at, moved);
      this.positions.set(moved.candidate.id, at);
    }
    this.entries.length = last;
    this.positions.delete(id);
    return entry;
  }

  private write(at: number, entry: Entry) {
    this.entries[at] = entry;
    this.masks[at] = entry.needMask;
    if (entry.points.length === 3) this.places.set(entry.points, at * 3);
    else this.places.fill(Number.NaN, at * 3, at * 3 + 3);
  }

  private grow() {
    const masks = new Int32Array(this.masks.length * 2);
    masks.set(this.masks);
    const places = new Float64Array(this.places.length * 2);
    places.set(this.places);
    this.masks = masks;
    this.places = places;
  }
}

/** The straight-line distance to the nearest of several places (Infinity for none). */
function nearestChord(points: Float64Array, cx: number, cy: number, cz: number): number {
  let chord = Number.POSITIVE_INFINITY;
  for (let i = 0; i < points.length; i += 3) {
    const dx = cx - points[i]!;
    const dy = cy - points[i + 1]!;
    const dz = cz - points[i + 2]!;
    const line = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (line < chord) chord = line;
  }
  return chord;
}

/** A copy of a held candidate with the person's distance (the held one is shared by every match). */
function withDistance(candidate: MatchCandidate, distanceMiles: number): MatchCandidate {
  return {
    id: candidate.id,
    name: candidate.name,
    kind: candidate.kind,
    needs: candidate.needs,
    minimumAge: candidate.minimumAge,
    maximumAge: candidate.maximumAge,
    serviceAreas: candidate.serviceAreas,
    capacityUnit: candidate.capacityUnit,
    capacityAvailable: candidate.capacityAvailable,
    waitingList: candidate.waitingList,
    waitingListWeeks: candidate.waitingListWeeks,
    schedules: candidate.schedules,
    distanceMiles,
    comesToHome: candidate.comesToHome,
    isFree: candidate.isFree,
    hourlyRatePence: candidate.hourlyRatePence,
    sessionCostPence: candidate.sessionCostPence,
    directPayment: candidate.directPayment,
    lastVerifiedAt: candidate.lastVerifiedAt,
  };
}

function needMask(needs: readonly string[]): number {
  let mask = 0;
  for (const need of needs) mask |= needBit.get(need) ?? 0;
  return mask;
}

const isPublished = sql`s.listing_status = 'published' and s.status = 'active'`;

/**
 * The profile of each published, active listing `where` picks, as one JSON array of arrays.
 * Places as matching.server.ts's statement measures from: the listing's location box when it is
 * a point, otherwise each of its located places. `few`: a handful of listings (changed ones),
 * whose details are fetched by index per listing; otherwise each details table is read once.
 */
function profiles(where: SQL, few: boolean): SQL {
  const details = few
    ? sql`
    left join lateral (
      select json_agg(json_build_array(sa.ward_code, sa.district_code)) as areas from service_areas sa where sa.service_id = s.id
    ) a on true
    left join lateral (
      select json_agg(json_build_array(sc.freq, sc.byday, sc.opens_at, sc.closes_at) order by sc.ctid) as schedules from schedules sc where sc.service_id = s.id
    ) t on true
    left join lateral (
      select min(co.amount) as session_cost from cost_options co where co.service_id = s.id
    ) c on true`
    : sql`
    left join (
      select sa.service_id as id, json_agg(json_build_array(sa.ward_code, sa.district_code)) as areas
      from service_areas sa group by sa.service_id
    ) a on a.id = s.id
    left join (
      select sc.service_id as id, json_agg(json_build_array(sc.freq, sc.byday, sc.opens_at, sc.closes_at) order by sc.ctid) as schedules
      from schedules sc group by sc.service_id
    ) t on t.id = s.id
    left join (
      select co.service_id as id, min(co.amount) as session_cost from cost_options co group by co.service_id
    ) c on c.id = s.id`;
  return sql`select coalesce(json_agg(json_build_array(s.id, s.name, s.kind, s.minimum_age, s.maximum_age, s.capacity_unit,
        s.capacity_available, s.waiting_list, s.waiting_list_weeks, s.is_free, s.hourly_rate_pence, s.direct_payment,
        s.last_verified_at::text, s.term_ids, p.points,
        -- A place people go to serves whoever can travel to it: its areas are not used (ADR 0027).
        case when s.delivery = 'at_venue' then null else a.areas end, t.schedules, c.session_cost)), '[]')::text
    from services s
    left join lateral (
      select case
        when s.location_box is null then null
        when cube_is_point(s.location_box) then json_build_array(cube_ll_coord(s.location_box, 1), cube_ll_coord(s.location_box, 2), cube_ll_coord(s.location_box, 3))
        else (
          select json_agg(coordinate order by place, axis) from (
            select l.id as place, axis, cube_ll_coord(ll_to_earth(l.latitude, l.longitude), axis) as coordinate
            from service_at_locations sal join locations l on l.id = sal.location_id, generate_series(1, 3) axis
            where sal.service_id = s.id and l.latitude is not null and l.longitude is not null
          ) places
        ) end as points
    ) p on true${details}
    where ${isPublished} and ${where}`;
}

/** This server's catalogue for a database (one per database handle), on the server's shared listing feed. */
export function matchingCatalogue(db: Database): MatchingCatalogue {
  return perDatabase("matching catalogue", db, () => new MatchingCatalogue(db, { feed: listingFeed(db) }));
}
