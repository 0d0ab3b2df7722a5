/**
 * The programme indicators page: for each indicator its baseline, England average, what good
 * looks like, target and direction, and its values over time — worked out from the app's own
 * records where it holds them (requests, conversations, referrals, diverted care), read from
 * imported values otherwise. Aggregates only; every count of people is suppressed as the
 * dashboard's are (ADR 0015), and a share is withheld when the people it counts, or leaves out,
 * number 1–4.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { indicators, spendCategories, type Indicator } from "../../../db/vocabulary/indicators";
import { can, type Actor } from "../accounts/permissions";
import { monthLabel, type Dashboard, type DashboardRecord } from "./dashboard";
import type { DashboardFilter } from "./dashboard-form";
import { compute, funnelOutcomes as requestOutcomes } from "./dashboard.server";
import { latestKpiValues, type StoredKpiValue } from "./kpi-values.server";
import { formatValue } from "./indicator-format";
import { Exact } from "../../../db/evidence/money";
import { fewerThanFive, isSmall, shareOfPeople, suppressedCells, withheldToProtect } from "./suppression";

export interface KpiPoint {
  period: string;
  label: string;
  /** For the chart; null when withheld or not known. */
  value: number | null;
  /** What the table (and the chart beside its bar) says: "71.6%", "fewer than 5" … */
  display: string;
  suppressed: boolean;
  source: string;
  /** Money: the price year the value is in. */
  priceYear: string | null;
  /** Requests only: how they ended, suppressed within the month. */
  breakdown?: Array<{ name: string; display: string }>;
}

export interface KpiReference {
  value: number;
  display: string;
  period: string;
  source: string;
}

export interface KpiView {
  indicator: Indicator;
  baseline: KpiReference | null;
  englandAverage: KpiReference | null;
  target: KpiReference | null;
  points: KpiPoint[];
  latest: KpiPoint | null;
}

function requireEvidence(actor: Actor) {
  if (!can(actor, "evidence:read")) throw new Response("You do not have permission to see the programme indicators.", { status: 403 });
}

function periodLabel(period: string): string {
  return /^\d{4}-\d{2}$/.test(period) ? monthLabel(period) : period;
}

function reference(indicator: Indicator, rows: StoredKpiValue[], measure: string): KpiReference | null {
  const latest = rows.filter((row) => row.indicator === indicator.code && row.measure === measure).at(-1);
  if (!latest) return null;
  // Money is in its own year's prices unless the row says otherwise.
  const prices = latest.priceYear && latest.priceYear !== latest.period ? ` (${latest.priceYear} prices)` : "";
  return { value: Number(latest.value), display: `${formatValue(indicator, latest.value)}${prices}`, period: latest.period, source: latest.source };
}

function importedPoints(indicator: Indicator, rows: StoredKpiValue[]): KpiPoint[] {
  return rows
    .filter((row) => row.indicator === indicator.code && row.measure === "value")
    .map((row) => ({
      period: row.period,
      label: periodLabel(row.period),
      value: Number(row.value),
      display: formatValue(indicator, row.value),
      suppressed: false,
      source: row.source,
      priceYear: row.priceYear,
    }));
}

/** The traditional services' share of imported spend, year by year. */
function spendPoints(rows: StoredKpiValue[]): KpiPoint[] {
  const values = rows.filter((row) => row.measure === "value" && spendCategories.some((category) => category.code === row.indicator));
  const years = [...new Set(values.map((row) => row.period))].sort();
  return years.flatMap((year) => {
    const inYear = values.filter((row) => row.period === year);
    const total = inYear.reduce((sum, row) => sum.add(Exact.decimal(row.value)), Exact.zero);
    if (total.isZero()) return [];
    const traditional = inYear
      .filter((row) => spendCategories.find((category) => category.code === row.indicator)!.group === "traditional")
      .reduce((sum, row) => sum.add(Exact.decimal(row.value)), Exact.zero);
    const percent = traditional.mul(100).div(total).toFixed(1);
    return [{ period: year, label: year, value: Number(percent), display: `${Number(percent)}%`, suppressed: false, source: "Worked out from the imported spend by category (each year in its own prices)", priceYear: null }];
  });
}

interface RequestRow {
  month: string;
  outcome: string;
  conversation: string;
  tec: boolean;
  people: number;
}

async function loadRequests(db: Database, filter: DashboardFilter): Promise<RequestRow[]> {
  const [year, month] = filter.to.split("-").map(Number) as [number, number];
  const afterLast = new Date(Date.UTC(year, month, 1)).toISOString();
  return queryRows<RequestRow>(
    db,
    sql`select to_char(q.received_on, 'YYYY-MM') as month, coalesce(q.outcome::text, 'open') as outcome, q.conversation::text as conversation,
               exists (select 1 from referrals r join services s on s.id = r.service_id
                       where q.person_id is not null and r.person_id = q.person_id and s.kind = 'technology_enabled_care') as tec,
               count(*)::int as people
        from requests q
        where q.received_on >= ${`${filter.from}-01`}::date and q.received_on < ${afterLast.slice(0, 10)}::date
          ${filter.district ? sql`and q.district_code = ${filter.district}` : sql``}
        group by 1, 2, 3, 4`,
  );
}

function sharePoint(month: string, numerator: number, denominator: number, source: string): KpiPoint {
  const share = shareOfPeople(numerator, denominator);
  return share.shown
    ? { period: month, label: monthLabel(month), value: Number(share.percent), display: `${Number(share.percent)}%`, suppressed: false, source, priceYear: null }
    : { period: month, label: monthLabel(month), value: null, display: share.display, suppressed: true, source, priceYear: null };
}

const fromRecords = "Worked out from the app's records";

function recordPoints(indicator: Indicator, months: string[], requests: RequestRow[], dashboard: Dashboard, records: readonly DashboardRecord[]): KpiPoint[] {
  const inMonth = (month: string) => requests.filter((row) => row.month === month);
  const count = (rows: RequestRow[]) => rows.reduce((sum, row) => sum + row.people, 0);
  if (indicator.code === "requests") {
    return months.map((month) => {
      const rows = inMonth(month);
      const total = count(rows);
      const byOutcome = requestOutcomes.map((outcome) => count(rows.filter((row) => row.outcome === outcome.code)));
      const withheld = suppressedCells(byOutcome, total);
      return {
        period: month,
        label: monthLabel(month),
        value: isSmall(total) ? null : total,
        display: isSmall(total) ? fewerThanFive : String(total),
        suppressed: isSmall(total),
        source: `${fromRecords} (requests received, as they stand now)`,
        priceYear: null,
        breakdown: requestOutcomes.map((outcome, index) => ({ name: outcome.name, display: withheld.has(index) ? (isSmall(byOutcome[index]!) ? fewerThanFive : withheldToProtect) : String(byOutcome[index]) })),
      };
    });
  }
  if (indicator.code === "resolved-in-conversation-1") {
    return months.map((month) => {
      const ended = inMonth(month).filter((row) => row.outcome !== "open");
      return sharePoint(month, count(ended.filter((row) => row.conversation === "c1")), count(ended), fromRecords);
    });
  }
  if (indicator.code === "tec-offered") {
    return months.map((month) => {
      const rows = inMonth(month);
      return sharePoint(month, count(rows.filter((row) => row.tec)), count(rows), fromRecords);
    });
  }
  // Money from the dashboard's engine, month by month, in its price year.
  const byId = new Map(records.map((record) => [record.id, record]));
  return months.map((month) => {
    const lines = dashboard.evidence.lines.filter((line) => line.recordId.endsWith(`@${month}`));
    const people = (filter: (line: (typeof lines)[number]) => boolean) => new Set(lines.filter(filter).map((line) => byId.get(line.recordId.split("@")[0]!)!.personId));
    const pence = (filter: (line: (typeof lines)[number]) => boolean) => lines.filter(filter).reduce((sum, line) => sum + BigInt(line.amount.pence), 0n);
    const avoided = (line: (typeof lines)[number]) => line.role === "care avoided";
    const everyone = people(avoided).size;
    const gross = pence(avoided);
    const source = `${fromRecords} (diverted care, ${dashboard.evidence.priceYear ?? ""} prices)`;
    if (indicator.code === "cashable-share") {
      const cashablePeople = people((line) => avoided(line) && byId.get(line.recordId.split("@")[0]!)!.cashable).size;
      const share = shareOfPeople(cashablePeople, everyone);
      if (!share.shown || gross === 0n) return { period: month, label: monthLabel(month), value: null, display: share.shown ? "no diverted care" : share.display, suppressed: true, source, priceYear: null };
      const cashable = pence((line) => avoided(line) && byId.get(line.recordId.split("@")[0]!)!.cashable);
      const percent = Number(Exact.of(cashable).mul(100).div(gross).toFixed(1));
      return { period: month, label: monthLabel(month), value: percent, display: `${percent}%`, suppressed: false, source, priceYear: null };
    }
    // Community support paid for against the formal care avoided.
    const supported = people((line) => line.role === "community support").size;
    const share = shareOfPeople(supported, everyone);
    if (!share.shown || gross === 0n) return { period: month, label: monthLabel(month), value: null, display: share.shown ? "no diverted care" : share.display, suppressed: true, source, priceYear: null };
    const percent = Number(Exact.of(pence((line) => line.role === "community support")).mul(100).div(gross).toFixed(1));
    return { period: month, label: monthLabel(month), value: percent, display: `${percent}%`, suppressed: false, source, priceYear: null };
  });
}

/** Every indicator with its references and values: the whole page, or one indicator. */
export async function kpiViews(db: Database, actor: Actor, filter: DashboardFilter, on: string, only?: string): Promise<KpiView[]> {
  requireEvidence(actor);
  const chosen = only ? indicators.filter((indicator) => indicator.code === only) : indicators;
  const needsRecords = chosen.some((indicator) => indicator.source === "records");
  const [stored, requests, computed] = await Promise.all([
    latestKpiValues(db, [...chosen.map((indicator) => indicator.code), ...(chosen.some((indicator) => indicator.source === "spend") ? spendCategories.map((category) => category.code) : [])]),
    needsRecords ? loadRequests(db, filter) : Promise.resolve([]),
    needsRecords ? compute(db, filter, on) : Promise.resolve(null),
  ]);
  return chosen.map((indicator) => {
    const points =
      indicator.source === "import"
        ? importedPoints(indicator, stored)
        : indicator.source === "spend"
          ? spendPoints(stored)
          : recordPoints(indicator, computed!.dashboard.period.months, requests, computed!.dashboard, computed!.records);
    return {
      indicator,
      baseline: reference(indicator, stored, "baseline"),
      englandAverage: reference(indicator, stored, "england-average"),
      target: reference(indicator, stored, "target"),
      points,
      // The latest figure shown is for a month that has ended (this month's is still counting).
      latest: [...points].reverse().find((point) => !point.suppressed && point.period !== on.slice(0, 7)) ?? null,
    };
  });
}
