/**
 * The matching engine: which listings fit a person, in what order, and why, in plain English.
 * Pure and deterministic: no database, no clock (the caller passes `today`), no randomness, no
 * locale-dependent sorting. matching.server.ts loads the candidates; the weights are in
 * weights.ts; docs/decisions/0013-matching.md explains the rules.
 *
 * 1. Hard filters, in order (the first that fails is the reason a listing is left out):
 *    already referred, meets none of the needs, age, the area it serves, no places and no
 *    waiting list, schedule (preferred days and times), distance, cost.
 * 2. A score out of 100 from needs covered, risk factors addressed, distance, availability,
 *    cost and how recently the listing was verified.
 * 3. A combination of at most three listings that together cover all of the person's needs
 *    (greedy set cover over the ranked list).
 */
import { describeDays, formatDistance, formatHourlyRate, joinWithAnd } from "../assets/format";
import { ageBandRange, timesOfDay, type AgeBand } from "../people/person-form";
import { needs as needTaxonomy } from "../taxonomy/needs";
import { matchSettings, matchWeights } from "./weights";

export interface MatchPerson {
  needs: readonly string[];
  riskFactors: readonly string[];
  ageBand: AgeBand;
  wardCode: string | null;
  districtCode: string | null;
  /** iCalendar day codes (MO…SU); empty = any day. */
  preferredDays: readonly string[];
  /** morning, afternoon, evening; empty = any time. */
  preferredTimes: readonly string[];
  maxTravelMiles: number | null;
  /** Pence an hour; 0 = free only; null = cost does not matter. */
  maxHourlyRatePence: number | null;
  hasDirectPayment: boolean;
}

export interface MatchSchedule {
  freq: string | null;
  /** "TU,TH", or "1MO" (the first Monday of the month). */
  byday: string | null;
  /** "10:00" or "10:00:00". */
  opensAt: string | null;
  closesAt: string | null;
}

export interface MatchCandidate {
  id: string;
  name: string;
  kind: string;
  needs: readonly string[];
  minimumAge: number | null;
  maximumAge: number | null;
  /** The wards or districts it serves; empty = not said (distance decides). */
  serviceAreas: ReadonlyArray<{ wardCode: string | null; districtCode: string | null }>;
  capacityUnit: "places" | "hours_per_week" | null;
  capacityAvailable: number | null;
  waitingList: boolean;
  waitingListWeeks: number | null;
  schedules: readonly MatchSchedule[];
  /** To its nearest venue; null when it has none (phone, online, comes to you). */
  distanceMiles: number | null;
  /** Offers home visits: the distance limit does not apply where it serves. */
  comesToHome: boolean;
  isFree: boolean;
  hourlyRatePence: number | null;
  /** The cheapest cost option, per session, in pence. */
  sessionCostPence: number | null;
  directPayment: boolean;
  /** YYYY-MM-DD. */
  lastVerifiedAt: string | null;
}

export type ExclusionReason = "referred" | "no-need" | "age" | "area" | "full" | "schedule" | "distance" | "cost";

export const exclusionReasons: Record<ExclusionReason, string> = {
  referred: "already referred or signposted",
  "no-need": "meets none of their needs",
  age: "not for their age",
  area: "does not serve where they live",
  full: "no places and no waiting list",
  schedule: "not on the days or times that suit them",
  distance: "further than they can travel",
  cost: "costs more than they can pay",
};

export interface Match {
  id: string;
  name: string;
  kind: string;
  /** Out of 100, one decimal place. */
  score: number;
  needsMet: string[];
  riskFactorsAddressed: string[];
  distanceMiles: number | null;
  /** Plain-English reasons, in a fixed order: needs, risk factors, distance, days, cost, places, cautions. */
  reasons: string[];
  /** The reasons as one line: "meets company and getting out; 0.8 miles; Tuesdays and Thursdays; free; has places". */
  summary: string;
  /** Each score component (0–1) before weighting, for the ADR's worked examples and the tests. */
  parts: Record<keyof typeof matchWeights, number>;
}

export interface Combination {
  matches: Match[];
  covered: string[];
  /** Needs no listing in the combination meets. */
  missing: string[];
}

export interface MatchResult {
  matches: Match[];
  /** Every listing left out, with the first filter it failed. */
  excluded: Array<{ id: string; name: string; reason: ExclusionReason }>;
  combination: Combination;
}

export interface MatchOptions {
  /** YYYY-MM-DD: the day the match is made (verification recency is measured from it). */
  today: string;
  /** Listings already referred or signposted for this person. */
  excludedServiceIds?: ReadonlySet<string> | readonly string[];
  limit?: number;
}

/** Short need names for reasons ("meets company and getting out"). */
export const needShortNames: Record<string, string> = {
  "social-connection": "company",
  "carer-support": "carer support",
  "falls-home-safety": "falls and home safety",
  "getting-out": "getting out",
  "daily-living": "daily living",
  memory: "memory",
  "confidence-health": "confidence and staying well",
  "money-advice-digital": "money, advice and digital help",
};

export const riskFactorShortNames: Record<string, string> = {
  "dementia-comorbidity": "dementia",
  comorbidity: "long-term conditions",
  "carer-burden": "carer strain",
  fall: "falls",
  loneliness: "loneliness",
  "low-confidence": "low confidence",
  "poor-perceived-health": "how they feel about their health",
};

const needRiskFactors = new Map<string, readonly string[]>(needTaxonomy.map((need) => [need.code, need.riskFactors]));

export function matchPerson(person: MatchPerson, candidates: readonly MatchCandidate[], options: MatchOptions): MatchResult {
  const excludedIds = new Set(options.excludedServiceIds ?? []);
  const matches: Match[] = [];
  const excluded: MatchResult["excluded"] = [];
  // Reasons are written only for the listings shown (the ranked list and the combination):
  // with thousands of candidates, writing them all would cost more than the scoring.
  const explainers = new Map<Match, () => string[]>();
  const context = personContext(person, options.today);
  for (const candidate of candidates) {
    const outcome = assess(person, context, candidate, excludedIds);
    if ("reason" in outcome) excluded.push({ id: candidate.id, name: candidate.name, reason: outcome.reason });
    else {
      matches.push(outcome.match);
      explainers.set(outcome.match, outcome.explain);
    }
  }
  matches.sort(compareMatches);
  excluded.sort((a, b) => compareText(a.id, b.id));
  const ranked = matches.slice(0, options.limit ?? matchSettings.maxMatches);
  const combination = combine(person.needs, matches);
  for (const match of new Set([...ranked, ...combination.matches])) {
    match.reasons = explainers.get(match)!();
    match.summary = match.reasons.join("; ");
  }
  return { matches: ranked, excluded, combination };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Score, then nearer, then name, then id: the same input always gives the same order. */
function compareMatches(a: Match, b: Match): number {
  if (a.score !== b.score) return b.score - a.score;
  const distanceA = a.distanceMiles ?? Number.POSITIVE_INFINITY;
  const distanceB = b.distanceMiles ?? Number.POSITIVE_INFINITY;
  if (distanceA !== distanceB) return distanceA - distanceB;
  return compareText(a.name, b.name) || compareText(a.id, b.id);
}

/** What depends on the person alone, worked out once per match rather than once per listing. */
interface PersonContext {
  band: { from: number; to: number };
  windows: ReadonlyArray<(typeof timesOfDay)[number]>;
  flagged: ReadonlySet<string>;
  /** Verification score by date checked (many listings share a date). */
  verification: Map<string, { score: number }>;
  today: string;
}

function personContext(person: MatchPerson, today: string): PersonContext {
  return {
    band: ageBandRange(person.ageBand),
    windows: timesOfDay.filter((time) => person.preferredTimes.includes(time.code)),
    flagged: new Set(person.riskFactors),
    verification: new Map(),
    today,
  };
}

function assess(
  person: MatchPerson,
  context: PersonContext,
  candidate: MatchCandidate,
  excludedIds: Set<string>,
): { match: Match; explain: () => string[] } | { reason: ExclusionReason } {
  if (excludedIds.has(candidate.id)) return { reason: "referred" };

  const needsMet = person.needs.filter((need) => candidate.needs.includes(need));
  if (needsMet.length === 0) return { reason: "no-need" };

  const band = context.band;
  const minimum = candidate.minimumAge ?? 0;
  const maximum = candidate.maximumAge ?? 200;
  if (band.to < minimum || band.from > maximum) return { reason: "age" };
  const partlyForTheirAge = band.from < minimum || band.to > maximum;

  const servesArea =
    candidate.serviceAreas.length === 0 ||
    candidate.serviceAreas.some(
      (area) =>
        (area.wardCode !== null && area.wardCode === person.wardCode) ||
        (area.wardCode === null && (area.districtCode === null || area.districtCode === person.districtCode)),
    );
  if (!servesArea) return { reason: "area" };

  let availability: number;
  let availabilityReason: string;
  const hours = candidate.capacityUnit === "hours_per_week";
  if (candidate.capacityAvailable === null) {
    availability = matchSettings.availability.unknown;
    availabilityReason = "ask about places";
  } else if (candidate.capacityAvailable > 0) {
    availability = matchSettings.availability.hasPlaces;
    availabilityReason = hours ? "has hours free" : "has places";
  } else if (candidate.waitingList) {
    availability = matchSettings.availability.waitingList;
    availabilityReason = candidate.waitingListWeeks
      ? `waiting list of about ${candidate.waitingListWeeks} ${candidate.waitingListWeeks === 1 ? "week" : "weeks"}`
      : "waiting list";
  } else {
    return { reason: "full" };
  }

  const fitting = fittingSchedules(person, context.windows, candidate.schedules);
  if (fitting === null) return { reason: "schedule" };

  const limit = person.maxTravelMiles ?? matchSettings.defaultMaxTravelMiles;
  let distance: number;
  let distanceReason: string;
  if (candidate.comesToHome && candidate.serviceAreas.length > 0) {
    distance = 1;
    distanceReason = "comes to their home";
  } else if (candidate.distanceMiles === null) {
    distance = 0.5;
    distanceReason = "no fixed venue";
  } else {
    if (candidate.distanceMiles > limit) return { reason: "distance" };
    distance = Math.max(0, 1 - candidate.distanceMiles / limit);
    distanceReason = formatDistance(candidate.distanceMiles);
  }

  const cost = assessCost(person, candidate);
  if (cost === null) return { reason: "cost" };

  const flagged = context.flagged;
  const addressed = new Set<string>();
  for (const need of needsMet) for (const factor of needRiskFactors.get(need) ?? []) if (flagged.has(factor)) addressed.add(factor);
  const riskFactorsAddressed = person.riskFactors.filter((factor) => addressed.has(factor));

  let verification = context.verification.get(candidate.lastVerifiedAt ?? "");
  if (!verification) {
    verification = assessVerification(candidate.lastVerifiedAt, context.today);
    context.verification.set(candidate.lastVerifiedAt ?? "", verification);
  }

  const parts: Match["parts"] = {
    needsCovered: needsMet.length / person.needs.length,
    riskFactorsAddressed: person.riskFactors.length ? riskFactorsAddressed.length / person.riskFactors.length : 0,
    distance,
    availability,
    cost: cost.score,
    verification: verification.score,
  };
  let total = 0;
  for (const key of Object.keys(matchWeights) as Array<keyof typeof matchWeights>) total += matchWeights[key] * parts[key];

  const explain = () => {
    const reasons = [`meets ${joinWithAnd(needsMet.map((need) => needShortNames[need] ?? need))}`];
    if (riskFactorsAddressed.length) reasons.push(`helps with ${joinWithAnd(riskFactorsAddressed.map((factor) => riskFactorShortNames[factor] ?? factor))}`);
    reasons.push(distanceReason, describeFit(fitting), cost.reason, availabilityReason);
    if (partlyForTheirAge) reasons.push(`${describeAges(candidate.minimumAge, candidate.maximumAge)}: check their age`);
    const caution = verificationCaution(candidate.lastVerifiedAt, verification.score);
    if (caution) reasons.push(caution);
    return reasons;
  };

  return {
    match: {
      id: candidate.id,
      name: candidate.name,
      kind: candidate.kind,
      score: Math.round(total * 10) / 10,
      needsMet,
      riskFactorsAddressed,
      distanceMiles: candidate.distanceMiles,
      reasons: [],
      summary: "",
      parts,
    },
    explain,
  };
}

function describeAges(minimum: number | null, maximum: number | null): string {
  if (minimum !== null && maximum !== null) return `for ages ${minimum} to ${maximum}`;
  if (minimum !== null) return `for ages ${minimum} and over`;
  return `for ages up to ${maximum}`;
}

function minutes(value: string | null): number | null {
  if (!value) return null;
  const match = /^(\d{1,2}):(\d{2})/.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/** The day codes in a BYDAY value: "TU,TH" → TU, TH; "1MO" → MO. */
function scheduleDays(byday: string | null): string[] {
  if (!byday) return [];
  return byday
    .split(",")
    .map((part) => /^[+-]?\d*([A-Z]{2})$/.exec(part.trim().toUpperCase())?.[1])
    .filter((day): day is string => Boolean(day));
}

/** The schedules that suit the person ([] when the listing has none); null when it has schedules and none suits. */
function fittingSchedules(person: MatchPerson, windows: PersonContext["windows"], schedules: readonly MatchSchedule[]): MatchSchedule[] | null {
  if (schedules.length === 0) return [];
  const fits = schedules.filter((schedule) => {
    const days = scheduleDays(schedule.byday);
    const dayFits = person.preferredDays.length === 0 || days.length === 0 || days.some((day) => person.preferredDays.includes(day));
    if (!dayFits) return false;
    const opens = minutes(schedule.opensAt);
    if (windows.length === 0 || opens === null) return true;
    const closes = minutes(schedule.closesAt) ?? opens + 60;
    return windows.some((window) => opens < window.to && closes > window.from);
  });
  return fits.length === 0 ? null : fits;
}

/** "Tuesdays and Thursdays", "weekdays", "every day", "the first Monday of the month", "times to arrange". */
function describeFit(fits: readonly MatchSchedule[]): string {
  const bydays = [...new Set(fits.map((schedule) => schedule.byday).filter((byday): byday is string => Boolean(byday)))];
  if (bydays.length === 0) return "times to arrange";
  // Weekly days only: say "every day" or "weekdays" rather than listing seven or five days.
  const weekly = bydays.flatMap((byday) => byday.split(",").map((part) => part.trim().toUpperCase()));
  if (weekly.every((part) => /^[A-Z]{2}$/.test(part))) {
    const days = new Set(weekly);
    if (days.size === 7) return "every day";
    if (days.size === 5 && !days.has("SA") && !days.has("SU")) return "weekdays";
  }
  const described = bydays.map((byday) => describeDays(byday) ?? byday);
  return joinWithAnd(described);
}

function formatSession(pence: number): string {
  const pounds = pence / 100;
  return `${Number.isInteger(pounds) ? `£${pounds}` : `£${pounds.toFixed(2)}`} a session`;
}

function assessCost(person: MatchPerson, candidate: MatchCandidate): { score: number; reason: string } | null {
  const costs = matchSettings.cost;
  if (candidate.isFree) return { score: costs.free, reason: "free" };
  const byDirectPayment = person.hasDirectPayment && candidate.directPayment;
  const budget = person.maxHourlyRatePence;
  if (candidate.hourlyRatePence !== null) {
    const rate = formatHourlyRate(candidate.hourlyRatePence);
    if (budget === null) return byDirectPayment ? { score: costs.directPayment, reason: `${rate}, can be paid by Direct Payment` } : { score: costs.paid, reason: rate };
    if (budget > 0 && candidate.hourlyRatePence <= budget) return { score: costs.withinBudget, reason: `${rate}, within their budget` };
    return byDirectPayment ? { score: costs.directPayment, reason: `${rate}, paid by their Direct Payment` } : null;
  }
  if (candidate.sessionCostPence !== null) {
    const session = formatSession(candidate.sessionCostPence);
    const low = candidate.sessionCostPence <= matchSettings.lowCostSessionPence;
    if (budget === null) return { score: low ? costs.lowCost : costs.paid, reason: session };
    if (budget > 0 && candidate.sessionCostPence <= budget) return { score: low ? costs.lowCost : costs.withinBudget, reason: session };
    return byDirectPayment ? { score: costs.directPayment, reason: `${session}, paid by their Direct Payment` } : null;
  }
  return { score: costs.unknown, reason: "ask about cost" };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}

const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2025-10-01" → "October 2025", without the locale machinery (fixed output, and fast). */
function monthYear(date: string): string {
  return `${monthNames[Number(date.slice(5, 7)) - 1] ?? date.slice(5, 7)} ${date.slice(0, 4)}`;
}

function assessVerification(lastVerifiedAt: string | null, today: string): { score: number } {
  if (!lastVerifiedAt) return { score: 0 };
  const age = daysBetween(lastVerifiedAt, today);
  if (age <= matchSettings.freshDays) return { score: 1 };
  if (age <= matchSettings.staleDays) return { score: 0.5 };
  return { score: 0 };
}

function verificationCaution(lastVerifiedAt: string | null, score: number): string | null {
  if (!lastVerifiedAt) return "never checked: confirm it still runs";
  return score === 0 ? `last checked ${monthYear(lastVerifiedAt)}: confirm it still runs` : null;
}

/**
 * Greedy set cover: take the listing that meets the most needs not yet met (ties: the better
 * ranked), until every need is met or the combination is full.
 */
export function combine(needs: readonly string[], ranked: readonly Match[], size: number = matchSettings.maxCombination): Combination {
  const missing = new Set(needs);
  const chosen: Match[] = [];
  while (missing.size > 0 && chosen.length < size) {
    let best: Match | null = null;
    let bestGain = 0;
    for (const match of ranked) {
      let gain = 0;
      for (const need of match.needsMet) if (missing.has(need)) gain++;
      // A chosen listing gains nothing (its needs are met), so it is never chosen twice.
      if (gain > bestGain) {
        best = match;
        bestGain = gain;
      }
    }
    if (!best) break;
    chosen.push(best);
    for (const need of best.needsMet) missing.delete(need);
  }
  return {
    matches: chosen,
    covered: needs.filter((need) => !missing.has(need)),
    missing: needs.filter((need) => missing.has(need)),
  };
}
