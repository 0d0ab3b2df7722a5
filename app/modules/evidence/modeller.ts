/**
 * The business-case modeller: the "what if" business cases are built on (no data access).
 *
 * - cohort: a cohort of packages costing so much a week; a share of it diverted to community
 *   support from year 1 → full-year effect (weekly × 52), the annual saving, the same saving in
 *   each year of the horizon, and both finance views.
 * - cashflow: a row of net permanent savings (the new saving first made in each year) and an
 *   investment → the cumulative cash-flow reconciliation.
 *
 * Rounding: the annual saving is rounded once to whole pence (half away from zero); everything
 * after it is whole-pence sums and multiples.
 */
import { adjustmentNames, adjustmentOrder, describeShare, resolveAdjustments, type Adjustments, type AdjustmentsInput } from "./adjustments";
import { financeViews, fiscalRoi, type FinanceViews, type FiscalRoi } from "./finance";
import { Exact, money, type Money } from "../../../db/evidence/money";

export interface CohortInput {
  /** How many packages the cohort has (optional when the weekly cost is for the whole cohort). */
  packages?: number;
  /** The whole cohort's weekly cost, or give weeklyCostPerPackagePence and packages. */
  weeklyCostPence?: number;
  weeklyCostPerPackagePence?: number;
  shareDiverted: Exact;
  /** Confidence in the saving, 0–1 (business cases often carry 50%); 1 when not given. */
  confidence?: Exact;
  years: number;
  investmentPence?: number;
  /**
   * Deadweight, displacement, attribution and optimism bias take their share off the saving at
   * confidence; drop-off makes the running saving fade each year after the first (so the new
   * saving in a later year is negative). All 0% unless given.
   */
  adjustments?: AdjustmentsInput;
}

export interface CohortResult {
  cohort: { packages: number | null; weeklyCost: Money; averageWeeklyCostPerPackage: Money | null; fullYearEffect: Money };
  shareDiverted: string;
  annualSaving: Money;
  confidence: string;
  annualSavingAtConfidence: Money;
  adjustments: Record<keyof Adjustments, string>;
  /** The year-1 saving after confidence and every adjustment but drop-off. */
  annualSavingAdjusted: Money;
  years: Array<{ year: number; saving: Money }>;
  multiYearSaving: Money;
  finance: FinanceViews;
  fiscalRoi: FiscalRoi;
}

export const weeksInYear = 52;

export { adjustmentNames };

export function modelCohort(input: CohortInput): CohortResult {
  const packages = input.packages ?? null;
  let weeklyPence: bigint;
  if (input.weeklyCostPence !== undefined) weeklyPence = BigInt(input.weeklyCostPence);
  else if (input.weeklyCostPerPackagePence !== undefined && packages !== null) weeklyPence = BigInt(input.weeklyCostPerPackagePence) * BigInt(packages);
  else throw new RangeError("give the cohort's weeklyCost, or weeklyCostPerPackage and packages");

  const fullYear = weeklyPence * BigInt(weeksInYear);
  const annual = Exact.of(fullYear).mul(input.shareDiverted).round();
  const confidence = input.confidence ?? Exact.one;
  const atConfidence = Exact.of(annual).mul(confidence).round();
  const adjustments = resolveAdjustments(input.adjustments);
  let adjustedExact = Exact.of(atConfidence);
  for (const key of adjustmentOrder) if (key !== "dropOff") adjustedExact = adjustedExact.mul(adjustments[key].complement());
  const adjusted = adjustedExact.round();
  // The saving running in year y is adjusted × (1 − dropOff)^(y − 1), rounded once; what is new in year y is its change.
  const running = Array.from({ length: input.years }, (_, index) => adjustedExact.mul(adjustments.dropOff.complement().pow(index)).round());
  const savings = running.map((pence, index) => Number(pence - (index === 0 ? 0n : running[index - 1]!)));
  const finance = financeViews(savings, input.investmentPence ?? 0);
  return {
    cohort: {
      packages,
      weeklyCost: money(weeklyPence),
      averageWeeklyCostPerPackage: packages ? money(Exact.of(weeklyPence).div(packages).round()) : null,
      fullYearEffect: money(fullYear),
    },
    shareDiverted: describeShare(input.shareDiverted),
    annualSaving: money(annual),
    confidence: describeShare(confidence),
    annualSavingAtConfidence: money(atConfidence),
    adjustments: Object.fromEntries(adjustmentOrder.map((key) => [key, describeShare(adjustments[key])])) as Record<keyof Adjustments, string>,
    annualSavingAdjusted: money(adjusted),
    years: finance.years.map((year) => ({ year: year.year, saving: year.savingInYear })),
    multiYearSaving: finance.cumulativeCashFlow,
    finance,
    fiscalRoi: fiscalRoi(finance.cumulativeCashFlow.pence, input.investmentPence ?? 0),
  };
}

export interface CashflowResult {
  finance: FinanceViews;
  fiscalRoi: FiscalRoi;
}

export function modelCashflow(netPermanentSavingsPence: readonly number[], investmentPence: number): CashflowResult {
  const finance = financeViews(netPermanentSavingsPence, investmentPence);
  return { finance, fiscalRoi: fiscalRoi(finance.cumulativeCashFlow.pence, investmentPence) };
}
