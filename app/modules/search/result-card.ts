/**
 * What a search result card says about places, cost and days, in plain words. Pure (the page
 * and its tests share it); the facts come from the hit (search/card-columns.ts).
 */
import type { AssetHit } from "../../../search/types";
import { describeBydays, formatHourlyRate, formatSessionPrice } from "../assets/format";

export interface CapacityFact {
  text: string;
  /** "open": places free now; "full": none free (with or without a waiting list). */
  state: "open" | "full";
}

type CardHit = Pick<
  AssetHit,
  "capacityUnit" | "capacityAvailable" | "waitingList" | "waitingListWeeks" | "isFree" | "fees" | "sessionPricePence" | "hourlyRatePence" | "bydays"
>;

/** "3 places free", "5 hours a week free", "Full: waiting list of about 4 weeks", "Full"; null when the listing does not say. */
export function describeCapacity(hit: CardHit): CapacityFact | null {
  if (hit.capacityAvailable === null || hit.capacityUnit === null) return null;
  const available = hit.capacityAvailable;
  if (available > 0) {
    const unit = hit.capacityUnit === "places" ? (available === 1 ? "place" : "places") : available === 1 ? "hour a week" : "hours a week";
    return { text: `${available} ${unit} free`, state: "open" };
  }
  if (!hit.waitingList) return { text: "Full", state: "full" };
  const weeks = hit.waitingListWeeks;
  return { text: `Full: waiting list${weeks ? ` of about ${weeks} ${weeks === 1 ? "week" : "weeks"}` : ""}`, state: "full" };
}

const maxFeesLength = 80;

/** "Free", the listing's own words ("£4.50 a session, including lunch"), "£6 a session", "£15 an hour"; null when nothing is said. */
export function describeCost(hit: CardHit): string | null {
  if (hit.isFree) return "Free";
  const parts: string[] = [];
  if (hit.fees) parts.push(shorten(hit.fees, maxFeesLength));
  else if (hit.sessionPricePence !== null) parts.push(formatSessionPrice(hit.sessionPricePence));
  // A personal assistant's or micro-enterprise's rate, unless their own words already say it.
  if (hit.hourlyRatePence !== null && !parts.some((part) => / an hour|per hour|\/h/i.test(part))) parts.push(formatHourlyRate(hit.hourlyRatePence));
  return parts.length ? parts.join("; ") : null;
}

/** "Tuesdays and Thursdays", "The first Monday of the month"; "Ask about days and times" when its schedules name no days. */
export function describeWhen(hit: CardHit): string {
  const days = describeBydays(hit.bydays);
  return days ? days.charAt(0).toUpperCase() + days.slice(1) : "Ask about days and times";
}

function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), limit / 2)).replace(/[,;:.\s]+$/, "")}…`;
}
