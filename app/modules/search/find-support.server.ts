/**
 * The /search page's work: read the URL, find the place (app/modules/search/place.server.ts),
 * ask the engine, and say plainly what was adjusted (an unknown place, a radius out of range,
 * an age that is not a number).
 */
import type { Database } from "../../../db/client.server";
import { searchEngine } from "../../../search/index.server";
import { config } from "../../env.server";
import { metrics, timed } from "../operations/metrics.server";
import { resolvePlace } from "./place.server";
import { happeningFor } from "../whats-on/whats-on.server";
import { londonNow } from "../whats-on/occurrences";
import {
  maxAge,
  maxRadiusMiles,
  minRadiusMiles,
  parseSearchParams,
  perPage,
  searchHref,
  type SearchParams,
} from "../assets/search-params";

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
  return {
    params,
    place,
    placeProblem,
    notices,
    results,
    happening,
    pages,
    links: {
      first: link({ page: 1 }),
      previous: params.page > 1 && params.page <= pages ? link({ page: params.page - 1 }) : null,
      next: params.page < pages ? link({ page: params.page + 1 }) : null,
    },
  };
}
