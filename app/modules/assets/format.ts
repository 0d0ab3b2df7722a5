/** Plain-English formatting shared by pages (no data access). */

export function formatHourlyRate(pence: number): string {
  return `${formatPounds(pence)} an hour`;
}

const dayNames: Record<string, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};
const ordinals: Record<string, string> = { "1": "first", "2": "second", "3": "third", "4": "fourth", "-1": "last" };

/** "TU,TH" → "Tuesdays and Thursdays"; "1MO" → "the first Monday of the month". */
export function describeDays(byday: string | null | undefined): string | null {
  if (!byday) return null;
  const parts = byday
    .split(",")
    .map((part) => part.trim().toUpperCase())
    .map((part) => {
      const match = /^(-?\d)?([A-Z]{2})$/.exec(part);
      if (!match || !dayNames[match[2]!]) return null;
      const [, nth, day] = match;
      return nth ? `the ${ordinals[nth] ?? nth} ${dayNames[day!]} of the month` : `${dayNames[day!]}s`;
    });
  if (parts.some((part) => part === null)) return byday;
  return joinWithAnd(parts as string[]);
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
    const order = Object.keys(dayNames);
    return describeDays([...days].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(","));
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

/** "10:00:00" → "10am"; "12:30" → "12:30pm"; "12:00" → "12 noon". */
export function formatTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const [hourText, minuteText = "00"] = value.split(":");
  const hour = Number(hourText);
  const minute = Number(minuteText);
  if (!Number.isFinite(hour) || !Number.isFinite(minute)) return value;
  if (hour === 12 && minute === 0) return "12 noon";
  if (hour === 0 && minute === 0) return "midnight";
  const suffix = hour < 12 ? "am" : "pm";
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${twelve}${suffix}` : `${twelve}:${String(minute).padStart(2, "0")}${suffix}`;
}

export function joinWithAnd(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
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
