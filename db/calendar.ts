/**
 * Dates, the one place for them: "today" and "now" as people in England mean them, calendar
 * arithmetic, and dates in words. The server's clock is UTC, and from late March to late October
 * London is an hour ahead: at 00:30 BST on 1 June the UTC date is still 31 May, and a date checked
 * against it would call 1 June "in the future". So every "today" a person sees or a form checks
 * against comes from londonDay().
 *
 * Calendar dates are YYYY-MM-DD strings; arithmetic on them works in UTC only so that a day is
 * always a day (no clocks, no daylight saving). Pure, no data access: the app, search/ and the seed
 * all import it, and callers may pass the moment.
 */

const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });
const londonClock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const inWords = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** The London calendar date of a moment, as YYYY-MM-DD. */
export function londonDay(at: Date = new Date()): string {
  return londonDate.format(at);
}

/** The London date and minutes after midnight of a moment (for "open now"), whatever the server's time zone. */
export function londonNow(at: Date = new Date()): { date: string; minutes: number } {
  const parts = Object.fromEntries(londonClock.formatToParts(at).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD that names a real calendar day (not 2023-02-29). */
export function isIsoDate(text: string): boolean {
  const match = isoDate.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** A YYYY-MM-DD as whole days since 1970-01-01. */
export function toDay(text: string): number {
  if (!isIsoDate(text)) throw new RangeError(`"${text}" is not a date (YYYY-MM-DD)`);
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** Whole days since 1970-01-01 as a YYYY-MM-DD. */
export function fromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD date `days` later (or earlier, when negative): calendar days, no clocks. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return fromDay(Date.UTC(y, m - 1, d + days) / 86_400_000);
}

/** The same calendar day `years` later (29 February → 28 February in a common year). */
export function addYears(text: string, years: number): string {
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return fromDay(Date.UTC(y + years, m - 1, 28) / 86_400_000);
  return fromDay(date.getTime() / 86_400_000);
}

/** The first day of the month `months` after the month of a YYYY-MM or YYYY-MM-DD (negative: before). */
export function firstOfMonth(date: string, months = 0): string {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return fromDay(Date.UTC(y, m - 1 + months, 1) / 86_400_000);
}

/** The Sunday that ends the week (Monday to Sunday) a date falls in. */
export function endOfWeek(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(date, weekday === 0 ? 0 : 7 - weekday);
}

/** Whole days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A date in words, GOV.UK style: "2026-03-04" → "4 March 2026". A calendar date (YYYY-MM-DD) is
 * that day; a moment (a Date, or an ISO date-time such as "2026-06-01T23:30:00Z") is its day in
 * London. Null for nothing; text that is not a date comes back as it is.
 */
export function formatDate(value: string | Date | null | undefined): string | null {
  if (!value) return null;
  const moment = value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}T\d/.test(value) ? new Date(value) : null;
  if (moment && Number.isNaN(moment.getTime())) return typeof value === "string" ? value : null;
  const day = moment ? londonDay(moment) : (value as string).slice(0, 10);
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return typeof value === "string" ? value : null;
  return inWords.format(date);
}
