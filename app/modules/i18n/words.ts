/**
 * Days, distances, prices and lists in the page's language, through its `t` (English by
 * default, word for word what db/vocabulary/words.ts says, which the seed and staff pages use).
 */
import { formatDate, londonDay } from "../../../db/calendar";
import { formatTime } from "../../../db/vocabulary/words";
import { english, type Translate } from "./i18n";

const dayOrder = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/** ["a", "b", "c"] → "a, b and c" ("a, b i c" in Polish). */
export function listWithAnd(items: readonly string[], t: Translate = english): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")}${t("words.and")}${items[items.length - 1]}`;
}

/** "TU,TH" → "Tuesdays and Thursdays"; "1MO" → "the first Monday of the month"; the text itself when it is not BYDAY. */
export function daysIn(byday: string, t: Translate = english): string {
  const parts = byday.split(",").map((part) => {
    const match = /^(-?\d)?([A-Z]{2})$/.exec(part.trim().toUpperCase());
    if (!match || !dayOrder.includes(match[2]!)) return null;
    const [, nth, day] = match;
    if (!nth) return t(`words.weekly.${day}`);
    return t(`words.monthly.${day}`, { ordinal: t(`words.ordinal.${nth}`, { defaultValue: nth }), ordinalFeminine: t(`words.ordinalFeminine.${nth}`, { defaultValue: nth }) });
  });
  if (parts.some((part) => part === null)) return byday;
  return listWithAnd(parts as string[], t);
}

/** The days a listing runs, from its schedules' BYDAY values: "every day", "weekdays", "Tuesdays and Thursdays"; null when none. */
export function bydaysIn(bydays: readonly string[], t: Translate = english): string | null {
  const distinct = [...new Set(bydays.filter(Boolean))];
  if (distinct.length === 0) return null;
  const weekly = distinct.flatMap((byday) => byday.split(",").map((part) => part.trim().toUpperCase()));
  if (weekly.every((part) => /^[A-Z]{2}$/.test(part))) {
    const days = new Set(weekly);
    if (days.size === 7) return t("words.everyDay");
    if (days.size === 5 && !days.has("SA") && !days.has("SU")) return t("words.weekdays");
    return daysIn([...days].sort((a, b) => dayOrder.indexOf(a) - dayOrder.indexOf(b)).join(","), t);
  }
  return listWithAnd(distinct.map((byday) => daysIn(byday, t)), t);
}

/** 1.23 → "1.2 miles"; 1 → "1 mile"; 0.04 → "under 0.1 miles". */
export function distanceIn(miles: number, t: Translate = english): string {
  if (miles < 0.05) return t("words.under");
  return t("words.miles", { count: Math.round(miles * 10) / 10 });
}

/** The users' names for a kind of support, a need and an accessibility feature (codes as in db/vocabulary). */
export const kindIn = (code: string, t: Translate = english): string => t(`kinds.${code}`, { defaultValue: code });
export const needIn = (code: string, t: Translate = english): string => t(`needs.${code}`, { defaultValue: code });
export const accessIn = (code: string, t: Translate = english): string => t(`access.${code}`, { defaultValue: code });

/** "10:00:00" → "10am" in English, "10:00" where the language keeps a 24-hour clock. */
export function timeIn(value: string | null | undefined, t: Translate = english): string | null {
  if (!value || t("words.clock") !== "24-hour") return formatTime(value);
  return /^\d{1,2}:\d{2}/.test(value) ? value.slice(0, value.indexOf(":") + 3).padStart(5, "0") : value;
}

// Made once: a formatter is costly to build, and a page may name several dates.
const polishDate = new Intl.DateTimeFormat("pl", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** A day in words: "6 December 2026" (db/calendar's formatDate, London's day), "6 grudnia 2026" in Polish. */
export function dateIn(value: string | Date | null | undefined, t: Translate = english): string | null {
  const inEnglish = formatDate(value);
  if (!inEnglish || !value || t("words.locale") !== "pl") return inEnglish;
  const moment = value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}T\d/.test(value) ? new Date(value) : null;
  const day = new Date(`${moment ? londonDay(moment) : (value as string).slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? inEnglish : polishDate.format(day);
}
