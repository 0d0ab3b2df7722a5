/**
 * Meilisearch's side of the search contract, as pure functions (unit-tested without a server):
 * the index settings, the document shape, and one AssetQuery → the three searches of one
 * /multi-search request (the page of hits; needs counted without the need filter; kinds
 * counted without the kind filter, as the contract's facets require).
 * See docs/decisions/0010-meilisearch-sync.md.
 */
import { assetKinds, type AssetKind } from "../db/vocabulary/kinds";
import { accessibilityFeatures, needs as allNeeds, type NeedCode } from "../db/vocabulary/needs";
import { synonyms } from "./synonyms";
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
  /** The needs' names ("Memory and dementia"), so words that name a need find it. */
  needNames: string[];
  /** Every synonym phrase that points to one of the listing's needs ("lonely", "lift to the doctor"). */
  needPhrases: string[];
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

/** The index settings, applied in code on start and on reindex. */
export function indexSettings() {
  return {
    searchableAttributes: ["name", "needNames", "needPhrases", "description"],
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
    // "sort" first: a distance sort orders by distance (as the embedded engine does); without a
    // sort parameter the rule does nothing and relevance decides.
    rankingRules: ["sort", "words", "typo", "proximity", "attribute", "exactness"],
    synonyms: meiliSynonyms(),
    // One slip from five letters, two from nine: as search/synonyms.ts forgives one slip from five.
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    pagination: { maxTotalHits: 100_000 },
    faceting: { maxValuesPerFacet: 100 },
  };
}

export type IndexSettings = ReturnType<typeof indexSettings>;

/**
 * search/synonyms.ts as Meilisearch synonyms: each phrase → the words it stands for (one way:
 * "lonely" finds "befriending", not the reverse). The phrase → need half is in the documents
 * (needPhrases), since Meilisearch synonyms map words to words.
 */
export function meiliSynonyms(): Record<string, string[]> {
  const table = new Map<string, Set<string>>();
  for (const synonym of synonyms) {
    for (const phrase of synonym.phrases) {
      const words = table.get(phrase) ?? new Set<string>();
      for (const word of synonym.words) if (word !== phrase) words.add(word);
      if (words.size) table.set(phrase, words);
    }
  }
  return Object.fromEntries([...table].sort(([a], [b]) => a.localeCompare(b)).map(([phrase, words]) => [phrase, [...words].sort()]));
}

/** The synonym phrases that point to any of these needs, for a document's needPhrases. */
export function needPhrasesFor(codes: readonly NeedCode[]): string[] {
  const phrases = new Set<string>();
  for (const synonym of synonyms) {
    if (synonym.needs.some((need) => codes.includes(need))) for (const phrase of synonym.phrases) phrases.add(phrase);
  }
  return [...phrases].sort();
}

export function needNamesFor(codes: readonly NeedCode[]): string[] {
  return allNeeds.filter((need) => codes.includes(need.code)).map((need) => need.name);
}

const knownNeeds = new Set<string>(allNeeds.map((need) => need.code));
const knownKinds = new Set<string>(assetKinds.map((kind) => kind.code));
const knownFeatures = new Set<string>(accessibilityFeatures.map((feature) => feature.code));
const dayCodes = new Set<string>(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]);
/** Meilisearch reads at most this many characters of a query anyway (10 words); keep requests small. */
const maxTextLength = 500;

/** A filter value, quoted. Codes are checked against the known lists first; this is a second guard. */
const quote = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

export interface MeiliSearchRequest {
  indexUid: string;
  q: string;
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

/** What a hit needs (not the phrases and filter fields, which only make documents findable). */
export const hitAttributes = [
  "id", "name", "kind", "description", "town", "postcode", "wardName", "_geo", "needs", "isFree", "directPayment", "hourlyRatePence",
  // what the result card shows (search/card-columns.ts)
  "capacityUnit", "capacityAvailable", "waitingList", "waitingListWeeks", "fees", "sessionPricePence", "bydays",
];

export function translateQuery(query: AssetQuery, indexUid: string): TranslatedQuery {
  // eslint-disable-next-line no-control-regex
  const text = query.text.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, maxTextLength);
  const perPage = Math.max(1, Math.floor(query.perPage));
  const page = Math.max(1, Math.floor(query.page));
  const { common, need, kind } = translateFilters(query);
  const near = query.near ?? null;
  const centre =
    near && common[0]?.startsWith("_geoRadius")
      ? { latitude: near.latitude, longitude: near.longitude, radiusMetres: radiusMetres(near.radiusMiles) }
      : null;

  // As the embedded engine: by distance when asked, or when there is a point and no words;
  // by name when there is neither words nor a point; otherwise by relevance.
  let sort: string[] | undefined;
  if (centre && (query.sort === "distance" || !text)) sort = [`_geoPoint(${centre.latitude}, ${centre.longitude}):asc`, "name:asc"];
  else if (!text) sort = ["name:asc"];

  const filter = (...parts: (string | null)[]) => {
    const list = [...common, ...parts.filter((part): part is string => part !== null)];
    return list.length ? { filter: list } : {};
  };
  return {
    hits: { indexUid, q: text, ...filter(need, kind), page, hitsPerPage: perPage, ...(sort ? { sort } : {}), attributesToRetrieve: hitAttributes },
    needFacets: { indexUid, q: text, ...filter(kind), page: 1, hitsPerPage: 0, facets: ["needs"] },
    kindFacets: { indexUid, q: text, ...filter(need), page: 1, hitsPerPage: 0, facets: ["kind"] },
    page,
    perPage,
    centre,
  };
}

/** The radius clamped to 0.1–50 miles, in whole metres (as _geoRadius takes it). */
export function radiusMetres(miles: number): number {
  const clamped = Math.min(maxRadiusMiles, Math.max(minRadiusMiles, Number.isFinite(miles) ? miles : minRadiusMiles));
  return Math.round(clamped * milesToMetres);
}

export { metresBetween };
