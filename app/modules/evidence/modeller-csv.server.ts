/** The modeller's result as CSV: inputs, then both finance views year by year, in pounds. */
import { stringify } from "csv-stringify/sync";
import { adjustmentNames, adjustmentOrder } from "./adjustments";
import type { FinanceViews } from "./finance";
import type { ModellerOutcome } from "./modeller-form";
import type { Money } from "../../../db/evidence/money";

const pounds = (value: Money) => (value.pence / 100).toFixed(2);

function financeRows(finance: FinanceViews): string[][] {
  return [
    ["Year", "Net permanent saving (£)", "Years counted", "Cash-flow contribution (£)", "Saving in year (£)", "Cumulative cash-flow (£)"],
    ...finance.years.map((year) => [
      String(year.year),
      pounds(year.netPermanentSaving),
      String(year.yearsCounted),
      pounds(year.cashFlowContribution),
      pounds(year.savingInYear),
      pounds(year.cumulativeCashFlow),
    ]),
    [],
    ["Total net permanent saving (£)", pounds(finance.totalNetPermanentSaving)],
    ["Cumulative cash-flow (£)", pounds(finance.cumulativeCashFlow)],
    ["Investment (£)", pounds(finance.investment)],
    ["Net cumulative cash-flow (£)", pounds(finance.netCumulativeCashFlow)],
  ];
}

function pricesRows(outcome: ModellerOutcome): string[][] {
  if (!outcome.prices) return [];
  return [
    [`Money in ${outcome.prices.priceYear} prices`, `figures entered in ${outcome.prices.figuresYear} prices: ${outcome.prices.conversion}`],
    ["Price index", outcome.prices.index],
  ];
}

export function modellerCsv(outcome: ModellerOutcome): string {
  if (outcome.model === "cohort" && outcome.result) {
    const result = outcome.result;
    return stringify([
      ["Asset Atlas business-case model: cohort"],
      ...pricesRows(outcome),
      ["Packages", result.cohort.packages === null ? "" : String(result.cohort.packages)],
      ["Weekly cost of the cohort (£)", pounds(result.cohort.weeklyCost)],
      ["Full-year effect, weekly × 52 (£)", pounds(result.cohort.fullYearEffect)],
      ["Share diverted", result.shareDiverted],
      ["Annual saving (£)", pounds(result.annualSaving)],
      ["Confidence", result.confidence],
      ["Annual saving at confidence (£)", pounds(result.annualSavingAtConfidence)],
      ...adjustmentOrder.map((key) => [`Adjustment: ${adjustmentNames[key]}`, result.adjustments[key]]),
      ["Annual saving after adjustments (£)", pounds(result.annualSavingAdjusted)],
      ["Multi-year saving (£)", pounds(result.multiYearSaving)],
      ["Fiscal ROI", result.fiscalRoi.ratio ?? "not applicable"],
      [],
      ...financeRows(result.finance),
    ]);
  }
  if (outcome.model === "cashflow" && outcome.result) {
    return stringify([
      ["Asset Atlas business-case model: cumulative cash-flow"],
      ...pricesRows(outcome),
      ["Fiscal ROI", outcome.result.fiscalRoi.ratio ?? "not applicable"],
      [],
      ...financeRows(outcome.result.finance),
    ]);
  }
  throw new Response("Fill in the model first: there is nothing to download yet.", { status: 400 });
}
