/**
 * The Meilisearch engine: the search contract (search/types.ts) answered by a Meilisearch
 * index kept in sync from the database by the outbox worker (search/worker.server.ts).
 * One HTTP request per search: a /multi-search of the page of hits and the two facet counts.
 */
import { assetKinds, type AssetKind } from "../db/vocabulary/kinds";
import { needs as allNeeds, type NeedCode } from "../db/vocabulary/needs";
import type { Meilisearch, MultiSearchParams } from "meilisearch";
import { call, createMeiliClient, indexExists, waitForTasks, type MeiliConnection } from "./meili.server";
import { impliedNeeds, indexSettings, metresBetween, translateQuery, wordCounts, type AssetDocument, type TranslatedQuery } from "./meili-query";
import { summarise } from "./memory-index";
import { planQuery } from "./query-plan";
import { cleanText } from "./text";
import { milesToMetres, type AssetFacets, type AssetHit, type AssetQuery, type AssetResults, type SearchEngine, type WordMatch } from "./types";

export const defaultIndexUid = "assets";

export interface MeiliOptions extends MeiliConnection {
  /** The index name; defaults to "assets". */
  indexUid?: string;
}

/** What each of the three searches gives back (the fields read here). */
interface SearchResult {
  hits: (AssetDocument & { _geoDistance?: number })[];
  totalHits?: number;
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

export interface MeiliEngine extends SearchEngine {
  /** The official client, connected to MEILI_HOST. */
  readonly client: Meilisearch;
  readonly indexUid: string;
  /** Creates the index if missing and applies the settings in code; waits until applied. */
  applySettings(indexUid?: string): Promise<void>;
}

export function createMeiliEngine(options: MeiliOptions): MeiliEngine {
  const client = createMeiliClient(options);
  const indexUid = options.indexUid ?? defaultIndexUid;
  return {
    name: "meilisearch",
    client,
    indexUid,
    applySettings: (uid = indexUid) => applySettings(client, uid),
    /**
     * One /multi-search: the page and facets (matchingStrategy "last"), with counts saying which
     * words were used; a second request only when nothing has even the first word, for the
     * listings meeting the needs the words imply.
     */
    async searchAssets(query: AssetQuery): Promise<AssetResults> {
      const plan = planQuery(cleanText(query.text));
      const search = translateQuery(query, indexUid);
      const counts = wordCounts(query, indexUid, plan);
      const queries: MultiSearchParams = {
        queries: [search.hits, search.needFacets, search.kindFacets, ...counts.levels.map((level) => level.request), ...(counts.implied ? [counts.implied] : [])],
      };
      const { results } = await call(options.host, "a search", () => client.multiSearch(queries));
      const [hits, needFacets, kindFacets, ...counted] = results as unknown as SearchResult[];
      const totalOf = (result: SearchResult | undefined) => result?.totalHits ?? result?.estimatedTotalHits ?? 0;
      if (totalOf(hits) > 0 || plan.terms.length === 0) {
        const level = counts.levels.find((_, index) => totalOf(counted[index]) > 0)?.level ?? plan.terms.length;
        const wordMatch: WordMatch =
          level >= plan.terms.length
            ? { kind: "every-word" }
            : {
                kind: "some-words",
                used: plan.terms.slice(0, level).map((term) => term.typed).join(" "),
                dropped: plan.terms.slice(level).map((term) => term.typed).join(" "),
              };
        return read(search, [hits!, needFacets!, kindFacets!], wordMatch);
      }
      const needs = impliedNeeds(plan);
      if (!counts.implied || totalOf(counted[counts.levels.length]) === 0) return read(search, [hits!, needFacets!, kindFacets!], { kind: "none", needs });
      const byNeeds = translateQuery(query, indexUid, { kind: "needs", needs });
      const again = await call(options.host, "a search", () => client.multiSearch({ queries: [byNeeds.hits, byNeeds.needFacets, byNeeds.kindFacets] }));
      return read(byNeeds, again.results as unknown as SearchResult[], { kind: "implied-needs", needs });
    },
  };
}

function read(translated: TranslatedQuery, [hits, needFacets, kindFacets]: SearchResult[], wordMatch: WordMatch): AssetResults {
  return {
    hits: hits!.hits.map((document) => toHit(document, translated.centre)),
    total: hits!.totalHits ?? hits!.estimatedTotalHits ?? 0,
    page: translated.page,
    perPage: translated.perPage,
    facets: toFacets(needFacets?.facetDistribution?.needs ?? {}, kindFacets?.facetDistribution?.kind ?? {}),
    wordMatch,
  };
}

export async function applySettings(client: Meilisearch, indexUid: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const host = client.config.host;
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!(await indexExists(client, indexUid))) {
    const created = await call(host, `creating index "${indexUid}"`, () => client.createIndex(indexUid, { primaryKey: "id" }));
    await waitForTasks(client, [created], { timeoutMs });
  }
  const updated = await call(host, `the settings of "${indexUid}"`, () => client.index(indexUid).updateSettings(indexSettings()));
  await waitForTasks(client, [updated], { timeoutMs });
}

const needOrder = allNeeds.map((need) => need.code as string);
const kindOrder = assetKinds.map((kind) => kind.code as string);

export function toFacets(needs: Record<string, number>, kinds: Record<string, number>): AssetFacets {
  const counts = <Code extends string>(distribution: Record<string, number>, order: string[]) =>
    Object.entries(distribution)
      .filter(([code, count]) => order.includes(code) && count > 0)
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([code, count]) => ({ code: code as Code, count }));
  return { needs: counts<NeedCode>(needs, needOrder), kinds: counts<AssetKind>(kinds, kindOrder) };
}

export function toHit(
  document: AssetDocument & { _geoDistance?: number },
  centre: { latitude: number; longitude: number; radiusMetres: number } | null,
): AssetHit {
  const geo = document._geo ?? null;
  let metres: number | null = null;
  if (centre && geo) {
    // Meilisearch found it inside the radius; our own sum may differ from its by a hair at the edge.
    metres = document._geoDistance ?? Math.min(centre.radiusMetres, metresBetween(centre, { latitude: geo.lat, longitude: geo.lng }));
  }
  return {
    id: document.id,
    name: document.name,
    kind: document.kind,
    summary: summarise(document.description),
    town: document.town,
    postcode: document.postcode,
    wardName: document.wardName,
    latitude: geo?.lat ?? null,
    longitude: geo?.lng ?? null,
    needs: document.needs,
    isFree: document.isFree,
    directPayment: document.directPayment,
    hourlyRatePence: document.hourlyRatePence,
    distanceMiles: metres === null ? null : Math.round((metres / milesToMetres) * 100) / 100,
    // Documents indexed before these fields existed lack them until the next reindex: say "not said".
    capacityUnit: document.capacityUnit ?? null,
    capacityAvailable: document.capacityAvailable ?? null,
    waitingList: document.waitingList ?? false,
    waitingListWeeks: document.waitingListWeeks ?? null,
    fees: document.fees ?? null,
    sessionPricePence: document.sessionPricePence ?? null,
    bydays: document.bydays ?? [],
  };
}

