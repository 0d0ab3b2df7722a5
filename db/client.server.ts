/**
 * The one database client. Embedded PGlite (persisted in DATA_DIR) when DATABASE_URL is not
 * set; a PostgreSQL server through postgres.js when it is. The same drizzle schema and the same
 * generated migrations serve both.
 */
import fs from "node:fs";
import path from "node:path";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DatabaseMode = "embedded" | "server";

export interface DatabaseHandle {
  db: Database;
  mode: DatabaseMode;
  /** Applies any migrations not yet applied. Re-running is a no-op. */
  migrate(): Promise<void>;
  /**
   * Runs `work` while holding the database-wide setup lock, so that app servers starting
   * together migrate and seed one at a time (a PostgreSQL advisory lock; PGlite has one process).
   */
  exclusively<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

/** An arbitrary, fixed key for the advisory lock that serialises migrate-and-seed. */
const setupLockKey = 7_274_271;

export const migrationsFolder = path.resolve(process.env.ATLAS_ROOT ?? process.cwd(), "db/migrations");

export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  return options.databaseUrl ? openServer(options.databaseUrl) : openEmbedded(options.dataDir);
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle> {
  const [{ PGlite }, { pg_trgm }, { cube }, { earthdistance }, { unaccent }, { drizzle }, { migrate }] =
    await Promise.all([
      import("@electric-sql/pglite"),
      import("@electric-sql/pglite/contrib/pg_trgm"),
      import("@electric-sql/pglite/contrib/cube"),
      import("@electric-sql/pglite/contrib/earthdistance"),
      import("@electric-sql/pglite/contrib/unaccent"),
      import("drizzle-orm/pglite"),
      import("drizzle-orm/pglite/migrator"),
    ]);
  let client;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create({ dataDir, extensions: { pg_trgm, cube, earthdistance, unaccent } });
  } catch (error) {
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database in DATA_DIR (${dataDir}): ${describe(error)}. ` +
        "Is another Asset Atlas process using it?",
    );
  }
  const db = drizzle(client, { schema });
  return {
    db: db as unknown as Database,
    mode: "embedded",
    migrate: () => migrate(db, { migrationsFolder }),
    exclusively: (work) => work(),
    close: () => client.close(),
  };
}

async function openServer(databaseUrl: string): Promise<DatabaseHandle> {
  const [{ default: postgres }, { drizzle }, { migrate }] = await Promise.all([
    import("postgres"),
    import("drizzle-orm/postgres-js"),
    import("drizzle-orm/postgres-js/migrator"),
  ]);
  const client = postgres(databaseUrl, {
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
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
    migrate: () => migrate(db, { migrationsFolder }),
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
