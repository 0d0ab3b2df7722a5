/**
 * Importing programme-indicator values: a file is checked first (the dry run: every row read,
 * every problem listed, nothing written but the check itself), then imported whole, in one
 * transaction, or not at all. Both steps are audited.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { kpiImports, kpiValues } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { can, type Actor } from "../accounts/permissions";
import { checkKpiFile, maxKpiFileBytes, type KpiProblem, type KpiRow } from "../../../db/evidence/kpi-file";
import { latestKpiValues } from "./kpi-values.server";

function requireImport(actor: Actor) {
  if (!can(actor, "evidence:plan")) throw new Response("You do not have permission to import programme indicators.", { status: 403 });
}

export interface KpiImportView {
  id: string;
  fileName: string;
  status: "checked" | "refused" | "imported";
  rows: Array<KpiRow & { replaces: string | null }>;
  problems: KpiProblem[];
  createdAt: string;
  importedAt: string | null;
}

/** Checks a file and keeps the result, so that "Import" writes exactly what was checked. */
export async function checkKpiUpload(db: Database, actor: Actor, file: { name: string; text: string; bytes: number }, today: string): Promise<string> {
  requireImport(actor);
  const { rows, problems } =
    file.bytes > maxKpiFileBytes
      ? { rows: [], problems: [{ row: 1, column: "", message: `The file is ${Math.round(file.bytes / 1000)} kB: upload at most ${maxKpiFileBytes / 1_000_000} MB.` }] }
      : checkKpiFile(file.text, today);
  const [row] = await db
    .insert(kpiImports)
    .values({ fileName: file.name.slice(0, 200) || "indicators.csv", status: problems.length > 0 ? "refused" : "checked", rows, problems, createdBy: actor.userId })
    .returning({ id: kpiImports.id });
  await recordAudit(db, actor, { action: "kpi-import.check", subjectType: "kpi_import", subjectId: row!.id, details: { fileName: file.name, rows: rows.length, problems: problems.length } });
  return row!.id;
}

export async function kpiImportView(db: Database, actor: Actor, id: string): Promise<KpiImportView | null> {
  requireImport(actor);
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [row] = await db.select().from(kpiImports).where(eq(kpiImports.id, id));
  if (!row) return null;
  const rows = row.rows as KpiRow[];
  // Say which stored value each row would replace, so nobody overwrites a figure by surprise.
  const existing = row.status === "imported" ? [] : await latestKpiValues(db, [...new Set(rows.map((entry) => entry.indicator))]);
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status as KpiImportView["status"],
    rows: rows.map((entry) => {
      const previous = existing.find((value) => value.indicator === entry.indicator && value.measure === entry.measure && value.period === entry.period);
      return { ...entry, replaces: previous ? `${previous.value} (${previous.source})` : null };
    }),
    problems: row.problems as KpiProblem[],
    createdAt: row.createdAt.toISOString(),
    importedAt: row.importedAt?.toISOString() ?? null,
  };
}

/** Writes a checked file's rows, all in one transaction; a file with problems, or already imported, is refused. */
export async function importKpiUpload(db: Database, actor: Actor, id: string, options: { isDemo?: boolean } = {}): Promise<number> {
  requireImport(actor);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(kpiImports).where(eq(kpiImports.id, id)).for("update");
    if (!row) throw new Response("There is no such import.", { status: 404 });
    if (row.status !== "checked") throw new Response(row.status === "imported" ? "This file has already been imported." : "This file has problems: fix them and check it again.", { status: 409 });
    const rows = row.rows as KpiRow[];
    if (rows.length > 0) {
      await tx.insert(kpiValues).values(
        rows.map((entry) => ({
          indicator: entry.indicator,
          measure: entry.measure,
          period: entry.period,
          periodStart: entry.periodStart,
          value: entry.value,
          priceYear: entry.priceYear,
          source: entry.source,
          note: entry.note,
          importId: id,
          isDemo: options.isDemo ?? false,
          recordedBy: actor.userId,
        })),
      );
    }
    await tx.update(kpiImports).set({ status: "imported", importedAt: new Date() }).where(eq(kpiImports.id, id));
    await recordAudit(tx, actor, { action: "kpi-import.import", subjectType: "kpi_import", subjectId: id, details: { fileName: row.fileName, rows: rows.length } });
    return rows.length;
  });
}
