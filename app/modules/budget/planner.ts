/**
 * What a weekly budget buys locally (no data access; shared by server and pages). Given a
 * Direct Payment or personal budget a week, the person's needs and local support already ranked
 * by the matching engine, it proposes a week: free groups first, then low-cost sessions, then
 * paid hours from a personal assistant or micro-enterprise with what is left, and compares the
 * paid hours with the same hours of agency home care.
 *
 * Money is whole pence throughout: hours are whole hours and session prices whole pence, so
 * every line and total is exact.
 */

export interface PlannerSchedule {
  freq: string | null;
  byday: string | null;
  opensAt: string | null;
  closesAt: string | null;
}

/** One local listing the matching engine kept for the person, best first. */
export interface PlannerOption {
  id: string;
  name: string;
  kind: string;
  needs: readonly string[];
  isFree: boolean;
  hourlyRatePence: number | null;
  sessionCostPence: number | null;
  schedules: readonly PlannerSchedule[];
  /** The engine's plain-English line: "meets company; 0.8 miles; Tuesdays; free". */
  summary: string;
}

export interface PlanRequest {
  weeklyBudgetPence: number;
  needs: readonly string[];
  /** Hours of paid help at home wanted a week; null: as many as the budget buys, up to maxPaidHours. */
  hoursWanted: number | null;
}

export type PlanLineKind = "free-group" | "session" | "paid-hours";

export interface PlanLine {
  kind: PlanLineKind;
  id: string;
  name: string;
  /** The person's needs this line meets. */
  needs: string[];
  /** Sessions a week: one at a group (the person goes once a week), 1 for paid help. */
  sessionsPerWeek: number;
  /** Hours a week this line gives (a group's session length × sessions, or paid hours). */
  hoursPerWeek: number;
  /** Per hour for paid help, per session for a session, 0 for free. */
  unitPence: number;
  costPence: number;
  summary: string;
}

export interface HomeCareRate {
  pence: number;
  priceYear: string;
  source: string;
}

export interface Plan {
  lines: PlanLine[];
  totalPence: number;
  leftPence: number;
  paidHours: number;
  groupHours: number;
  /** Needs nothing in the plan meets. */
  missing: string[];
  /** The hours asked for, when the budget could not buy them all. */
  hoursShort: { asked: number; bought: number } | null;
  homeCare: { ratePence: number; priceYear: string; source: string; hours: number; costPence: number; differencePence: number } | null;
}

export const plannerLimits = {
  minBudgetPence: 1,
  /** £2,000 a week is above any personal budget for support at home; more is almost certainly a typing slip. */
  maxBudgetPence: 200_000,
  maxHoursWanted: 60,
  /** Without hours asked for, paid help is capped here: a week of support, not a residential package. */
  maxPaidHours: 20,
  /** A session above this is not "low cost" and is left to the paid-help line. */
  maxSessionPence: 1_000,
  /** A group with no times given counts as this many hours a session. */
  defaultSessionHours: 2,
  /** A session counts for at most this many hours (a hub open all day is not a day of support). */
  maxSessionHours: 4,
} as const;

const paidKinds = new Set(["personal_assistant", "micro_enterprise"]);
/** Groups a person goes to: the free and low-cost lines of a plan come from these kinds only. */
const groupKinds = new Set(["vcs_group", "community_hub", "faith_group"]);

/** Sessions a week from a listing's schedules: weekly days count; monthly ones count as none. */
export function sessionsPerWeek(schedules: readonly PlannerSchedule[]): number {
  let sessions = 0;
  for (const schedule of schedules) {
    if (schedule.freq && schedule.freq.toUpperCase() !== "WEEKLY") continue;
    const days = (schedule.byday ?? "").split(",").filter((day) => /^[A-Z]{2}$/i.test(day.trim()));
    sessions += days.length;
  }
  return sessions;
}

function minutes(time: string | null): number | null {
  const match = time ? /^(\d{1,2}):(\d{2})/.exec(time) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

/**
 * Hours of one session at a group: its first weekly session's length (2 hours when its times are
 * not given), at most 4: opening hours of a hub are not hours of support for one person.
 */
export function sessionHours(schedules: readonly PlannerSchedule[]): number {
  const weekly = schedules.find((schedule) => (!schedule.freq || schedule.freq.toUpperCase() === "WEEKLY") && schedule.byday);
  const from = minutes(weekly?.opensAt ?? null);
  const to = minutes(weekly?.closesAt ?? null);
  const length = from !== null && to !== null && to > from ? (to - from) / 60 : plannerLimits.defaultSessionHours;
  return Math.min(plannerLimits.maxSessionHours, Math.round(length * 4) / 4);
}

const isFreeOption = (option: PlannerOption) => option.isFree || option.sessionCostPence === 0;

/**
 * Proposes a week. Each need gets the best-ranked free group that meets it and runs weekly (one
 * session a week); a need still open gets the best-ranked low-cost weekly session the budget
 * allows; then one
 * personal assistant or micro-enterprise (the best-ranked that meets the most open needs, or
 * any of the needs) gets the hours asked for, or as many whole hours as the rest buys.
 */
export function planWeek(request: PlanRequest, options: readonly PlannerOption[], homeCare: HomeCareRate | null): Plan {
  const wanted = [...new Set(request.needs)];
  const covered = new Set<string>();
  const lines: PlanLine[] = [];
  let left = request.weeklyBudgetPence;
  const meets = (option: PlannerOption) => option.needs.filter((need) => wanted.includes(need));
  const open = (option: PlannerOption) => meets(option).filter((need) => !covered.has(need));
  const take = (line: PlanLine) => {
    lines.push(line);
    for (const need of line.needs) covered.add(need);
    left -= line.costPence;
  };

  for (const need of wanted) {
    if (covered.has(need)) continue;
    const group = options.find((option) => groupKinds.has(option.kind) && isFreeOption(option) && option.needs.includes(need) && sessionsPerWeek(option.schedules) > 0);
    if (!group) continue;
    take({
      kind: "free-group",
      id: group.id,
      name: group.name,
      needs: meets(group),
      sessionsPerWeek: 1,
      hoursPerWeek: sessionHours(group.schedules),
      unitPence: 0,
      costPence: 0,
      summary: group.summary,
    });
  }

  for (const need of wanted) {
    if (covered.has(need)) continue;
    const session = options.find((option) => {
      if (!groupKinds.has(option.kind) || isFreeOption(option) || option.sessionCostPence === null) return false;
      if (!option.needs.includes(need) || option.sessionCostPence > plannerLimits.maxSessionPence) return false;
      return sessionsPerWeek(option.schedules) > 0 && option.sessionCostPence <= left;
    });
    if (!session) continue;
    take({
      kind: "session",
      id: session.id,
      name: session.name,
      needs: meets(session),
      sessionsPerWeek: 1,
      hoursPerWeek: sessionHours(session.schedules),
      unitPence: session.sessionCostPence!,
      costPence: session.sessionCostPence!,
      summary: session.summary,
    });
  }

  let hoursShort: Plan["hoursShort"] = null;
  const paid = options.filter((option) => paidKinds.has(option.kind) && option.hourlyRatePence !== null && option.hourlyRatePence > 0 && meets(option).length > 0);
  const stillOpen = wanted.filter((need) => !covered.has(need));
  // The best-ranked among those meeting the most open needs; if every need is met, the best-ranked of all.
  const mostOpen = Math.max(0, ...paid.map((option) => open(option).length));
  const helper = stillOpen.length > 0 && mostOpen > 0 ? paid.find((option) => open(option).length === mostOpen) : paid[0];
  if (helper && left >= helper.hourlyRatePence!) {
    const affordable = Math.floor(left / helper.hourlyRatePence!);
    const asked = request.hoursWanted ?? plannerLimits.maxPaidHours;
    const hours = Math.min(asked, affordable);
    if (request.hoursWanted !== null && hours < request.hoursWanted) hoursShort = { asked: request.hoursWanted, bought: hours };
    take({
      kind: "paid-hours",
      id: helper.id,
      name: helper.name,
      needs: meets(helper),
      sessionsPerWeek: 1,
      hoursPerWeek: hours,
      unitPence: helper.hourlyRatePence!,
      costPence: helper.hourlyRatePence! * hours,
      summary: helper.summary,
    });
  } else if (request.hoursWanted !== null) {
    hoursShort = { asked: request.hoursWanted, bought: 0 };
  }

  const totalPence = lines.reduce((sum, line) => sum + line.costPence, 0);
  const paidHours = lines.filter((line) => line.kind === "paid-hours").reduce((sum, line) => sum + line.hoursPerWeek, 0);
  const groupHours = Math.round(lines.filter((line) => line.kind !== "paid-hours").reduce((sum, line) => sum + line.hoursPerWeek, 0) * 100) / 100;
  const homeCareCost = homeCare && paidHours > 0 ? homeCare.pence * paidHours : null;
  return {
    lines,
    totalPence,
    leftPence: request.weeklyBudgetPence - totalPence,
    paidHours,
    groupHours,
    missing: wanted.filter((need) => !covered.has(need)),
    hoursShort,
    homeCare:
      homeCare && homeCareCost !== null
        ? {
            ratePence: homeCare.pence,
            priceYear: homeCare.priceYear,
            source: homeCare.source,
            hours: paidHours,
            costPence: homeCareCost,
            differencePence: homeCareCost - lines.filter((line) => line.kind === "paid-hours").reduce((sum, line) => sum + line.costPence, 0),
          }
        : null,
  };
}
