/**
 * Import jobs: an uploaded file becomes a row in import_jobs; a worker in whichever app server
 * claims it (an atomic UPDATE … WHERE status = 'queued') checks it (the dry run) and, when the
 * person asks, imports it in one transaction. Progress and the report live in the row, so the
 * status page works from any server, and a job left "running" by a server that died is picked
 * up again by the next status page that sees it (ADR 0012).
 */
import { and, desc, eq, getTableColumns, lt, or } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { importJobs } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { refreshListingStatistics } from "../listings/writer.server";
import type { Actor } from "../accounts/permissions";
import type { ImportProblem } from "./csv-rows";
import { checkCsv, csvOutcome, writeCsvListings, type WrittenListing } from "./csv.server";
import { importOrukFile } from "./oruk.server";

export type ImportFormat = "csv" | "oruk";
export type JobStatus = "queued" | "running" | "checked" | "imported" | "failed";

export interface ImportReport {
  total: number;
  problems: ImportProblem[];
  /** What would be written (after the check) or what was written (after the import). */
  listings: WrittenListing[];
  seconds: number;
  /** An unexpected failure, in words; nothing was written. */
  error?: string;
}

export type ImportJob = Omit<typeof importJobs.$inferSelect, "content"> & { report: ImportReport | null };

// The status page refreshes every few seconds: never load the file itself for it.
const { content: _content, ...jobColumns } = getTableColumns(importJobs);

/** A running job whose worker has not reported for this long is taken to be dead. */
const staleAfterMs = 2 * 60_000;

/** Whether a file looks like Open Referral UK JSON rather than CSV: its name, else its first character. */
export function detectFormat(fileName: string, content: string): ImportFormat {
  if (/\.json$/i.test(fileName)) return "oruk";
  if (/\.csv$/i.test(fileName)) return "csv";
  return /^\s*[[{]/.test(content) ? "oruk" : "csv";
}

export async function createImportJob(
  db: Database,
  actor: Actor,
  file: { fileName: string; content: string; bytes: number; publish: boolean },
): Promise<string> {
  const [job] = await db
    .insert(importJobs)
    .values({
      format: detectFormat(file.fileName, file.content),
      fileName: file.fileName.slice(0, 200),
      fileBytes: file.bytes,
      content: file.content,
      publish: file.publish,
      createdBy: actor.userId,
      actor: { ...actor },
    })
    .returning({ id: importJobs.id });
  return job!.id;
}

/** Jobs are only ever shown to the person who started them (and administrators). */
export async function findImportJob(db: Database, actor: Actor, id: string): Promise<ImportJob | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [job] = await db.select(jobColumns).from(importJobs).where(eq(importJobs.id, id.toLowerCase()));
  if (!job) return null;
  if (actor.role !== "administrator" && job.createdBy !== actor.userId) return null;
  return job as ImportJob;
}

export async function recentImportJobs(db: Database, actor: Actor) {
  if (!actor.userId) return [];
  return db
    .select({ id: importJobs.id, fileName: importJobs.fileName, phase: importJobs.phase, status: importJobs.status, createdAt: importJobs.createdAt, rowsTotal: importJobs.rowsTotal })
    .from(importJobs)
    .where(eq(importJobs.createdBy, actor.userId))
    .orderBy(desc(importJobs.createdAt))
    .limit(10);
}

/** Asks for the real import of a checked file with no problems; false if it is not ready. */
export async function queueImport(db: Database, actor: Actor, job: ImportJob): Promise<boolean> {
  if (job.status !== "checked" || job.phase !== "check" || (job.report?.problems.length ?? 1) > 0) return false;
  const updated = await db
    .update(importJobs)
    .set({ phase: "import", status: "queued", rowsProcessed: 0, actor: { ...actor }, heartbeatAt: new Date() })
    .where(and(eq(importJobs.id, job.id), eq(importJobs.status, "checked"), eq(importJobs.phase, "check")))
    .returning({ id: importJobs.id });
  return updated.length === 1;
}

/** Starts the job in this process without waiting for it (the status page shows how it goes). */
export function startImportJob(db: Database, id: string): void {
  void runImportJob(db, id).catch((error: unknown) => console.error(`[imports] job ${id} failed:`, error));
}

/** Restarts a job whose worker has gone quiet (a server restarted mid-job). */
export function resumeIfStale(db: Database, job: ImportJob): void {
  const quiet = Date.now() - job.heartbeatAt.getTime();
  if ((job.status === "queued" && quiet > 5_000) || (job.status === "running" && quiet > staleAfterMs)) startImportJob(db, job.id);
}

/** Claims and runs one job: the check, or the import. Safe to call twice: only one claim wins. */
export async function runImportJob(db: Database, id: string): Promise<void> {
  const [job] = await db
    .update(importJobs)
    .set({ status: "running", heartbeatAt: new Date() })
    .where(
      and(
        eq(importJobs.id, id),
        or(eq(importJobs.status, "queued"), and(eq(importJobs.status, "running"), lt(importJobs.heartbeatAt, new Date(Date.now() - staleAfterMs)))),
      ),
    )
    .returning();
  if (!job) return;
  const actor = job.actor as unknown as Actor;
  const started = performance.now();
  const progress = async (rows: number, total: number) => {
    await db.update(importJobs).set({ rowsProcessed: rows, rowsTotal: total, heartbeatAt: new Date() }).where(eq(importJobs.id, id));
  };
  const dryRun = job.phase === "check";
  let report: ImportReport;
  try {
    if (job.format === "oruk") {
      const outcome = await importOrukFile(db, actor, job.content, { dryRun, publish: job.publish, jobId: id, fileName: job.fileName, onProgress: progress });
      report = { ...outcome, seconds: 0 };
    } else {
      const checked = await checkCsv(db, actor, job.content, progress);
      await progress(checked.total, checked.total);
      let listings: WrittenListing[] = csvOutcome(checked.listings, id);
      if (!dryRun && checked.problems.length === 0) {
        listings = await writeCsvListings(db, actor, checked.listings, { jobId: id, fileName: job.fileName }, progress);
      }
      report = { total: checked.total, problems: checked.problems, listings, seconds: 0 };
    }
  } catch (error) {
    console.error(`[imports] job ${id}:`, error);
    report = { total: job.rowsTotal ?? 0, problems: [], listings: [], seconds: 0, error: "Something went wrong on our side while reading the file. Nothing was written. Try again, and tell us if it happens again." };
  }
  report.seconds = Math.round((performance.now() - started) / 100) / 10;
  const imported = !dryRun && !report.error && report.problems.length === 0;
  const status: JobStatus = report.error ? "failed" : dryRun ? "checked" : imported ? "imported" : "failed";
  await db
    .update(importJobs)
    .set({
      status,
      report: report as unknown as Record<string, unknown>,
      rowsTotal: report.total,
      rowsProcessed: report.total,
      heartbeatAt: new Date(),
      finishedAt: new Date(),
      // The file is no longer needed once it is imported or has failed.
      ...(status === "checked" ? {} : { content: "" }),
    })
    .where(eq(importJobs.id, id));
  if (imported) {
    await recordAudit(db, actor, {
      action: "import.complete",
      subjectType: "import-job",
      subjectId: id,
      details: { format: job.format, file: job.fileName, created: report.listings.filter((l) => l.action === "created").length, updated: report.listings.filter((l) => l.action === "updated").length },
    });
    // A large import changes the tables' shape; PGlite has no autovacuum to notice, so refresh
    // the planner's statistics now rather than at the next daily run.
    await refreshListingStatistics(db);
  }
}


