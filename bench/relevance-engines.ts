/** The engines `npm run bench:relevance` measures. */
import type { Database } from "../db/client.server";
import { createEmbeddedEngine } from "../search/embedded.server";
import type { SearchEngine } from "../search/types";

export function benchEngines(): { name: string; note?: string; create: (db: Database) => Promise<SearchEngine | null> }[] {
  return [{ name: "embedded SQL", create: async (db) => createEmbeddedEngine(db) }];
}
