import type { Database } from "../db/client.server";
import { createEmbeddedEngine } from "./embedded.server";
import type { SearchEngine } from "./types";

export type {
  AssetFacets,
  AssetHit,
  AssetQuery,
  AssetResults,
  DayCode,
  FacetCount,
  SearchEngine,
  SearchPoint,
  SortOrder,
} from "./types";
export { findPlace, type PlaceLookup } from "./postcodes.server";

/** The engine for this process. Meilisearch joins here when MEILI_HOST is set (issue 5). */
export function searchEngine(db: Database): SearchEngine {
  return createEmbeddedEngine(db);
}
