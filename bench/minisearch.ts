/**
 * A second baseline: MiniSearch 7, a small in-process JS full-text engine, over the same
 * synthetic assets, queried like the in-memory engine: words (prefix and fuzzy), a need filter,
 * a radius (MiniSearch has no geo index: a filter that measures each match), a page of 20, and
 * need and kind counts over the matches (it has no facets: counted here).
 */
import MiniSearch from "minisearch";
import type { BenchAsset } from "./generate";

interface Document {
  id: string;
  name: string;
  description: string;
  needs: string[];
  kind: string;
  latitude: number;
  longitude: number;
}

export function buildMiniSearchIndex(assets: BenchAsset[]) {
  const index = new MiniSearch<Document>({
    fields: ["name", "description"],
    storeFields: ["needs", "kind", "latitude", "longitude"],
    searchOptions: { boost: { name: 2 }, prefix: true, fuzzy: 0.2, combineWith: "AND" },
  });
  index.addAll(
    assets.map((asset) => ({
      id: asset.key,
      name: asset.name,
      description: asset.description,
      needs: asset.needs,
      kind: asset.kind,
      latitude: asset.postcode.latitude,
      longitude: asset.postcode.longitude,
    })),
  );
  return index;
}

const milesToMetres = 1609.344;

function metresBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function searchMiniSearch(
  index: MiniSearch<Document>,
  query: { text: string; needs?: string[]; near: { latitude: number; longitude: number; radiusMiles: number } | null; perPage: number },
) {
  const needs = query.needs?.length ? new Set(query.needs) : null;
  const radius = query.near ? query.near.radiusMiles * milesToMetres : 0;
  const results = index.search(query.text, {
    filter: (result) =>
      (!needs || (result.needs as string[]).some((need) => needs.has(need))) &&
      (!query.near || metresBetween(query.near, { latitude: result.latitude as number, longitude: result.longitude as number }) <= radius),
  });
  const needCounts = new Map<string, number>();
  const kindCounts = new Map<string, number>();
  for (const result of results) {
    for (const need of result.needs as string[]) needCounts.set(need, (needCounts.get(need) ?? 0) + 1);
    kindCounts.set(result.kind as string, (kindCounts.get(result.kind as string) ?? 0) + 1);
  }
  return { count: results.length, hits: results.slice(0, query.perPage), needCounts, kindCounts };
}
