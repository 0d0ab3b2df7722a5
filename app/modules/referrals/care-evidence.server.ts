/**
 * What came of the support: the person's wellbeing and loneliness at the start and at
 * follow-up, and the formal care that community support met instead (diverted care), priced
 * with the unit cost in force so the practitioner sees the weekly cost avoided before saving.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { divertedCare, outcomeMeasures, persons, referrals, services } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import { Exact } from "../../../db/evidence/money";
import { serviceName } from "../evidence/services";
import { EvidenceInputError } from "../../../db/evidence/input-error";
import { MissingUnitCostError, priceSpans } from "../evidence/unit-costs";
import { listUnitCosts } from "../evidence/unit-costs.server";
import { ons4Questions, type DivertedCareInput, type OutcomeInput } from "./referral-forms";
import { divertedCareStatuses, statusNames } from "./referral-status";
import { toDay } from "../../../db/calendar";
import { AppError } from "../errors/app-error";

// ── Outcomes ──

export async function recordOutcome(db: Database, actor: Actor, personId: string, input: OutcomeInput): Promise<void> {
  await db.transaction(async (tx) => {
    if (input.stage === "follow_up") {
      const [start] = await tx
        .select({ recordedOn: outcomeMeasures.recordedOn })
        .from(outcomeMeasures)
        .where(and(eq(outcomeMeasures.personId, personId), eq(outcomeMeasures.stage, "start")))
        .orderBy(asc(outcomeMeasures.recordedOn))
        .limit(1);
      if (!start) throw new AppError("Record the answers at the start before a follow-up, so the change can be shown.", { status: 409 });
      if (input.recordedOn < start.recordedOn) {
        throw new AppError(`A follow-up cannot be dated before the start (${start.recordedOn}).`, { status: 409 });
      }
    }
    const [row] = await tx
      .insert(outcomeMeasures)
      .values({ personId, ...input, recordedBy: actor.userId })
      .returning({ id: outcomeMeasures.id });
    await tx.update(persons).set({ lastActivityAt: new Date() }).where(eq(persons.id, personId));
    await recordAudit(tx, actor, { action: "outcome.record", subjectType: "person", subjectId: personId, details: { outcomeId: row!.id, stage: input.stage } });
  });
}

export type OutcomeRow = typeof outcomeMeasures.$inferSelect;

export interface OutcomeChange {
  measure: string;
  question: string;
  start: number;
  followUp: number;
  change: number;
  /** better, worse or the same, allowing for measures where lower is better (anxiety). */
  direction: "better" | "worse" | "same";
}

/** The first answers at the start against the latest at follow-up. */
export function outcomeChanges(rows: readonly OutcomeRow[]): OutcomeChange[] | null {
  const start = rows.filter((row) => row.stage === "start").sort((a, b) => a.recordedOn.localeCompare(b.recordedOn))[0];
  const followUp = rows.filter((row) => row.stage === "follow_up").sort((a, b) => b.recordedOn.localeCompare(a.recordedOn))[0];
  if (!start || !followUp) return null;
  const measures = [
    ...ons4Questions.map((q) => ({ key: q.name, question: q.question, higherIsBetter: q.higherIsBetter })),
    { key: "loneliness" as const, question: "How often do you feel lonely? (1 often/always … 5 never)", higherIsBetter: true },
  ];
  return measures.map(({ key, question, higherIsBetter }) => {
    const change = followUp[key] - start[key];
    const direction = change === 0 ? "same" : (change > 0) === higherIsBetter ? "better" : "worse";
    return { measure: key, question, start: start[key], followUp: followUp[key], change, direction };
  });
}

export async function personOutcomes(db: Database, personId: string) {
  const rows = await db.select().from(outcomeMeasures).where(eq(outcomeMeasures.personId, personId)).orderBy(asc(outcomeMeasures.recordedOn), asc(outcomeMeasures.recordedAt));
  return { rows, changes: outcomeChanges(rows) };
}

// ── Diverted care ──

export interface DivertedPreview {
  service: string;
  serviceName: string;
  unit: "hour" | "week" | "placement";
  hoursPerWeek: string | null;
  unitCost: { amountPence: number; priceYear: string; source: string; validFrom: string };
  /** The weekly cost avoided at the figure in force on the start date. */
  weeklyPence: number;
  /** Whole weeks and days between the dates (inclusive), when there is an end date. */
  period: { days: number; weeks: string; totalPence: number } | null;
}

/**
 * Prices a record: the weekly cost avoided at the unit cost in force on its start date and,
 * when it has an end date, the total over the period (split where the unit cost changed).
 * A date with no unit cost in force, or unit costs that contradict each other, is refused (an
 * AppError on the service field): nothing can be priced, so nothing is saved.
 */
export async function previewDivertedCare(db: Database, input: DivertedCareInput): Promise<DivertedPreview> {
  try {
    return await priceDivertedCare(db, input);
  } catch (error) {
    if (error instanceof MissingUnitCostError) throw new AppError(missingUnitCostMessage(error), { field: "service", cause: error });
    // The unit-cost table itself is inconsistent (overlapping figures): say so, save nothing.
    if (error instanceof EvidenceInputError) throw new AppError(`${error.message} Ask an administrator to correct the unit costs.`, { field: "service", cause: error });
    throw error;
  }
}

/** The pricing itself; a missing unit cost is a MissingUnitCostError. */
async function priceDivertedCare(db: Database, input: DivertedCareInput): Promise<DivertedPreview> {
  const unitCosts = await listUnitCosts(db, input.service);
  const from = toDay(input.fromDate);
  const [first] = priceSpans(unitCosts, input.service, from, from + 1);
  const unit = first!.unitCost.unit;
  const hours = unit === "hour" ? Exact.decimal(input.hoursPerWeek) : Exact.one;
  const weekly = hours.mul(first!.unitCost.amountPence);
  let period: DivertedPreview["period"] = null;
  if (input.toDate) {
    const to = toDay(input.toDate) + 1;
    const spans = priceSpans(unitCosts, input.service, from, to);
    const total = spans.reduce((sum, span) => sum.add(hours.mul(span.unitCost.amountPence).mul(span.to - span.from).div(7)), Exact.zero);
    period = { days: to - from, weeks: Exact.of(to - from, 7).toFixed(1), totalPence: total.toPence() };
  }
  return {
    service: input.service,
    serviceName: serviceName(input.service),
    unit,
    hoursPerWeek: unit === "hour" ? input.hoursPerWeek : null,
    unitCost: {
      amountPence: first!.unitCost.amountPence,
      priceYear: first!.unitCost.priceYear,
      source: first!.unitCost.source,
      validFrom: first!.unitCost.validFrom,
    },
    weeklyPence: weekly.toPence(),
    period,
  };
}

function missingUnitCostMessage(error: MissingUnitCostError): string {
  return `There is no unit cost for ${serviceName(error.service)} in force on ${error.date}, so the cost avoided cannot be worked out and nothing was saved. Ask an administrator to add one, or choose another service.`;
}

export async function findReferralForDivertedCare(db: Database, personId: string, referralId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(referralId)) return null;
  const [row] = await db
    .select({ id: referrals.id, status: referrals.status, listingName: services.name, kind: referrals.kind })
    .from(referrals)
    .innerJoin(services, eq(services.id, referrals.serviceId))
    .where(and(eq(referrals.id, referralId.toLowerCase()), eq(referrals.personId, personId)));
  return row ?? null;
}

export function divertedCareRefusal(status: (typeof referrals.$inferSelect)["status"]): string | null {
  return divertedCareStatuses.includes(status)
    ? null
    : `Formal care avoided can be recorded once the support is accepted, started or ended. This one is “${statusNames[status].toLowerCase()}”.`;
}

export async function recordDivertedCare(
  db: Database,
  actor: Actor,
  personId: string,
  referralId: string,
  input: DivertedCareInput,
): Promise<{ id: string; preview: DivertedPreview }> {
  const referral = await findReferralForDivertedCare(db, personId, referralId);
  if (!referral) throw new AppError("That referral is not one of this person's.", { status: 409 });
  const refusal = divertedCareRefusal(referral.status);
  if (refusal) throw new AppError(refusal, { status: 409 });
  const preview = await previewDivertedCare(db, input); // a missing unit cost stops here, before anything is saved
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(divertedCare)
      .values({
        referralId: referral.id,
        personId,
        service: input.service,
        hoursPerWeek: preview.hoursPerWeek,
        fromDate: input.fromDate,
        toDate: input.toDate || null,
        confidence: input.confidence,
        cashable: input.saving === "cashable",
        note: input.note || null,
        recordedBy: actor.userId,
      })
      .returning({ id: divertedCare.id });
    await tx.update(persons).set({ lastActivityAt: new Date() }).where(eq(persons.id, personId));
    await recordAudit(tx, actor, {
      action: "diverted-care.record",
      subjectType: "referral",
      subjectId: referral.id,
      // Who recorded which record, not its figures: the record holds those, and after the
      // person's record goes, figures here could match the de-identified row (migration 0019).
      details: { divertedCareId: row!.id, personId },
    });
    return { id: row!.id, preview };
  });
}

export async function personDivertedCare(db: Database, personId: string) {
  const rows = await db
    .select({
      id: divertedCare.id,
      referralId: divertedCare.referralId,
      service: divertedCare.service,
      hoursPerWeek: divertedCare.hoursPerWeek,
      fromDate: divertedCare.fromDate,
      toDate: divertedCare.toDate,
      confidence: divertedCare.confidence,
      cashable: divertedCare.cashable,
      listingName: services.name,
    })
    .from(divertedCare)
    .innerJoin(referrals, eq(referrals.id, divertedCare.referralId))
    .innerJoin(services, eq(services.id, referrals.serviceId))
    .where(eq(divertedCare.personId, personId))
    .orderBy(desc(divertedCare.fromDate));
  const priced = [];
  for (const row of rows) {
    let weeklyPence: number | null = null;
    try {
      const preview = await priceDivertedCare(db, {
        service: row.service as DivertedCareInput["service"],
        hoursPerWeek: row.hoursPerWeek ?? "",
        fromDate: row.fromDate,
        toDate: "",
        confidence: row.confidence,
        saving: row.cashable ? "cashable" : "avoided",
        note: "",
      });
      weeklyPence = preview.weeklyPence;
    } catch (error) {
      if (!(error instanceof MissingUnitCostError || error instanceof EvidenceInputError)) throw error;
    }
    priced.push({ ...row, serviceName: serviceName(row.service), weeklyPence });
  }
  return priced;
}


