/** Plain-English formatting shared by pages (no data access). Times, days and lists are in db/vocabulary/words.ts, which the demo seed shares. */
import { describeDays, formatTime, joinWithAnd } from "../../../db/vocabulary/words";

export { describeDays, formatTime, joinWithAnd };

export function formatHourlyRate(pence: number): string {
  const pounds = pence / 100;
  const amount = Number.isInteger(pounds) ? `£${pounds}` : `£${pounds.toFixed(2)}`;
  return `${amount} an hour`;
}

/** "2026-03-04" → "4 March 2026" (GOV.UK date style). */
export function formatDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** 1.23 → "1.2 miles"; 1 → "1 mile"; 0.04 → "under 0.1 miles". */
export function formatDistance(miles: number): string {
  if (miles < 0.05) return "under 0.1 miles";
  const rounded = Math.round(miles * 10) / 10;
  return rounded === 1 ? "1 mile" : `${rounded} miles`;
}
