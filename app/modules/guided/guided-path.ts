/**
 * "What matters to you": a resident's guided path, one question a page. Every answer travels in
 * the query string (nothing is stored on the server), so the path works without JavaScript and
 * without an account, and a page can be bookmarked or shared. Pure: no data access. The words
 * shown are in the locale files (app/locales), keyed by the codes here.
 */
import { ageBands, type AgeBand } from "../people/person-form";

export const steps = ["who", "age", "help", "where", "when", "travel", "pay"] as const;
export type Step = (typeof steps)[number];

/** Plain words a resident picks, each mapped to the directory's needs and the risk factors it speaks to. */
export const helpChoices = [
  { code: "lonely", needs: ["social-connection"], riskFactors: ["loneliness"] },
  { code: "falls", needs: ["falls-home-safety"], riskFactors: ["fall"] },
  { code: "caring", needs: ["carer-support"], riskFactors: ["carer-burden"] },
  { code: "out", needs: ["getting-out"], riskFactors: [] },
  { code: "everyday", needs: ["daily-living"], riskFactors: [] },
  { code: "memory", needs: ["memory"], riskFactors: ["dementia-comorbidity"] },
  { code: "confidence", needs: ["confidence-health"], riskFactors: ["low-confidence"] },
  { code: "money", needs: ["money-advice-digital"], riskFactors: [] },
] as const;
export type HelpChoice = (typeof helpChoices)[number]["code"];

export const whoChoices = ["me", "someone"] as const;
export const dayChoices = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export const timeChoices = ["morning", "afternoon", "evening"] as const;

/** How they would get there, and how far that takes them (miles). "home": it has to come to them. */
export const travelChoices = [
  { code: "walk", miles: 1 },
  { code: "bus", miles: 5 },
  { code: "car", miles: 10 },
  { code: "home", miles: 0.5 },
] as const;
export type TravelChoice = (typeof travelChoices)[number]["code"];

/** What they can pay: the most an hour or a session, in pence (null: cost does not matter), and whether a Direct Payment can pay. */
export const payChoices = [
  { code: "free", maxPence: 0, directPayment: false },
  { code: "low", maxPence: 500, directPayment: false },
  { code: "some", maxPence: 1800, directPayment: false },
  { code: "budget", maxPence: null, directPayment: true },
  { code: "any", maxPence: null, directPayment: false },
] as const;
export type PayChoice = (typeof payChoices)[number]["code"];

export const ageChoices = [...ageBands, "unsaid"] as const;
export type AgeChoice = (typeof ageChoices)[number];

export const maxPlaceLength = 100;

export interface Answers {
  who: string;
  age: string;
  help: string[];
  where: string;
  day: string[];
  time: string[];
  travel: string;
  pay: string;
}

/** The answers in a URL, as typed (unchecked). Repeated and unknown values are dropped later. */
export function readAnswers(url: URL): Answers {
  const one = (name: string) => (url.searchParams.get(name) ?? "").trim();
  const many = (name: string) => [...new Set(url.searchParams.getAll(name).map((value) => value.trim()).filter(Boolean))];
  return {
    who: one("who"),
    age: one("age"),
    help: many("help"),
    where: one("where").slice(0, maxPlaceLength),
    day: many("day"),
    time: many("time"),
    travel: one("travel"),
    pay: one("pay"),
  };
}

const isIn = <T extends string>(choices: readonly T[], value: string): value is T => (choices as readonly string[]).includes(value);

/**
 * The message key for a step whose answer is missing or not one of the choices, or null when the
 * answer will do. "where" is only checked for being there: whether we know the place is the
 * server's question (guided.server.ts).
 */
export function stepProblem(step: Step, answers: Answers): string | null {
  switch (step) {
    case "who":
      return isIn(whoChoices, answers.who) ? null : "who";
    case "age":
      return isIn(ageChoices, answers.age) ? null : "age";
    case "help":
      if (answers.help.length === 0) return "help";
      return answers.help.every((code) => isIn(helpChoices.map((choice) => choice.code), code)) ? null : "help";
    case "where":
      return answers.where === "" ? "where" : null;
    case "when":
      return answers.day.every((day) => isIn(dayChoices, day)) && answers.time.every((time) => isIn(timeChoices, time)) ? null : "when";
    case "travel":
      return isIn(travelChoices.map((choice) => choice.code), answers.travel) ? null : "travel";
    case "pay":
      return isIn(payChoices.map((choice) => choice.code), answers.pay) ? null : "pay";
  }
}

/** The first step not yet answered well, or null when every answer will do. */
export function firstUnanswered(answers: Answers): Step | null {
  return steps.find((step) => stepProblem(step, answers) !== null) ?? null;
}

export const isStep = (value: string | undefined): value is Step => isIn(steps, value ?? "");

export function nextStep(step: Step): Step | null {
  return steps[steps.indexOf(step) + 1] ?? null;
}

export function previousStep(step: Step): Step | null {
  return steps[steps.indexOf(step) - 1] ?? null;
}

/** The answers as query parameters, in a fixed order (empty ones left out). */
export function answersQuery(answers: Answers, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  if (answers.who) query.set("who", answers.who);
  if (answers.age) query.set("age", answers.age);
  for (const help of answers.help) query.append("help", help);
  if (answers.where) query.set("where", answers.where);
  for (const day of answers.day) query.append("day", day);
  for (const time of answers.time) query.append("time", time);
  if (answers.travel) query.set("travel", answers.travel);
  if (answers.pay) query.set("pay", answers.pay);
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : "";
}

export const stepHref = (step: Step, answers: Answers, extra: Record<string, string> = {}) => `/what-matters/${step}${answersQuery(answers, extra)}`;
export const resultsHref = (answers: Answers) => `/what-matters/results${answersQuery(answers)}`;

/** The answers as hidden fields, leaving out the ones the step asks. */
export function hiddenAnswers(answers: Answers, step: Step): Array<[string, string]> {
  const asked: Record<Step, Array<keyof Answers>> = {
    who: ["who"],
    age: ["age"],
    help: ["help"],
    where: ["where"],
    when: ["day", "time"],
    travel: ["travel"],
    pay: ["pay"],
  };
  return Array.from(new URLSearchParams(answersQuery(answers)).entries()).filter(([name]) => !asked[step].includes(name as keyof Answers)) as Array<[string, string]>;
}

/** What the matching engine needs from the answers (the place is added by the server). */
export function personFromAnswers(answers: Answers) {
  const chosen = helpChoices.filter((choice) => answers.help.includes(choice.code));
  const pay = payChoices.find((choice) => choice.code === answers.pay) ?? payChoices[4];
  const travel = travelChoices.find((choice) => choice.code === answers.travel) ?? travelChoices[1];
  // Age unsaid: the cohort this directory mostly serves; listings for other ages then carry a "check the age" caution.
  const ageBand: AgeBand = isIn(ageBands, answers.age) ? answers.age : "65-74";
  return {
    needs: [...new Set(chosen.flatMap((choice) => choice.needs as readonly string[]))],
    riskFactors: [...new Set(chosen.flatMap((choice) => choice.riskFactors as readonly string[]))],
    ageBand,
    preferredDays: answers.day.filter((day) => isIn(dayChoices, day)),
    preferredTimes: answers.time.filter((time) => isIn(timeChoices, time)),
    maxTravelMiles: travel.miles,
    maxHourlyRatePence: pay.maxPence,
    hasDirectPayment: pay.directPayment,
  };
}

/**
 * The engine's reasons speak of "their" needs (a practitioner's view). Said to the person
 * themselves they read "your"; for someone else "their" stays right.
 */
export function reasonsFor(who: string, summary: string): string {
  return who === "me" ? summary.replace(/\btheir\b/g, "your").replace(/\bthey\b/g, "you") : summary;
}

/** The locale key of a step's question, for the person ("How old are you?") or about someone else. */
export function questionKey(step: Step, who: string): string {
  const personal: Partial<Record<Step, string>> = { age: "ageMe", when: "whenMe", travel: "travelMe", pay: "payMe" };
  return `guided.question.${who === "me" && personal[step] ? personal[step] : step}`;
}

/** The input an error summary links to for each step (the first of the step's inputs). */
export const stepField: Record<Step, string> = { who: "who", age: "age", help: "help", where: "where", when: "day", travel: "travel", pay: "pay" };
