/**
 * Business-case scenarios as finance officers write them (JSON, `npm run atlas -- roi`), and as
 * the modeller page will post them: one zod schema, a discriminated union by "kind".
 * Money is in pounds (a number or a string, at most two decimals); shares are percentages.
 */
import { z } from "zod";
import { computeEvidence, type EvidenceResult } from "./engine";
import { maxYears, minYears } from "./finance";
import { modelCashflow, modelCohort, type CashflowResult, type CohortResult } from "./modeller";
import { Exact, poundsToPence } from "../../../db/evidence/money";
import { conversion, convertPence, describeConversion, financialYearOf, isFinancialYear, type PriceIndex } from "../../../db/evidence/price-years";
import { isIsoDate } from "../../../db/calendar";

const pounds = (what: string, options: { negative?: boolean } = {}) =>
  z
    .union([z.number(), z.string()], { errorMap: () => ({ message: `${what} must be an amount in pounds, e.g. 1250.50` }) })
    .superRefine((value, context) => {
      let pence: number;
      try {
        pence = poundsToPence(value);
      } catch (error) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: `${what} must be pounds with at most two decimals (${error instanceof Error ? error.message : ""})` });
        return;
      }
      if (!options.negative && pence < 0) context.addIssue({ code: z.ZodIssueCode.custom, message: `${what} cannot be negative` });
    })
    .transform((value) => poundsToPence(value));

const percent = (what: string) =>
  z
    .number({ invalid_type_error: `${what} must be a percentage, a number from 0 to 100` })
    .min(0, `${what} cannot be below 0%`)
    .max(100, `${what} cannot be over 100%`)
    .transform((value) => Exact.decimal(value).div(100));

const years = z
  .number({ invalid_type_error: "years must be a whole number from 1 to 10" })
  .int("years must be a whole number")
  .min(minYears, `years must be from ${minYears} to ${maxYears}`)
  .max(maxYears, `years must be from ${minYears} to ${maxYears}`);

const isoDate = (what: string) => z.string({ invalid_type_error: `${what} must be a date, YYYY-MM-DD` }).refine(isIsoDate, `${what} must be a date, YYYY-MM-DD`);

const priceYear = (what: string) =>
  z.string({ invalid_type_error: `${what} must be a financial year like "2024/25"` }).refine(isFinancialYear, `${what} must be a financial year like "2024/25"`);

const wholeCount = (what: string) => z.number({ invalid_type_error: `${what} must be a whole number` }).int(`${what} must be a whole number`).min(1, `${what} must be 1 or more`);

const hours = z.number({ invalid_type_error: "hoursPerWeek must be a number" }).min(0, "hoursPerWeek cannot be negative").max(168, "hoursPerWeek cannot be over 168");

const cohortScenario = z
  .object({
    kind: z.literal("cohort"),
    title: z.string().optional(),
    packages: wholeCount("packages").optional(),
    weeklyCost: pounds("weeklyCost").optional(),
    weeklyCostPerPackage: pounds("weeklyCostPerPackage").optional(),
    shareDivertedPercent: percent("shareDivertedPercent"),
    confidencePercent: percent("confidencePercent").optional(),
    years,
    investment: pounds("investment").default(0),
    /** The price year the scenario's amounts are in: needed to state the results in another. */
    priceYear: priceYear("priceYear").optional(),
  })
  .strict();

function checkCohort(value: z.output<typeof cohortScenario>, context: z.RefinementCtx) {
  const given = Number(value.weeklyCost !== undefined) + Number(value.weeklyCostPerPackage !== undefined);
  if (given !== 1) context.addIssue({ code: z.ZodIssueCode.custom, path: ["weeklyCost"], message: "give weeklyCost (the whole cohort) or weeklyCostPerPackage, not both and not neither" });
  if (value.weeklyCostPerPackage !== undefined && value.packages === undefined) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["packages"], message: "packages is needed with weeklyCostPerPackage" });
  }
}

const cashflowScenario = z
  .object({
    kind: z.literal("cashflow"),
    title: z.string().optional(),
    years,
    netPermanentSavings: z.array(pounds("each net permanent saving", { negative: true }), { invalid_type_error: "netPermanentSavings must be a list of amounts in pounds, one a year" }),
    investment: pounds("investment"),
    priceYear: priceYear("priceYear").optional(),
  })
  .strict();

function checkCashflow(value: z.output<typeof cashflowScenario>, context: z.RefinementCtx) {
  if (value.netPermanentSavings.length !== value.years) {
    context.addIssue({ code: z.ZodIssueCode.custom, path: ["netPermanentSavings"], message: `give one saving for each of the ${value.years} years (got ${value.netPermanentSavings.length})` });
  }
}

const careQuantity = {
  service: z.string().min(1, "service must be named"),
  hoursPerWeek: hours.optional(),
  packages: wholeCount("packages").optional(),
};

const adjustmentShares = {
  deadweightPercent: percent("deadweightPercent").optional(),
  displacementPercent: percent("displacementPercent").optional(),
  attributionPercent: percent("attributionPercent").optional(),
  dropOffPercent: percent("dropOffPercent").optional(),
  optimismBiasPercent: percent("optimismBiasPercent").optional(),
};

const evidenceScenario = z
  .object({
    kind: z.literal("evidence"),
    title: z.string().optional(),
    programme: z
      .object({
        start: isoDate("programme.start"),
        years,
        firstYear: z.number({ invalid_type_error: "firstYear must be a whole number" }).int("firstYear must be a whole number").optional(),
      })
      .strict(),
    investment: pounds("investment"),
    /** The price year the investment is in: needed only to state results in another (default: the programme's first). */
    investmentPriceYear: priceYear("investmentPriceYear").optional(),
    adjustments: z.object(adjustmentShares).strict().default({}),
    unitCosts: z.array(
      z
        .object({
          id: z.string().min(1),
          service: z.string().min(1),
          unit: z.enum(["hour", "week", "placement"]),
          amount: pounds("amount"),
          priceYear: z.string().regex(/^\d{4}\/\d{2}$/, 'priceYear must look like "2024/25"'),
          source: z.string().min(1, "source must say where the figure comes from"),
          validFrom: isoDate("validFrom"),
          validTo: isoDate("validTo").nullable().default(null),
        })
        .strict()
        .superRefine((cost, context) => {
          if (cost.validTo !== null && isIsoDate(cost.validFrom) && isIsoDate(cost.validTo) && cost.validTo <= cost.validFrom) {
            context.addIssue({ code: z.ZodIssueCode.custom, path: ["validTo"], message: `validTo (${cost.validTo}) must be after validFrom (${cost.validFrom}): a unit cost cannot end before it starts` });
          }
        }),
    ),
    records: z.array(
      z
        .object({
          id: z.string().min(1),
          ...careQuantity,
          from: isoDate("from"),
          to: isoDate("to"),
          confidencePercent: percent("confidencePercent"),
          cashable: z.boolean({ invalid_type_error: "cashable must be true or false" }),
          communitySupport: z
            .array(
              z.union([
                z.object(careQuantity).strict(),
                z.object({ description: z.string().min(1), weeklyCost: pounds("weeklyCost") }).strict(),
              ]),
            )
            .default([]),
          /** This record's own adjustments, instead of the programme's (a setting for its kind of support, say). */
          adjustments: z
            .object({ label: z.string().min(1, "label must say which setting this is"), ...adjustmentShares })
            .strict()
            .optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const scenarioSchema = z
  .discriminatedUnion("kind", [cohortScenario, cashflowScenario, evidenceScenario], {
    errorMap: (issue, context) =>
      issue.code === z.ZodIssueCode.invalid_union_discriminator ? { message: 'kind must be "cohort", "cashflow" or "evidence"' } : { message: context.defaultError },
  })
  .superRefine((value, context) => {
    if (value.kind === "cohort") checkCohort(value, context);
    if (value.kind === "cashflow") checkCashflow(value, context);
  });

export type Scenario = z.input<typeof scenarioSchema>;

export type ScenarioResult =
  | ({ kind: "cohort"; title: string | null } & CohortResult & Partial<StatedPriceYear>)
  | ({ kind: "cashflow"; title: string | null } & CashflowResult & Partial<StatedPriceYear>)
  | ({ kind: "evidence"; title: string | null } & EvidenceResult & Partial<ConvertedInvestment>);

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ScenarioError";
  }
}

/** What the results say about their price year when they were converted. */
export interface StatedPriceYear {
  priceYear: string;
  convertedFrom: { priceYear: string; index: string; conversion: string };
}

/** How an evidence scenario's investment was converted, so its ROI compares like with like. */
export interface ConvertedInvestment {
  investmentConvertedFrom: { priceYear: string; conversion: string };
}

export interface ScenarioOptions {
  /** State every amount in this price year (`roi --price-year`), converting with `priceIndex`. */
  priceYear?: string;
  priceIndex?: PriceIndex;
}

function sharesOf(given: { deadweightPercent?: Exact; displacementPercent?: Exact; attributionPercent?: Exact; dropOffPercent?: Exact; optimismBiasPercent?: Exact }) {
  return {
    deadweight: given.deadweightPercent,
    displacement: given.displacementPercent,
    attribution: given.attributionPercent,
    dropOff: given.dropOffPercent,
    optimismBias: given.optimismBiasPercent,
  };
}

/**
 * Validates a scenario strictly (every problem named by its field) and runs it. Without a price
 * year the output is exactly what it always was; with one, every amount is converted to it.
 */
export function runScenario(input: unknown, options: ScenarioOptions = {}): ScenarioResult {
  const parsed = scenarioSchema.safeParse(input);
  if (!parsed.success) throw new ScenarioError(parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "scenario"}: ${issue.message}`));
  const scenario = parsed.data;
  const title = scenario.title ?? null;
  if (options.priceYear !== undefined) {
    if (!isFinancialYear(options.priceYear)) throw new ScenarioError([`price year: "${options.priceYear}" is not a financial year: write it like 2026/27`]);
    if (!options.priceIndex) throw new ScenarioError(["price year: no price index to convert with"]);
  }
  const target = options.priceYear && options.priceIndex ? { year: options.priceYear, index: options.priceIndex } : null;
  if (scenario.kind === "cohort" || scenario.kind === "cashflow") {
    if (target && !scenario.priceYear) {
      throw new ScenarioError([`priceYear: say which price year the scenario's amounts are in (for example "2019/20") to state them in ${target.year} prices`]);
    }
    const convert = (pence: number) => (target ? convertPence(target.index, pence, scenario.priceYear!, target.year) : pence);
    const stated: StatedPriceYear | Record<string, never> = target
      ? {
          priceYear: target.year,
          convertedFrom: {
            priceYear: scenario.priceYear!,
            index: `${target.index.name} (${target.index.publishedOn})`,
            conversion: describeConversion(conversion(target.index, scenario.priceYear!, target.year)),
          },
        }
      : {};
    if (scenario.kind === "cohort") {
      return {
        kind: "cohort",
        title,
        ...modelCohort({
          packages: scenario.packages,
          weeklyCostPence: scenario.weeklyCost === undefined ? undefined : convert(scenario.weeklyCost),
          weeklyCostPerPackagePence: scenario.weeklyCostPerPackage === undefined ? undefined : convert(scenario.weeklyCostPerPackage),
          shareDiverted: scenario.shareDivertedPercent,
          confidence: scenario.confidencePercent,
          years: scenario.years,
          investmentPence: convert(scenario.investment),
        }),
        ...stated,
      };
    }
    return { kind: "cashflow", title, ...modelCashflow(scenario.netPermanentSavings.map(convert), convert(scenario.investment)), ...stated };
  }
  // Investment is stated in the chosen year too (from the year it was made, as the dashboard does).
  const investmentYear = scenario.investmentPriceYear ?? financialYearOf(scenario.programme.start);
  const investment: ConvertedInvestment | Record<string, never> = target
    ? { investmentConvertedFrom: { priceYear: investmentYear, conversion: describeConversion(conversion(target.index, investmentYear, target.year)) } }
    : {};
  return {
    kind: "evidence",
    title,
    ...computeEvidence({
      programme: scenario.programme,
      investmentPence: target ? convertPence(target.index, scenario.investment, investmentYear, target.year) : scenario.investment,
      adjustments: sharesOf(scenario.adjustments),
      ...(target ? { priceBase: target } : {}),
      unitCosts: scenario.unitCosts.map((cost) => ({ ...cost, amountPence: cost.amount })),
      records: scenario.records.map((record) => ({
        id: record.id,
        service: record.service,
        hoursPerWeek: record.hoursPerWeek,
        packages: record.packages,
        from: record.from,
        to: record.to,
        confidence: record.confidencePercent,
        cashable: record.cashable,
        communitySupport: record.communitySupport.map((support) =>
          "description" in support ? { description: support.description, weeklyCostPence: support.weeklyCost } : support,
        ),
        ...(record.adjustments ? { adjustments: { label: record.adjustments.label, shares: sharesOf(record.adjustments) } } : {}),
      })),
    }),
    ...investment,
  };
}
