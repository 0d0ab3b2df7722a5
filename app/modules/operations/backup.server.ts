/**
 * Backup and restore of the embedded database (`npm run atlas -- backup <file>` / `restore <file>`).
 *
 * A backup is PGlite's own dump of its data folder (a gzipped tarball), taken by the process that
 * has the database open, between statements, so it is consistent. PGlite is one process: while
 * the app is running it owns DATA_DIR, so the command asks it to write the backup (a request file
 * and SIGUSR2); when the app is stopped the command opens the database and writes it itself.
 * A restore needs the app stopped; the folder it replaces is kept beside it.
 *
 * In server mode (DATABASE_URL) use PostgreSQL's pg_dump and pg_restore (docs/operations.md).
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase, restoreEmbedded, type DatabaseHandle } from "../../../db/client.server";

const pidFile = (dataDir: string) => path.join(dataDir, "atlas-server.pid");
const requestFile = (dataDir: string) => path.join(dataDir, "atlas-backup-request.json");

/** The process id of a running app serving this folder, or null. */
export function servingProcess(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidFile(dataDir), "utf8").trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0); // throws when there is no such process
    return pid;
  } catch {
    return null;
  }
}

/**
 * In the app (embedded mode): records that this process serves DATA_DIR, and writes a backup
 * when the command line asks. Returns a function that forgets both (on shutdown).
 */
export function serveBackups(dataDir: string, handle: () => Promise<DatabaseHandle>, log: (message: string, error?: unknown) => void): () => void {
  fs.writeFileSync(pidFile(dataDir), String(process.pid));
  const onSignal = () => {
    void (async () => {
      let target = "";
      try {
        target = (JSON.parse(fs.readFileSync(requestFile(dataDir), "utf8")) as { file: string }).file;
        const bytes = await writeBackup(await handle(), target);
        log(`Backup written to ${target} (${bytes.toLocaleString("en-GB")} bytes).`);
      } catch (error) {
        log(`The backup${target ? ` to ${target}` : ""} failed.`, error);
      } finally {
        fs.rmSync(requestFile(dataDir), { force: true });
      }
    })();
  };
  process.on("SIGUSR2", onSignal);
  return () => {
    process.off("SIGUSR2", onSignal);
    fs.rmSync(pidFile(dataDir), { force: true });
  };
}

async function writeBackup(handle: DatabaseHandle, file: string): Promise<number> {
  if (!handle.dumpDataDir) throw new Error("Only the embedded database is backed up this way; use pg_dump for a PostgreSQL server.");
  const bytes = Buffer.from(await (await handle.dumpDataDir()).arrayBuffer());
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, file); // a backup file is complete or absent
  return bytes.length;
}

export async function backupEmbedded(dataDir: string, file: string, options: { waitMs?: number } = {}): Promise<{ bytes: number; byRunningApp: boolean }> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(target, { force: true });
  const pid = servingProcess(dataDir);
  if (pid) {
    fs.writeFileSync(requestFile(dataDir), JSON.stringify({ file: target }));
    process.kill(pid, "SIGUSR2");
    const deadline = Date.now() + (options.waitMs ?? 120_000);
    while (fs.existsSync(requestFile(dataDir)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!fs.existsSync(target)) throw new Error(`The running app (process ${pid}) did not write the backup; its log says why.`);
    return { bytes: fs.statSync(target).size, byRunningApp: true };
  }
  if (!fs.existsSync(dataDir)) throw new Error(`There is no embedded database in DATA_DIR (${dataDir}).`);
  const handle = await openDatabase({ dataDir });
  try {
    return { bytes: await writeBackup(handle, target), byRunningApp: false };
  } finally {
    await handle.close();
  }
}

/** Replaces DATA_DIR with the backup; the folder it replaces is kept as DATA_DIR.before-restore-<time>. */
export async function restoreEmbeddedBackup(dataDir: string, file: string): Promise<{ keptAs: string | null }> {
  if (!fs.existsSync(file)) throw new Error(`There is no backup file ${file}.`);
  const pid = servingProcess(dataDir);
  if (pid) throw new Error(`The app (process ${pid}) is using DATA_DIR: stop it, restore, then start it again.`);
  const building = `${dataDir}.restoring-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  await restoreEmbedded(building, new Blob([fs.readFileSync(file)]));
  let keptAs: string | null = null;
  if (fs.existsSync(dataDir)) {
    keptAs = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(dataDir, keptAs);
  }
  fs.renameSync(building, dataDir);
  return { keptAs };
}
