/**
 * Market diversity for the dashboard, in the report's price year:
 * - by rate: the hourly rates of the PAs and micro-enterprises listed, against the home-care unit
 *   cost in force today (listings' rates are today's prices);
 * - by spend: what the diverted-care records in the period paid for community support against
 *   the formal care (home care, day care, residential …) it avoided, and the council's imported
 *   spend by category for each financial year in the period.
 * Counts of people and of listings are suppressed like every other table (ADR 0015).
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { spendCategories } from "../../../db/vocabulary/indicators";
import type { Dashboard, DashboardRecord } from "./dashboard";
import type { PriceBase } from "./engine";
import { latestKpiValues } from "./kpi-values.server";
import { Exact, money, poundsToPence, type Money } from "../../../db/evidence/money";
import { convertPence, financialYearOf, nextFinancialYear } from "../../../db/evidence/price-years";
import { serviceName } from "./services";
import { fewerThanFive, isSmall, suppressedCells, withheldToProtect } from "./suppression";
import type { UnitCost } from "./unit-costs";

export const marketKinds = [
  { code: "personal_assistant", name: "Personal assistants (PAs)" },
  { code: "micro_enterprise", name: "Community micro-enterprises" },
] as const;

export interface MarketRow {
  code: string;
  name: string;
  listings: number | null;
  display: string;
  suppressed: boolean;
  lowest: Money | null;
  median: Money | null;
  highest: Money | null;
  /** Median against the home-care hourly unit cost, e.g. "56%". */
  medianShareOfHomeCare: string | null;
}

function percentOf(part: number, whole: number): string {
  return `${Exact.of(part).mul(100).div(whole).toFixed(0)}%`;
}

export async function marketRates(db: Database, district: string | null, unitCosts: readonly UnitCost[], on: string, prices: PriceBase) {
  const rows = await queryRows<{ kind: string; rate: number | null }>(
    db,
    sql`select s.kind::text as kind, s.hourly_rate_pence as rate from services s
        where s.listing_status = 'published' and s.kind in ('personal_assistant', 'micro_enterprise')
          and exists (select 1 from service_at_locations sal join locations l on l.id = sal.location_id
                      where sal.service_id = s.id ${district ? sql`and l.district_code = ${district}` : sql``})`,
  );
  const todaysYear = financialYearOf(on);
  const inPrices = (pence: number, year: string) => convertPence(prices.index, pence, year, prices.year);
  const homeCare = unitCosts.find((cost) => cost.service === "home-care" && cost.validFrom <= on && (cost.validTo === null || cost.validTo > on)) ?? null;
  const homeCarePence = homeCare ? inPrices(homeCare.amountPence, homeCare.priceYear) : null;
  const market = marketKinds.map((kind): MarketRow => {
    const listed = rows.filter((row) => row.kind === kind.code);
    const rates = listed
      .map((row) => row.rate)
      .filter((rate): rate is number => rate !== null)
      .map((rate) => inPrices(rate, todaysYear))
      .sort((a, b) => a - b);
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
      highest: rates.length ? money(rates.at(-1)!) : null,
      medianShareOfHomeCare: median !== null && homeCarePence ? percentOf(median, homeCarePence) : null,
    };
  });
  return {
    rows: market,
    homeCare: homeCare && homeCarePence !== null ? { rate: money(homeCarePence), recorded: money(homeCare.amountPence), recordedPriceYear: homeCare.priceYear, source: homeCare.source } : null,
    ratesPriceYear: todaysYear,
  };
}

export interface SpendRow {
  code: string;
  name: string;
  group: "community support" | "formal care avoided";
  peopleDisplay: string;
  suppressed: boolean;
  amount: Money | null;
}

export interface ImportedSpendYear {
  year: string;
  rows: Array<{ code: string; name: string; group: "diverse" | "traditional"; amount: Money | null; recorded: string | null; share: string | null; source: string | null }>;
  total: Money;
  traditionalShare: string | null;
}

/** Spend from the diverted-care records (community support paid for, formal care avoided) and imported spend by year. */
export async function marketSpend(db: Database, dashboard: Dashboard, records: readonly DashboardRecord[], prices: PriceBase) {
  const byId = new Map(records.map((record) => [record.id, record]));
  const groups = new Map<string, { name: string; group: SpendRow["group"]; pence: bigint; people: Set<string> }>();
  for (const line of dashboard.evidence.lines) {
    const group: SpendRow["group"] = line.role === "care avoided" ? "formal care avoided" : "community support";
    const key = `${group}|${line.service}`;
    const entry = groups.get(key) ?? { name: serviceName(line.service), group, pence: 0n, people: new Set<string>() };
    entry.pence += BigInt(line.amount.pence);
    entry.people.add(byId.get(line.recordId.split("@")[0]!)!.personId);
    groups.set(key, entry);
  }
  const entries = [...groups.entries()].sort((a, b) => (a[1].group === b[1].group ? a[1].name.localeCompare(b[1].name) : a[1].group === "community support" ? -1 : 1));
  const everyone = new Set(entries.flatMap(([, entry]) => [...entry.people]));
  const withheld = suppressedCells(
    entries.map(([, entry]) => entry.people.size),
    everyone.size,
  );
  const fromRecords: SpendRow[] = entries.map(([key, entry], index) => ({
    code: key,
    name: entry.name,
    group: entry.group,
    peopleDisplay: withheld.has(index) ? (isSmall(entry.people.size) ? fewerThanFive : withheldToProtect) : String(entry.people.size),
    suppressed: withheld.has(index),
    amount: withheld.has(index) ? null : money(entry.pence),
  }));

  const years: string[] = [];
  for (let year = financialYearOf(dashboard.period.firstDay); ; year = nextFinancialYear(year)) {
    years.push(year);
    if (year === financialYearOf(dashboard.period.lastDay)) break;
  }
  const imported = (await latestKpiValues(db, spendCategories.map((category) => category.code))).filter((row) => row.measure === "value" && years.includes(row.period));
  const importedYears: ImportedSpendYear[] = years.flatMap((year) => {
    const rows = spendCategories.map((category) => {
      const row = imported.find((candidate) => candidate.indicator === category.code && candidate.period === year);
      const pence = row ? convertPence(prices.index, poundsToPence(Number(row.value).toFixed(2)), row.priceYear ?? year, prices.year) : null;
      return { code: category.code, name: category.name, group: category.group, pence, recorded: row ? (row.priceYear ?? year) : null, source: row?.source ?? null };
    });
    if (rows.every((row) => row.pence === null)) return [];
    const total = rows.reduce((sum, row) => sum + (row.pence ?? 0), 0);
    const traditional = rows.filter((row) => row.group === "traditional").reduce((sum, row) => sum + (row.pence ?? 0), 0);
    return [
      {
        year,
        rows: rows.map((row) => ({ code: row.code, name: row.name, group: row.group, amount: row.pence === null ? null : money(row.pence), recorded: row.recorded, share: row.pence === null || total === 0 ? null : percentOf(row.pence, total), source: row.source })),
        total: money(total),
        traditionalShare: total === 0 ? null : percentOf(traditional, total),
      },
    ];
  });
  return { fromRecords, imported: importedYears, years };
}
