/** The business-case modeller and the finance views, checked against the business cases' own figures (DOMAIN.md). */
import { describe, expect, it } from "vitest";
import { financeViews } from "../../app/modules/evidence/finance";
import { modelCashflow, modelCohort } from "../../app/modules/evidence/modeller";
import { Exact } from "../../db/evidence/money";
import { runScenario, ScenarioError } from "../../app/modules/evidence/scenario";

const percent = (value: number) => Exact.decimal(value).div(100);

describe("the cohort modeller against DOMAIN.md", () => {
  it("East Cambridgeshire: 5% of home-care spend diverted over 3 years", () => {
    const result = modelCohort({ packages: 469, weeklyCostPence: 20_373_000, shareDiverted: percent(5), years: 3 });
    expect(result.cohort.fullYearEffect.display).toBe("£10,593,960.00"); // £203,730 × 52
    expect(result.annualSaving.display).toBe("£529,698.00");
    expect(result.years.map((year) => year.saving.pence)).toEqual([52_969_800, 52_969_800, 52_969_800]);
    expect(result.multiYearSaving.display).toBe("£1,589,094.00");
    expect(result.finance.netCumulativeCashFlow.pence).toBe(158_909_400);
    expect(result.fiscalRoi).toMatchObject({ applicable: false, ratio: null });
  });

  it("Cambridgeshire home care and supported living: £1,208,906 a week is £62,863,112 a year", () => {
    const result = modelCohort({ packages: 3117, weeklyCostPence: 120_890_600, shareDiverted: percent(5), years: 1 });
    expect(result.cohort.fullYearEffect.display).toBe("£62,863,112.00");
    expect(result.annualSaving.display).toBe("£3,143,155.60");
  });

  it("the social-support element: £60,135 a week is £3,127,020 a year; redirecting half of it", () => {
    const result = modelCohort({ packages: 254, weeklyCostPence: 6_013_500, shareDiverted: percent(50), years: 5, investmentPence: 50_000_000 });
    expect(result.cohort.fullYearEffect.display).toBe("£3,127,020.00");
    expect(result.annualSaving.display).toBe("£1,563,510.00");
    expect(result.multiYearSaving.display).toBe("£7,817,550.00");
    expect(result.finance.netCumulativeCashFlow.display).toBe("£7,317,550.00");
    expect(result.fiscalRoi).toMatchObject({ applicable: true, ratio: "15.64" });
  });

  it("East Cambridgeshire's 17 social-support packages (£3,242 a week), by the package and at 50% confidence", () => {
    const perPackage = modelCohort({ packages: 17, weeklyCostPerPackagePence: 19_071, shareDiverted: percent(100), years: 1, confidence: percent(50) });
    expect(perPackage.cohort.weeklyCost.pence).toBe(324_207); // 17 × £190.71: per-package figures are rounded
    const whole = modelCohort({ packages: 17, weeklyCostPence: 324_200, shareDiverted: percent(100), confidence: percent(50), years: 2 });
    expect(whole.cohort.fullYearEffect.display).toBe("£168,584.00");
    expect(whole.annualSavingAtConfidence.display).toBe("£84,292.00");
    expect(whole.cohort.averageWeeklyCostPerPackage!.display).toBe("£190.71");
  });

  it("rounds the annual saving once, half away from zero", () => {
    // £1 a week × 52 × 33.3333% = 1733.33316p → £17.33
    expect(modelCohort({ weeklyCostPence: 100, shareDiverted: Exact.decimal("0.333333"), years: 1 }).annualSaving.pence).toBe(1733);
    // 1p a week × 52 × 12.5% = 6.5p → 7p; 1p a week × 52 ÷ 104 = 0.5p → 1p
    expect(modelCohort({ weeklyCostPence: 1, shareDiverted: percent(12.5), years: 1 }).annualSaving.pence).toBe(7);
    expect(modelCohort({ weeklyCostPence: 1, shareDiverted: Exact.of(1, 104), years: 1 }).annualSaving.pence).toBe(1);
  });
});

describe("the two finance views", () => {
  it("counts a saving first made in year y in every remaining year: × (N − y + 1)", () => {
    const views = financeViews([100_000, 50_000, 0], 200_000);
    expect(views.years.map((year) => [year.year, year.yearsCounted, year.cashFlowContribution.pence, year.savingInYear.pence, year.cumulativeCashFlow.pence])).toEqual([
      [1, 3, 300_000, 100_000, 100_000],
      [2, 2, 100_000, 150_000, 250_000],
      [3, 1, 0, 150_000, 400_000],
    ]);
    expect(views.totalNetPermanentSaving.pence).toBe(150_000);
    expect(views.cumulativeCashFlow.pence).toBe(400_000);
    expect(views.netCumulativeCashFlow.pence).toBe(200_000);
  });

  it("works for N = 1 and N = 10 and refuses anything else", () => {
    expect(financeViews([5], 10).netCumulativeCashFlow.pence).toBe(-5);
    expect(financeViews(Array(10).fill(1), 0).cumulativeCashFlow.pence).toBe(55);
    expect(() => financeViews([], 0)).toThrow(/between 1 and 10/);
    expect(() => financeViews(Array(11).fill(1), 0)).toThrow(/between 1 and 10/);
    expect(() => financeViews([1], -1)).toThrow(/investment/);
  });

  it("reconciles a row of annual savings with an investment", () => {
    const result = modelCashflow([12_000_000, 8_000_000, 5_000_000, 2_500_000, 0], 30_000_000);
    expect(result.finance.cumulativeCashFlow.display).toBe("£1,120,000.00"); // 120k×5 + 80k×4 + 50k×3 + 25k×2 + 0
    expect(result.finance.netCumulativeCashFlow.display).toBe("£820,000.00");
    expect(result.fiscalRoi.ratio).toBe("3.73");
  });
});

describe("scenarios", () => {
  const problems = (input: unknown) => {
    try {
      runScenario(input);
    } catch (error) {
      if (error instanceof ScenarioError) return error.problems;
      throw error;
    }
    return [];
  };
  const cohort = { kind: "cohort", weeklyCost: 203730, shareDivertedPercent: 5, years: 3 };

  it("runs each kind", () => {
    expect(runScenario(cohort)).toMatchObject({ kind: "cohort", title: null, annualSaving: { pence: 52_969_800 } });
    expect(runScenario({ kind: "cashflow", years: 2, netPermanentSavings: [100, "50.5"], investment: 0 })).toMatchObject({
      kind: "cashflow",
      finance: { cumulativeCashFlow: { pence: 25_050 } },
      fiscalRoi: { applicable: false },
    });
    const evidence = runScenario({
      kind: "evidence",
      programme: { start: "2025-04-01", years: 1 },
      investment: 100,
      adjustments: { deadweightPercent: 50 },
      unitCosts: [{ id: "hc", service: "home-care", unit: "hour", amount: 17.5, priceYear: "2025/26", source: "test", validFrom: "2025-04-01" }],
      records: [{ id: "r1", service: "home-care", hoursPerWeek: 10, from: "2025-04-01", to: "2025-04-28", confidencePercent: 50, cashable: true }],
    });
    expect(evidence).toMatchObject({ kind: "evidence", totals: { net: { pence: 70_000 }, adjusted: { cashable: { pence: 17_500 } } }, fiscalRoi: { ratio: "1.75" } });
  });

  it("names the field for wrong types, negative money, shares over 100% and years outside 1..10", () => {
    expect(problems({ ...cohort, weeklyCost: "lots" })).toEqual([expect.stringMatching(/^weeklyCost: weeklyCost must be pounds/)]);
    expect(problems({ ...cohort, weeklyCost: true })).toEqual(["weeklyCost: weeklyCost must be an amount in pounds, e.g. 1250.50"]);
    expect(problems({ ...cohort, investment: -5 })).toEqual(["investment: investment cannot be negative"]);
    expect(problems({ ...cohort, shareDivertedPercent: 120 })).toEqual(["shareDivertedPercent: shareDivertedPercent cannot be over 100%"]);
    expect(problems({ ...cohort, years: 0 })).toEqual(["years: years must be from 1 to 10"]);
    expect(problems({ ...cohort, years: 11 })).toEqual(["years: years must be from 1 to 10"]);
    expect(problems({ ...cohort, years: 2.5 })).toEqual(["years: years must be a whole number"]);
    expect(problems({ ...cohort, shareDiverted: 5 })).toEqual([expect.stringMatching(/Unrecognized key.*shareDiverted/)]);
    expect(problems({ ...cohort, kind: "guess" })).toEqual(['kind: kind must be "cohort", "cashflow" or "evidence"']);
    expect(problems([])).toEqual([expect.stringMatching(/^scenario:/)]);
    expect(problems({ kind: "cohort", shareDivertedPercent: 5, years: 1 })).toEqual(["weeklyCost: give weeklyCost (the whole cohort) or weeklyCostPerPackage, not both and not neither"]);
    expect(problems({ kind: "cashflow", years: 3, netPermanentSavings: [1, 2], investment: 1 })).toEqual(["netPermanentSavings: give one saving for each of the 3 years (got 2)"]);
    expect(
      problems({
        kind: "evidence",
        programme: { start: "2025-13-01", years: 1 },
        investment: 0,
        adjustments: { attributionPercent: 101 },
        unitCosts: [],
        records: [{ id: "r", service: "home-care", from: "2025-04-01", to: "2025-04-02", confidencePercent: -1, cashable: "yes" }],
      }),
    ).toEqual([
      "programme.start: programme.start must be a date, YYYY-MM-DD",
      "adjustments.attributionPercent: attributionPercent cannot be over 100%",
      "records.0.confidencePercent: confidencePercent cannot be below 0%",
      "records.0.cashable: cashable must be true or false",
    ]);
  });
});
