/**
 * The /search page's work: read the URL, find the place (app/modules/search/place.server.ts),
 * ask the engine, and say plainly what was adjusted (an unknown place, a radius out of range,
 * an age that is not a number) and how the words were used (some dropped, or none matched and
 * the needs they suggest shown instead), with ways forward when nothing at all is found.
 */
import type { Database } from "../../../db/client.server";
import { needName } from "../../../db/vocabulary/needs";
import type { AssetResults } from "../../../search/types";
import { searchEngine } from "../../../search/index.server";
import { config } from "../../env.server";
import { metrics, timed } from "../operations/metrics.server";
import { resolvePlace, type SearchPlace } from "./place.server";
import { happeningFor } from "../whats-on/whats-on.server";
import {
  maxAge,
  maxRadiusMiles,
  minRadiusMiles,
  parseSearchParams,
  perPage,
  searchHref,
  type SearchParams,
} from "../assets/search-params";
import { londonNow } from "../../../db/calendar";

/** A link the page offers when nothing is found. */
export interface WayForward {
  label: string;
  href: string;
}

export async function findSupport(db: Database, url: URL) {
  const params = parseSearchParams(url);
  const notices: string[] = [];
  const { place, problem: placeProblem } = await resolvePlace(db, params);
  // A ward or district is searched whole, whatever the distance box says.
  const point = place && !place.isArea ? place : null;
  if (point && params.radiusProblem === "too-large") {
    notices.push(`We searched within ${maxRadiusMiles} miles of ${point.label}, the furthest we search.`);
  } else if (point && params.radiusProblem === "too-small") {
    notices.push(`We searched within ${minRadiusMiles} miles of ${point.label}, the nearest we search.`);
  } else if (point && params.radiusProblem === "not-a-number") {
    notices.push(`The distance should be a number of miles, like 5. We searched within ${params.radiusMiles} miles.`);
  }
  if (params.ageInvalid) notices.push(`Enter an age as a whole number from 0 to ${maxAge}, like 70. We have not filtered by age.`);
  let sort = params.sort;
  if (sort === "distance" && !point) {
    sort = "relevance";
    notices.push(
      place ? "To sort by distance, enter a postcode, town or village instead of a ward or district." : "To sort by distance, enter a postcode or place.",
    );
  }

  const engine = searchEngine(db, config().meili);
  const results = await timed((seconds) => metrics().searchSeconds.observe({ engine: engine.name }, seconds), () => engine.searchAssets({
    text: params.text,
    page: params.page,
    perPage,
    needs: params.needs,
    kinds: params.kinds,
    accessibility: params.accessibility,
    near: place ? { latitude: place.latitude, longitude: place.longitude, radiusMiles: place.radiusMiles } : null,
    day: params.day,
    freeOrLowCost: params.freeOrLowCost,
    directPayment: params.directPayment,
    hasCapacity: params.hasCapacity,
    age: params.age,
    sort,
  }));
  // Miles from the middle of a ward or district mean nothing to the reader: cards leave them out.
  if (place?.isArea) results.hits = results.hits.map((hit) => ({ ...hit, distanceMiles: null }));
  const pages = Math.max(1, Math.ceil(results.total / perPage));
  // "Open now" / "On today" for the page of hits, from their schedules (one query for the page).
  const happening = await happeningFor(db, results.hits.map((hit) => hit.id), londonNow());
  const link = (changes: Partial<SearchParams>) => searchHref(params, changes);
  notices.push(...wordNotices(params.text, results, place));
  return {
    params,
    place,
    placeProblem,
    notices,
    results,
    waysForward: results.total === 0 ? waysForward(params, results, place !== null) : [],
    happening,
    pages,
    links: {
      first: link({ page: 1 }),
      previous: params.page > 1 && params.page <= pages ? link({ page: params.page - 1 }) : null,
      next: params.page < pages ? link({ page: params.page + 1 }) : null,
    },
  };
}

const listOf = (names: string[]) => (names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`);
const needList = (needs: readonly string[]) => listOf(needs.map((need) => needName(need).toLowerCase()));

/** How the words were used, in a sentence, when not all of them could be. */
export function wordNotices(text: string, results: AssetResults, place: Pick<SearchPlace, "where"> | null): string[] {
  const match = results.wordMatch;
  if (match.kind === "some-words") return [`No exact match for “${text}”; showing results for “${match.used}”.`];
  if (match.kind === "implied-needs") {
    return [
      `Nothing is listed for “${text}”. ${place ? "The nearest listings" : "Listings"} for ${needList(match.needs)} are shown instead, as your words suggest that.`,
    ];
  }
  if (match.kind === "none" && match.needs.length && place) {
    return [`Nothing ${place.where} helps with ${needList(match.needs)}.`];
  }
  return [];
}

/** What to try when nothing is found: further away, fewer filters, the need itself, or telling us what is missing. */
export function waysForward(params: SearchParams, results: AssetResults, hasPlace: boolean): WayForward[] {
  const ways: WayForward[] = [];
  const needs = results.wordMatch.kind === "none" ? results.wordMatch.needs : [];
  if (hasPlace && params.radiusMiles < maxRadiusMiles) {
    const wider = Math.min(maxRadiusMiles, Math.max(10, params.radiusMiles * 3));
    ways.push({ label: `Search within ${wider} miles instead`, href: searchHref(params, { radiusMiles: wider, page: 1 }) });
  }
  const filtered = params.needs.length || params.kinds.length || params.accessibility.length || params.day || params.freeOrLowCost || params.directPayment || params.hasCapacity || params.age !== null;
  if (filtered) {
    ways.push({
      label: "Search again without the filters",
      href: searchHref({ ...params, needs: [], kinds: [], accessibility: [], day: null, freeOrLowCost: false, directPayment: false, hasCapacity: false, age: null }, { page: 1 }),
    });
  }
  for (const need of needs) ways.push({ label: `See everything for ${needName(need).toLowerCase()}`, href: searchHref({ ...params, text: "", needs: [need] }, { page: 1 }) });
  ways.push({ label: "Tell us about a group or service that should be listed", href: "/suggest" });
  return ways;
}
