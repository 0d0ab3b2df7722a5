/**
 * "Today" as people in England mean it. The server's clock is UTC, and from late March to late
 * October London is an hour ahead: at 00:30 BST on 1 June the UTC date is still 31 May, and a
 * date checked against it would call 1 June "in the future". Every "today" a person sees or a
 * form checks against comes from here. Pure: the caller may pass the moment.
 */

const londonDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** The London calendar date of a moment, as YYYY-MM-DD. */
export function londonDay(at: Date = new Date()): string {
  return londonDate.format(at);
}

/** A YYYY-MM-DD date `days` later (or earlier, when negative): calendar days, no clocks. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
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
