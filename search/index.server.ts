import type { Database } from "../db/client.server";
import { MeilisearchError } from "meilisearch";
import { retryable } from "./meili.server";
import { createMeiliEngine, type MeiliEngine } from "./meilisearch.server";
import { createMemoryEngine } from "./memory.server";
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
  WordMatch,
} from "./types";
export { findPlace, type PlaceLookup } from "./postcodes.server";

/** Where Meilisearch is (the app's configuration passes it in: search/ reads no settings of its own). */
export interface MeiliSettings {
  host: string;
  apiKey: string | undefined;
  indexUid: string;
}

let meiliEngine: { settings: MeiliSettings; engine: MeiliEngine } | undefined;

/** The Meilisearch engine for these settings (the configuration's), or null when there are none (MEILI_HOST unset). */
export function configuredMeiliEngine(settings: MeiliSettings | null): MeiliEngine | null {
  if (!settings) return null;
  if (meiliEngine?.settings !== settings) {
    meiliEngine = { settings, engine: createMeiliEngine({ host: settings.host, apiKey: settings.apiKey, indexUid: settings.indexUid }) };
  }
  return meiliEngine.engine;
}

/**
 * The engine for this process: Meilisearch when MEILI_HOST is set, the in-memory one otherwise.
 * If Meilisearch cannot answer (down, overloaded, no index yet, or a request it refuses) the
 * search falls back to the in-memory engine, which reads the same database (loading it on first
 * use), so a person still gets results; the log says why.
 */
export function searchEngine(db: Database, meiliSettings: MeiliSettings | null): SearchEngine {
  const memory = createMemoryEngine(db);
  const meili = configuredMeiliEngine(meiliSettings);
  if (!meili) return memory;
  return {
    name: meili.name,
    async searchAssets(query) {
      try {
        return await meili.searchAssets(query);
      } catch (error) {
        if (!(error instanceof MeilisearchError)) throw error;
        (retryable(error) ? console.warn : console.error)(`Search: ${error.message}; answered by the in-memory engine instead.`);
        return memory.searchAssets(query);
      }
    },
  };
}
