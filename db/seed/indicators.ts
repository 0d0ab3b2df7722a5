/**
 * Programme indicators every installation starts with, and the demo's.
 *
 * Always: the England averages BCP Council's Fulfilled Lives business case (2024) quotes beside
 * its baselines (DOMAIN.md). The business case gives no year for them, so they are dated 2023/24,
 * the last full year before it, and the source says so; a council imports newer ones.
 *
 * Demo only: BCP's own baselines (labelled as BCP's), targets taken from "what good looks like",
 * and invented values for the imported indicators, marked as demo, written through the same
 * file check as an upload (so the demo cannot hold a value an upload would refuse), plus the
 * demo programme's start.
 */
import { stringify } from "csv-stringify/sync";
import { checkKpiFile, type KpiRow } from "../evidence/kpi-file";
import { financialYearOf } from "../evidence/price-years";
import type { Database } from "../client.server";
import { evidenceProgrammes, kpiValues } from "../schema";
import { stableId } from "../vocabulary/ids";
import { bcpBusinessCase, indicators } from "../vocabulary/indicators";
import { firstOfMonth } from "../calendar";

const referenceYear = "2023/24";
const quoted = `As quoted in ${bcpBusinessCase}; it gives no year, so dated ${referenceYear}, the last full year before it`;

async function insertRows(db: Database, rows: readonly KpiRow[], namespace: string, isDemo: boolean): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(kpiValues)
    .values(
      rows.map((row) => ({
        id: stableId(namespace, `${row.indicator}/${row.measure}/${row.period}`),
        indicator: row.indicator,
        measure: row.measure,
        period: row.period,
        periodStart: row.periodStart,
        value: row.value,
        priceYear: row.priceYear,
        source: row.source,
        note: row.note,
        isDemo,
        recordedAt: new Date(`${row.periodStart}T00:00:00Z`),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: kpiValues.id });
  return inserted.length;
}

/** Rows as a file would give them, checked exactly as an upload is. */
function checked(rows: Array<Record<string, string>>, today: string): KpiRow[] {
  const columns = ["indicator", "period", "value", "measure", "price_year", "source", "note"];
  const text = stringify([columns, ...rows.map((row) => columns.map((column) => row[column] ?? ""))]);
  const result = checkKpiFile(text, today);
  if (result.problems.length > 0) throw new Error(`Seed indicators refused: ${result.problems.map((problem) => `row ${problem.row} ${problem.column}: ${problem.message}`).join("; ")}`);
  return result.rows;
}

export async function seedIndicators(db: Database, today: string): Promise<number> {
  const rows = indicators.flatMap((indicator) =>
    indicator.reference?.englandAverage
      ? [{ indicator: indicator.code, period: referenceYear, value: indicator.reference.englandAverage, measure: "england-average", source: quoted }]
      : [],
  );
  return insertRows(db, checked(rows, today), "kpi-reference", false);
}

/** Invented monthly and yearly values: plausible, moving towards the targets, never real. */
export async function seedDemoIndicators(db: Database, today: string): Promise<number> {
  const thisYear = financialYearOf(today);
  const start = Number(thisYear.slice(0, 4));
  const years = [start - 2, start - 1].map((year) => `${year}/${String((year + 1) % 100).padStart(2, "0")}`);
  const demo = "Demo value, invented for illustration";
  const baselines = indicators.flatMap((indicator) =>
    indicator.reference?.baseline ? [{ indicator: indicator.code, period: referenceYear, value: indicator.reference.baseline, measure: "baseline", source: `${bcpBusinessCase} (BCP Council's baseline, shown for the demo)` }] : [],
  );
  const targets: Record<string, string> = {
    "asc-spend-per-adult": "523.95",
    "ltc-spend-per-65-plus": "872.83",
    "reablement-91-days": "82.3",
    "reablement-offered": "2.9",
    "reablement-before-long-term": "70",
    "home-care-under-10-hours": "15",
    "traditional-spend-share": "75",
    "resolved-in-conversation-1": "60",
    "tec-offered": "10",
  };
  const targetRows = Object.entries(targets).map(([indicator, value]) => ({
    indicator,
    period: thisYear,
    value,
    measure: "target",
    source: "Demo target, from the business case's \"what good looks like\"",
  }));
  // Two years of the yearly indicators, each a step from the baseline towards good.
  const yearly: Record<string, [string, string]> = {
    "asc-spend-per-adult": ["549.10", "538.62"],
    "ltc-spend-per-18-64": ["268.40", "266.05"],
    "ltc-spend-per-65-plus": ["1010.20", "968.45"],
    "reablement-91-days": ["74.2", "77.9"],
    "reablement-offered": ["1.6", "2.2"],
    "reablement-before-long-term": ["19", "31"],
    "short-term-spend-per-65-plus": ["8.75", "21.40"],
    "home-care-under-10-hours": ["37", "31"],
  };
  const yearlyRows = Object.entries(yearly).flatMap(([indicator, values]) =>
    years.map((period, index) => ({ indicator, period, value: values[index]!, measure: "value", source: demo, note: "Demo" })),
  );
  // Spend by category for the same two years (pounds, in each year's prices).
  const spend: Record<string, [string, string]> = {
    "spend-personal-assistants": ["2180000", "2590000"],
    "spend-micro-enterprises": ["310000", "520000"],
    "spend-community-support": ["640000", "910000"],
    "spend-home-care": ["17400000", "17150000"],
    "spend-day-care": ["2050000", "1880000"],
    "spend-residential-care": ["21900000", "21600000"],
  };
  const spendRows = Object.entries(spend).flatMap(([indicator, values]) =>
    years.map((period, index) => ({ indicator, period, value: values[index]!, measure: "value", price_year: period, source: demo, note: "Demo" })),
  );
  // The last twelve full months of the monthly indicators the app does not hold.
  const months = Array.from({ length: 12 }, (_, index) => {
    return firstOfMonth(today, index - 12).slice(0, 7);
  });
  const monthlyRows = months.flatMap((month, index) => [
    { indicator: "care-act-referrals", period: month, value: String(288 - index * 3 + (index % 3) * 4), measure: "value", source: demo, note: "Demo" },
    { indicator: "ltc-team-services", period: month, value: String(27 - Math.floor(index / 3)), measure: "value", source: demo, note: "Demo" },
  ]);
  const added = await insertRows(db, checked([...baselines, ...targetRows, ...yearlyRows, ...spendRows, ...monthlyRows], today), "kpi-demo", true);
  // The demo programme started with the first month of demo evidence (a year before the seed).
  const first = firstOfMonth(today, -12);
  await db
    .insert(evidenceProgrammes)
    .values({ id: stableId("demo-programme", "all"), districtCode: null, name: "Asset-based approach (demo programme)", startsOn: first, setAt: new Date(`${first}T00:00:00Z`) })
    .onConflictDoNothing();
  return added;
}
