/**
 * A programme-indicator file as councils upload it (no data access): CSV with a header row,
 * one value a row (docs/evidence.md describes every column; the template is
 * public/downloads/asset-atlas-indicators-template.csv). Every problem is reported by row and
 * column; a file with any problem imports nothing.
 */
import { parse } from "csv-parse/sync";
import { importableCode, indicators, measures, type Measure } from "../vocabulary/indicators";
import { Exact } from "./money";
import { financialYearOf, isFinancialYear } from "./price-years";

export const kpiColumns = {
  required: ["indicator", "period", "value", "source"],
  optional: ["measure", "price_year", "note"],
} as const;

export const maxKpiRows = 5000;
export const maxKpiFileBytes = 1_000_000;

export interface KpiRow {
  /** The row in the file, counting the header as row 1. */
  row: number;
  indicator: string;
  measure: Measure;
  period: string;
  periodStart: string;
  /** The value as a plain decimal, e.g. "71.6". */
  value: string;
  priceYear: string | null;
  source: string;
  note: string | null;
}

export interface KpiProblem {
  row: number;
  column: string;
  message: string;
}

export interface KpiFileCheck {
  rows: KpiRow[];
  problems: KpiProblem[];
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2025/26" or "2025-26" for a year; "2026-04" for a month → the period as stored and its first day. */
export function readPeriod(text: string, frequency: "month" | "year"): { period: string; start: string } | null {
  if (frequency === "month") {
    return monthPattern.test(text) ? { period: text, start: `${text}-01` } : null;
  }
  const year = text.replace(/^(\d{4})-(\d{2})$/, "$1/$2");
  return isFinancialYear(year) ? { period: year, start: `${year.slice(0, 4)}-04-01` } : null;
}

/** "71.6", "71.6%", "£1,039.39" → "71.6"; anything else → null. */
export function readNumber(text: string): string | null {
  const cleaned = text.replace(/^£/, "").replace(/%$/, "").replace(/,(?=\d{3}(\D|$))/g, "").trim();
  return /^-?\d+(\.\d+)?$/.test(cleaned) ? cleaned : null;
}

export function checkKpiFile(text: string, today: string): KpiFileCheck {
  const problems: KpiProblem[] = [];
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    return { rows: [], problems: [{ row: 1, column: "", message: `The file is not a CSV file that can be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const [header, ...body] = records;
  if (!header || body.length === 0) return { rows: [], problems: [{ row: 1, column: "", message: "The file has no rows under its header: add one value a row." }] };
  const columns = header.map((name) => name.trim().toLowerCase());
  const known = new Set<string>([...kpiColumns.required, ...kpiColumns.optional]);
  for (const name of kpiColumns.required) if (!columns.includes(name)) problems.push({ row: 1, column: name, message: `The header has no "${name}" column.` });
  for (const name of columns) if (!known.has(name)) problems.push({ row: 1, column: name, message: `"${name}" is not a column of the template: the columns are ${[...known].join(", ")}.` });
  if (body.length > maxKpiRows) problems.push({ row: 1, column: "", message: `The file has ${body.length} rows: import at most ${maxKpiRows} at a time.` });
  if (problems.length > 0) return { rows: [], problems };

  const rows: KpiRow[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, index) => {
    const row = index + 2;
    const cell = (name: string) => (cells[columns.indexOf(name)] ?? "").trim();
    const problem = (column: string, message: string) => problems.push({ row, column, message });
    const before = problems.length;

    const code = cell("indicator");
    const definition = importableCode(code);
    const indicator = indicators.find((candidate) => candidate.code === code);
    if (!code) problem("indicator", "Give the indicator's code.");
    else if (!definition) problem("indicator", `"${code}" is not an indicator Asset Atlas knows: use a code from the template.`);

    const measureText = cell("measure").toLowerCase() || "value";
    const measure = (measures as readonly string[]).includes(measureText) ? (measureText as Measure) : null;
    if (!measure) problem("measure", `"${measureText}" is not a measure: use value, baseline, england-average or target.`);
    else if (measure === "value" && indicator && indicator.source !== "import") {
      problem("measure", `${indicator.name} is worked out from ${indicator.source === "records" ? "the app's own records" : "imported spend"}: import only its baseline, England average or target.`);
    }

    const periodText = cell("period");
    // A baseline, England average or target may be for a whole year even when values are monthly.
    const period = definition ? (readPeriod(periodText, definition.frequency) ?? (measure && measure !== "value" ? readPeriod(periodText, "year") : null)) : null;
    if (!periodText) problem("period", "Give the period the value is for.");
    else if (definition && !period) {
      problem("period", definition.frequency === "year" ? `"${periodText}" is not a financial year: write it like 2025/26.` : `"${periodText}" is not a month: write it like 2026-04.`);
    } else if (period && measure === "value" && period.start > today) problem("period", `${period.period} has not started yet: a value can only be for a period that has begun.`);

    const valueText = cell("value");
    const value = readNumber(valueText);
    if (!valueText) problem("value", "Give the value.");
    else if (value === null) problem("value", `"${valueText}" is not a number: write it like 71.6 (no words).`);
    else if (value.startsWith("-")) problem("value", "The value cannot be negative.");
    else if (Exact.decimal(value).compare(Exact.of(10_000_000_000)) >= 0) problem("value", `${value} is too large: give a value under 10,000,000,000.`);
    else if (definition?.unit === "percent" && Exact.decimal(value).compare(Exact.of(100)) > 0) problem("value", `${value}% is over 100%: give a percentage from 0 to 100.`);

    const priceYearText = cell("price_year").replace(/^(\d{4})-(\d{2})$/, "$1/$2");
    if (priceYearText && definition?.unit !== "pounds") problem("price_year", "Only money has a price year: leave it empty for this indicator.");
    else if (priceYearText && !isFinancialYear(priceYearText)) problem("price_year", `"${cell("price_year")}" is not a financial year: write it like 2025/26.`);

    const source = cell("source");
    if (!source) problem("source", "Say where the value comes from, for example the council's 2025/26 SALT return.");
    else if (source.length > 500) problem("source", "Keep the source to 500 characters or fewer.");
    const note = cell("note");
    if (note.length > 500) problem("note", "Keep the note to 500 characters or fewer.");

    if (definition && measure && period) {
      const key = `${code}|${measure}|${period.period}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, row);
      else {
        const message = `${period.period} is given twice for this indicator and measure (rows ${first} and ${row}): keep one.`;
        problem("period", message);
        if (!problems.some((other) => other.row === first && other.column === "period")) problems.push({ row: first, column: "period", message });
      }
    }
    if (problems.length > before || !definition || !measure || !period || value === null) return;
    rows.push({
      row,
      indicator: code,
      measure,
      period: period.period,
      periodStart: period.start,
      value,
      priceYear: definition.unit === "pounds" ? priceYearText || financialYearOf(period.start) : null,
      source,
      note: note || null,
    });
  });
  problems.sort((a, b) => a.row - b.row);
  return { rows: problems.length > 0 ? [] : rows, problems };
}
