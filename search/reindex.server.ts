/**
 * `npm run atlas -- reindex`: a fresh Meilisearch index built from the database and swapped in
 * for the live one, so searches keep working throughout and never see a half-built index.
 *
 * Changes made while it builds are not lost: the worker may have applied them to the old index
 * (which the swap throws away), so afterwards every listing the outbox processed since the
 * reindex began is queued again.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../db/client.server";
import { call, waitForTasks } from "./meili.server";
import { allDocuments } from "./meili-documents.server";
import { applySettings } from "./meilisearch.server";
import type { SyncTarget } from "./worker.server";

export interface ReindexReport {
  /** Published listings in the database, sent to the new index. */
  documents: number;
  /** Documents the live index holds after the swap (Meilisearch's own count). */
  indexed: number;
  /** Listings queued again because they changed while the index was being built. */
  requeued: number;
  milliseconds: number;
}

export async function reindex(db: Database, target: SyncTarget, options: { batchSize?: number; taskTimeoutMs?: number } = {}): Promise<ReindexReport> {
  const started = performance.now();
  const { client, indexUid } = target;
  const timeoutMs = options.taskTimeoutMs ?? 10 * 60_000;
  const [{ began } = { began: "" }] = await queryRows<{ began: string }>(db, sql`select clock_timestamp()::text as began`);
  const building = `${indexUid}_reindex_${Date.now()}`;

  const host = client.config.host;
  await applySettings(client, building, { timeoutMs });
  let documents = 0;
  try {
    for await (const batch of allDocuments(db, options.batchSize ?? 1000)) {
      const task = await call(host, `adding ${batch.length} documents to "${building}"`, () =>
        client.index(building).addDocuments(batch, { primaryKey: "id" }),
      );
      await waitForTasks(client, [task], { timeoutMs });
      documents += batch.length;
    }
    await applySettings(client, indexUid, { timeoutMs }); // the live index must exist to be swapped
    // rename: false, a swap of two indexes (rename would give `building` the live name instead).
    const swap = await call(host, `swapping "${building}" for "${indexUid}"`, () =>
      client.swapIndexes([{ indexes: [indexUid, building], rename: false }]),
    );
    await waitForTasks(client, [swap], { timeoutMs });
  } finally {
    // After the swap `building` holds the old documents; before it, a half-built index. Either way, drop it.
    await call(host, `deleting index "${building}"`, () => client.deleteIndex(building))
      .then((task) => waitForTasks(client, [task], { timeoutMs }))
      .catch(() => {});
  }

  const requeued = await queryRows<{ service_id: string }>(
    db,
    sql`select service_id from (
          select distinct service_id from search_outbox where processed_at >= ${began}::timestamptz
        ) changed, lateral search_outbox_enqueue(changed.service_id, 'reindex:replay')`,
  );
  const stats = await call(host, `the stats of "${indexUid}"`, () => client.index(indexUid).getStats());
  return { documents, indexed: stats.numberOfDocuments, requeued: requeued.length, milliseconds: Math.round(performance.now() - started) };
}
