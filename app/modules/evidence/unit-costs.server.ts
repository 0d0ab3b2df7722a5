/**
 * Unit costs in the database: read them for the engine, and record a new figure, which closes
 * the figure it replaces (same transaction, audited). Nothing is ever overwritten or deleted,
 * so calculations for past periods give the same answer after a change.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { unitCosts } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { can, type Actor } from "../accounts/permissions";
import { financialYearOf, firstYearOf } from "../../../db/evidence/price-years";
import { EvidenceInputError } from "../../../db/evidence/input-error";
import { AppError } from "../errors/app-error";
import { planNewUnitCost, type NewUnitCost, type UnitCost } from "./unit-costs";
import { isIsoDate } from "../../../db/calendar";

type Row = typeof unitCosts.$inferSelect;

const toUnitCost = (row: Row): UnitCost => ({
  id: row.id,
  service: row.service,
  unit: row.unit,
  amountPence: row.amountPence,
  priceYear: row.priceYear,
  source: row.source,
  validFrom: row.validFrom,
  validTo: row.validTo,
});

export async function listUnitCosts(db: Pick<Database, "select">, service?: string): Promise<UnitCost[]> {
  const query = db.select().from(unitCosts);
  const rows = await (service ? query.where(eq(unitCosts.service, service)) : query).orderBy(asc(unitCosts.service), asc(unitCosts.validFrom));
  return rows.map(toUnitCost);
}

/**
 * Records a new figure for a service from `validFrom`; the open figure, if any, is closed on
 * that day. Administrators only ("unit-cost:update").
 */
export async function recordUnitCost(db: Database, actor: Actor, figure: NewUnitCost & { notes?: string | null }): Promise<UnitCost> {
  if (!can(actor, "unit-cost:update")) throw new Response("You do not have permission to change unit costs.", { status: 403 });
  if (!isIsoDate(figure.validFrom)) throw new AppError(`validFrom must be a date, YYYY-MM-DD (not "${figure.validFrom}")`, { field: "validFrom" });
  if (!Number.isSafeInteger(figure.amountPence) || figure.amountPence <= 0) throw new AppError("amount must be whole pence, more than zero", { field: "amount" });
  if (!/^\d{4}\/\d{2}$/.test(figure.priceYear)) throw new AppError('price year must look like "2024/25"', { field: "priceYear" });
  if (!figure.source.trim()) throw new AppError("say where the figure comes from", { field: "source" });
  if (figure.validTo != null && !isIsoDate(figure.validTo)) throw new AppError(`validTo must be a date, YYYY-MM-DD (not "${figure.validTo}")`, { field: "validTo" });
  return db.transaction(async (tx) => {
    // why: two administrators recording figures for one service at once must not both close the same figure.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`unit-cost:${figure.service}`}))`);
    const existing = (await tx.select().from(unitCosts).where(eq(unitCosts.service, figure.service))).map(toUnitCost);
    const { close } = planOrRefuse(existing, figure);
    if (close) await tx.update(unitCosts).set({ validTo: figure.validFrom }).where(eq(unitCosts.id, close.id));
    const [row] = await tx
      .insert(unitCosts)
      .values({ ...figure, notes: figure.notes ?? null, validTo: figure.validTo ?? null, recordedBy: actor.userId })
      .returning();
    await recordAudit(tx, actor, {
      action: "unit-cost.record",
      subjectType: "unit_cost",
      subjectId: row!.id,
      details: { service: figure.service, amountPence: figure.amountPence, priceYear: figure.priceYear, validFrom: figure.validFrom, validTo: figure.validTo ?? null, closed: close?.id ?? null },
    });
    return toUnitCost(row!);
  });
}

/** The plan for a new figure; a figure that clashes with the ones recorded is refused beside its start date. */
function planOrRefuse(existing: UnitCost[], figure: NewUnitCost): ReturnType<typeof planNewUnitCost> {
  try {
    return planNewUnitCost(existing, figure);
  } catch (error) {
    if (error instanceof EvidenceInputError) throw new AppError(error.message, { field: "validFrom", cause: error });
    throw error;
  }
}

/**
 * Figures still in force today whose price year began more than two years before this financial
 * year: administrators should check them (reference series included, flagged the same way).
 */
export function staleUnitCosts<T extends Pick<UnitCost, "priceYear" | "validFrom" | "validTo">>(figures: readonly T[], today: string): T[] {
  const current = firstYearOf(financialYearOf(today));
  return figures.filter((figure) => figure.validFrom <= today && (figure.validTo === null || figure.validTo > today) && firstYearOf(figure.priceYear) < current - 2);
}

/** Every figure, service by service, oldest first, with its notes: the administrators' history. */
export async function unitCostHistory(db: Pick<Database, "select">) {
  const rows = await db.select().from(unitCosts).orderBy(asc(unitCosts.service), asc(unitCosts.validFrom));
  return rows.map((row) => ({ ...toUnitCost(row), notes: row.notes, recordedAt: row.recordedAt.toISOString() }));
}
