/**
 * Loads what the commissioners' dashboard shows and runs it through the engine (dashboard.ts):
 * diverted care in the period (where and what, never who), unit costs, targets, investments,
 * the funnel of requests and the market of PAs and micro-enterprises. Aggregates only leave
 * here, suppressed; the trace of a cell is re-derived on request and refused for withheld cells.
 */
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { districts, evidenceTargets, programmeInvestments } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { can, type Actor } from "../accounts/permissions";
import { buildDashboard, monthLabel, traceRows, type DashboardRecord, type Dimension, type Period } from "./dashboard";
import type { DashboardFilter } from "./dashboard-form";
import { marketRates, marketSpend } from "./market.server";
import { money } from "../../../db/evidence/money";
import { currentPriceIndex } from "./price-index.server";
import { convertPence, financialYearOf, priceYearChoices } from "../../../db/evidence/price-years";
import { settingFor, settingLabel, type AdjustmentSetting } from "./settings";
import { adjustmentSettings, programmeFor } from "./settings.server";
import { fewerThanFive, isSmall, suppressedCells, withheldToProtect } from "./suppression";
import { listUnitCosts, staleUnitCosts } from "./unit-costs.server";
import { EvidenceInputError } from "../../../db/evidence/input-error";
import { MissingUnitCostError } from "./unit-costs";
import { requestOutcomes } from "../requests/request-forms";
import { firstOfMonth, londonDay } from "../../../db/calendar";

/** The funnel's rows: how requests ended (the ABA business case's categories), then those still open. */
export const funnelOutcomes = [...requestOutcomes.map(({ code, name }) => ({ code, name })), { code: "open", name: "Still open" }] as const;

function requireEvidence(actor: Actor) {
  if (!can(actor, "evidence:read")) throw new Response("You do not have permission to see cost-avoidance evidence.", { status: 403 });
}

async function loadRecords(db: Database, period: Period, district: string | null): Promise<DashboardRecord[]> {
  const first = `${period.from}-01`;
  const afterLast = firstOfMonth(period.to, 1);
  const rows = await queryRows<{
    id: string;
    person_id: string;
    service: string;
    hours_per_week: string | null;
    from_date: string;
    to_date: string | null;
    confidence: "low" | "medium" | "high";
    cashable: boolean;
    district_code: string | null;
    district_name: string | null;
    ward_code: string | null;
    ward_name: string | null;
    kind: string | null;
    need: string | null;
  }>(
    db,
    // Everything from the row itself (migration evidence_outlives_records): it outlives the
    // person's record, and counts where they lived when the care was avoided.
    sql`select d.id, d.subject as person_id, d.service, d.hours_per_week::text as hours_per_week,
               d.from_date::text as from_date, d.to_date::text as to_date, d.confidence::text as confidence, d.cashable,
               d.district_code, dd.name as district_name, d.ward_code, w.name as ward_name, d.asset_kind as kind, d.need
        from diverted_care d
        left join wards w on w.code = d.ward_code
        left join districts dd on dd.code = d.district_code
        where d.from_date < ${afterLast}::date and (d.to_date is null or d.to_date >= ${first}::date)
          ${district ? sql`and d.district_code = ${district}` : sql``}
        order by d.id`,
  );
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    service: row.service,
    hoursPerWeek: row.hours_per_week,
    from: row.from_date,
    to: row.to_date,
    confidence: row.confidence,
    cashable: row.cashable,
    districtCode: row.district_code,
    districtName: row.district_name,
    wardCode: row.ward_code,
    wardName: row.ward_name,
    assetKind: row.kind ?? "not recorded",
    need: row.need,
  }));
}

async function loadTargets(db: Database, district: string | null) {
  return db
    .select({ id: evidenceTargets.id, validFrom: evidenceTargets.validFrom, monthlyTargetPence: evidenceTargets.monthlyTargetPence, setAt: evidenceTargets.setAt })
    .from(evidenceTargets)
    .where(district ? eq(evidenceTargets.districtCode, district) : isNull(evidenceTargets.districtCode))
    .orderBy(asc(evidenceTargets.validFrom), asc(evidenceTargets.setAt));
}

async function loadInvestments(db: Database, period: Period, district: string | null) {
  const afterLast = firstOfMonth(period.to, 1);
  return db
    .select({ amountPence: programmeInvestments.amountPence, investedOn: programmeInvestments.investedOn, description: programmeInvestments.description })
    .from(programmeInvestments)
    .where(
      and(
        sql`${programmeInvestments.investedOn} >= ${`${period.from}-01`}::date and ${programmeInvestments.investedOn} < ${afterLast}::date`,
        district ? eq(programmeInvestments.districtCode, district) : undefined,
      ),
    )
    .orderBy(desc(programmeInvestments.investedOn));
}

/** One target per starting month: one set again later for the same month replaces it on screen; the table keeps both. */
function latestTargets(rows: Array<{ validFrom: string; monthlyTargetPence: number }>) {
  const byMonth = new Map<string, number>();
  for (const row of rows) byMonth.set(row.validFrom, row.monthlyTargetPence);
  return [...byMonth.entries()].map(([validFrom, monthlyTargetPence]) => ({ validFrom, monthlyTargetPence }));
}

export interface FunnelRow {
  code: string;
  name: string;
  people: number | null;
  display: string;
  suppressed: boolean;
  /** Median whole days from the request to its outcome; null when open, withheld or none. */
  medianDays: number | null;
}

/**
 * Counted from requests for help (not people: one person can ask more than once) received in
 * the period, where the person lived or the request came from; the time to outcome is the
 * median of closed-on minus received-on. Requests outlive erased records (forgotten, not
 * deleted), so the funnel does not fall when a record goes.
 */
async function loadFunnel(db: Database, period: Period, district: string | null) {
  const afterLast = firstOfMonth(period.to, 1);
  const rows = await queryRows<{ outcome: string; requests: number; median_days: number | null }>(
    db,
    sql`select coalesce(outcome::text, 'open') as outcome, count(*)::int as requests,
               (percentile_cont(0.5) within group (order by closed_on - received_on))::float8 as median_days
        from requests
        where received_on >= ${`${period.from}-01`}::date and received_on < ${afterLast}::date
          ${district ? sql`and district_code = ${district}` : sql``}
        group by 1`,
  );
  const counts = funnelOutcomes.map((outcome) => rows.find((row) => row.outcome === outcome.code)?.requests ?? 0);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const withheld = suppressedCells(counts, total);
  const shown = (count: number, hidden: boolean): Pick<FunnelRow, "people" | "display" | "suppressed"> =>
    hidden ? { people: null, display: isSmall(count) ? fewerThanFive : withheldToProtect, suppressed: true } : { people: count, display: String(count), suppressed: false };
  return {
    rows: funnelOutcomes.map((outcome, index): FunnelRow => {
      const hidden = withheld.has(index);
      const median = rows.find((row) => row.outcome === outcome.code)?.median_days ?? null;
      return { code: outcome.code, name: outcome.name, ...shown(counts[index]!, hidden), medianDays: hidden || median === null ? null : Math.round(median) };
    }),
    total: shown(total, isSmall(total)),
  };
}

/** The dashboard's figures for a filter, before suppression leaves the server (for the indicators page). */
export async function compute(db: Database, filter: DashboardFilter, on: string) {
  const period = { from: filter.from, to: filter.to };
  const [records, unitCosts, targetRows, investments, districtRows, priceIndex, adjustments, programme] = await Promise.all([
    loadRecords(db, period, filter.district),
    listUnitCosts(db),
    loadTargets(db, filter.district),
    loadInvestments(db, period, filter.district),
    db.select({ code: districts.code, name: districts.name }).from(districts).orderBy(asc(districts.name)),
    currentPriceIndex(db),
    adjustmentSettings(db, filter.district),
    programmeFor(db, filter.district),
  ]);
  const priceBase = { year: filter.priceYear, index: priceIndex };
  let dashboard: ReturnType<typeof buildDashboard>;
  let investmentPence: number;
  try {
    // Investment is in the prices of the financial year it was made in.
    investmentPence = investments.reduce((sum, row) => sum + convertPence(priceIndex, row.amountPence, financialYearOf(row.investedOn), filter.priceYear), 0);
    dashboard = buildDashboard({
      records,
      unitCosts,
      period,
      today: on,
      targets: latestTargets(targetRows),
      investmentPence,
      priceBase,
      adjustments,
      programmeStart: programme?.startsOn ?? null,
    });
  } catch (error) {
    // A day with no unit cost, overlapping figures or a year the index lacks: the council's data to fix, not a crash.
    if (error instanceof MissingUnitCostError || error instanceof EvidenceInputError) {
      throw new Response(`The figures for this period cannot be worked out. ${error.message} An administrator can fix it on the Unit costs or Price index page.`, { status: 422 });
    }
    throw error;
  }
  return { dashboard, records, unitCosts, targetRows, investments, investmentPence, districtRows, priceIndex, priceBase, adjustments, programme };
}

/** The settings that apply in a month: the one for every kind, and each kind's own. */
function settingsInForce(adjustments: AdjustmentSetting[], month: string) {
  const kinds = [null, ...new Set(adjustments.flatMap((row) => (row.assetKind ? [row.assetKind] : [])))];
  return kinds.flatMap((kind) => {
    const setting = settingFor(
      adjustments.filter((row) => row.assetKind === kind),
      kind ?? "",
      month,
    );
    return setting ? [{ ...setting, label: settingLabel(setting) }] : [];
  });
}

/** Everything the dashboard page shows, aggregated and suppressed. */
export async function dashboardView(db: Database, actor: Actor, filter: DashboardFilter, on = londonDay()) {
  requireEvidence(actor);
  const computed = await compute(db, filter, on);
  const { dashboard, unitCosts, targetRows, investments, investmentPence, districtRows, priceIndex, priceBase, adjustments, programme } = computed;
  const [funnel, market] = await Promise.all([loadFunnel(db, dashboard.period, filter.district), marketRates(db, filter.district, unitCosts, on, priceBase)]);
  const spend = await marketSpend(db, dashboard, computed.records, priceBase);
  const { evidence } = dashboard;
  const total = dashboard.tables.month.total;
  const hidden = total.suppressed;
  return {
    filter,
    districts: districtRows,
    districtName: filter.district ? (districtRows.find((row) => row.code === filter.district)?.name ?? filter.district) : "All districts",
    period: { ...dashboard.period, label: `${monthLabel(dashboard.period.from)} to ${monthLabel(dashboard.period.to)}` },
    prices: {
      year: filter.priceYear,
      index: { name: priceIndex.name, source: priceIndex.source, publishedOn: priceIndex.publishedOn },
      years: priceYearChoices(priceIndex),
      forecast: priceIndex.values.find((row) => row.year === filter.priceYear)?.forecast ?? false,
    },
    settings: { programme, inForce: settingsInForce(adjustments, dashboard.period.months.at(-1)!), count: adjustments.length },
    headline: {
      people: total.peopleDisplay,
      hours: total.hours,
      placementWeeks: total.placementWeeks,
      gross: hidden ? null : evidence.totals.gross,
      communitySupport: hidden ? null : evidence.totals.communitySupport,
      net: hidden ? null : evidence.totals.net,
      adjusted: hidden ? null : evidence.totals.adjusted.total,
      // The steps for each label, so that the tables add up to the adjusted figure: cost
      // avoidance always, cashable savings when there are any.
      adjustedSteps: hidden
        ? []
        : evidence.years.flatMap((year) => [
            { year: year.year, label: "cost avoidance", steps: year.adjusted.nonCashable.steps },
            ...(year.adjusted.cashable.pence !== 0 ? [{ year: year.year, label: "cashable savings", steps: year.adjusted.cashable.steps }] : []),
          ]),
      cashable: hidden ? null : evidence.totals.adjusted.cashable,
      fiscalRoi: hidden ? null : { applicable: evidence.fiscalRoi.applicable, ratio: evidence.fiscalRoi.ratio, reading: evidence.fiscalRoi.reading },
      cashableRoi: hidden ? null : { applicable: evidence.cashableRoi.applicable, ratio: evidence.cashableRoi.ratio, reading: evidence.cashableRoi.reading },
      investment: money(investmentPence),
      adjustments: evidence.adjustments,
    },
    tables: dashboard.tables,
    trajectory: dashboard.trajectory,
    targets: targetRows.map((row) => ({ validFrom: row.validFrom, monthlyTarget: money(row.monthlyTargetPence), setAt: row.setAt.toISOString() })),
    investments: investments.map((row) => ({ ...row, amount: money(row.amountPence), priceYear: financialYearOf(row.investedOn) })),
    funnel,
    market,
    spend,
    staleUnitCosts: staleUnitCosts(unitCosts, on).length,
  };
}

export type DashboardView = Awaited<ReturnType<typeof dashboardView>>;

/** The unit costs and quantities behind one cell; null for a cell that does not exist; 403 for a withheld one. */
export async function traceView(db: Database, actor: Actor, filter: DashboardFilter, dimension: Dimension, key: string, on = londonDay()) {
  requireEvidence(actor);
  const { dashboard, records, unitCosts } = await compute(db, filter, on);
  const cell = key === "total" ? dashboard.tables[dimension].total : dashboard.tables[dimension].rows.find((row) => row.key === key);
  if (!cell) return null;
  if (cell.suppressed) throw new Response("This figure counts fewer than 5 people, so what is behind it is not shown.", { status: 403 });
  const lines = key === "total" ? dashboard.evidence.lines.map((_, index) => index) : (dashboard.traces[dimension].get(key) ?? []);
  const recordCount = new Set(lines.map((index) => dashboard.evidence.lines[index]!.recordId.split("@")[0])).size;
  // The settings used by the pieces in this cell (labels say which kind and from when).
  const used = new Set(lines.map((index) => dashboard.evidence.lines[index]!.recordId));
  const labels = new Set(dashboard.pieces.filter((piece) => used.has(piece.id)).map((piece) => piece.adjustments?.label));
  return {
    cell,
    period: dashboard.period,
    recordCount,
    rows: traceRows(dashboard.evidence, lines, unitCosts, records),
    adjustments: (dashboard.evidence.adjustmentSets ?? []).filter((set) => labels.has(set.label)),
  };
}

/** A new monthly target from a month on; earlier targets stay for their months. */
export async function setMonthlyTarget(db: Database, actor: Actor, input: { monthlyTarget: number; fromMonth: string; district: string | null }) {
  if (!can(actor, "evidence:plan")) throw new Response("You do not have permission to set targets.", { status: 403 });
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(evidenceTargets)
      .values({ districtCode: input.district, monthlyTargetPence: input.monthlyTarget, validFrom: `${input.fromMonth}-01`, setBy: actor.userId })
      .returning({ id: evidenceTargets.id });
    await recordAudit(tx, actor, { action: "evidence.target", subjectType: "evidence_target", subjectId: row!.id, details: { ...input } });
  });
}

export async function recordInvestment(db: Database, actor: Actor, input: { amount: number; investedOn: string; description: string; district: string | null }) {
  if (!can(actor, "evidence:plan")) throw new Response("You do not have permission to record investment.", { status: 403 });
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(programmeInvestments)
      .values({ districtCode: input.district, amountPence: input.amount, investedOn: input.investedOn, description: input.description, recordedBy: actor.userId })
      .returning({ id: programmeInvestments.id });
    await recordAudit(tx, actor, { action: "evidence.investment", subjectType: "programme_investment", subjectId: row!.id, details: { ...input } });
  });
}

/** The districts a commissioner can choose between, by name. */
export async function evidenceAreas(db: Database) {
  return db.select({ code: districts.code, name: districts.name }).from(districts).orderBy(asc(districts.name));
}
