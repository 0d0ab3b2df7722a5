import { fromDay, isIsoDate, toDay } from "../../../db/calendar";
/**
 * When a listing's schedules (Open Referral UK's iCalendar-style weekly and monthly rules) fall
 * on a given day, and what "open now" and "on today" mean for it. Pure: the caller passes the
 * day and the time (in the UK, see `londonNow` in db/calendar.ts), so tests fix the clock.
 *
 * Rules read: FREQ=WEEKLY with BYDAY days ("TU,TH") and an INTERVAL counted from DTSTART;
 * FREQ=MONTHLY with BYDAY ordinals ("1MO" the first Monday, "-1FR" the last Friday) or
 * BYMONTHDAY ("15", "-1" the last day); VALID_FROM and VALID_TO bound both. A rule that names a
 * day some months lack (the 30th, a fifth Thursday) simply does not happen in those months: a
 * 30 February is never invented.
 */

export interface ScheduleRule {
  freq: string | null;
  interval: number | null;
  byday: string | null;
  bymonthday: string | null;
  dtstart: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** "10:00" or "10:00:00". */
  opensAt: string | null;
  closesAt: string | null;
}

export const dayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/** 0 = Monday … 6 = Sunday, for an ISO date. */
export function weekdayIndex(date: string): number {
  // 1970-01-01 was a Thursday (index 3).
  return (((toDay(date) + 3) % 7) + 7) % 7;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A date-like text from a schedule (a stored date may carry a time): its day, or null when it is not a real date. */
function dayOf(value: string | null): number | null {
  if (!value) return null;
  const text = value.slice(0, 10);
  return isIsoDate(text) ? toDay(text) : null;
}

/** BYDAY parts: "TU,TH" → [{ordinal: null, day: 1}, …]; "1MO" → [{ordinal: 1, day: 0}]. Unreadable parts are dropped. */
function bydayParts(byday: string | null): Array<{ ordinal: number | null; day: number }> {
  if (!byday) return [];
  return byday.split(",").flatMap((part) => {
    const match = /^([+-]?\d)?([A-Z]{2})$/.exec(part.trim().toUpperCase());
    const day = match ? dayCodes.indexOf(match[2] as (typeof dayCodes)[number]) : -1;
    if (!match || day < 0) return [];
    const ordinal = match[1] ? Number(match[1]) : null;
    return ordinal === 0 || (ordinal !== null && Math.abs(ordinal) > 5) ? [] : [{ ordinal, day }];
  });
}

/** Whether the rule falls on `date` (YYYY-MM-DD). A rule with no days at all ("times to arrange") never does. */
export function occursOn(rule: ScheduleRule, date: string): boolean {
  const today = toDay(date);
  const from = dayOf(rule.validFrom);
  const to = dayOf(rule.validTo);
  const start = dayOf(rule.dtstart);
  if ((from !== null && today < from) || (to !== null && today > to) || (start !== null && today < start)) return false;
  const interval = rule.interval && rule.interval > 1 ? rule.interval : 1;
  const weekday = weekdayIndex(date);
  const parts = bydayParts(rule.byday);
  const [year, month, dayOfMonth] = date.split("-").map(Number) as [number, number, number];
  if ((rule.freq ?? "").toUpperCase() === "MONTHLY") {
    if (interval > 1 && start !== null) {
      const [startYear, startMonth] = fromDay(start).split("-").map(Number) as [number, number];
      if (((year - startYear) * 12 + (month - startMonth)) % interval !== 0) return false;
    }
    const length = daysInMonth(year, month);
    const monthDays = (rule.bymonthday ?? "")
      .split(",")
      .map((part) => Number(part.trim()))
      .filter((value) => Number.isInteger(value) && value !== 0 && Math.abs(value) <= 31)
      .map((value) => (value > 0 ? value : length + 1 + value));
    if (monthDays.includes(dayOfMonth)) return true;
    const nth = Math.ceil(dayOfMonth / 7);
    const nthFromEnd = -Math.ceil((length - dayOfMonth + 1) / 7);
    return parts.some((part) => part.day === weekday && (part.ordinal === null || part.ordinal === nth || part.ordinal === nthFromEnd));
  }
  // Weekly, or no frequency given but days named: the days of every (interval-th) week.
  if (!parts.some((part) => part.day === weekday)) return false;
  if (interval > 1 && start !== null) {
    const weeks = Math.floor((today - weekdayIndex(date) - (start - weekdayIndex(fromDay(start)))) / 7);
    if (weeks % interval !== 0) return false;
  }
  return true;
}

function minutes(value: string | null): number | null {
  const match = value ? /^(\d{1,2}):(\d{2})/.exec(value) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export type Happening = "open-now" | "on-today";

/** "open-now" when a rule falls today and the time is within its hours; "on-today" when one falls today at all; else null. */
export function happeningAt(rules: readonly ScheduleRule[], now: { date: string; minutes: number }): Happening | null {
  let onToday = false;
  for (const rule of rules) {
    if (!occursOn(rule, now.date)) continue;
    onToday = true;
    const opens = minutes(rule.opensAt);
    const closes = minutes(rule.closesAt);
    if (opens !== null && closes !== null && now.minutes >= opens && now.minutes < closes) return "open-now";
  }
  return onToday ? "on-today" : null;
}

/** The seven dates from `date` on. */
export function weekFrom(date: string): string[] {
  const first = toDay(date);
  return Array.from({ length: 7 }, (_, offset) => fromDay(first + offset));
}
