/**
 * What a search result card says about places, cost and days, in plain words, in the page's
 * language (`t`; English when none is given). Pure (the page and its tests share it); the facts
 * come from the hit (search/card-columns.ts). A listing's own words about fees stay as written.
 */
import type { AssetHit } from "../../../search/types";
import { formatPounds } from "../assets/format";
import { english, type Translate } from "../i18n/i18n";
import { bydaysIn } from "../i18n/words";

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
export function describeCapacity(hit: CardHit, t: Translate = english): CapacityFact | null {
  if (hit.capacityAvailable === null || hit.capacityUnit === null) return null;
  const available = hit.capacityAvailable;
  if (available > 0) return { text: t(hit.capacityUnit === "places" ? "card.places" : "card.hours", { count: available }), state: "open" };
  if (!hit.waitingList) return { text: t("card.full"), state: "full" };
  const weeks = hit.waitingListWeeks;
  return { text: weeks ? t("card.waitingWeeks", { count: weeks }) : t("card.waitingList"), state: "full" };
}

const maxFeesLength = 80;

/** "Free", the listing's own words ("£4.50 a session, including lunch"), "£6 a session", "£15 an hour"; null when nothing is said. */
export function describeCost(hit: CardHit, t: Translate = english): string | null {
  if (hit.isFree) return t("card.free");
  const parts: string[] = [];
  if (hit.fees) parts.push(shorten(hit.fees, maxFeesLength));
  else if (hit.sessionPricePence !== null) parts.push(t("words.session", { price: formatPounds(hit.sessionPricePence) }));
  // A personal assistant's or micro-enterprise's rate, unless their own words (in English) already say it.
  if (hit.hourlyRatePence !== null && !(hit.fees && / an hour|per hour|\/h/i.test(shorten(hit.fees, maxFeesLength)))) {
    parts.push(t("words.hour", { price: formatPounds(hit.hourlyRatePence) }));
  }
  return parts.length ? parts.join("; ") : null;
}

/** "Tuesdays and Thursdays", "The first Monday of the month"; "Ask about days and times" when its schedules name no days. */
export function describeWhen(hit: CardHit, t: Translate = english): string {
  const days = bydaysIn(hit.bydays, t);
  return days ? days.charAt(0).toUpperCase() + days.slice(1) : t("card.askWhen");
}

function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), limit / 2)).replace(/[,;:.\s]+$/, "")}…`;
}
