/**
 * The search worker: drains the search outbox (db/schema/search.ts, written by triggers in the
 * same transaction as each listing change) into the Meilisearch index.
 *
 * A batch: claim up to N rows with FOR UPDATE SKIP LOCKED and a lease (so several app servers
 * can drain together, and a crashed worker's rows come back when the lease ends); give back the
 * rows of any listing another worker is working on (so two workers never race on one listing
 * and write an older document last); read the listings' documents from the database; add the
 * published ones and delete the rest; wait until Meilisearch has applied both tasks; only then
 * mark the rows processed. On any failure the rows stay, pushed back with exponential backoff,
 * and the error is kept on them. Nothing is lost: a row leaves the outbox a day after it was
 * processed, never before. See docs/decisions/0010-meilisearch-sync.md.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../db/client.server";
import { MeilisearchError, type EnqueuedTask, type Meilisearch } from "meilisearch";
import { call, indexExists, waitForTasks } from "./meili.server";
import { documentsFor } from "./meili-documents.server";

export interface SyncTarget {
  /** The official Meilisearch client. */
  client: Meilisearch;
  indexUid: string;
}

export interface WorkerOptions {
  /** Names this worker's claims; unique per process. */
  workerId?: string;
  batchSize?: number;
  /** How long a claim holds before another worker may take the rows. Longer than a batch takes. */
  leaseSeconds?: number;
  /** How long to wait for Meilisearch to apply a batch. */
  taskTimeoutMs?: number;
}

export interface BatchReport {
  /** Outbox rows taken. */
  claimed: number;
  /** Listings whose documents were added or replaced. */
  indexed: number;
  /** Listings removed from the index (unpublished, archived or deleted). */
  deleted: number;
  /** Rows given back because another worker holds the same listing. */
  deferred: number;
  /** The error, when the batch failed and its rows were pushed back. */
  error: string | null;
}

export const defaultWorkerId = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Seconds before the next try after `attempts` failed tries: 5, 10, 20, … capped at an hour. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 5 * 2 ** Math.max(0, Math.min(attempts, 20) - 1));
}

export async function processBatch(db: Database, target: SyncTarget, options: WorkerOptions = {}): Promise<BatchReport> {
  const workerId = options.workerId ?? defaultWorkerId();
  const batchSize = options.batchSize ?? 500;
  const leaseSeconds = options.leaseSeconds ?? 300;
  const report: BatchReport = { claimed: 0, indexed: 0, deleted: 0, deferred: 0, error: null };

  const claimed = await queryRows<{ id: number; service_id: string; attempts: number }>(
    db,
    sql`
      with pending as (
        select id from search_outbox
        where processed_at is null and available_at <= now()
          and (claimed_until is null or claimed_until < now())
        order by id
        limit ${batchSize}
        for update skip locked
      )
      update search_outbox o
      set claimed_by = ${workerId}, claimed_until = now() + make_interval(secs => ${leaseSeconds}), attempts = o.attempts + 1
      from pending where o.id = pending.id
      returning o.id, o.service_id, o.attempts
    `,
  );
  report.claimed = claimed.length;
  if (claimed.length === 0) return report;

  // Checked after our claim committed: of two workers claiming rows of one listing at once, at
  // least one sees the other's claim and gives its rows back, so they never both write it.
  const listingIds = [...new Set(claimed.map((row) => row.service_id))];
  const busy = new Set(
    (
      await queryRows<{ service_id: string }>(
        db,
        sql`select distinct service_id from search_outbox
            where service_id in (${uuids(listingIds)}) and processed_at is null
              and claimed_by is not null and claimed_by <> ${workerId} and claimed_until >= now()`,
      )
    ).map((row) => row.service_id),
  );
  const deferredRows = claimed.filter((row) => busy.has(row.service_id)).map((row) => row.id);
  if (deferredRows.length) {
    await db.execute(sql`
      update search_outbox set claimed_by = null, claimed_until = null, attempts = attempts - 1,
        available_at = now() + interval '1 second'
      where id in (${ids(deferredRows)}) and claimed_by = ${workerId}`);
  }
  report.deferred = deferredRows.length;
  const rows = claimed.filter((row) => !busy.has(row.service_id)).map((row) => row.id);
  const listings = listingIds.filter((id) => !busy.has(id));
  if (rows.length === 0) return report;

  try {
    const documents = await documentsFor(db, listings);
    const published = new Set(documents.map((document) => document.id));
    const gone = listings.filter((id) => !published.has(id));
    const { client, indexUid } = target;
    const index = client.index(indexUid);
    const host = client.config.host;
    const tasks: EnqueuedTask[] = [];
    if (documents.length) {
      tasks.push(await call(host, `adding ${documents.length} documents to "${indexUid}"`, () => index.addDocuments(documents, { primaryKey: "id" })));
    }
    if (gone.length) tasks.push(await call(host, `deleting ${gone.length} documents from "${indexUid}"`, () => index.deleteDocuments(gone)));
    // Only once Meilisearch has applied both are the rows done; a failed task throws.
    await waitForTasks(client, tasks, { timeoutMs: options.taskTimeoutMs ?? 60_000 });
    await db.execute(sql`
      update search_outbox set processed_at = now(), claimed_by = null, claimed_until = null, last_error = null
      where id in (${ids(rows)}) and claimed_by = ${workerId}`);
    report.indexed = documents.length;
    report.deleted = gone.length;
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
    // Back off by each row's own attempts: 5 s, 10 s, 20 s … an hour (backoffSeconds, in SQL).
    await db.execute(sql`
      update search_outbox set claimed_by = null, claimed_until = null, last_error = ${report.error.slice(0, 1000)},
        available_at = now() + make_interval(secs => least(3600, 5 * power(2, greatest(0, least(attempts, 20) - 1))))
      where id in (${ids(rows)}) and claimed_by = ${workerId}`);
    if (!(error instanceof MeilisearchError)) throw error; // a bug, not an outage: let it be seen
  }
  return report;
}

export interface DrainReport extends Omit<BatchReport, "error"> {
  batches: number;
  errors: string[];
  /** Rows still waiting (for example pushed back after a failure). */
  pending: number;
}

/**
 * Runs batches until the outbox has nothing ready, a batch fails, or `maxBatches` is reached;
 * then forgets rows processed more than a day ago.
 */
export async function drainOutbox(db: Database, target: SyncTarget, options: WorkerOptions & { maxBatches?: number } = {}): Promise<DrainReport> {
  const workerId = options.workerId ?? defaultWorkerId();
  const total: DrainReport = { batches: 0, claimed: 0, indexed: 0, deleted: 0, deferred: 0, errors: [], pending: 0 };
  while (total.batches < (options.maxBatches ?? Infinity)) {
    const batch = await processBatch(db, target, { ...options, workerId });
    if (batch.claimed === 0) break;
    total.batches++;
    total.claimed += batch.claimed;
    total.indexed += batch.indexed;
    total.deleted += batch.deleted;
    total.deferred += batch.deferred;
    if (batch.error) {
      total.errors.push(batch.error);
      break;
    }
    if (batch.deferred === batch.claimed) break; // everything is another worker's: let it finish
  }
  await trimOutbox(db, sql`processed_at < now() - interval '1 day'`);
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from search_outbox where processed_at is null`);
  total.pending = Number(row?.n ?? 0);
  return total;
}

export interface OutboxBacklog {
  /** Changes not yet in the index. */
  waiting: number;
  /** Seconds since the oldest of them was queued; 0 when none wait. */
  oldestSeconds: number;
  /** The latest failure among them, if any. */
  lastError: string | null;
}

/** What waits to reach Meilisearch, for /healthz and operators. */
export async function outboxBacklog(db: Database): Promise<OutboxBacklog> {
  const [row] = await queryRows<{ waiting: number; oldest: number | null; last_error: string | null }>(
    db,
    sql`select count(*)::int as waiting,
               floor(extract(epoch from now() - min(enqueued_at)))::int as oldest,
               (select last_error from search_outbox where processed_at is null and last_error is not null order by id desc limit 1) as last_error
        from search_outbox where processed_at is null`,
  );
  return { waiting: Number(row?.waiting ?? 0), oldestSeconds: Number(row?.oldest ?? 0), lastError: row?.last_error ?? null };
}

/**
 * Without Meilisearch nothing reads the outbox: forget rows older than an hour so it does not
 * grow. Turning Meilisearch on starts with `reindex`, so nothing is lost by this.
 */
export async function discardOutbox(db: Database): Promise<number> {
  return trimOutbox(db, sql`enqueued_at < now() - interval '1 hour'`);
}

/**
 * Deletes the rows `which` picks and records the newest transaction among them
 * (search_outbox_trimmed, migration outbox_for_matching): a matching catalogue that had not
 * seen that transaction when it last looked loads everything again rather than miss a change.
 */
async function trimOutbox(db: Database, which: SQL): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with gone as (delete from search_outbox where ${which} returning written_by),
        marked as (
          update search_outbox_trimmed set up_to = greatest(up_to, (select max(written_by) from gone))
          where exists (select 1 from gone)
        )
        select count(*)::int as n from gone`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Before the first drain: a missing index is built in full (Meilisearch just switched on, or
 * a new server): the outbox alone cannot fill it. Otherwise the settings in code are applied.
 * Returns the reindex report when it built one.
 */
export async function prepareIndex(db: Database, target: SyncTarget & { applySettings(): Promise<void> }) {
  if (await indexExists(target.client, target.indexUid)) {
    await target.applySettings();
    return null;
  }
  const { reindex } = await import("./reindex.server");
  return reindex(db, target);
}

/**
 * The server's loop: the index first (built if missing, else its settings applied; again on
 * the next tick if Meilisearch is down), then a drain every `intervalMs`, never two at once. Returns a function that stops it.
 */
export function startSearchWorker(
  db: () => Promise<Database>,
  target: SyncTarget & { applySettings(): Promise<void> },
  options: WorkerOptions & { intervalMs?: number; log?: (message: string) => void } = {},
): () => void {
  const log = options.log ?? ((message: string) => console.log(message));
  const workerId = options.workerId ?? defaultWorkerId();
  let settingsApplied = false;
  let running = false;
  let lastError: string | null = null;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (!settingsApplied) {
        const built = await prepareIndex(await db(), target);
        if (built) log(`Search worker: there was no index "${target.indexUid}", so it was built: ${built.indexed} listings.`);
        settingsApplied = true;
      }
      const report = await drainOutbox(await db(), target, { ...options, workerId });
      const error = report.errors[0] ?? null;
      if (error && error !== lastError) log(`Search worker: ${error}; ${report.pending} changes wait and will be retried.`);
      if (!error && lastError && report.claimed > 0) log("Search worker: Meilisearch is answering again.");
      if (!error && report.claimed === 0 && lastError) return; // nothing tried yet (backing off): keep the last error
      lastError = error;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) log(`Search worker: ${message}; will try again.`);
      lastError = message;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 2000);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}

const uuids = (values: string[]) => sql.join(values.map((id) => sql`${id}::uuid`), sql`, `);
const ids = (values: number[]) => sql.join(values.map((id) => sql`${id}::bigint`), sql`, `);
