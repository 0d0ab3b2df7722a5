import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "../../../db/client.server";
import { appMeta } from "../../../db/schema";
import { outboxBacklog, type OutboxBacklog } from "../../../search/worker.server";
import { config } from "../../env.server";

export interface Health {
  status: "ok" | "unavailable";
  database: { mode: DatabaseHandle["mode"] | "unknown"; ready: boolean; seeded: boolean; problem?: string };
  /** Which engine answers searches; with Meilisearch, the changes still waiting to reach it. */
  search?: { engine: "embedded" } | ({ engine: "meilisearch" } & OutboxBacklog);
}

/** Ready means: the database answers and has been migrated and seeded by `npm run db:setup`. */
export async function checkHealth(open: () => Promise<DatabaseHandle>): Promise<Health> {
  let mode: Health["database"]["mode"] = "unknown";
  try {
    const handle = await open();
    mode = handle.mode;
    const rows = await handle.db.select().from(appMeta).where(eq(appMeta.key, "seed:geography"));
    const seeded = rows.length > 0;
    // A backlog does not make the app unavailable: searches still work, from a slightly older index.
    const search: Health["search"] = config().meili ? { engine: "meilisearch", ...(await outboxBacklog(handle.db)) } : { engine: "embedded" };
    return { status: seeded ? "ok" : "unavailable", database: { mode, ready: seeded, seeded }, search };
  } catch (error) {
    const problem = /relation .*app_meta.* does not exist/.test(String(error))
      ? "The database has not been set up: run npm run db:setup."
      : "The database cannot be reached.";
    return { status: "unavailable", database: { mode, ready: false, seeded: false, problem } };
  }
}
