/**
 * The referral journey's forms: one zod schema each, shared by the pages and the server (which
 * validates every input whatever the browser did). Messages are what the person reads.
 */
import { z } from "zod";
import { evidenceServices, type UnitCostUnit } from "../evidence/services";
import { referralStatuses } from "./referral-status";
import { isIsoDate, toDay } from "../../../db/calendar";

const trimmed = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);

// ── Refer or signpost ──

export const sharedSummaryMax = 2000;

export const referSchema = z
  .object({
    kind: z.enum(["referral", "signpost"], { errorMap: () => ({ message: "Choose whether to refer or just signpost" }) }),
    consent: z.string().optional(),
    sharedSummary: z.string().trim().max(sharedSummaryMax, `The summary must be ${sharedSummaryMax} characters or fewer`).default(""),
    /** What the person would like from this support: shown to the provider. */
    personWants: trimmed(300, "What they would like must be 300 characters or fewer").default(""),
    /** Who is referring and how the provider can reach them (prefilled from the account). */
    referrerName: trimmed(120, "Your name must be 120 characters or fewer").default(""),
    referrerTeam: trimmed(120, "The team must be 120 characters or fewer").default(""),
    referrerContact: trimmed(200, "How to reach you must be 200 characters or fewer").default(""),
    /** Why refer to a listing matching left out (only asked, and then required, when it did). */
    overruleReason: trimmed(500, "The reason must be 500 characters or fewer").default(""),
    needs: z.array(z.string()).default([]),
    matchReasons: trimmed(1000, "The reasons are too long").default(""),
  })
  .superRefine((value, context) => {
    if (value.kind !== "referral") return;
    if (value.consent !== "yes") {
      context.addIssue({
        code: "custom",
        path: ["consent"],
        message: "Confirm the person agrees to the summary being shared. If they do not, signpost instead",
      });
    }
    if (value.sharedSummary.length < 10) {
      context.addIssue({ code: "custom", path: ["sharedSummary"], message: "Write a short summary for the provider (at least 10 characters)" });
    }
    if (!value.personWants) {
      context.addIssue({ code: "custom", path: ["personWants"], message: "Say what the person would like from this support, for the provider" });
    }
    if (!value.referrerName) context.addIssue({ code: "custom", path: ["referrerName"], message: "Enter your name, so the provider knows who referred" });
    if (!value.referrerTeam) context.addIssue({ code: "custom", path: ["referrerTeam"], message: "Enter your team, so the provider knows who referred" });
    if (!value.referrerContact) {
      context.addIssue({ code: "custom", path: ["referrerContact"], message: "Enter a phone number or email address the provider can reach you on" });
    }
  });

/** The message when matching left the listing out and no reason was given for referring anyway. */
export const overruleReasonMissing = "Say why you are referring or signposting anyway: matching left this listing out";

export type ReferInput = z.infer<typeof referSchema>;

// ── The provider's answer ──

export const respondSchema = z
  .object({
    decision: z.enum(["accept", "decline"], { errorMap: () => ({ message: "Choose whether you can take this person on" }) }),
    reason: trimmed(1000, "The reason must be 1,000 characters or fewer").default(""),
  })
  .superRefine((value, context) => {
    if (value.decision === "decline" && !value.reason) {
      context.addIssue({ code: "custom", path: ["reason"], message: "Say why you cannot take this person on, so the practitioner can find other support" });
    }
  });

// ── A practitioner records a change of status ──

export const statusChangeSchema = z.object({
  referralId: z.string().uuid("Choose a referral"),
  to: z.enum(referralStatuses, { errorMap: () => ({ message: "Choose what has happened" }) }),
  reason: trimmed(500, "The note must be 500 characters or fewer").default(""),
});

// ── Outcomes: ONS4 personal wellbeing and the ONS direct loneliness question ──

/**
 * The ONS's own introduction and wording, as the Government Statistical Service's harmonised
 * standard for personal well-being gives them (Annual Population Survey; "0" for "nought").
 * The loneliness question and answers are the ONS's recommended direct measure.
 */
export const ons4Introduction =
  "Next I would like to ask you four questions about your feelings on aspects of your life. There are no right or wrong answers. For each of these questions I'd like you to give an answer on a scale of 0 to 10, where 0 is “not at all” and 10 is “completely”.";

export const ons4Questions = [
  { name: "lifeSatisfaction", question: "Overall, how satisfied are you with your life nowadays?", higherIsBetter: true },
  { name: "worthwhile", question: "Overall, to what extent do you feel that the things you do in your life are worthwhile?", higherIsBetter: true },
  { name: "happiness", question: "Overall, how happy did you feel yesterday?", higherIsBetter: true },
  {
    name: "anxiety",
    question: "On a scale where 0 is “not at all anxious” and 10 is “completely anxious”, overall, how anxious did you feel yesterday?",
    higherIsBetter: false,
  },
] as const;

export const lonelinessQuestion = "How often do you feel lonely?";

/** Coded as the schema stores it: 1 often or always … 5 never (higher is better). */
export const lonelinessAnswers = [
  { value: 1, label: "Often/always" },
  { value: 2, label: "Some of the time" },
  { value: 3, label: "Occasionally" },
  { value: 4, label: "Hardly ever" },
  { value: 5, label: "Never" },
] as const;

export const outcomeStages = [
  { value: "start", label: "At the start" },
  { value: "follow_up", label: "At follow-up" },
] as const;

const score = (label: string, min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: `Choose an answer for “${label}”` })
    .int(`Choose an answer for “${label}”`)
    .min(min, `Choose an answer for “${label}”`)
    .max(max, `Choose an answer for “${label}”`);

const requiredScore = (label: string, min: number, max: number) =>
  z.preprocess((value) => (value === "" || value === undefined ? undefined : value), score(label, min, max).optional()).refine(
    (value) => value !== undefined,
    `Choose an answer for “${label}”`,
  );

/** today: the server's date (YYYY-MM-DD), so "not in the future" means the same on both sides. */
export function outcomeSchema(today: string) {
  return z.object({
    stage: z.enum(["start", "follow_up"], { errorMap: () => ({ message: "Say whether this is at the start or at follow-up" }) }),
    recordedOn: isoDate("The date asked").refine((value) => !isIsoDate(value) || toDay(value) <= toDay(today), "The date asked cannot be in the future"),
    lifeSatisfaction: requiredScore("satisfied with life", 0, 10),
    worthwhile: requiredScore("worthwhile", 0, 10),
    happiness: requiredScore("happy yesterday", 0, 10),
    anxiety: requiredScore("anxious yesterday", 0, 10),
    loneliness: requiredScore("how often lonely", 1, 5),
  });
}

export type OutcomeInput = z.infer<ReturnType<typeof outcomeSchema>>;

// ── Diverted care ──

/** The services a record may name: the priced ones, not the national reference points. */
export const divertedServiceCodes = [
  "home-care",
  "pa-micro-enterprise",
  "reablement-bridging",
  "day-care",
  "domiciliary-package-65-plus",
  "residential-placement-65-plus",
] as const;

export const divertedServices = divertedServiceCodes.map((code) => evidenceServices.find((service) => service.code === code)!);

export function serviceUnit(code: string): UnitCostUnit | null {
  return evidenceServices.find((service) => service.code === code)?.unit ?? null;
}

export const confidenceLevels = [
  { value: "high", label: "High", hint: "The care had been assessed for, or was about to start" },
  { value: "medium", label: "Medium", hint: "The care would very likely have been needed" },
  { value: "low", label: "Low", hint: "The care might have been needed" },
] as const;

/** Cost avoidance or a cashable saving: DOMAIN.md asks for both, labelled. */
export const savingKinds = [
  { value: "avoided", label: "No: care that would otherwise have started", hint: "Cost avoidance: future spend the council did not have to make" },
  { value: "cashable", label: "Yes: a package the council was paying for was reduced or ended", hint: "A cashable saving: money off an existing budget line" },
] as const;

/** How far ahead a date may be: a record of care avoided is about now, not years away. */
export const futureLimitDays = 366;

function isoDate(label: string) {
  return z
    .string({ required_error: `Enter ${label.toLowerCase()}` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .refine(isIsoDate, `${label} must be a real date, like 2026-03-27`);
}

export function divertedCareSchema(today: string) {
  const limit = toDay(today) + futureLimitDays;
  return z
    .object({
      service: z.enum(divertedServiceCodes, { errorMap: () => ({ message: "Choose the formal care that was avoided" }) }),
      hoursPerWeek: z.string().trim().default(""),
      fromDate: isoDate("The start date").refine((value) => !isIsoDate(value) || toDay(value) >= toDay("2000-01-01"), "The start date must be in 2000 or later"),
      toDate: z.string().trim().default(""),
      confidence: z.enum(["low", "medium", "high"], { errorMap: () => ({ message: "Choose how confident you are" }) }),
      saving: z.enum(["avoided", "cashable"], { errorMap: () => ({ message: "Say whether the council was already paying for this care" }) }),
      note: trimmed(500, "The note must be 500 characters or fewer").default(""),
    })
    .superRefine((value, context) => {
      const unit = serviceUnit(value.service);
      if (unit === "hour") {
        if (!value.hoursPerWeek) {
          context.addIssue({ code: "custom", path: ["hoursPerWeek"], message: "Enter the hours a week of care avoided" });
        } else if (!/^\d{1,3}(\.\d{1,2})?$/.test(value.hoursPerWeek)) {
          context.addIssue({ code: "custom", path: ["hoursPerWeek"], message: "Hours a week must be a number, like 3 or 2.5" });
        } else {
          const hours = Number(value.hoursPerWeek);
          if (hours <= 0) context.addIssue({ code: "custom", path: ["hoursPerWeek"], message: "Hours a week must be more than 0" });
          if (hours > 168) context.addIssue({ code: "custom", path: ["hoursPerWeek"], message: "Hours a week cannot be more than 168 (there are 168 hours in a week)" });
        }
      } else if (value.hoursPerWeek) {
        context.addIssue({
          code: "custom",
          path: ["hoursPerWeek"],
          message: "Leave hours a week empty for a weekly package or a placement: it is counted in weeks between the dates",
        });
      }
      if (isIsoDate(value.fromDate) && toDay(value.fromDate) > limit) {
        context.addIssue({ code: "custom", path: ["fromDate"], message: "The start date is too far in the future: record care avoided from now or the past" });
      }
      if (value.toDate) {
        if (!isIsoDate(value.toDate)) {
          context.addIssue({ code: "custom", path: ["toDate"], message: "The end date must be a real date, like 2026-03-27" });
        } else {
          if (isIsoDate(value.fromDate) && toDay(value.toDate) < toDay(value.fromDate)) {
            context.addIssue({ code: "custom", path: ["toDate"], message: "The end date must be the same as or after the start date" });
          }
          if (toDay(value.toDate) > limit) {
            context.addIssue({ code: "custom", path: ["toDate"], message: "The end date is more than a year away: leave it empty if the support continues" });
          }
        }
      }
    });
}

export type DivertedCareInput = z.infer<ReturnType<typeof divertedCareSchema>>;
