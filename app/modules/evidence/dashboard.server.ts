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
import { money, type Money } from "./money";
import { fewerThanFive, isSmall, suppressedCells, withheldToProtect } from "./suppression";
import { listUnitCosts } from "./unit-costs.server";
import { requestOutcomes } from "../requests/request-forms";
import { EvidenceInputError, MissingUnitCostError, type UnitCost } from "./unit-costs";

/** The funnel's rows: how requests ended (the ABA business case's categories), then those still open. */
export const funnelOutcomes = [...requestOutcomes.map(({ code, name }) => ({ code, name })), { code: "open", name: "Still open" }] as const;

export const marketKinds = [
  { code: "personal_assistant", name: "Personal assistants (PAs)" },
  { code: "micro_enterprise", name: "Community micro-enterprises" },
] as const;

function requireEvidence(actor: Actor) {
  if (!can(actor, "evidence:read")) throw new Response("You do not have permission to see cost-avoidance evidence.", { status: 403 });
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

async function loadRecords(db: Database, period: Period, district: string | null): Promise<DashboardRecord[]> {
  const first = `${period.from}-01`;
  const [year, month] = period.to.split("-").map(Number) as [number, number];
  const afterLast = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
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
  const [year, month] = period.to.split("-").map(Number) as [number, number];
  const afterLast = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
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
  const [year, month] = period.to.split("-").map(Number) as [number, number];
  const afterLast = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
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

export interface MarketRow {
  code: string;
  name: string;
  listings: number | null;
  display: string;
  suppressed: boolean;
  lowest: Money | null;
  median: Money | null;
  highest: Money | null;
  /** Median against the home-care hourly unit cost, e.g. "74%". */
  medianShareOfHomeCare: string | null;
}

async function loadMarket(db: Database, district: string | null, unitCosts: readonly UnitCost[], on: string) {
  const rows = await queryRows<{ kind: string; rate: number | null }>(
    db,
    sql`select s.kind::text as kind, s.hourly_rate_pence as rate from services s
        where s.listing_status = 'published' and s.kind in ('personal_assistant', 'micro_enterprise')
          and exists (select 1 from service_at_locations sal join locations l on l.id = sal.location_id
                      where sal.service_id = s.id ${district ? sql`and l.district_code = ${district}` : sql``})`,
  );
  const homeCare = unitCosts.find((cost) => cost.service === "home-care" && cost.validFrom <= on && (cost.validTo === null || cost.validTo > on)) ?? null;
  const market = marketKinds.map((kind): MarketRow => {
    const listed = rows.filter((row) => row.kind === kind.code);
    const rates = listed.map((row) => row.rate).filter((rate): rate is number => rate !== null).sort((a, b) => a - b);
    if (isSmall(listed.length)) {
      return { code: kind.code, name: kind.name, listings: null, display: fewerThanFive, suppressed: true, lowest: null, median: null, highest: null, medianShareOfHomeCare: null };
    }
    const median = rates.length === 0 ? null : rates.length % 2 ? rates[(rates.length - 1) / 2]! : Math.round((rates[rates.length / 2 - 1]! + rates[rates.length / 2]!) / 2);
    return {
      code: kind.code,
      name: kind.name,
      listings: listed.length,
      display: String(listed.length),
      suppressed: false,
      lowest: rates.length ? money(rates[0]!) : null,
      median: median === null ? null : money(median),
      highest: rates.length ? money(rates[rates.length - 1]!) : null,
      medianShareOfHomeCare: median !== null && homeCare ? `${Math.round((median / homeCare.amountPence) * 100)}%` : null,
    };
  });
  return { rows: market, homeCare: homeCare ? { rate: money(homeCare.amountPence), priceYear: homeCare.priceYear, validFrom: homeCare.validFrom } : null };
}

async function compute(db: Database, filter: DashboardFilter, on: string) {
  const period = { from: filter.from, to: filter.to };
  const [records, unitCosts, targetRows, investments, districtRows] = await Promise.all([
    loadRecords(db, period, filter.district),
    listUnitCosts(db),
    loadTargets(db, filter.district),
    loadInvestments(db, period, filter.district),
    db.select({ code: districts.code, name: districts.name }).from(districts).orderBy(asc(districts.name)),
  ]);
  const investmentPence = investments.reduce((sum, row) => sum + row.amountPence, 0);
  let dashboard: ReturnType<typeof buildDashboard>;
  try {
    dashboard = buildDashboard({ records, unitCosts, period, today: on, targets: latestTargets(targetRows), investmentPence });
  } catch (error) {
    // A day with no unit cost (or overlapping figures) is the council's data to fix, not a crash.
    if (error instanceof MissingUnitCostError || error instanceof EvidenceInputError) {
      throw new Response(`The figures for this period cannot be worked out. ${error.message} An administrator can add it on the Unit costs page.`, { status: 422 });
    }
    throw error;
  }
  return { dashboard, records, unitCosts, targetRows, investments, investmentPence, districtRows };
}

/** Everything the dashboard page shows, aggregated and suppressed. */
export async function dashboardView(db: Database, actor: Actor, filter: DashboardFilter, on = today()) {
  requireEvidence(actor);
  const { dashboard, unitCosts, targetRows, investments, investmentPence, districtRows } = await compute(db, filter, on);
  const [funnel, market] = await Promise.all([loadFunnel(db, dashboard.period, filter.district), loadMarket(db, filter.district, unitCosts, on)]);
  const { evidence } = dashboard;
  const total = dashboard.tables.month.total;
  const hidden = total.suppressed;
  return {
    filter,
    districts: districtRows,
    districtName: filter.district ? (districtRows.find((row) => row.code === filter.district)?.name ?? filter.district) : "All districts",
    period: { ...dashboard.period, label: `${monthLabel(dashboard.period.from)} to ${monthLabel(dashboard.period.to)}` },
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
    investments: investments.map((row) => ({ ...row, amount: money(row.amountPence) })),
    funnel,
    market,
  };
}

export type DashboardView = Awaited<ReturnType<typeof dashboardView>>;

/** The unit costs and quantities behind one cell; null for a cell that does not exist; 403 for a withheld one. */
export async function traceView(db: Database, actor: Actor, filter: DashboardFilter, dimension: Dimension, key: string, on = today()) {
  requireEvidence(actor);
  const { dashboard, records, unitCosts } = await compute(db, filter, on);
  const cell = key === "total" ? dashboard.tables[dimension].total : dashboard.tables[dimension].rows.find((row) => row.key === key);
  if (!cell) return null;
  if (cell.suppressed) throw new Response("This figure counts fewer than 5 people, so what is behind it is not shown.", { status: 403 });
  const lines = key === "total" ? dashboard.evidence.lines.map((_, index) => index) : (dashboard.traces[dimension].get(key) ?? []);
  const recordCount = new Set(lines.map((index) => dashboard.evidence.lines[index]!.recordId.split("@")[0])).size;
  return {
    cell,
    period: dashboard.period,
    recordCount,
    rows: traceRows(dashboard.evidence, lines, unitCosts, records),
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
