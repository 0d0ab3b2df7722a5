/**
 * The two ways finance teams report a programme's savings over an N-year horizon (N = 1..10):
 *
 * - net permanent saving per year: the new, recurring saving first made in year y;
 * - cumulative cash-flow: a saving first made in year y is counted in every remaining year, so it
 *   contributes saving × (N − y + 1); the one-off investment is subtracted from the total to give
 *   the net cumulative cash-flow.
 *
 * All amounts are whole pence; every figure here is a sum or whole-number multiple of them, so
 * nothing is rounded.
 */
import { Exact, money, type Money } from "../../../db/evidence/money";

export const minYears = 1;
export const maxYears = 10;

export interface FinanceYear {
  year: number;
  /** New recurring saving first made this year. */
  netPermanentSaving: Money;
  /** How many years of the horizon it counts in: N − y + 1. */
  yearsCounted: number;
  /** netPermanentSaving × yearsCounted. */
  cashFlowContribution: Money;
  /** The recurring saving running this year: every saving first made in years 1..y. */
  savingInYear: Money;
  /** Savings in years 1..y, before the investment. */
  cumulativeCashFlow: Money;
}

export interface FinanceViews {
  years: FinanceYear[];
  horizonYears: number;
  totalNetPermanentSaving: Money;
  cumulativeCashFlow: Money;
  investment: Money;
  netCumulativeCashFlow: Money;
}

export function financeViews(netPermanentSavingsPence: readonly number[], investmentPence: number): FinanceViews {
  const horizon = netPermanentSavingsPence.length;
  if (horizon < minYears || horizon > maxYears) throw new RangeError(`years must be between ${minYears} and ${maxYears}, not ${horizon}`);
  if (!Number.isSafeInteger(investmentPence) || investmentPence < 0) throw new RangeError("investment must be whole pence, zero or more");
  let running = 0n;
  let cumulative = 0n;
  let contributions = 0n;
  let permanent = 0n;
  const years = netPermanentSavingsPence.map((pence, index): FinanceYear => {
    if (!Number.isSafeInteger(pence)) throw new RangeError(`the saving for year ${index + 1} must be whole pence`);
    const saving = BigInt(pence);
    const yearsCounted = horizon - index;
    running += saving;
    cumulative += running;
    contributions += saving * BigInt(yearsCounted);
    permanent += saving;
    return {
      year: index + 1,
      netPermanentSaving: money(saving),
      yearsCounted,
      cashFlowContribution: money(saving * BigInt(yearsCounted)),
      savingInYear: money(running),
      cumulativeCashFlow: money(cumulative),
    };
  });
  // Σ saving_y × (N − y + 1) is the same number as Σ savingInYear: two routes, one answer.
  if (contributions !== cumulative) throw new Error("cash-flow reconciliation failed");
  return {
    years,
    horizonYears: horizon,
    totalNetPermanentSaving: money(permanent),
    cumulativeCashFlow: money(cumulative),
    investment: money(investmentPence),
    netCumulativeCashFlow: money(cumulative - BigInt(investmentPence)),
  };
}

export type FiscalRoi =
  | { applicable: true; ratio: string; benefit: Money; investment: Money; reading: string }
  | { applicable: false; ratio: null; benefit: Money; investment: Money; reading: string };

/**
 * Fiscal ROI = adjusted fiscal benefit ÷ investment, to two decimals (half away from zero).
 * With no investment there is no ratio: "not applicable", never Infinity.
 */
export function fiscalRoi(benefitPence: number, investmentPence: number): FiscalRoi {
  const benefit = money(benefitPence);
  const investment = money(investmentPence);
  if (investmentPence === 0) {
    return { applicable: false, ratio: null, benefit, investment, reading: "Not applicable: no investment was entered." };
  }
  const ratio = Exact.of(benefitPence).div(investmentPence).toFixed(2);
  return { applicable: true, ratio, benefit, investment, reading: `£${ratio} of adjusted benefit for every £1 invested.` };
}
