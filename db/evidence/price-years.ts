/**
 * Price years (no data access; shared by server, CLI, pages and the seed, hence under db/).
 * Every money figure in a report is stated in one chosen price year; a figure recorded in
 * another year is converted with a published index (HM Treasury's GDP deflators by default,
 * ADR 0031):
 *
 *   amount in year T = amount in year P × index(T) ÷ index(P)
 *
 * exactly (fractions of BigInts), rounded once where the figure is reported. Financial years run
 * 1 April to 31 March and are written "2026/27".
 */
import { Exact } from "./money";
import { EvidenceInputError } from "./input-error";

export interface PriceIndexValue {
  /** "2024/25". */
  year: string;
  /** The index as published, e.g. "100.0000". */
  value: string;
  /** A forecast rather than outturn. */
  forecast: boolean;
}

export interface PriceIndex {
  name: string;
  source: string;
  /** When the edition was published, YYYY-MM-DD. */
  publishedOn: string;
  values: readonly PriceIndexValue[];
}

const yearPattern = /^(\d{4})\/(\d{2})$/;

/** "2026/27" is a financial year: two years in a row. */
export function isFinancialYear(text: string): boolean {
  const match = yearPattern.exec(text);
  return Boolean(match && (Number(match[1]) + 1) % 100 === Number(match[2]));
}

/** The financial year a day falls in: 2027-03-31 → "2026/27", 2027-04-01 → "2027/28". */
export function financialYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

export function firstYearOf(financialYear: string): number {
  return Number(financialYear.slice(0, 4));
}

export function nextFinancialYear(financialYear: string): string {
  const start = firstYearOf(financialYear) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

/** A price index that cannot be used as asked (a year missing, a gap): the council's data to fix. */
export class PriceIndexError extends EvidenceInputError {
  constructor(message: string) {
    super(message);
    this.name = "PriceIndexError";
  }
}

/**
 * Checks an edition of an index: financial years, each once, in a run with no gap, each value a
 * positive decimal. Returns the values oldest first; a problem is a PriceIndexError naming it.
 */
export function checkPriceIndexValues(values: readonly PriceIndexValue[]): PriceIndexValue[] {
  if (values.length < 2) throw new PriceIndexError("Give at least two years.");
  for (const row of values) {
    if (!isFinancialYear(row.year)) throw new PriceIndexError(`"${row.year}" is not a financial year: write it like 2024/25.`);
    if (!/^\d+(\.\d+)?$/.test(row.value) || Exact.decimal(row.value).isZero()) {
      throw new PriceIndexError(`The index for ${row.year} must be a number more than 0, like 100.0000 (not "${row.value}").`);
    }
  }
  const sorted = [...values].sort((a, b) => firstYearOf(a.year) - firstYearOf(b.year));
  for (let index = 1; index < sorted.length; index++) {
    const previous = sorted[index - 1]!;
    const year = sorted[index]!;
    if (year.year === previous.year) throw new PriceIndexError(`${year.year} is given twice.`);
    const expected = nextFinancialYear(previous.year);
    if (year.year !== expected) throw new PriceIndexError(`The index has a gap: ${expected} is missing between ${previous.year} and ${year.year}.`);
  }
  return sorted;
}

export function indexYears(index: PriceIndex): { first: string; last: string } {
  return { first: index.values[0]!.year, last: index.values.at(-1)!.year };
}

function valueFor(index: PriceIndex, year: string): PriceIndexValue {
  const found = index.values.find((row) => row.year === year);
  if (!found) {
    const { first, last } = indexYears(index);
    throw new PriceIndexError(`The price index (${index.name}) has no value for ${year}: it covers ${first} to ${last}.`);
  }
  return found;
}

export interface Conversion {
  from: string;
  to: string;
  fromIndex: string;
  toIndex: string;
  /** index(to) ÷ index(from), exact. */
  factor: Exact;
}

/** The factor that takes an amount in `from` prices to `to` prices. */
export function conversion(index: PriceIndex, from: string, to: string): Conversion {
  const fromValue = valueFor(index, from);
  const toValue = valueFor(index, to);
  return { from, to, fromIndex: fromValue.value, toIndex: toValue.value, factor: Exact.decimal(toValue.value).div(Exact.decimal(fromValue.value)) };
}

/** A conversion as reports print it: "× 1.302119 (index 105.3095 ÷ 80.8738)". */
export function describeConversion(step: Conversion): string {
  if (step.from === step.to) return `already in ${step.to} prices`;
  return `${step.from} to ${step.to} prices: × ${step.factor.toFixed(6)} (index ${step.toIndex} ÷ ${step.fromIndex})`;
}

/** Converts whole pence from one price year to another, rounded once to whole pence. */
export function convertPence(index: PriceIndex, pence: number, from: string, to: string): number {
  if (from === to) return pence;
  return Exact.of(pence).mul(conversion(index, from, to).factor).toPence();
}

/** The years a report may be stated in: every year the index covers. */
export function priceYearChoices(index: PriceIndex): string[] {
  return index.values.map((row) => row.year);
}

/** The CSV shipped in db/data/price-index/ ("year,index,forecast") → values. */
export function parsePriceIndexCsv(text: string): PriceIndexValue[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const [header, ...rows] = lines;
  if (header?.trim() !== "year,index,forecast") throw new PriceIndexError('The price index file must start with the header "year,index,forecast".');
  return rows.map((line) => {
    const [year = "", value = "", forecast = ""] = line.split(",").map((cell) => cell.trim());
    return { year, value, forecast: forecast === "yes" };
  });
}
