/** Plain-English formatting shared by pages (no data access). Times, days and lists are in db/vocabulary/words.ts, which the demo seed shares. */
import { dayCodes, describeDays, formatTime, joinWithAnd } from "../../../db/vocabulary/words";

export { describeDays, formatTime, joinWithAnd };

export function formatHourlyRate(pence: number): string {
  return `${formatPounds(pence)} an hour`;
}

/**
 * The days a listing runs, from its schedules' BYDAY values: "Tuesdays and Thursdays",
 * "weekdays", "every day", "the first Monday of the month"; null when it has none (by arrangement).
 */
export function describeBydays(bydays: readonly string[]): string | null {
  const distinct = [...new Set(bydays.filter(Boolean))];
  if (distinct.length === 0) return null;
  // Weekly days only: say "every day" or "weekdays" rather than listing seven or five days.
  const weekly = distinct.flatMap((byday) => byday.split(",").map((part) => part.trim().toUpperCase()));
  if (weekly.every((part) => /^[A-Z]{2}$/.test(part))) {
    const days = new Set(weekly);
    if (days.size === 7) return "every day";
    if (days.size === 5 && !days.has("SA") && !days.has("SU")) return "weekdays";
    return describeDays([...days].sort((a, b) => dayCodes.indexOf(a) - dayCodes.indexOf(b)).join(","));
  }
  return joinWithAnd(distinct.map((byday) => describeDays(byday) ?? byday));
}

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
