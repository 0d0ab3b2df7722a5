/**
 * The modeller page's two forms (GET, so a scenario is a link anyone can bookmark or share):
 * a cohort ("what if we diverted a share of this spend?") and a cash-flow reconciliation.
 * Shared by server and page; the results are computed by modeller.ts.
 */
import { z } from "zod";
import { maxYears, minYears } from "./finance";
import { modelCashflow, modelCohort, type CashflowResult, type CohortResult } from "./modeller";
import { Exact, poundsToPence } from "./money";

/** East Cambridgeshire's home care (DOMAIN.md): 469 clients, £203,730 a week; 5% over 3 years. */
export const fivePercentExample = "model=cohort&packages=469&weeklyCost=203730&shareDiverted=5&years=3";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const pounds = (what: string, required: boolean) =>
  z.preprocess(
    blankToUndefined,
    (required ? z.string({ required_error: `Enter the ${what}` }) : z.string().optional())
      .transform((value) => value?.trim().replace(/^£/, "").replace(/,/g, ""))
      .superRefine((value, context) => {
        if (value === undefined) return;
        if (!/^-?\d+(\.\d{1,2})?$/.test(value)) return void context.addIssue({ code: "custom", message: `Enter the ${what} in pounds, for example 203730 or 352.35` });
        if (value.startsWith("-")) context.addIssue({ code: "custom", message: `The ${what} cannot be negative` });
      })
      .transform((value) => (value === undefined ? undefined : poundsToPence(value))),
  );

const percent = (what: string, fallback?: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string({ required_error: `Enter the ${what}` })
      .optional()
      .transform((value) => value?.trim().replace(/%$/, "") ?? (fallback === undefined ? undefined : String(fallback)))
      .superRefine((value, context) => {
        if (value === undefined) return void context.addIssue({ code: "custom", message: `Enter the ${what}` });
        if (!/^-?\d+(\.\d+)?$/.test(value)) return void context.addIssue({ code: "custom", message: `Enter the ${what} as a percentage, for example 5 or 12.5` });
        const number = Number(value);
        if (number < 0) context.addIssue({ code: "custom", message: `The ${what} cannot be below 0%` });
        else if (number > 100) context.addIssue({ code: "custom", message: `The ${what} cannot be over 100%` });
      })
      .transform((value) => Exact.decimal(value ?? "0").div(100)),
  );

const years = z.preprocess(
  blankToUndefined,
  z
    .string({ required_error: "Enter the number of years" })
    .trim()
    .regex(/^\d+$/, `Enter the number of years as a whole number from ${minYears} to ${maxYears}`)
    .transform(Number)
    .refine((value) => value >= minYears && value <= maxYears, `The number of years must be from ${minYears} to ${maxYears}`),
);

export const cohortFormSchema = z.object({
  packages: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d+$/, "Enter the number of packages as a whole number")
      .transform(Number)
      .refine((value) => value >= 1, "The number of packages must be 1 or more")
      .optional(),
  ),
  weeklyCost: pounds("weekly cost of the cohort", true),
  shareDiverted: percent("share diverted"),
  confidence: percent("confidence", 100),
  years,
  investment: pounds("investment", false),
  deadweight: percent("deadweight", 0),
  displacement: percent("displacement", 0),
  attribution: percent("attribution", 0),
  dropOff: percent("drop-off", 0),
  optimismBias: percent("optimism bias", 0),
});

export const cashflowFormSchema = z
  .object({
    savings: z
      .string({ required_error: "Enter the net permanent saving for each year" })
      .trim()
      .min(1, "Enter the net permanent saving for each year")
      .transform((value) => value.split(/[,;\s]+/).filter(Boolean).map((item) => item.replace(/^£/, "")))
      .superRefine((items, context) => {
        if (items.length < minYears || items.length > maxYears) context.addIssue({ code: "custom", message: `Give one saving for each year, ${minYears} to ${maxYears} years` });
        const bad = items.find((item) => !/^-?\d+(\.\d{1,2})?$/.test(item));
        if (bad) context.addIssue({ code: "custom", message: `"${bad}" is not an amount in pounds: write savings like 500000, 250000, 0` });
      })
      .transform((items) => items.map((item) => poundsToPence(item))),
    cashflowInvestment: pounds("investment", true),
  });

export type ModellerOutcome =
  | { model: "cohort"; values: Record<string, string>; errors: Record<string, string>; result: CohortResult | null }
  | { model: "cashflow"; values: Record<string, string>; errors: Record<string, string>; result: CashflowResult | null }
  | { model: null; values: Record<string, string>; errors: Record<string, string>; result: null };

function errorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>) {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** Reads the query and runs the model it names; mistakes come back as messages by field. */
export function runModeller(searchParams: URLSearchParams): ModellerOutcome {
  const values = Object.fromEntries(searchParams.entries());
  if (values.model === "cohort") {
    const parsed = cohortFormSchema.safeParse(values);
    if (!parsed.success) return { model: "cohort", values, errors: errorsOf(parsed.error.issues), result: null };
    const form = parsed.data;
    return {
      model: "cohort",
      values,
      errors: {},
      result: modelCohort({
        packages: form.packages,
        weeklyCostPence: form.weeklyCost!,
        shareDiverted: form.shareDiverted,
        confidence: form.confidence,
        years: form.years,
        investmentPence: form.investment ?? 0,
        adjustments: { deadweight: form.deadweight, displacement: form.displacement, attribution: form.attribution, dropOff: form.dropOff, optimismBias: form.optimismBias },
      }),
    };
  }
  if (values.model === "cashflow") {
    const parsed = cashflowFormSchema.safeParse(values);
    if (!parsed.success) return { model: "cashflow", values, errors: errorsOf(parsed.error.issues), result: null };
    return { model: "cashflow", values, errors: {}, result: modelCashflow(parsed.data.savings, parsed.data.cashflowInvestment!) };
  }
  return { model: null, values, errors: {}, result: null };
}
