/**
 * The Meilisearch engine: the search contract (search/types.ts) answered by a Meilisearch
 * index kept in sync from the database by the outbox worker (search/worker.server.ts).
 * One HTTP request per search: a /multi-search of the page of hits and the two facet counts.
 */
import { assetKinds, type AssetKind } from "../app/modules/assets/kinds";
import { needs as allNeeds, type NeedCode } from "../app/modules/taxonomy/needs";
import { createMeiliClient, type MeiliClient, type MeiliConnection, type MeiliTask } from "./meili-client.server";
import { indexSettings, metresBetween, translateQuery, type AssetDocument } from "./meili-query";
import { milesToMetres, type AssetFacets, type AssetHit, type AssetQuery, type AssetResults, type SearchEngine } from "./types";

export const defaultIndexUid = "assets";

export interface MeiliOptions extends MeiliConnection {
  /** The index name; defaults to "assets". */
  indexUid?: string;
}

interface SearchResult {
  hits: (AssetDocument & { _geoDistance?: number })[];
  totalHits?: number;
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

export interface MeiliEngine extends SearchEngine {
  readonly client: MeiliClient;
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
    async searchAssets(query: AssetQuery): Promise<AssetResults> {
      const translated = translateQuery(query, indexUid);
      const { results } = await client.request<{ results: SearchResult[] }>("POST", "/multi-search", {
        queries: [translated.hits, translated.needFacets, translated.kindFacets],
      });
      const [hits, needFacets, kindFacets] = results as [SearchResult, SearchResult, SearchResult];
      return {
        hits: hits.hits.map((document) => toHit(document, translated.centre)),
        total: hits.totalHits ?? hits.estimatedTotalHits ?? 0,
        page: translated.page,
        perPage: translated.perPage,
        facets: toFacets(needFacets.facetDistribution?.needs ?? {}, kindFacets.facetDistribution?.kind ?? {}),
      };
    },
  };
}

export async function applySettings(client: MeiliClient, indexUid: string): Promise<void> {
  if (!(await client.indexExists(indexUid))) {
    await client.waitForTask(await client.request<MeiliTask>("POST", "/indexes", { uid: indexUid, primaryKey: "id" }));
  }
  await client.waitForTask(
    await client.request<MeiliTask>("PATCH", `/indexes/${encodeURIComponent(indexUid)}/settings`, indexSettings()),
  );
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
  };
}

function summarise(description: string, limit = 200): string {
  if (description.length <= limit) return description;
  const cut = description.slice(0, limit);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}
