/**
 * A fresh database for one test file, copied from the migrated, seeded template:
 * PGlite (a copied data folder) or PostgreSQL (CREATE DATABASE … TEMPLATE), by TEST_DRIVER.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { openDatabase, type DatabaseHandle } from "../../db/client.server";
import { pgliteTemplateDir, postgresTemplateName, tmpRoot } from "./paths";

export type TestDriver = "pglite" | "postgres";

export const testDriver: TestDriver = process.env.TEST_DRIVER === "postgres" ? "postgres" : "pglite";

export interface TestDatabase extends DatabaseHandle {
  /** The copy's address on the PostgreSQL server; undefined on PGlite. */
  databaseUrl?: string;
  /** Closes the connection and removes the copy. */
  destroy(): Promise<void>;
}

/** Copies the seeded PGlite template into a new folder and returns its path. */
export function copyPgliteTemplate(): string {
  const dataDir = path.join(tmpRoot, "databases", `db-${randomUUID()}`);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.cpSync(pgliteTemplateDir, dataDir, { recursive: true });
  return dataDir;
}

export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  if (testDriver === "pglite") {
    const dataDir = options.empty ? path.join(tmpRoot, "databases", `empty-${randomUUID()}`) : copyPgliteTemplate();
    const handle = await openDatabase({ dataDir });
    return {
      ...handle,
      async destroy() {
        await handle.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DRIVER=postgres needs TEST_DATABASE_URL");
  const { default: postgres } = await import("postgres");
  const name = `atlas_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(options.empty ? `create database ${name}` : `create database ${name} template ${postgresTemplateName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
  return {
    ...handle,
    databaseUrl: url.toString(),
    async destroy() {
      await handle.close();
      const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
