/**
 * The /search page's work: read the URL, find the postcode, ask the engine, and say plainly
 * what was adjusted (an unknown postcode, a radius out of range, an age that is not a number).
 */
import type { Database } from "../../../db/client.server";
import { findPlace } from "../../../search/postcodes.server";
import { searchEngine } from "../../../search/index.server";
import { config } from "../../env.server";
import {
  maxAge,
  maxRadiusMiles,
  minRadiusMiles,
  parseSearchParams,
  perPage,
  searchHref,
  type SearchParams,
} from "../assets/search-params";

export interface PostcodeProblem {
  typed: string;
  suggestions: { label: string; href: string }[];
}

export async function findSupport(db: Database, url: URL) {
  const params = parseSearchParams(url);
  const notices: string[] = [];
  let place: { label: string; latitude: number; longitude: number } | null = null;
  let postcodeProblem: PostcodeProblem | null = null;

  if (params.postcode) {
    const lookup = await findPlace(db, params.postcode);
    if (lookup.found) {
      place = lookup;
      params.postcode = lookup.label;
    } else {
      postcodeProblem = {
        typed: lookup.typed,
        suggestions: lookup.suggestions.map((label) => ({ label, href: searchHref(params, { postcode: label, page: 1 }) })),
      };
    }
  }
  if (place && params.radiusProblem === "too-large") {
    notices.push(`We searched within ${maxRadiusMiles} miles of ${place.label}, the furthest we search.`);
  } else if (place && params.radiusProblem === "too-small") {
    notices.push(`We searched within ${minRadiusMiles} miles of ${place.label}, the nearest we search.`);
  } else if (place && params.radiusProblem === "not-a-number") {
    notices.push(`The distance should be a number of miles, like 5. We searched within ${params.radiusMiles} miles.`);
  }
  if (params.ageInvalid) notices.push(`Enter an age as a whole number from 0 to ${maxAge}, like 70. We have not filtered by age.`);
  let sort = params.sort;
  if (sort === "distance" && !place) {
    sort = "relevance";
    notices.push("To sort by distance, enter a postcode.");
  }

  const results = await searchEngine(db, config().meili).searchAssets({
    text: params.text,
    page: params.page,
    perPage,
    needs: params.needs,
    kinds: params.kinds,
    accessibility: params.accessibility,
    near: place ? { latitude: place.latitude, longitude: place.longitude, radiusMiles: params.radiusMiles } : null,
    day: params.day,
    freeOrLowCost: params.freeOrLowCost,
    directPayment: params.directPayment,
    hasCapacity: params.hasCapacity,
    age: params.age,
    sort,
  });
  const pages = Math.max(1, Math.ceil(results.total / perPage));
  const link = (changes: Partial<SearchParams>) => searchHref(params, changes);
  return {
    params,
    place: place ? { label: place.label, radiusMiles: params.radiusMiles } : null,
    postcodeProblem,
    notices,
    results,
    pages,
    links: {
      first: link({ page: 1 }),
      previous: params.page > 1 && params.page <= pages ? link({ page: params.page - 1 }) : null,
      next: params.page < pages ? link({ page: params.page + 1 }) : null,
    },
  };
}
