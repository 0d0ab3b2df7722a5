/**
 * The /search page's work: read the URL, find the place (app/modules/search/place.server.ts),
 * ask the engine, and say plainly what was adjusted (an unknown place, a radius out of range,
 * an age that is not a number) and how the words were used (some dropped, or none matched and
 * the needs they suggest shown instead), with ways forward when nothing at all is found.
 */
import type { Database } from "../../../db/client.server";
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
import { english, type Translate } from "../i18n/i18n";
import { listWithAnd, needIn } from "../i18n/words";

/** A link the page offers when nothing is found. */
export interface WayForward {
  label: string;
  href: string;
}

/** `t` is the page's language (English when not given): every sentence this returns is in it. */
export async function findSupport(db: Database, url: URL, t: Translate = english) {
  const params = parseSearchParams(url);
  const notices: string[] = [];
  const { place, problem: placeProblem } = await resolvePlace(db, params, t);
  // A ward or district is searched whole, whatever the distance box says.
  const point = place && !place.isArea ? place : null;
  if (point && params.radiusProblem === "too-large") {
    notices.push(t("search.notice.tooFar", { miles: maxRadiusMiles, place: point.label }));
  } else if (point && params.radiusProblem === "too-small") {
    notices.push(t("search.notice.tooNear", { miles: minRadiusMiles, place: point.label }));
  } else if (point && params.radiusProblem === "not-a-number") {
    notices.push(t("search.notice.notANumber", { miles: params.radiusMiles }));
  }
  if (params.ageInvalid) notices.push(t("search.notice.age", { max: maxAge }));
  let sort = params.sort;
  if (sort === "distance" && !point) {
    sort = "relevance";
    notices.push(t(place ? "search.notice.sortArea" : "search.notice.sortNoPlace"));
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
  notices.push(...wordNotices(params.text, results, place, t));
  return {
    params,
    place,
    placeProblem,
    notices,
    results,
    waysForward: results.total === 0 ? waysForward(params, results, place !== null, t) : [],
    happening,
    pages,
    links: {
      first: link({ page: 1 }),
      previous: params.page > 1 && params.page <= pages ? link({ page: params.page - 1 }) : null,
      next: params.page < pages ? link({ page: params.page + 1 }) : null,
    },
  };
}

const needList = (needs: readonly string[], t: Translate) => listWithAnd(needs.map((need) => needIn(need, t).toLowerCase()), t);

/** How the words were used, in a sentence, when not all of them could be. */
export function wordNotices(text: string, results: AssetResults, place: Pick<SearchPlace, "where"> | null, t: Translate = english): string[] {
  const match = results.wordMatch;
  if (match.kind === "some-words") return [t("search.notice.someWords", { text, used: match.used })];
  if (match.kind === "implied-needs") return [t(place ? "search.notice.impliedNear" : "search.notice.implied", { text, needs: needList(match.needs, t) })];
  if (match.kind === "none" && match.needs.length && place) {
    return [t("search.notice.noneHere", { where: place.where, needs: needList(match.needs, t) })];
  }
  return [];
}

/** What to try when nothing is found: further away, fewer filters, the need itself, or telling us what is missing. */
export function waysForward(params: SearchParams, results: AssetResults, hasPlace: boolean, t: Translate = english): WayForward[] {
  const ways: WayForward[] = [];
  const needs = results.wordMatch.kind === "none" ? results.wordMatch.needs : [];
  if (hasPlace && params.radiusMiles < maxRadiusMiles) {
    const wider = Math.min(maxRadiusMiles, Math.max(10, params.radiusMiles * 3));
    ways.push({ label: t("search.way.wider", { miles: wider }), href: searchHref(params, { radiusMiles: wider, page: 1 }) });
  }
  const filtered = params.needs.length || params.kinds.length || params.accessibility.length || params.day || params.freeOrLowCost || params.directPayment || params.hasCapacity || params.age !== null;
  if (filtered) {
    ways.push({
      label: t("search.way.noFilters"),
      href: searchHref({ ...params, needs: [], kinds: [], accessibility: [], day: null, freeOrLowCost: false, directPayment: false, hasCapacity: false, age: null }, { page: 1 }),
    });
  }
  for (const need of needs) ways.push({ label: t("search.way.need", { need: needIn(need, t).toLowerCase() }), href: searchHref({ ...params, text: "", needs: [need] }, { page: 1 }) });
  ways.push({ label: t("search.way.suggest"), href: "/suggest" });
  return ways;
}
