/**
 * The listing feed: how an app server keeps copies of listings in memory (the matching
 * catalogue, the in-memory search engine) exactly as current as the database, without trusting
 * anything to be current. One feed per database handle, shared by every copy that registers a
 * reader, so the copies agree with each other and one statement refreshes them all.
 *
 * Before each use, a reader's owner calls `current()`. One statement asks which listings the
 * search outbox queued since this server last looked, by writing transaction (migrations
 * matching_catalogue and outbox_for_matching), and reloads just those, in the same snapshot.
 * The snapshot it read is kept; next time, what transactions that snapshot did not see have
 * queued is what changed. docs/decisions/0016-matching-catalogue.md explains why by transaction
 * and not by row number, and the safety valves (a trimmed outbox, a large import, a long pause).
 *
 * Calls made side by side share refreshes: a caller joins a refresh that has not started yet
 * (its snapshot will be taken after the caller arrived, so it sees everything committed before),
 * and otherwise waits for the running one and starts the next. Under load, one small statement
 * serves many searches.
 *
 * On the embedded database even that statement is skipped when nothing was written: the outbox's
 * trigger sends a notice (db/functions/search_outbox_notify.sql) that PGlite delivers before the
 * writing call returns, so a feed told of nothing since its last look holds what the database
 * holds. It still looks once a minute, so its snapshot never grows old. On a PostgreSQL server
 * notices arrive late, and every use looks, as above.
 */
import { sql, type SQL } from "drizzle-orm";
import { commitNotices, queryRows, type Database } from "../db/client.server";

/** A copy of listings kept by the feed. Rows are whatever its statement sends (one JSON array). */
export interface FeedReader {
  readonly name: string;
  /**
   * A statement giving one JSON text: the array of this reader's rows for the listings `where`
   * picks (a condition on `services s`). `few`: a handful of listings (changed ones).
   */
  rows(where: SQL, few: boolean): SQL;
  /**
   * Everything is about to be loaded again; `published` is how many published listings there
   * are. False: stand aside (too many to hold); the reader's rows are then not read.
   */
  reset(published: number): boolean;
  /** These listings changed: forget them (those still there come back through `put`). */
  drop(ids: readonly string[]): void;
  put(rows: readonly unknown[]): void;
  /** After a full load (`full`) or a set of changes. */
  settle(full: boolean, changed: number): void;
}

export interface FeedOptions {
  /** More changed listings than this since the last look (a large import): load everything instead. */
  maxReloaded?: number;
}

/**
 * Reload everything when the last look was longer ago than this: the outbox forgets rows after
 * an hour (search/worker.server.ts), so changes older than that could be missed.
 */
const fullReloadAfterMs = 30 * 60 * 1000;
/** Load everything this often however busy the server is: a safety net. */
const safetyReloadMs = 6 * 60 * 60 * 1000;
/** Changed listings reloaded in the one statement that finds them; more are read in batches. */
const inlineReload = 500;
/** Listings per statement when loading in batches. */
const batchSize = 5_000;
/** With commit notices (embedded), look at least this often even when told of nothing. */
const quietLookMs = 60_000;

interface Registered {
  reader: FeedReader;
  /** Standing aside: its rows are not read. */
  aside: boolean;
  loaded: boolean;
}

export class ListingFeed {
  private readers: Registered[] = [];
  /**
   * The snapshot last read (pg_current_snapshot() as text): what it saw is held; transactions
   * it did not see (running then, or later) may have queued listings since.
   */
  private snapshot: string | null = null;
  private lastLook = 0;
  private lastFullLoad = 0;
  /** The refresh running now, and the one waiting to start after it (which newcomers join). */
  private running: Promise<void> | null = null;
  private waiting: Promise<void> | null = null;
  private readonly maxReloaded: number;
  /** Commit notices: "off" (a server, or not yet asked), "starting", or "on" once subscribed. */
  private notices: "off" | "starting" | "on" = "off";
  /** Told of a commit that queued listings since the last look began (or not listening yet). */
  private written = true;
  readonly stats = { fullLoads: 0, refreshes: 0, lastFullLoadMs: 0, skippedLooks: 0 };
  /**
   * Goes up whenever a look found listings changed (or everything was loaded): a cache of
   * anything about listings, kept beside the feed, is good while this is unchanged after `current()`.
   */
  version = 0;

  constructor(
    private readonly db: Database,
    options: FeedOptions = {},
  ) {
    this.maxReloaded = options.maxReloaded ?? 20_000;
  }

  /** Adds a reader; it is loaded (with every other) on the next `current()`. */
  register(reader: FeedReader): void {
    if (this.readers.some((entry) => entry.reader === reader)) return;
    this.readers.push({ reader, aside: false, loaded: false });
  }

  /** Commits are told to this feed (embedded): `current()` costs nothing while nothing is written. */
  get toldOfCommits(): boolean {
    return this.notices === "on";
  }

  /** Resolves when every reader holds what the database held at some moment after this call. */
  current(): Promise<void> {
    if (this.notices === "off") this.listen();
    if (this.heldIsCurrent()) {
      this.stats.skippedLooks++;
      return Promise.resolve();
    }
    if (this.waiting) return this.waiting;
    if (!this.running) return this.start();
    const next = this.running.then(
      () => this.start(),
      () => this.start(),
    );
    this.waiting = next;
    return next;
  }

  /**
   * Nothing was committed to the outbox since the last look began, and that look finished: what
   * is held is what the database holds. Never while a look runs (it began after the last one,
   * and commits between them are told to nobody now).
   */
  private heldIsCurrent(): boolean {
    return (
      this.notices === "on" &&
      !this.written &&
      !this.running &&
      !this.waiting &&
      this.snapshot !== null &&
      Date.now() - this.lastLook < quietLookMs &&
      this.readers.every((entry) => entry.loaded)
    );
  }

  private listen(): void {
    const subscribe = commitNotices(this.db);
    if (!subscribe) return;
    this.notices = "starting";
    subscribe("search_outbox", () => {
      this.written = true;
    }).then(
      () => {
        // Anything committed before the subscription was not told: one more look first.
        this.written = true;
        this.notices = "on";
      },
      () => {
        this.notices = "off";
      },
    );
  }

  private start(): Promise<void> {
    this.waiting = null;
    const run = this.refresh().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async refresh(): Promise<void> {
    this.stats.refreshes++;
    // Before the look's first statement: a commit told after this is seen by the next look.
    this.written = false;
    try {
      const now = Date.now();
      const stale =
        this.snapshot === null ||
        this.readers.some((entry) => !entry.loaded) ||
        now - this.lastLook > fullReloadAfterMs ||
        now - this.lastFullLoad > safetyReloadMs;
      if (stale || !(await this.reloadChanged())) await this.loadAll();
    } catch (error) {
      // The look failed: what it would have seen is still to be seen.
      this.written = true;
      throw error;
    }
  }

  /** Everything, from scratch, in one repeatable-read transaction (one snapshot), in batches. */
  private async loadAll(): Promise<void> {
    const started = performance.now();
    // Until it has all loaded, nothing held is trusted: a failure part way loads everything next time.
    this.snapshot = null;
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read`);
      const [head] = await queryRows<{ snapshot: string; published: number; bounds: string }>(
        tx as unknown as Database,
        sql`select pg_current_snapshot()::text as snapshot,
          (select count(*)::int from services s where s.listing_status = 'published') as published,
          (select coalesce(json_agg(id order by id), '[]') from (
             select id, row_number() over (order by id) as n from services
           ) ids where n % ${batchSize} = 0)::text as bounds`,
      );
      if (!head) throw new Error("the listing feed's statement returned nothing");
      const bounds = JSON.parse(head.bounds) as string[];
      const ranges: SQL[] = [];
      let after: string | null = null;
      for (const bound of [...bounds, null]) {
        const lower = after === null ? sql`true` : sql`s.id > ${after}::uuid`;
        ranges.push(bound === null ? lower : sql`${lower} and s.id <= ${bound}::uuid`);
        after = bound;
      }
      for (const entry of this.readers) {
        entry.aside = !entry.reader.reset(Number(head.published));
        entry.loaded = true;
        if (entry.aside) continue;
        for (const range of ranges) {
          const [batch] = await queryRows<{ rows: string }>(tx as unknown as Database, sql`select (${entry.reader.rows(range, false)}) as rows`);
          entry.reader.put(JSON.parse(batch?.rows ?? "[]") as unknown[]);
        }
      }
      this.snapshot = head.snapshot;
    });
    this.lastLook = this.lastFullLoad = Date.now();
    this.stats.fullLoads++;
    this.stats.lastFullLoadMs = Math.round(performance.now() - started);
    for (const entry of this.readers) if (!entry.aside) entry.reader.settle(true, 0);
    this.version++;
  }

  /**
   * The listings queued by transactions the last snapshot did not see, reloaded in the same
   * snapshot. False when so many changed (a large import) that loading everything is cheaper,
   * or when the outbox was trimmed of rows the last look may not have seen.
   */
  private async reloadChanged(): Promise<boolean> {
    const last = this.snapshot!;
    const active = this.readers.filter((entry) => !entry.aside);
    // Most looks find nothing: a small statement first (planning the readers' statements costs
    // milliseconds in PGlite), the one that reloads only when something changed.
    const [look] = await queryRows<{ snapshot: string; changed: boolean; trimmed: boolean }>(
      this.db,
      sql`select pg_current_snapshot()::text as snapshot,
        exists (select 1 from search_outbox
                where written_by >= pg_snapshot_xmin(${last}::pg_snapshot) and not pg_visible_in_snapshot(written_by, ${last}::pg_snapshot)) as changed,
        coalesce((select up_to from search_outbox_trimmed) >= pg_snapshot_xmin(${last}::pg_snapshot), false) as trimmed`,
    );
    if (!look) throw new Error("the listing feed's statement returned nothing");
    if (look.trimmed) return false;
    if (!look.changed) {
      this.snapshot = look.snapshot;
      this.lastLook = Date.now();
      return true;
    }
    const changedSince = sql`changed as (
        select distinct service_id as id from search_outbox
        where written_by >= pg_snapshot_xmin(${last}::pg_snapshot) and not pg_visible_in_snapshot(written_by, ${last}::pg_snapshot)
      ), how_many as (
        -- Trimming removed rows the last look may not have seen (a long transaction): all, then.
        select case when (select up_to from search_outbox_trimmed) >= pg_snapshot_xmin(${last}::pg_snapshot) then ${this.maxReloaded + 1}
               else (select count(*)::int from changed) end as n
      )`;
    const [row] = await queryRows<Record<string, string | number | null>>(
      this.db,
      sql`with ${changedSince}
        select pg_current_snapshot()::text as snapshot, (select n from how_many) as n,
          case when (select n from how_many) <= ${inlineReload} then (select coalesce(json_agg(id), '[]') from changed)::text end as changed
          ${sql.join(
            active.map((entry, index) => sql`, case when (select n from how_many) between 1 and ${inlineReload} then (${entry.reader.rows(sql`s.id in (select id from changed)`, true)}) end as ${sql.raw(`rows_${index}`)}`),
            sql``,
          )}`,
    );
    if (!row) throw new Error("the listing feed's statement returned nothing");
    const count = Number(row.n);
    if (count > this.maxReloaded) return false;
    if (count === 0) {
      this.snapshot = String(row.snapshot);
      this.lastLook = Date.now();
      return true;
    }
    if (row.changed !== null) {
      const changed = JSON.parse(String(row.changed)) as string[];
      this.version++;
      active.forEach((entry, index) => {
        entry.reader.drop(changed);
        entry.reader.put(JSON.parse(String(row[`rows_${index}`] ?? "[]")) as unknown[]);
        entry.reader.settle(false, changed.length);
      });
      this.snapshot = String(row.snapshot);
      this.lastLook = Date.now();
      return true;
    }
    // Many changed (an import): find them again and read them in batches, all in one snapshot.
    let done = false;
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`set transaction isolation level repeatable read`);
      const [again] = await queryRows<{ snapshot: string; n: number; changed: string }>(
        tx as unknown as Database,
        sql`with ${changedSince} select pg_current_snapshot()::text as snapshot, (select n from how_many) as n,
          (select coalesce(json_agg(id), '[]') from changed)::text as changed`,
      );
      if (!again) throw new Error("the listing feed's statement returned nothing");
      const changed = JSON.parse(again.changed) as string[];
      if (Number(again.n) > this.maxReloaded) throw new TooMany();
      for (const entry of active) {
        entry.reader.drop(changed);
        for (let start = 0; start < changed.length; start += batchSize) {
          const ids = `{${changed.slice(start, start + batchSize).join(",")}}`;
          const [batch] = await queryRows<{ rows: string }>(
            tx as unknown as Database,
            sql`select (${entry.reader.rows(sql`s.id = any(${ids}::uuid[])`, false)}) as rows`,
          );
          entry.reader.put(JSON.parse(batch?.rows ?? "[]") as unknown[]);
        }
        entry.reader.settle(false, changed.length);
      }
      this.snapshot = again.snapshot;
      done = true;
    }).catch((error: unknown) => {
      if (!(error instanceof TooMany)) throw error;
    });
    if (done) {
      this.lastLook = Date.now();
      this.version++;
    }
    return done;
  }
}

class TooMany extends Error {}

declare global {
  // On globalThis: server.ts (which warms them) and the app's build are separate module instances.
  var __atlasPerDatabase: Map<string, WeakMap<Database, unknown>> | undefined;
}

/** One thing per database handle and name for this server (a feed, a catalogue), made on first use. */
export function perDatabase<T>(name: string, db: Database, create: () => T): T {
  const kinds = (globalThis.__atlasPerDatabase ??= new Map());
  let byDatabase = kinds.get(name);
  if (!byDatabase) kinds.set(name, (byDatabase = new WeakMap()));
  if (!byDatabase.has(db)) byDatabase.set(db, create());
  return byDatabase.get(db) as T;
}

/** This server's feed for a database handle. */
export function listingFeed(db: Database): ListingFeed {
  return perDatabase("listing feed", db, () => new ListingFeed(db));
}
