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
import { describeBydays, formatDistance, formatHourlyRate, formatSessionPrice, joinWithAnd } from "../assets/format";
import { ageBandRange, timesOfDay, type AgeBand } from "../people/person-form";
import { needs as needTaxonomy } from "../../../db/vocabulary/needs";
import { matchSettings, matchWeights } from "./weights";
import { daysBetween } from "../../../db/calendar";

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
  /** Its hourly rate in pence, when it has one (for pricing hours of help). */
  hourlyRatePence: number | null;
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
  /** Every listing left out, with the first filter it failed and how far away it is (null: no place, or it comes to them). */
  excluded: Array<{ id: string; name: string; reason: ExclusionReason; distanceMiles: number | null }>;
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

/**
 * Two passes, so that a person with 10,000 listings in reach costs little more than the
 * listings shown: every candidate is screened and scored with numbers alone (no strings, no
 * objects), then only the ranked matches and the combination are assessed again in full, with
 * their reasons. Both passes run the same `assess`, so they cannot disagree.
 */
export function matchPerson(person: MatchPerson, candidates: readonly MatchCandidate[], options: MatchOptions): MatchResult {
  const excludedIds = new Set(options.excludedServiceIds ?? []);
  const context = personContext(person, options.today);
  const scores = new Float64Array(candidates.length);
  const met = new Int32Array(candidates.length);
  const passing: number[] = [];
  const excluded: MatchResult["excluded"] = [];
  for (let index = 0; index < candidates.length; index++) {
    const candidate = candidates[index]!;
    const outcome = assess(person, context, candidate, excludedIds, null);
    if (typeof outcome === "string") excluded.push({ id: candidate.id, name: candidate.name, reason: outcome, distanceMiles: candidate.distanceMiles });
    else {
      scores[index] = outcome;
      met[index] = context.met;
      passing.push(index);
    }
  }
  // Score, then nearer, then name, then id: the same input always gives the same order.
  const before = (a: number, b: number): boolean => {
    if (scores[a] !== scores[b]) return scores[a]! > scores[b]!;
    const first = candidates[a]!;
    const second = candidates[b]!;
    const distanceA = first.distanceMiles ?? Number.POSITIVE_INFINITY;
    const distanceB = second.distanceMiles ?? Number.POSITIVE_INFINITY;
    if (distanceA !== distanceB) return distanceA < distanceB;
    return (compareText(first.name, second.name) || compareText(first.id, second.id)) < 0;
  };
  excluded.sort((a, b) => compareText(a.id, b.id));
  const shown = new Map<number, Match>();
  const explained = (index: number) => {
    let match = shown.get(index);
    if (!match) {
      match = emptyMatch(candidates[index]!);
      assess(person, context, candidates[index]!, excludedIds, match);
      shown.set(index, match);
    }
    return match;
  };
  // Only the best few are put in order: sorting thousands to show twenty is wasted work.
  const ranked = best(passing, Math.max(0, Math.floor(options.limit ?? matchSettings.maxMatches)), before).map(explained);
  const cover = coverNeeds(person.needs.length, passing, (index) => met[index]!, before, matchSettings.maxCombination);
  return { matches: ranked, excluded, combination: combination(person.needs, cover.chosen.map(explained), cover.missing) };
}

/** The first `count` items in the order `before` defines, in that order (a bounded insertion sort). */
function best<T>(items: readonly T[], count: number, before: (a: T, b: T) => boolean): T[] {
  const top: T[] = [];
  if (count <= 0) return top;
  for (const item of items) {
    if (top.length === count && !before(item, top[count - 1]!)) continue;
    let at = top.length === count ? count - 1 : top.length;
    while (at > 0 && before(item, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = item;
  }
  return top;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyMatch(candidate: MatchCandidate): Match {
  return {
    id: candidate.id,
    name: candidate.name,
    kind: candidate.kind,
    score: 0,
    needsMet: [],
    riskFactorsAddressed: [],
    distanceMiles: candidate.distanceMiles,
    hourlyRatePence: candidate.hourlyRatePence,
    reasons: [],
    summary: "",
    parts: { needsCovered: 0, riskFactorsAddressed: 0, distance: 0, availability: 0, cost: 0, verification: 0 },
  };
}

/** What depends on the person alone, worked out once per match rather than once per listing. */
interface PersonContext {
  band: { from: number; to: number };
  windows: ReadonlyArray<(typeof timesOfDay)[number]>;
  preferredDays: ReadonlySet<string>;
  /** For each of the person's needs (by position), the person's risk factors it addresses, as bits. */
  needRisks: number[];
  /** Verification score by date checked (many listings share a date). */
  verification: Map<string, number>;
  today: string;
  /** Set by assess: the person's needs the listing meets, as bits by position. */
  met: number;
  /** The screening pass's parts, reused for every listing. */
  parts: Match["parts"];
}

function personContext(person: MatchPerson, today: string): PersonContext {
  if (person.needs.length > 30 || person.riskFactors.length > 30) throw new Error("matchPerson: at most 30 needs and 30 risk factors");
  return {
    band: ageBandRange(person.ageBand),
    windows: timesOfDay.filter((time) => person.preferredTimes.includes(time.code)),
    preferredDays: new Set(person.preferredDays),
    needRisks: person.needs.map((need) => {
      const factors = needRiskFactors.get(need) ?? [];
      let bits = 0;
      person.riskFactors.forEach((factor, position) => {
        if (factors.includes(factor)) bits |= 1 << position;
      });
      return bits;
    }),
    verification: new Map(),
    today,
    met: 0,
    parts: { needsCovered: 0, riskFactorsAddressed: 0, distance: 0, availability: 0, cost: 0, verification: 0 },
  };
}

function countBits(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}

/**
 * Applies the hard filters in order and scores what passes. Returns the first filter failed, or
 * the score (out of 100, one decimal place). With `detail`, also fills that match's needs met,
 * risk factors, parts and reasons; without, it builds no strings (the screening pass).
 */
function assess(person: MatchPerson, context: PersonContext, candidate: MatchCandidate, excludedIds: Set<string>, detail: Match | null): ExclusionReason | number {
  if (excludedIds.has(candidate.id)) return "referred";

  let met = 0;
  let metCount = 0;
  for (let position = 0; position < person.needs.length; position++) {
    if (candidate.needs.includes(person.needs[position]!)) {
      met |= 1 << position;
      metCount++;
    }
  }
  if (met === 0) return "no-need";
  context.met = met;

  const band = context.band;
  const minimum = candidate.minimumAge ?? 0;
  const maximum = candidate.maximumAge ?? 200;
  if (band.to < minimum || band.from > maximum) return "age";

  if (!servesWhereTheyLive(person, candidate.serviceAreas)) return "area";

  let availability: number;
  if (candidate.capacityAvailable === null) availability = matchSettings.availability.unknown;
  else if (candidate.capacityAvailable > 0) availability = matchSettings.availability.hasPlaces;
  else if (candidate.waitingList) availability = matchSettings.availability.waitingList;
  else return "full";

  if (!schedulesFit(person, context, candidate.schedules)) return "schedule";

  const limit = person.maxTravelMiles ?? matchSettings.defaultMaxTravelMiles;
  let distance: number;
  if (candidate.comesToHome && candidate.serviceAreas.length > 0) distance = 1;
  else if (candidate.distanceMiles === null) distance = 0.5;
  else {
    if (candidate.distanceMiles > limit) return "distance";
    distance = Math.max(0, 1 - candidate.distanceMiles / limit);
  }

  const cost = assessCost(person, candidate, null);
  if (cost === null) return "cost";

  let addressed = 0;
  for (let position = 0; position < person.needs.length; position++) if (met & (1 << position)) addressed |= context.needRisks[position]!;

  const verifiedOn = candidate.lastVerifiedAt ?? "";
  let verification = context.verification.get(verifiedOn);
  if (verification === undefined) {
    verification = verificationScore(candidate.lastVerifiedAt, context.today);
    context.verification.set(verifiedOn, verification);
  }

  const parts = detail ? detail.parts : context.parts;
  parts.needsCovered = metCount / person.needs.length;
  parts.riskFactorsAddressed = person.riskFactors.length ? countBits(addressed) / person.riskFactors.length : 0;
  parts.distance = distance;
  parts.availability = availability;
  parts.cost = cost;
  parts.verification = verification;
  let total = 0;
  for (const key of weightKeys) total += matchWeights[key] * parts[key];
  const score = Math.round(total * 10) / 10;

  if (detail) {
    detail.score = score;
    detail.needsMet = person.needs.filter((_, position) => met & (1 << position));
    detail.riskFactorsAddressed = person.riskFactors.filter((_, position) => addressed & (1 << position));
    detail.reasons = explain(person, context, candidate, detail);
    detail.summary = detail.reasons.join("; ");
  }
  return score;
}

/** No areas said, or one of them is the person's ward, their district, or everywhere. */
export function servesWhereTheyLive(person: Pick<MatchPerson, "wardCode" | "districtCode">, areas: MatchCandidate["serviceAreas"]): boolean {
  if (areas.length === 0) return true;
  for (const area of areas) {
    if (area.wardCode !== null ? area.wardCode === person.wardCode : area.districtCode === null || area.districtCode === person.districtCode) return true;
  }
  return false;
}

const weightKeys = Object.keys(matchWeights) as Array<keyof typeof matchWeights>;

/** The reasons for a match that passed every filter, in a fixed order: needs, risk factors, distance, days, cost, places, cautions. */
function explain(person: MatchPerson, context: PersonContext, candidate: MatchCandidate, match: Match): string[] {
  const reasons = [`meets ${joinWithAnd(match.needsMet.map((need) => needShortNames[need] ?? need))}`];
  if (match.riskFactorsAddressed.length) reasons.push(`helps with ${joinWithAnd(match.riskFactorsAddressed.map((factor) => riskFactorShortNames[factor] ?? factor))}`);
  if (candidate.comesToHome && candidate.serviceAreas.length > 0) reasons.push("comes to their home");
  else if (candidate.distanceMiles === null) reasons.push("no fixed venue");
  else reasons.push(formatDistance(candidate.distanceMiles));
  reasons.push(describeFit(candidate.schedules.filter((schedule) => scheduleFits(person, context, schedule))));
  assessCost(person, candidate, (reason) => reasons.push(reason));
  const hours = candidate.capacityUnit === "hours_per_week";
  if (candidate.capacityAvailable === null) reasons.push("ask about places");
  else if (candidate.capacityAvailable > 0) reasons.push(hours ? "has hours free" : "has places");
  else if (candidate.waitingListWeeks) reasons.push(`waiting list of about ${candidate.waitingListWeeks} ${candidate.waitingListWeeks === 1 ? "week" : "weeks"}`);
  else reasons.push("waiting list");
  const band = context.band;
  const minimum = candidate.minimumAge ?? 0;
  const maximum = candidate.maximumAge ?? 200;
  if (band.from < minimum || band.to > maximum) reasons.push(`${describeAges(candidate.minimumAge, candidate.maximumAge)}: check their age`);
  const caution = verificationCaution(candidate.lastVerifiedAt, match.parts.verification);
  if (caution) reasons.push(caution);
  return reasons;
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

interface ReadSchedule {
  days: string[];
  opens: number | null;
  closes: number | null;
}

/** Each schedule read once: a catalogue's listings are matched again and again. */
const readSchedules = new WeakMap<MatchSchedule, ReadSchedule>();

function readSchedule(schedule: MatchSchedule): ReadSchedule {
  let read = readSchedules.get(schedule);
  if (!read) {
    const opens = minutes(schedule.opensAt);
    read = { days: scheduleDays(schedule.byday), opens, closes: opens === null ? null : (minutes(schedule.closesAt) ?? opens + 60) };
    readSchedules.set(schedule, read);
  }
  return read;
}

/** Whether one schedule suits the person's days and times. */
function scheduleFits(person: MatchPerson, context: PersonContext, schedule: MatchSchedule): boolean {
  const { days, opens, closes } = readSchedule(schedule);
  const dayFits = context.preferredDays.size === 0 || days.length === 0 || days.some((day) => context.preferredDays.has(day));
  if (!dayFits) return false;
  if (context.windows.length === 0 || opens === null) return true;
  return context.windows.some((window) => opens < window.to && closes! > window.from);
}

/** A listing with no schedules fits any time; one with schedules fits when one of them does. */
function schedulesFit(person: MatchPerson, context: PersonContext, schedules: readonly MatchSchedule[]): boolean {
  if (schedules.length === 0) return true;
  for (const schedule of schedules) if (scheduleFits(person, context, schedule)) return true;
  return false;
}

/** "Tuesdays and Thursdays", "weekdays", "every day", "the first Monday of the month", "times to arrange". */
function describeFit(fits: readonly MatchSchedule[]): string {
  return describeBydays(fits.map((schedule) => schedule.byday).filter((byday): byday is string => Boolean(byday))) ?? "times to arrange";
}

/**
 * The cost sub-score, or null when it costs more than they can pay. `say` receives the reason
 * in words; without it no words are built (`say?.(…)` does not evaluate its argument).
 */
function assessCost(person: MatchPerson, candidate: MatchCandidate, say: ((reason: string) => void) | null): number | null {
  const costs = matchSettings.cost;
  if (candidate.isFree) {
    say?.("free");
    return costs.free;
  }
  const byDirectPayment = person.hasDirectPayment && candidate.directPayment;
  const budget = person.maxHourlyRatePence;
  if (candidate.hourlyRatePence !== null) {
    const pence = candidate.hourlyRatePence;
    if (budget === null) {
      say?.(byDirectPayment ? `${formatHourlyRate(pence)}, can be paid by Direct Payment` : formatHourlyRate(pence));
      return byDirectPayment ? costs.directPayment : costs.paid;
    }
    if (budget > 0 && pence <= budget) {
      say?.(`${formatHourlyRate(pence)}, within their budget`);
      return costs.withinBudget;
    }
    if (!byDirectPayment) return null;
    say?.(`${formatHourlyRate(pence)}, paid by their Direct Payment`);
    return costs.directPayment;
  }
  if (candidate.sessionCostPence !== null) {
    const pence = candidate.sessionCostPence;
    const low = pence <= matchSettings.lowCostSessionPence;
    if (budget === null || (budget > 0 && pence <= budget)) {
      say?.(formatSessionPrice(pence));
      return low ? costs.lowCost : budget === null ? costs.paid : costs.withinBudget;
    }
    if (!byDirectPayment) return null;
    say?.(`${formatSessionPrice(pence)}, paid by their Direct Payment`);
    return costs.directPayment;
  }
  say?.("ask about cost");
  return costs.unknown;
}

const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2025-10-01" → "October 2025", without the locale machinery (fixed output, and fast). */
function monthYear(date: string): string {
  return `${monthNames[Number(date.slice(5, 7)) - 1] ?? date.slice(5, 7)} ${date.slice(0, 4)}`;
}

function verificationScore(lastVerifiedAt: string | null, today: string): number {
  if (!lastVerifiedAt) return 0;
  const age = daysBetween(lastVerifiedAt.slice(0, 10), today.slice(0, 10));
  if (age <= matchSettings.freshDays) return 1;
  if (age <= matchSettings.staleDays) return 0.5;
  return 0;
}

function verificationCaution(lastVerifiedAt: string | null, score: number): string | null {
  if (!lastVerifiedAt) return "never checked: confirm it still runs";
  return score === 0 ? `last checked ${monthYear(lastVerifiedAt)}: confirm it still runs` : null;
}

/**
 * Greedy set cover: take the listing that meets the most needs not yet met (ties: the better
 * ranked, by `before`), until every need is met or the combination is full. `needsOf` gives each
 * one's needs met as bits by the position of the need in the person's list.
 */
function coverNeeds<T>(needCount: number, items: readonly T[], needsOf: (item: T) => number, before: (a: T, b: T) => boolean, size: number): { chosen: T[]; missing: number } {
  let missing = needCount >= 31 ? -1 : (1 << needCount) - 1;
  const chosen: T[] = [];
  while (missing !== 0 && chosen.length < size) {
    let pick: T | null = null;
    let pickGain = 0;
    for (const item of items) {
      // A chosen listing gains nothing (its needs are met), so it is never chosen twice.
      const gain = countBits(needsOf(item) & missing);
      if (gain > pickGain || (gain === pickGain && gain > 0 && before(item, pick!))) {
        pick = item;
        pickGain = gain;
      }
    }
    if (pick === null) break;
    chosen.push(pick);
    missing &= ~needsOf(pick);
  }
  return { chosen, missing };
}

function combination(needs: readonly string[], matches: Match[], missing: number): Combination {
  return {
    matches,
    covered: needs.filter((_, position) => !(missing & (1 << position))),
    missing: needs.filter((_, position) => missing & (1 << position)),
  };
}

/** The combination for matches already ranked (the engine's own rule, for callers holding matches). */
export function combine(needs: readonly string[], ranked: readonly Match[], size: number = matchSettings.maxCombination): Combination {
  const bits = (match: Match) => needs.reduce((mask, need, position) => (match.needsMet.includes(need) ? mask | (1 << position) : mask), 0);
  const rank = new Map(ranked.map((match, position) => [match, position]));
  const cover = coverNeeds(needs.length, ranked, bits, (a, b) => rank.get(a)! < rank.get(b)!, size);
  return combination(needs, cover.chosen, cover.missing);
}
