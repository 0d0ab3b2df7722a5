/**
 * The one database client. Embedded PGlite (persisted in DATA_DIR) when DATABASE_URL is not
 * set; a PostgreSQL server through postgres.js when it is. The same drizzle schema and the same
 * generated migrations serve both.
 */
import fs from "node:fs";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { applyFunctions } from "./functions";
import * as schema from "./schema";
import { projectPath } from "./project-root";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseMode = "embedded" | "server";

// On the handle itself under a global symbol: server.ts and the app's build are separate module instances.
const commitNoticesKey = Symbol.for("asset-atlas.commit-notices");

type CommitNotices = (channel: string, onNotice: () => void) => Promise<void>;

/**
 * Embedded only: subscribes `onNotice` to a NOTIFY channel. PGlite delivers a notice in the reply
 * to the COMMIT that sent it, so `onNotice` has run before the writer's own call returns: a reader
 * told of nothing knows nothing was committed. Null on a PostgreSQL server, where notices reach a
 * listening connection later than the writer's reply, so they cannot stand in for a look.
 */
export function commitNotices(db: Database): CommitNotices | null {
  return (db as unknown as Record<symbol, CommitNotices | undefined>)[commitNoticesKey] ?? null;
}

export interface DatabaseHandle {
  db: Database;
  mode: DatabaseMode;
  /**
   * Applies any migrations not yet applied, then any SQL function file (db/functions/) changed
   * since it was last applied. Re-running is a no-op.
   */
  migrate(): Promise<void>;
  /**
   * Runs `work` while holding the database-wide setup lock, so that app servers starting
   * together migrate and seed one at a time (a PostgreSQL advisory lock; PGlite has one process).
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  /** Embedded only: the whole data folder as a gzipped tarball, consistent (taken between statements). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** An arbitrary, fixed key for the advisory lock that serialises migrate-and-seed. */
const setupLockKey = 7_274_271;

export const migrationsFolder = projectPath("db/migrations");

export async function openDatabase(options: { databaseUrl?: string; dataDir: string; databasePoolSize?: number }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openServer(options.databaseUrl, options.databasePoolSize ?? 10) : openEmbedded(options.dataDir);
}

/** The embedded database's extensions: every open (and a restore) must load the same ones. */
async function embeddedExtensions() {
  const [{ pg_trgm }, { cube }, { earthdistance }, { unaccent }] = await Promise.all([
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("@electric-sql/pglite/contrib/cube"),
    import("@electric-sql/pglite/contrib/earthdistance"),
    import("@electric-sql/pglite/contrib/unaccent"),
  ]);
  return { pg_trgm, cube, earthdistance, unaccent };
}

/** Makes a new embedded data folder from a backup (a tarball from dumpDataDir). */
export async function restoreEmbedded(dataDir: string, backup: Blob): Promise<void> {
  const { PGlite } = await import("@electric-sql/pglite");
  const client = await PGlite.create({ dataDir, loadDataDir: backup, extensions: await embeddedExtensions() });
  await client.query("select 1");
  await client.close();
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const [{ PGlite }, extensions, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    embeddedExtensions(),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  let client;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create({ dataDir, extensions });
  } catch (error) {
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database in DATA_DIR (${dataDir}): ${describe(error)}. ` +
        "Is another Asset Atlas process using it?",
    );
  }
  const db = drizzle(client, { schema });
  const pglite = client;
  Object.defineProperty(db, commitNoticesKey, {
    value: async (channel: string, onNotice: () => void) => {
      await pglite.listen(channel, onNotice);
    },
  });
  return {
    db: db as unknown as Database,
    mode: "embedded",
    migrate: async () => {
      await migrate(db, { migrationsFolder });
      await applyFunctions(db as unknown as Database);
    },
    exclusively: (work) => work(),
    dumpDataDir: () => client.dumpDataDir("gzip"),
    close: () => client.close(),
  };
}

async function openServer(databaseUrl: string, poolSize: number): Promise<DatabaseHandle> {
  const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
    import("postgres"),
    import("drizzle-orm/postgres-js"),
    import("drizzle-orm/postgres-js/migrator"),
  ]);
  const client = postgres(databaseUrl, {
    max: poolSize,
    connect_timeout: 10,
    onnotice: () => {}, // why: "extension already exists" notices are noise on every start
  });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseUnavailableError(
      `Cannot reach the database at DATABASE_URL (${redact(databaseUrl)}): ${describe(error)}`,
    );
  }
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Database,
    mode: "server",
    migrate: async () => {
      await migrate(db, { migrationsFolder });
      await applyFunctions(db as unknown as Database);
    },
    async exclusively(work) {
      const lockHolder = await client.reserve();
      try {
        await lockHolder`select pg_advisory_lock(${setupLockKey})`;
        return await work();
      } finally {
        await lockHolder`select pg_advisory_unlock(${setupLockKey})`.catch(() => {});
        lockHolder.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Runs raw SQL and returns its rows, whichever driver is underneath. */
export async function queryRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows: Row[] }).rows;
}

export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "****";
    return url.toString();
  } catch {
    return "an unreadable URL";
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const message = error.message || code || error.name;
    return code && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}
