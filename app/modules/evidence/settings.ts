/**
 * The programme's settings for evidence (no data access; shared by server and page): the
 * adjustments a council applies to net cost avoided, by area, kind of support and month, and the
 * programme's start, from which drop-off counts years (ADR 0032).
 *
 * Which setting applies to a month of diverted care: among the settings for the area, the one
 * for the record's kind of support that starts latest on or before the month; if there is none
 * for that kind, the one for every kind; if none at all, nothing is taken off (0%).
 */
import { z } from "zod";
import { assetKindName, assetKinds } from "../../../db/vocabulary/kinds";
import { adjustmentOrder, type Adjustments } from "./adjustments";
import { isMonth } from "./dashboard";
import { Exact } from "../../../db/evidence/money";

// Here rather than in dashboard-form.ts: the dashboard imports this file, and a schema is built when the file loads.
/** A district code from the list, or empty for the whole council area. */
export const district = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || /^E\d{8}$/.test(value), "Choose a district from the list");


export interface AdjustmentSetting {
  id: string;
  districtCode: string | null;
  /** Null: every kind of support. */
  assetKind: string | null;
  /** First day of the first month it applies to. */
  validFrom: string;
  /** Percentages as stored, "20.00". */
  percents: Record<keyof Adjustments, string>;
  source: string;
  setAt: string;
  setBy: string | null;
}

export const adjustmentFields = {
  deadweight: { name: "deadweight", label: "Deadweight", hint: "The share that would have happened anyway: the care would not have been needed" },
  displacement: { name: "displacement", label: "Displacement", hint: "The share that only moved cost elsewhere, to another budget or another person" },
  attribution: { name: "attribution", label: "Attribution", hint: "The share owed to others: the NHS, family, other programmes" },
  dropOff: { name: "dropOff", label: "Drop-off a year", hint: "How much of the effect fades each programme year after the first" },
  optimismBias: { name: "optimismBias", label: "Optimism bias", hint: "The correction for appraisers' known over-estimation of benefits" },
} as const satisfies Record<keyof Adjustments, { name: string; label: string; hint: string }>;

/** The setting in force for a kind of support in a month (YYYY-MM), or null. */
export function settingFor<T extends Pick<AdjustmentSetting, "assetKind" | "validFrom" | "setAt">>(settings: readonly T[], kind: string, month: string): T | null {
  const first = `${month}-01`;
  const latest = (candidates: T[]) =>
    candidates
      .filter((setting) => setting.validFrom <= first)
      .sort((a, b) => (a.validFrom === b.validFrom ? a.setAt.localeCompare(b.setAt) : a.validFrom.localeCompare(b.validFrom)))
      .at(-1) ?? null;
  return latest(settings.filter((setting) => setting.assetKind === kind)) ?? latest(settings.filter((setting) => setting.assetKind === null));
}

/** Shares (0–1, exact) from a setting's percentages. */
export function sharesOf(setting: Pick<AdjustmentSetting, "percents">): Record<keyof Adjustments, Exact> {
  return Object.fromEntries(adjustmentOrder.map((key) => [key, Exact.decimal(setting.percents[key]).div(100)])) as Record<keyof Adjustments, Exact>;
}

export function settingLabel(setting: Pick<AdjustmentSetting, "assetKind" | "validFrom">): string {
  return `${setting.assetKind ? assetKindName(setting.assetKind) : "Every kind of support"}, set from ${setting.validFrom.slice(0, 7)}`;
}

const percent = (label: string) =>
  z
    .string({ required_error: `Enter the ${label.toLowerCase()}, 0 if none` })
    .trim()
    .transform((value) => value.replace(/%$/, "").trim())
    .superRefine((value, context) => {
      if (value === "") return void context.addIssue({ code: "custom", message: `Enter the ${label.toLowerCase()} as a percentage, 0 if none` });
      if (!/^\d+(\.\d{1,2})?$/.test(value)) {
        return void context.addIssue({ code: "custom", message: `Enter the ${label.toLowerCase()} as a percentage from 0 to 100, for example 20 or 12.5` });
      }
      if (Number(value) > 100) context.addIssue({ code: "custom", message: `The ${label.toLowerCase()} cannot be over 100%` });
    })
    .transform((value) => Number(value).toFixed(2));

export const adjustmentFormSchema = z.object({
  district,
  assetKind: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || assetKinds.some((kind) => kind.code === value), "Choose a kind of support from the list"),
  fromMonth: z
    .string({ required_error: "Enter the first month the setting applies to" })
    .trim()
    .refine(isMonth, "Enter the first month the setting applies to, for example 2026-04"),
  deadweight: percent(adjustmentFields.deadweight.label),
  displacement: percent(adjustmentFields.displacement.label),
  attribution: percent(adjustmentFields.attribution.label),
  dropOff: percent(adjustmentFields.dropOff.label),
  optimismBias: percent(adjustmentFields.optimismBias.label),
  source: z
    .string({ required_error: "Say where the figures come from, or why you chose them" })
    .trim()
    .min(1, "Say where the figures come from, or why you chose them")
    .max(500, "Keep the source or rationale to 500 characters or fewer"),
});

export type AdjustmentForm = z.output<typeof adjustmentFormSchema>;

export const programmeFormSchema = z.object({
  district,
  name: z.string({ required_error: "Name the programme" }).trim().min(1, "Name the programme").max(200, "Keep the name to 200 characters or fewer"),
  startMonth: z
    .string({ required_error: "Enter the month the programme started" })
    .trim()
    .refine(isMonth, "Enter the month the programme started, for example 2025-04"),
});

export type ProgrammeForm = z.output<typeof programmeFormSchema>;
