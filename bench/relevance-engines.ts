/** The engines `npm run bench:relevance` measures on the demo directory. */
import type { Database } from "../db/client.server";
import { ListingFeed } from "../search/listing-feed.server";
import { createMemoryEngine, SearchCatalogue } from "../search/memory.server";
import { createReferenceEngine } from "../search/reference.server";
import type { SearchEngine } from "../search/types";

export function benchEngines(): { name: string; note?: string; create: (db: Database) => Promise<SearchEngine | null> }[] {
  return [
    { name: "in-memory (the default)", create: async (db) => createMemoryEngine(db, new SearchCatalogue(new ListingFeed(db))) },
    { name: "SQL reference (tests only)", create: async (db) => createReferenceEngine(db) },
    {
      name: "Meilisearch",
      note: "no Meilisearch server can run here; set MEILI_HOST to measure one",
      create: async () => null,
    },
  ];
}
