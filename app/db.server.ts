/**
 * The app's database handle: one per server process, opened lazily on first use and kept on
 * globalThis so development rebuilds do not open a second PGlite on the same folder.
 */
import { openDatabase, type Database, type DatabaseHandle } from "../db/client.server";
import { config } from "./env.server";

declare global {
  var __atlasDatabase: Promise<DatabaseHandle> | undefined;
}

export function databaseHandle(): Promise<DatabaseHandle> {
  globalThis.__atlasDatabase ??= openDatabase(config()).catch((error: unknown) => {
    globalThis.__atlasDatabase = undefined; // let the next request try again
    throw error;
  });
  return globalThis.__atlasDatabase;
}

export async function database(): Promise<Database> {
  return (await databaseHandle()).db;
}
