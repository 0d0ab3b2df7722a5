/**
 * One question page of the guided path: whether the earlier questions are answered, whether
 * this one's answer (when sent) will do, and where to go next. Nothing is stored.
 */
import type { Database } from "../../../db/client.server";
import { findGuidedPlace } from "./guided.server";
import {
  firstUnanswered,
  hiddenAnswers,
  isStep,
  nextStep,
  previousStep,
  readAnswers,
  resultsHref,
  stepField,
  stepHref,
  stepProblem,
  steps,
  type Step,
} from "./guided-path";

export interface StepError {
  field: string;
  /** A locale key, and the values it takes. */
  key: string;
  values: Record<string, string>;
  /** Places we know that look like what was typed. */
  suggestions: string[];
}

export async function checkStep(db: Database, stepParam: string | undefined, url: URL) {
  if (!isStep(stepParam)) return { kind: "not-found" } as const;
  const step: Step = stepParam;
  const answers = readAnswers(url);
  const changing = url.searchParams.get("change") === "1";
  const extra: Record<string, string> = changing ? { change: "1" } : {};
  // An earlier question not answered (a link typed or cut short): ask it first.
  const unanswered = firstUnanswered(answers);
  if (unanswered && steps.indexOf(unanswered) < steps.indexOf(step)) return { kind: "redirect", to: stepHref(unanswered, answers, extra) } as const;

  let error: StepError | null = null;
  if (url.searchParams.get("submitted") === step) {
    const problem = stepProblem(step, answers);
    if (problem) error = { field: stepField[step], key: `guided.errors.${problem}`, values: {}, suggestions: [] };
    else if (step === "where") {
      const place = await findGuidedPlace(db, answers.where);
      if (!place.found) error = { field: "where", key: `guided.errors.${place.reason}`, values: { typed: place.typed }, suggestions: place.suggestions.slice(0, 5) };
    }
    if (!error) {
      const next = nextStep(step);
      const after = firstUnanswered(answers);
      // Changing one answer from the results goes back to them; otherwise on to the next question.
      if (changing || next === null) return { kind: "redirect", to: after ? stepHref(after, answers, extra) : resultsHref(answers) } as const;
      return { kind: "redirect", to: stepHref(next, answers) } as const;
    }
  }
  const previous = previousStep(step);
  const backHref = changing ? resultsHref(answers) : previous ? stepHref(previous, answers) : "/what-matters";
  const hidden: Array<[string, string]> = [...hiddenAnswers(answers, step), ["submitted", step], ...Object.entries(extra)];
  return { kind: "page", page: { step, answers, hidden, error, backHref } } as const;
}
