/**
 * Imported indicator values in the database, read back: for each indicator, measure and period
 * the latest import wins (earlier ones stay, for the record).
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import type { KpiRow } from "../../../db/evidence/kpi-file";

/** A row as imported (its measure as stored), with whether it is demo data and when it was recorded. */
export interface StoredKpiValue extends Omit<KpiRow, "row" | "measure"> {
  measure: string;
  isDemo: boolean;
  recordedAt: string;
}

export async function latestKpiValues(db: Database, indicatorCodes?: readonly string[]): Promise<StoredKpiValue[]> {
  if (indicatorCodes && indicatorCodes.length === 0) return [];
  const rows = await queryRows<{
    indicator: string;
    measure: string;
    period: string;
    period_start: string;
    value: string;
    price_year: string | null;
    source: string;
    note: string | null;
    is_demo: boolean;
    recorded_at: string;
  }>(
    db,
    sql`select distinct on (indicator, measure, period) indicator, measure, period, period_start::text as period_start, value::text as value,
               price_year, source, note, is_demo, recorded_at::text as recorded_at
        from kpi_values
        ${indicatorCodes ? sql`where indicator in (${sql.join(indicatorCodes.map((code) => sql`${code}`), sql`, `)})` : sql``}
        order by indicator, measure, period, recorded_at desc, id`,
  );
  return rows
    .map((row) => ({
      indicator: row.indicator,
      measure: row.measure,
      period: row.period,
      periodStart: row.period_start,
      value: row.value,
      priceYear: row.price_year,
      source: row.source,
      note: row.note,
      isDemo: row.is_demo,
      recordedAt: row.recorded_at,
    }))
    .sort((a, b) => a.periodStart.localeCompare(b.periodStart));
}
