import { describe, expect, it } from "vitest";
import { backoffSeconds } from "../../search/worker.server";
import { needCodes } from "../../db/vocabulary/needs";
import {
  hitAttributes,
  indexSettings,
  meiliSynonyms,
  metresBetween,
  needMarker,
  translateFilters,
  translateQuery,
  wordCounts,
} from "../../search/meili-query";
import { toDocument } from "../../search/meili-documents.server";
import { toFacets, toHit } from "../../search/meilisearch.server";
import { planQuery } from "../../search/query-plan";
import { words } from "../../search/text";
import type { AssetQuery } from "../../search/types";
import { needWords, stopWords } from "../../search/vocabulary";

const base: AssetQuery = { text: "", page: 1, perPage: 20 };
const ely = { latitude: 52.3986, longitude: 0.2624 };

describe("AssetQuery → Meilisearch filters", () => {
  it("has no filter for an empty query, and sorts by name when there are neither words nor a point", () => {
    const { hits } = translateQuery(base, "assets");
    expect(hits).toEqual({
      indexUid: "assets",
      q: "",
      matchingStrategy: "last",
      page: 1,
      hitsPerPage: 20,
      sort: ["name:asc"],
      attributesToRetrieve: hitAttributes,
    });
    expect(hitAttributes).toEqual(expect.arrayContaining(["id", "_geo", "needs", "description"]));
  });

  it("turns each filter into its expression", () => {
    const { common, need, kind } = translateFilters({
      ...base,
      day: "SA",
      freeOrLowCost: true,
      directPayment: true,
      hasCapacity: true,
      age: 70.4,
      accessibility: ["hearing-loop", "step-free", "hearing-loop"],
      needs: ["memory", "carer-support"],
      kinds: ["vcs_group"],
    });
    expect(common).toEqual([
      'days = "SA"',
      "freeOrLowCost = true",
      "directPayment = true",
      "hasCapacity = true",
      "ageFrom <= 70",
      "ageTo >= 70",
      'accessibility = "hearing-loop"',
      'accessibility = "step-free"',
    ]);
    expect(need).toBe('needs IN ["memory", "carer-support"]');
    expect(kind).toBe('kind IN ["vcs_group"]');
  });

  it("turns a point into _geoRadius in metres, clamping the radius to 0.1–50 miles", () => {
    expect(translateFilters({ ...base, near: { ...ely, radiusMiles: 5 } }).common).toEqual(["_geoRadius(52.3986, 0.2624, 8047)"]);
    expect(translateFilters({ ...base, near: { ...ely, radiusMiles: -5 } }).common).toEqual(["_geoRadius(52.3986, 0.2624, 161)"]);
    expect(translateFilters({ ...base, near: { ...ely, radiusMiles: 10_000 } }).common).toEqual(["_geoRadius(52.3986, 0.2624, 80467)"]);
    expect(translateFilters({ ...base, near: { latitude: Number.NaN, longitude: 0, radiusMiles: 5 } }).common).toEqual([]);
  });

  it("drops unknown codes instead of passing them to Meilisearch", () => {
    const odd = translateFilters({
      ...base,
      needs: ['memory"] OR kind = "x' as never, "unicorns" as never],
      kinds: ["castle" as never],
      accessibility: ["jetpack" as never],
      day: "XX" as never,
      age: Number.NaN,
    });
    expect(odd).toEqual({ common: [], need: null, kind: null });
  });

  it("counts each facet without its own filter, and the hits with all of them", () => {
    const query = translateQuery({ ...base, text: "lunch", needs: ["memory"], kinds: ["vcs_group"], directPayment: true }, "assets");
    expect(query.hits.filter).toEqual(["directPayment = true", 'needs IN ["memory"]', 'kind IN ["vcs_group"]']);
    expect(query.needFacets).toMatchObject({ filter: ["directPayment = true", 'kind IN ["vcs_group"]'], facets: ["needs"], hitsPerPage: 0 });
    expect(query.kindFacets).toMatchObject({ filter: ["directPayment = true", 'needs IN ["memory"]'], facets: ["kind"], hitsPerPage: 0 });
    expect(query.hits.sort).toBeUndefined(); // words: relevance
  });

  it("puts the nearest first among equals with a point (sort after the word rules), names when asked, relevance otherwise", () => {
    const geo = ["_geoPoint(52.3986, 0.2624):asc", "name:asc"];
    const point = { ...ely, radiusMiles: 5 };
    expect(translateQuery({ ...base, text: "lunch", near: point }, "a").hits.sort).toEqual(geo);
    expect(translateQuery({ ...base, text: "lunch", near: point, sort: "distance" }, "a").hits.sort).toEqual(geo);
    expect(translateQuery({ ...base, near: point }, "a").hits.sort).toEqual(geo);
    expect(translateQuery({ ...base, text: "lunch", near: point, sort: "name" }, "a").hits.sort).toEqual(["name:asc"]);
    expect(translateQuery({ ...base, text: "lunch", sort: "distance" }, "a").hits.sort).toBeUndefined();
    expect(translateQuery({ ...base, text: "lunch" }, "a").hits.sort).toBeUndefined();
  });

  it("asks as matchingStrategy last, with counts that say which words were used, and the implied needs", () => {
    const query = { ...base, text: "lunch zzyzx", directPayment: true };
    const plan = planQuery(query.text);
    expect(translateQuery(query, "a").hits).toMatchObject({ q: "lunch zzyzx", matchingStrategy: "last" });
    const counts = wordCounts(query, "a", plan);
    expect(counts.levels.map((level) => [level.level, level.request.q, level.request.matchingStrategy, level.request.hitsPerPage])).toEqual([
      [2, "lunch zzyzx", "all", 0],
      [1, "lunch", "all", 0],
    ]);
    // "lunch" alone suggests company, for when nothing has even that word.
    expect(counts.implied).toMatchObject({ q: "", hitsPerPage: 0, filter: ["directPayment = true", 'needs IN ["social-connection"]'] });
    // One term: no counts needed; a phrase of the vocabulary is one term.
    expect(wordCounts({ ...base, text: "lunch club" }, "a", planQuery("lunch club")).levels).toEqual([]);
    expect(wordCounts({ ...base, text: "zzyzx" }, "a", planQuery("zzyzx"))).toEqual({ levels: [], implied: null });
    const swimming = translateQuery({ ...base, text: "swimming", needs: ["memory"] }, "a", { kind: "needs", needs: ["confidence-health"] });
    expect(swimming.hits).toMatchObject({ q: "", filter: ['needs IN ["confidence-health"]', 'needs IN ["memory"]'], sort: ["name:asc"] });
    expect(swimming.needFacets.filter).toEqual(['needs IN ["confidence-health"]']);
  });

  it("cleans and caps the words, and keeps page numbers sane", () => {
    const query = translateQuery({ ...base, text: `  \u0000lunch${"x".repeat(2000)}`, page: 0, perPage: 0 }, "a");
    expect(query.hits.q.startsWith("lunch")).toBe(true);
    expect(query.hits.q).toHaveLength(500);
    expect(query.hits).toMatchObject({ page: 1, hitsPerPage: 1 });
  });
});

describe("Meilisearch settings and documents", () => {
  it("states the rules: ranking, typo tolerance, stop words", () => {
    const settings = indexSettings();
    expect(settings.rankingRules).toEqual(["words", "typo", "proximity", "exactness", "attributeRank", "sort", "wordPosition", "name:asc"]);
    expect(settings.searchableAttributes).toEqual(["name", "description", "places", "needWords"]);
    expect(settings.typoTolerance).toEqual({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ["needWords"] });
    expect(settings.stopWords).toEqual(stopWords);
    expect(settings.sortableAttributes).toEqual(["_geo", "name"]);
  });

  it("takes synonyms from the vocabulary: typed → listing words, and each need's words → its marker", () => {
    const table = meiliSynonyms();
    expect(table.lonely).toEqual(expect.arrayContaining([needMarker("social-connection"), "befriending"]));
    expect(table.dinner).toEqual(expect.arrayContaining(["lunch", "meals"]));
    expect(table["walking group"]).toEqual(expect.arrayContaining(["health walk", "walkers"]));
    expect(table["lift to the doctor"]).toEqual(expect.arrayContaining(["car scheme", needMarker("getting-out")]));
    for (const need of needCodes) {
      for (const phrase of needWords[need]) expect(table[words(phrase).join(" ")], phrase).toContain(needMarker(need));
    }
    expect(indexSettings().synonyms).toEqual(table);
    expect(needMarker("money-advice-digital")).toBe("needmoneyadvicedigital");
  });

  it("builds a document from a database row", () => {
    const document = toDocument({
      id: "a",
      name: "Lunch club",
      description: "Hot lunch",
      kind: "vcs_group",
      is_free: false,
      direct_payment: true,
      capacity_unit: "places",
      capacity_available: 0,
      waiting_list: true,
      waiting_list_weeks: 4,
      fees: "£6 a session, lunch included",
      session_price: "6.00",
      minimum_age: 60,
      maximum_age: null,
      hourly_rate_pence: null,
      low_cost: true,
      needs: "{memory,social-connection}",
      accessibility: ["step-free"],
      bydays: '{-1FR,1MO,"TU,TH"}',
      town: "Ely",
      postcode: "CB7 4AA",
      ward_name: "Ely North",
      latitude: 52.4,
      longitude: 0.26,
      places: ["Ely", "Ely North", "Soham", "Soham South"],
    });
    expect(document).toMatchObject({
      needs: ["memory", "social-connection"],
      needWords: ["needmemory", "needsocialconnection"],
      places: ["Ely", "Ely North", "Soham", "Soham South"],
      days: ["FR", "MO", "TH", "TU"],
      freeOrLowCost: true,
      hasCapacity: false,
      ageFrom: 60,
      ageTo: 200,
      _geo: { lat: 52.4, lng: 0.26 },
    });
    // What the card shows, in the document and back in the hit: full with a waiting list, its price, the days as the schedules say them.
    const card = {
      capacityUnit: "places",
      capacityAvailable: 0,
      waitingList: true,
      waitingListWeeks: 4,
      fees: "£6 a session, lunch included",
      sessionPricePence: 600,
      bydays: ["-1FR", "1MO", "TU,TH"],
    };
    expect(document).toMatchObject(card);
    expect(toHit(document, null)).toMatchObject(card);
    for (const field of ["capacityAvailable", "waitingList", "waitingListWeeks", "fees", "sessionPricePence", "bydays"]) {
      expect(hitAttributes, field).toContain(field);
    }
    expect(toDocument({ ...rowWithoutPlace() })._geo).toBeUndefined();
  });

  it("reads hits and facets back: distance from _geoDistance or computed, facets in taxonomy order, unknown values dropped", () => {
    const document = toDocument(rowWithoutPlace());
    const placed = { ...document, _geo: { lat: 52.4, lng: 0.3 } };
    expect(toHit(placed, null).distanceMiles).toBeNull();
    const centre = { ...ely, radiusMetres: 8047 };
    expect(toHit({ ...placed, _geoDistance: 1609.344 * 1.5 }, centre).distanceMiles).toBe(1.5);
    expect(toHit(placed, centre).distanceMiles).toBeCloseTo(metresBetween(ely, { latitude: 52.4, longitude: 0.3 }) / 1609.344, 2);
    expect(toHit(placed, { ...centre, radiusMetres: 1000 }).distanceMiles).toBe(0.62); // never past the radius Meilisearch searched
    expect(toFacets({ memory: 2, "social-connection": 5, unicorns: 1, "carer-support": 0 }, { faith_group: 1, vcs_group: 3 })).toEqual({
      needs: [
        { code: "social-connection", count: 5 },
        { code: "memory", count: 2 },
      ],
      kinds: [
        { code: "vcs_group", count: 3 },
        { code: "faith_group", count: 1 },
      ],
    });
  });

  it("measures great-circle distance (Ely to Cambridge is about 14 miles)", () => {
    expect(metresBetween(ely, { latitude: 52.2053, longitude: 0.1218 }) / 1609.344).toBeCloseTo(14.4, 0);
  });
});

describe("worker backoff", () => {
  it("doubles from 5 seconds and stops at an hour", () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([5, 10, 20, 40]);
    expect(backoffSeconds(0)).toBe(5);
    expect(backoffSeconds(50)).toBe(3600);
  });
});

function rowWithoutPlace() {
  return {
    id: "b",
    name: "Phone friends",
    description: "",
    kind: "vcs_group" as const,
    is_free: true,
    direct_payment: false,
    capacity_unit: "places" as const,
    capacity_available: 3,
    waiting_list: false,
    waiting_list_weeks: null,
    fees: null,
    session_price: null,
    minimum_age: null,
    maximum_age: null,
    hourly_rate_pence: null,
    low_cost: false,
    needs: [],
    accessibility: null,
    bydays: null,
    town: null,
    postcode: null,
    ward_name: null,
    latitude: null,
    longitude: null,
    places: null,
  };
}
