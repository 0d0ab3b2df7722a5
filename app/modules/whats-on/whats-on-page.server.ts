/** The /whats-on page's work: read the place and the first day from the address, say what was wrong with them, and build the week. */
import type { Database } from "../../../db/client.server";
import { findGuidedPlace } from "../guided/guided.server";
import { whatsOnWeek } from "./whats-on.server";
import { isIsoDate, londonNow, toDay } from "../../../db/calendar";
import { english, type Translate } from "../i18n/i18n";

/** The radius around a place (miles): the guided path's "bus or community transport". */
export const whatsOnRadiusMiles = 5;

export async function whatsOnPage(db: Database, url: URL, at: Date = new Date(), t: Translate = english) {
  const now = londonNow(at);
  const typedPlace = (url.searchParams.get("where") ?? "").trim().slice(0, 100);
  const typedFrom = (url.searchParams.get("from") ?? "").trim().slice(0, 20);
  let from = now.date;
  let dateNotice: { key: string; values: Record<string, string> } | null = null;
  if (typedFrom) {
    if (!isIsoDate(typedFrom)) dateNotice = { key: "whatsOn.badDate", values: { example: now.date } };
    else if (Math.abs(toDay(typedFrom) - toDay(now.date)) > 366) dateNotice = { key: "whatsOn.farDate", values: {} };
    else from = typedFrom;
  }
  let placeError: { key: string; values: Record<string, string>; suggestions: string[] } | null = null;
  let near: { label: string; latitude: number; longitude: number } | null = null;
  if (typedPlace) {
    const found = await findGuidedPlace(db, typedPlace);
    if (found.found) near = found.place;
    else placeError = { key: `guided.errors.${found.reason}`, values: { typed: found.typed }, suggestions: found.suggestions.slice(0, 5) };
  }
  const days = await whatsOnWeek(db, { from, near: near ? { ...near, radiusMiles: whatsOnRadiusMiles } : null, now, t });
  return { typedPlace, typedFrom, place: near?.label ?? null, placeError, dateNotice, today: now.date, days };
}
