/**
 * The search contract every engine meets (embedded PostgreSQL today; Meilisearch when
 * MEILI_HOST is set). Engines return only published listings, ever.
 *
 * The query is already clean when it gets here: words trimmed and capped, codes known, the
 * postcode turned into a point (search/postcodes.server.ts), the radius clamped. Engines do
 * not parse URLs and never throw for a query a person could type.
 */
import type { AssetKind } from "../db/vocabulary/kinds";
import type { AccessibilityFeatureCode, NeedCode } from "../db/vocabulary/needs";

/** iCalendar BYDAY codes, as schedules.byday holds them. */
export type DayCode = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";

export type SortOrder = "relevance" | "distance" | "name";

export interface SearchPoint {
  latitude: number;
  longitude: number;
  /** Only listings with a location within this many miles (already clamped to 0.1..50). */
  radiusMiles: number;
}

export interface AssetQuery {
  /** What the person typed; may be empty (then every published listing that fits the filters). */
  text: string;
  page: number; // 1-based
  perPage: number;
  /** Any of these needs (facet: OR within the facet). */
  needs?: NeedCode[];
  /** Any of these kinds (facet: OR within the facet). */
  kinds?: AssetKind[];
  /** Every one of these accessibility features. */
  accessibility?: AccessibilityFeatureCode[];
  near?: SearchPoint | null;
  /** Open on this day of the week (weekly, or some week of the month). */
  day?: DayCode | null;
  /** Free, or low cost (see lowCostPoundsPerSession). */
  freeOrLowCost?: boolean;
  directPayment?: boolean;
  /** capacity_available > 0 now. */
  hasCapacity?: boolean;
  /** Open to a person of this age (minimum_age ≤ age ≤ maximum_age, missing bounds ignored). */
  age?: number | null;
  /**
   * "relevance" (the default): the rules in docs/search.md, nearest first among equals when
   * there is a point. "distance" (needs `near`; without it, relevance): nearest first.
   * "name": by name. With no words, relevance means nearest first with a point, else by name.
   */
  sort?: SortOrder;
}

/** A session that costs this much or less counts as "low cost". */
export const lowCostPoundsPerSession = 5;

export interface AssetHit {
  id: string;
  name: string;
  kind: AssetKind;
  summary: string;
  town: string | null;
  postcode: string | null;
  wardName: string | null;
  /** Where the listing is (its nearest location to the searched point), for the map. */
  latitude: number | null;
  longitude: number | null;
  needs: NeedCode[];
  isFree: boolean;
  directPayment: boolean;
  hourlyRatePence: number | null;
  /** Miles from the searched point to the listing's nearest location; null without a point. */
  distanceMiles: number | null;
  // ── What decides a visit, for the result card (services' columns as the listing page reads them) ──
  /** What capacity counts: places, or hours a week (a PA's time); null when the listing does not say. */
  capacityUnit: "places" | "hours_per_week" | null;
  /** Places (or hours a week) free now; 0 is full; null when not said. */
  capacityAvailable: number | null;
  /** When full: whether there is a waiting list, and about how many weeks it is (null: not said). */
  waitingList: boolean;
  waitingListWeeks: number | null;
  /** What it costs in the listing's own words (ORUK `fees`, e.g. "£4.50 a session, lunch included"); null when blank. */
  fees: string | null;
  /** The lowest amount among its cost options, in pence (the price of a session, as matching reads it); null when none. */
  sessionPricePence: number | null;
  /** When it runs: the distinct BYDAY values of its schedules ("TU,TH", "1MO" = first Monday), sorted; empty when by arrangement. */
  bydays: string[];
}

export interface FacetCount<Code extends string> {
  code: Code;
  count: number;
}

/**
 * Counts for the current query. Each facet is counted with every filter except its own (so
 * ticking a second need widens the list by the number shown); values with no results are left out.
 */
export interface AssetFacets {
  needs: FacetCount<NeedCode>[];
  kinds: FacetCount<AssetKind>[];
}

/**
 * How the words were used. Every word when some listing matches them all (or there were none);
 * otherwise the first words that some listing matches, the last dropped first (Meilisearch's
 * matchingStrategy "last"); otherwise the listings meeting the needs the words imply; otherwise
 * nothing ("none", with any needs implied, so the page can offer ways forward).
 */
export type WordMatch =
  | { kind: "every-word" }
  | { kind: "some-words"; used: string; dropped: string }
  | { kind: "implied-needs"; needs: NeedCode[] }
  | { kind: "none"; needs: NeedCode[] };

export interface AssetResults {
  hits: AssetHit[];
  total: number;
  page: number;
  perPage: number;
  facets: AssetFacets;
  wordMatch: WordMatch;
}

export interface SearchEngine {
  readonly name: string;
  searchAssets(query: AssetQuery): Promise<AssetResults>;
}

export { milesToMetres } from "../db/vocabulary/distance";
export const minRadiusMiles = 0.1;
export const maxRadiusMiles = 50;
export const defaultRadiusMiles = 5;
