/**
 * One contract suite for every search engine available here. The in-memory engine (the default)
 * and the SQL reference always run.
 * Meilisearch runs whenever MEILI_HOST is set (with MEILI_MASTER_KEY if the server has one):
 * each run builds its own index from the test database with the real `reindex`, runs the whole
 * contract against it, and deletes it afterwards.
 */
import { randomUUID } from "node:crypto";
import { afterAll } from "vitest";
import { ListingFeed } from "../../search/listing-feed.server";
import { createMemoryEngine, SearchCatalogue } from "../../search/memory.server";
import { createReferenceEngine } from "../../search/reference.server";
import { createMeiliEngine, type MeiliEngine } from "../../search/meilisearch.server";
import { reindex } from "../../search/reindex.server";
import { describeSearchContract, type EngineFactory } from "../support/search-contract";

const engines: { name: string; create: EngineFactory }[] = [
  { name: "in-memory", create: async (database) => createMemoryEngine(database.db, new SearchCatalogue(new ListingFeed(database.db))) },
  { name: "SQL reference", create: async (database) => createReferenceEngine(database.db) },
];

const meiliHost = process.env.MEILI_HOST?.trim();
if (!meiliHost) {
  console.log("\n[asset-atlas] Meilisearch contract tests NOT RUN: MEILI_HOST is not set.\n");
} else {
  const created: MeiliEngine[] = [];
  engines.push({
    name: "meilisearch",
    async create(database) {
      const engine = createMeiliEngine({
        host: meiliHost,
        apiKey: process.env.MEILI_MASTER_KEY || undefined,
        indexUid: `atlas_contract_${randomUUID().slice(0, 8)}`,
      });
      created.push(engine);
      const report = await reindex(database.db, engine);
      console.log(`[asset-atlas] Meilisearch contract tests RUN against ${meiliHost}: ${report.indexed} documents in "${engine.indexUid}".`);
      return engine;
    },
  });
  afterAll(async () => {
    for (const engine of created) {
      await engine.client.deleteIndexIfExists(engine.indexUid).catch(() => {});
    }
  });
}

for (const engine of engines) describeSearchContract(engine.name, engine.create);
