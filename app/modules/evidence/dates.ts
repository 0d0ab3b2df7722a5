/**
 * Calendar days for the evidence engine: ISO dates ("2025-04-01") ↔ whole days since
 * 1970-01-01, in UTC, so that a day is always a day (no clocks, no time zones, no DST).
 */

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const match = isoDate.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function toDay(text: string): number {
  if (!isIsoDate(text)) throw new RangeError(`"${text}" is not a date (YYYY-MM-DD)`);
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function fromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The same calendar day `years` later (29 February → 28 February in a common year). */
export function addYears(text: string, years: number): string {
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return fromDay(Date.UTC(y + years, m - 1, 28) / 86_400_000);
  return date.toISOString().slice(0, 10);
}
