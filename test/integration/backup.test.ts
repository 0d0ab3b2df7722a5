/**
 * `npm run atlas -- backup <file>` and `restore <file>` for the embedded database: a backup taken
 * with the app stopped and one taken by the running app both restore every table exactly.
 * Embedded only (PGlite); a PostgreSQL server is backed up with pg_dump (docs/operations.md).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../db/client.server";
import { copyPgliteTemplate, testDriver } from "../support/database";
import { projectRoot, tmpRoot } from "../support/paths";
import { startApp } from "../support/server";

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function atlas(dataDir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "app/cli.ts", ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every table's rows, in a stable order, reduced to a count and a digest per table. */
async function contents(dataDir: string): Promise<Record<string, string>> {
  const handle = await openDatabase({ dataDir });
  try {
    const tables = await queryRows<{ name: string }>(
      handle.db,
      sql`select quote_ident(schemaname) || '.' || quote_ident(tablename) as name from pg_tables where schemaname in ('public', 'drizzle') order by 1`,
    );
    const result: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await queryRows<{ n: number; digest: string | null }>(
        handle.db,
        sql.raw(`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as digest from ${name} t`),
      );
      result[name] = `${row!.n} ${row!.digest ?? "-"}`;
    }
    return result;
  } finally {
    await handle.close();
  }
}

async function change(dataDir: string) {
  const handle = await openDatabase({ dataDir });
  try {
    await handle.db.execute(sql`update services set name = name || ' (changed)' where id in (select id from services order by id limit 5)`);
    await handle.db.execute(sql`delete from audit_events`);
    await handle.db.execute(sql`insert into app_meta (key, value) values ('after-backup', 'yes')`);
  } finally {
    await handle.close();
  }
}

const folder = () => {
  const dataDir = copyPgliteTemplate();
  folders.push(dataDir, `${dataDir}.kept`);
  return dataDir;
};

describe.skipIf(testDriver !== "pglite")("backing up and restoring the embedded database", () => {
  it("restores every table as it was when the backup was taken, keeping the folder it replaced", async () => {
    const dataDir = folder();
    const file = path.join(tmpRoot, "backups", `stopped-${process.pid}.tar.gz`);
    folders.push(file);
    const before = await contents(dataDir);
    expect(Object.keys(before).length).toBeGreaterThan(20);

    const backup = atlas(dataDir, "backup", file);
    expect(backup.output).toMatch(/^Backup written to .* bytes\)\./m);
    expect(backup.status).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(100_000);

    await change(dataDir);
    const changed = await contents(dataDir);
    expect(changed).not.toEqual(before);

    const restore = atlas(dataDir, "restore", file);
    expect(restore.status, restore.output).toBe(0);
    const kept = /kept as (\S+);/.exec(restore.output)![1]!;
    folders.push(kept);
    expect(await contents(dataDir)).toEqual(before);
    expect(await contents(kept)).toEqual(changed);
  }, 240_000);

  it("takes a consistent backup while the app is running, and refuses to restore under it", async () => {
    const dataDir = folder();
    const file = path.join(tmpRoot, "backups", `running-${process.pid}.tar.gz`);
    folders.push(file);
    const atStart = await contents(dataDir);
    // The daily jobs are off, so nothing but the backup happens to the data while it runs.
    const app = await startApp({ dataDir, startTimeoutMs: 120_000, env: { SCHEDULED_JOBS: "false" } });
    let refused;
    try {
      const backup = atlas(dataDir, "backup", file);
      expect(backup.status, backup.output).toBe(0);
      expect(backup.output).toContain("by the running app");
      refused = atlas(dataDir, "restore", file);
    } finally {
      await app.stop();
    }
    expect(refused.status).toBe(1);
    expect(refused.output).toMatch(/is using DATA_DIR: stop it, restore, then start it again/);
    expect(app.output()).toContain("Backup written to");
    const served = await contents(dataDir);
    expect(served).toEqual(atStart);
    await change(dataDir);
    const restore = atlas(dataDir, "restore", file);
    expect(restore.status, restore.output).toBe(0);
    folders.push(/kept as (\S+);/.exec(restore.output)![1]!);
    expect(await contents(dataDir)).toEqual(served);
  }, 300_000);
});
