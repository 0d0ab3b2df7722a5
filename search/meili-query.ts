/**
 * Meilisearch's side of the search contract, as pure functions (unit-tested without a server, as
 * none can run here): the index settings, the document shape, and an AssetQuery → the searches of
 * one /multi-search request. The rules are those of docs/search.md, configured as far as
 * Meilisearch's settings can say them (the ranking rules, typo tolerance, stop words, synonyms,
 * sortable attributes); where it cannot, the ADR says how it differs.
 * See docs/decisions/0010-meilisearch-sync.md and 0029-in-memory-search.md.
 */
import { assetKinds, type AssetKind } from "../db/vocabulary/kinds";
import { accessibilityFeatures, needCodes, needs as allNeeds, type NeedCode } from "../db/vocabulary/needs";
import type { QueryPlan } from "./query-plan";
import { cleanText, words } from "./text";
import { needWords, stopWords, synonyms } from "./vocabulary";
import { metresBetween } from "../db/vocabulary/distance";
import { maxRadiusMiles, milesToMetres, minRadiusMiles, type AssetQuery, type DayCode } from "./types";
import type { CardFields } from "./card-columns";

/** One published listing, as the index holds it. Field names are the filters' names. */
export interface AssetDocument extends CardFields {
  id: string;
  name: string;
  description: string;
  kind: AssetKind;
  needs: NeedCode[];
  /** A word per need it meets (needMarker): the vocabulary's words for a need find it through synonyms. */
  needWords: string[];
  /** Each place's town and ward, in order: "lunch club soham" finds listings in Soham. */
  places: string[];
  accessibility: string[];
  days: DayCode[];
  freeOrLowCost: boolean;
  isFree: boolean;
  directPayment: boolean;
  hasCapacity: boolean;
  /** minimum_age, or 0 when there is none (Meilisearch filters cannot say "missing or ≤"). */
  ageFrom: number;
  /** maximum_age, or 200 when there is none. */
  ageTo: number;
  hourlyRatePence: number | null;
  town: string | null;
  postcode: string | null;
  wardName: string | null;
  /** The listing's first location (listings have one place each today; see the ADR). Absent without one. */
  _geo?: { lat: number; lng: number };
}

export const noMinimumAge = 0;
export const noMaximumAge = 200;

/** The word a document holds for a need it meets ("needsocialconnection"): one token, never typed by anyone. */
export function needMarker(code: NeedCode): string {
  return `need${code.replace(/[^a-z]/g, "")}`;
}

/**
 * The index settings, applied in code on start and on reindex. The ranking rules are the rules of
 * docs/search.md in Meilisearch's words: the most words first ("words", with matchingStrategy
 * "last"), fewest typos, words closest together, closest to what was typed, the best attribute,
 * then the distance when there is a point ("sort" with _geoPoint), then the words' position, then
 * name. attributeRank and wordPosition need Meilisearch 1.36 or later (before, "attribute" was both).
 */
export function indexSettings() {
  return {
    searchableAttributes: ["name", "description", "places", "needWords"],
    filterableAttributes: [
      "_geo",
      "needs",
      "kind",
      "accessibility",
      "days",
      "freeOrLowCost",
      "directPayment",
      "hasCapacity",
      "ageFrom",
      "ageTo",
    ],
    sortableAttributes: ["_geo", "name"],
    displayedAttributes: ["*"],
    rankingRules: ["words", "typo", "proximity", "exactness", "attributeRank", "sort", "wordPosition", "name:asc"],
    stopWords: [...stopWords],
    synonyms: meiliSynonyms(),
    // No typo under 5 letters, one from 5, two from 9 (Meilisearch's defaults, stated); never on the need markers.
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ["needWords"] },
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 100 },
  };
}

export type IndexSettings = ReturnType<typeof indexSettings>;

/**
 * search/vocabulary.ts as Meilisearch synonyms (one way, typed → found): each typed phrase → the
 * words listings use for it, and each need's words → that need's marker (so "lonely" finds every
 * listing for company and social connection, as in the in-memory engine).
 */
export function meiliSynonyms(): Record<string, string[]> {
  const table = new Map<string, Set<string>>();
  const add = (phrase: string, found: string) => {
    const key = words(phrase).join(" ");
    const value = words(found).join(" ");
    if (!key || !value || key === value) return;
    const set = table.get(key) ?? new Set<string>();
    set.add(value);
    table.set(key, set);
  };
  for (const { typed, find } of synonyms) for (const phrase of typed.split(",")) for (const found of find.split(",")) add(phrase, found);
  for (const need of needCodes) for (const phrase of needWords[need]) add(phrase, needMarker(need));
  return Object.fromEntries([...table].sort(([a], [b]) => a.localeCompare(b)).map(([phrase, found]) => [phrase, [...found].sort()]));
}

const knownNeeds = new Set<string>(allNeeds.map((need) => need.code));
const knownKinds = new Set<string>(assetKinds.map((kind) => kind.code));
const knownFeatures = new Set<string>(accessibilityFeatures.map((feature) => feature.code));
const dayCodes = new Set<string>(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]);

/** A filter value, quoted. Codes are checked against the known lists first; this is a second guard. */
const quote = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export interface MeiliSearchRequest {
  indexUid: string;
  q: string;
  /** "last": listings with every word first, then fewer (the last dropped first); "all": every word. */
  matchingStrategy?: "all" | "last";
  /** ANDed; absent when there is nothing to filter. */
  filter?: string[];
  page: number;
  hitsPerPage: number;
  sort?: string[];
  facets?: string[];
  attributesToRetrieve?: string[];
}

export interface TranslatedQuery {
  /** The page of hits. */
  hits: MeiliSearchRequest;
  /** Need counts: every filter except the need filter. */
  needFacets: MeiliSearchRequest;
  /** Kind counts: every filter except the kind filter. */
  kindFacets: MeiliSearchRequest;
  page: number;
  perPage: number;
  /** The point distances are measured from and the radius searched, in metres; or null. */
  centre: { latitude: number; longitude: number; radiusMetres: number } | null;
}

/** Which words are asked for: the query's (Meilisearch's matchingStrategy "last"), or none and the needs they imply. */
export type WordsUsed = { kind: "terms" } | { kind: "needs"; needs: NeedCode[] };

/** The filters of an AssetQuery as Meilisearch filter expressions (ANDed), in three parts. */
export function translateFilters(query: AssetQuery): { common: string[]; need: string | null; kind: string | null } {
  const common: string[] = [];
  const near = query.near ?? null;
  if (near && Number.isFinite(near.latitude) && Number.isFinite(near.longitude)) {
    common.push(`_geoRadius(${near.latitude}, ${near.longitude}, ${radiusMetres(near.radiusMiles)})`);
  }
  if (query.day && dayCodes.has(query.day)) common.push(`days = ${quote(query.day)}`);
  if (query.freeOrLowCost) common.push("freeOrLowCost = true");
  if (query.directPayment) common.push("directPayment = true");
  if (query.hasCapacity) common.push("hasCapacity = true");
  if (query.age !== undefined && query.age !== null && Number.isFinite(query.age)) {
    const age = Math.round(query.age);
    common.push(`ageFrom <= ${age}`, `ageTo >= ${age}`);
  }
  for (const feature of new Set((query.accessibility ?? []).filter((code) => knownFeatures.has(code)))) {
    common.push(`accessibility = ${quote(feature)}`);
  }
  const needs = [...new Set((query.needs ?? []).filter((code) => knownNeeds.has(code)))];
  const kinds = [...new Set((query.kinds ?? []).filter((code) => knownKinds.has(code)))];
  return {
    common,
    need: needs.length ? `needs IN [${needs.map(quote).join(", ")}]` : null,
    kind: kinds.length ? `kind IN [${kinds.map(quote).join(", ")}]` : null,
  };
}

/** What a hit needs (not the words and filter fields, which only make documents findable). */
export const hitAttributes = [
  "id", "name", "kind", "description", "town", "postcode", "wardName", "_geo", "needs", "isFree", "directPayment", "hourlyRatePence",
  // what the result card shows (search/card-columns.ts)
  "capacityUnit", "capacityAvailable", "waitingList", "waitingListWeeks", "fees", "sessionPricePence", "bydays",
];

/**
 * One search: the page of hits and the two facet counts. The words as Meilisearch's
 * matchingStrategy "last" reads them (listings with every word first, then all but the last, …),
 * or no words and the needs they imply.
 */
export function translateQuery(query: AssetQuery, indexUid: string, use: WordsUsed = { kind: "terms" }): TranslatedQuery {
  const text = use.kind === "needs" ? "" : cleanText(query.text);
  const perPage = Math.max(1, Math.floor(query.perPage));
  const page = Math.max(1, Math.floor(query.page));
  const { common, need, kind } = translateFilters(query);
  const near = query.near ?? null;
  const centre =
    near && common[0]?.startsWith("_geoRadius")
      ? { latitude: near.latitude, longitude: near.longitude, radiusMetres: radiusMetres(near.radiusMiles) }
      : null;
  const implied = use.kind === "needs" ? `needs IN [${use.needs.map(quote).join(", ")}]` : null;

  // Relevance puts the nearest first among equals when there is a point ("sort" comes after the
  // word rules); with no words, nearest first with a point, else by name. sort=distance and
  // sort=name ask for that order, which Meilisearch applies after the word rules (the ADR says so).
  const geo = centre ? `_geoPoint(${centre.latitude}, ${centre.longitude}):asc` : null;
  let sort: string[] | undefined;
  if (query.sort === "name") sort = ["name:asc"];
  else if (geo) sort = [geo, "name:asc"];
  else if (!text) sort = ["name:asc"];

  const filter = (...parts: (string | null)[]) => {
    const list = [...common, ...parts.filter((part): part is string => part !== null)];
    return list.length ? { filter: list } : {};
  };
  const words = { q: text, matchingStrategy: "last" as const };
  return {
    hits: { indexUid, ...words, ...filter(implied, need, kind), page, hitsPerPage: perPage, ...(sort ? { sort } : {}), attributesToRetrieve: hitAttributes },
    needFacets: { indexUid, ...words, ...filter(implied, kind), page: 1, hitsPerPage: 0, facets: ["needs"] },
    kindFacets: { indexUid, ...words, ...filter(implied, need), page: 1, hitsPerPage: 0, facets: ["kind"] },
    page,
    perPage,
    centre,
  };
}

/**
 * Counts that say how the words were used, asked beside the search: for each number of terms
 * from all but one down to one, how many listings have those first terms (matchingStrategy
 * "all"), so the page can say which words it used; and how many meet the needs the words imply,
 * for when nothing has even the first.
 */
export function wordCounts(query: AssetQuery, indexUid: string, plan: QueryPlan): { levels: { level: number; request: MeiliSearchRequest }[]; implied: MeiliSearchRequest | null } {
  const count = (request: MeiliSearchRequest): MeiliSearchRequest => ({ ...request, hitsPerPage: 0, page: 1, attributesToRetrieve: [] });
  const base = translateQuery(query, indexUid).hits;
  const levels: { level: number; request: MeiliSearchRequest }[] = [];
  for (let level = plan.terms.length; level >= 1 && plan.terms.length > 1; level--) {
    levels.push({ level, request: count({ ...base, q: plan.terms.slice(0, level).map((term) => term.typed).join(" "), matchingStrategy: "all" }) });
  }
  const needs = impliedNeeds(plan);
  return { levels, implied: needs.length ? count(translateQuery(query, indexUid, { kind: "needs", needs }).hits) : null };
}

/** The needs a query's words name or suggest, in the taxonomy's order. */
export function impliedNeeds(plan: QueryPlan): NeedCode[] {
  return needCodes.filter((need) => plan.terms.some((term) => term.suggests.includes(need) || term.needs.some((match) => match.need === need)));
}

/** The radius clamped to 0.1–50 miles, in whole metres (as _geoRadius takes it). */
export function radiusMetres(miles: number): number {
  const clamped = Math.min(maxRadiusMiles, Math.max(minRadiusMiles, Number.isFinite(miles) ? miles : minRadiusMiles));
  return Math.round(clamped * milesToMetres);
}

export { metresBetween };
