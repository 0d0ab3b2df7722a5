/** Plain-English formatting shared by pages (no data access). Times, days and lists are in db/vocabulary/words.ts, which the demo seed shares. */
import { describeDays, formatTime, joinWithAnd } from "../../../db/vocabulary/words";
import { bydaysIn } from "../i18n/words";

export { describeDays, formatTime, joinWithAnd };

export function formatHourlyRate(pence: number): string {
  return `${formatPounds(pence)} an hour`;
}

/**
 * The days a listing runs, from its schedules' BYDAY values: "Tuesdays and Thursdays",
 * "weekdays", "every day", "the first Monday of the month"; null when it has none (by arrangement).
 * In English; pages in another language use bydaysIn with their `t`.
 */
export const describeBydays = (bydays: readonly string[]): string | null => bydaysIn(bydays);

/** £6 → "£6"; 450 pence → "£4.50". */
export function formatPounds(pence: number): string {
  const pounds = pence / 100;
  return Number.isInteger(pounds) ? `£${pounds}` : `£${pounds.toFixed(2)}`;
}

/** "£4.50 a session" */
export const formatSessionPrice = (pence: number) => `${formatPounds(pence)} a session`;

/** 1.23 → "1.2 miles"; 1 → "1 mile"; 0.04 → "under 0.1 miles". */
export function formatDistance(miles: number): string {
  if (miles < 0.05) return "under 0.1 miles";
  const rounded = Math.round(miles * 10) / 10;
  return rounded === 1 ? "1 mile" : `${rounded} miles`;
}
