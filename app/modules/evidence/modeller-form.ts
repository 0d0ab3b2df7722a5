/**
 * The modeller page's two forms (GET, so a scenario is a link anyone can bookmark or share):
 * a cohort ("what if we diverted a share of this spend?") and a cash-flow reconciliation.
 * Shared by server and page; the results are computed by modeller.ts.
 */
import { z } from "zod";
import { maxYears, minYears } from "./finance";
import { modelCashflow, modelCohort, type CashflowResult, type CohortResult } from "./modeller";
import { Exact, poundsToPence } from "../../../db/evidence/money";
import { conversion, convertPence, describeConversion, financialYearOf, isFinancialYear, type PriceIndex } from "../../../db/evidence/price-years";

/** East Cambridgeshire's home care (DOMAIN.md): 469 clients, £203,730 a week in 2019/20; 5% over 3 years. */
export const fivePercentExample = "model=cohort&packages=469&weeklyCost=203730&figuresYear=2019/20&shareDiverted=5&years=3";

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

/** The price years of a model: what its figures are in, what its results are stated in, and the conversion. */
export interface ModelPrices {
  figuresYear: string;
  priceYear: string;
  conversion: string;
  index: string;
}

export type ModellerOutcome =
  | { model: "cohort"; values: Record<string, string>; errors: Record<string, string>; result: CohortResult | null; prices: ModelPrices | null }
  | { model: "cashflow"; values: Record<string, string>; errors: Record<string, string>; result: CashflowResult | null; prices: ModelPrices | null }
  | { model: null; values: Record<string, string>; errors: Record<string, string>; result: null; prices: null };

export interface ModellerContext {
  index: PriceIndex;
  today: string;
  /** The programme's adjustments in force, as percentages: the form's defaults. */
  adjustmentDefaults?: Partial<Record<"deadweight" | "displacement" | "attribution" | "dropOff" | "optimismBias", string>>;
}

/** Both price years, checked against the index: errors by field, or the conversion. */
function readPrices(values: Record<string, string>, context: ModellerContext): { errors: Record<string, string>; prices: ModelPrices | null } {
  const fallback = financialYearOf(context.today);
  const years = context.index.values.map((row) => row.year);
  const errors: Record<string, string> = {};
  const check = (name: "figuresYear" | "priceYear") => {
    const value = (values[name] ?? "").trim() || fallback;
    if (!isFinancialYear(value)) errors[name] = "Enter a financial year, for example 2026/27";
    else if (!years.includes(value)) errors[name] = `There is no price index for ${value}: choose a year from ${years[0]} to ${years.at(-1)}`;
    return value;
  };
  const figuresYear = check("figuresYear");
  const priceYear = check("priceYear");
  if (Object.keys(errors).length > 0) return { errors, prices: null };
  return {
    errors,
    prices: { figuresYear, priceYear, conversion: describeConversion(conversion(context.index, figuresYear, priceYear)), index: `${context.index.name}, published ${context.index.publishedOn}` },
  };
}

function errorsOf(issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>) {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/**
 * Reads the query and runs the model it names; mistakes come back as messages by field. Amounts
 * are typed in the prices of `figuresYear` and the results stated in `priceYear` (both default
 * to this financial year): each amount is converted to whole pence first, then modelled.
 */
export function runModeller(searchParams: URLSearchParams, context: ModellerContext): ModellerOutcome {
  const values = Object.fromEntries(searchParams.entries());
  if (values.model !== "cohort" && values.model !== "cashflow") return { model: null, values: { ...context.adjustmentDefaults, ...values }, errors: {}, result: null, prices: null };
  const { errors: priceErrors, prices } = readPrices(values, context);
  const convert = (pence: number) => (prices ? convertPence(context.index, pence, prices.figuresYear, prices.priceYear) : pence);
  if (values.model === "cohort") {
    const withDefaults = { ...context.adjustmentDefaults, ...values };
    const parsed = cohortFormSchema.safeParse(withDefaults);
    if (!parsed.success || !prices) return { model: "cohort", values: withDefaults, errors: { ...(parsed.success ? {} : errorsOf(parsed.error.issues)), ...priceErrors }, result: null, prices: null };
    const form = parsed.data;
    return {
      model: "cohort",
      values: withDefaults,
      errors: {},
      prices,
      result: modelCohort({
        packages: form.packages,
        weeklyCostPence: convert(form.weeklyCost!),
        shareDiverted: form.shareDiverted,
        confidence: form.confidence,
        years: form.years,
        investmentPence: convert(form.investment ?? 0),
        adjustments: { deadweight: form.deadweight, displacement: form.displacement, attribution: form.attribution, dropOff: form.dropOff, optimismBias: form.optimismBias },
      }),
    };
  }
  const parsed = cashflowFormSchema.safeParse(values);
  if (!parsed.success || !prices) return { model: "cashflow", values, errors: { ...(parsed.success ? {} : errorsOf(parsed.error.issues)), ...priceErrors }, result: null, prices: null };
  return { model: "cashflow", values, errors: {}, prices, result: modelCashflow(parsed.data.savings.map(convert), convert(parsed.data.cashflowInvestment!)) };
}
