/** Price years: financial years, the shipped GDP deflators, conversion and its refusals; and the engine stating everything in one year. */
import { describe, expect, it } from "vitest";
import { computeEvidence, type DivertedCareRecord } from "../../app/modules/evidence/engine";
import { parseIndexLines } from "../../app/modules/evidence/price-index.server";
import {
  checkPriceIndexValues,
  conversion,
  convertPence,
  financialYearOf,
  isFinancialYear,
  PriceIndexError,
  type PriceIndex,
} from "../../db/evidence/price-years";
import type { UnitCost } from "../../app/modules/evidence/unit-costs";
import { shippedPriceIndex } from "../../db/seed/price-index";

const index = shippedPriceIndex();

describe("financial years", () => {
  it("runs 1 April to 31 March", () => {
    expect(financialYearOf("2027-03-31")).toBe("2026/27");
    expect(financialYearOf("2027-04-01")).toBe("2027/28");
    expect(financialYearOf("1999-12-31")).toBe("1999/00");
    expect(isFinancialYear("2026/27")).toBe(true);
    expect(isFinancialYear("2026/28")).toBe(false);
    expect(isFinancialYear("2026-27")).toBe(false);
  });
});

describe("the shipped index", () => {
  it("is HM Treasury's GDP deflators, March 2026, every year from 2000/01 to 2030/31 with 2024/25 = 100", () => {
    expect(index.name).toContain("HM Treasury GDP deflators");
    expect(index.source).toContain("March 2026");
    expect(index.publishedOn).toBe("2026-03-31");
    expect(index.values[0]).toEqual({ year: "2000/01", value: "54.3697", forecast: false });
    expect(index.values.at(-1)).toEqual({ year: "2030/31", value: "113.6416", forecast: true });
    expect(index.values.find((row) => row.year === "2024/25")!.value).toBe("100.0000");
    expect(index.values.filter((row) => row.forecast).map((row) => row.year)[0]).toBe("2025/26");
    expect(checkPriceIndexValues(index.values)).toHaveLength(31);
  });

  it("converts exactly: £17.50 in 2019/20 prices is £22.79 in 2026/27 prices", () => {
    const step = conversion(index, "2019/20", "2026/27");
    expect(step.factor.toFixed(6)).toBe("1.302146"); // 105.3095 ÷ 80.8738
    expect(convertPence(index, 1750, "2019/20", "2026/27")).toBe(2279); // 1750 × 1.3021461 = 2278.76
    expect(convertPence(index, 1750, "2026/27", "2026/27")).toBe(1750);
    expect(() => conversion(index, "1999/00", "2026/27")).toThrow(/no value for 1999\/00: it covers 2000\/01 to 2030\/31/);
  });
});

describe("a new edition of an index", () => {
  it("is refused with a gap year, a year twice, a muddled year or a value that is not a positive number", () => {
    const row = (year: string, value = "100") => ({ year, value, forecast: false });
    expect(() => checkPriceIndexValues([row("2022/23"), row("2024/25")])).toThrow(/gap: 2023\/24 is missing between 2022\/23 and 2024\/25/);
    expect(() => checkPriceIndexValues([row("2022/23"), row("2022/23")])).toThrow(/2022\/23 is given twice/);
    expect(() => checkPriceIndexValues([row("2022/24"), row("2023/24")])).toThrow(/not a financial year/);
    expect(() => checkPriceIndexValues([row("2022/23", "-1"), row("2023/24")])).toThrow(/more than 0/);
    expect(() => checkPriceIndexValues([row("2022/23", "0"), row("2023/24")])).toThrow(PriceIndexError);
    expect(() => checkPriceIndexValues([row("2022/23")])).toThrow(/at least two years/);
    // Out of order is fine: they are sorted.
    expect(checkPriceIndexValues([row("2023/24"), row("2022/23")]).map((value) => value.year)).toEqual(["2022/23", "2023/24"]);
  });

  it("reads lines pasted from a spreadsheet", () => {
    expect(parseIndexLines("2024-25\t100.0000\n2025-26, 103.2388, forecast\n\n")).toEqual([
      { year: "2024/25", value: "100.0000", forecast: false },
      { year: "2025/26", value: "103.2388", forecast: true },
    ]);
  });
});

describe("the engine in one price year", () => {
  const unitCosts: UnitCost[] = [
    { id: "hc-old", service: "home-care", unit: "hour", amountPence: 1750, priceYear: "2019/20", source: "test", validFrom: "2019-04-01", validTo: "2025-04-01" },
    { id: "hc-new", service: "home-care", unit: "hour", amountPence: 3214, priceYear: "2025/26", source: "test", validFrom: "2025-04-01", validTo: null },
  ];
  const record: DivertedCareRecord = { id: "r1", service: "home-care", hoursPerWeek: 7, from: "2025-03-01", to: "2025-04-30", confidence: 1, cashable: false };
  const input = { records: [record], unitCosts, programme: { start: "2024-04-01", years: 2 }, investmentPence: 0 };

  it("converts each unit cost from its own price year, exactly, and shows the conversion on each line", () => {
    const result = computeEvidence({ ...input, priceBase: { year: "2026/27", index } });
    expect(result.priceYear).toBe("2026/27");
    expect(result.priceIndex).toMatchObject({ publishedOn: "2026-03-31" });
    const [march, april] = result.lines;
    expect(march).toMatchObject({ priceYear: "2019/20", originalRate: { pence: 1750 }, rate: { pence: 2279 }, conversion: { from: "2019/20", to: "2026/27", fromIndex: "80.8738", toIndex: "105.3095", factor: "1.302146" } });
    // 31 days of 7 hours a week at £17.50 × 105.3095 ÷ 80.8738, rounded once: 1750 × 31 × 105.3095 ÷ 80.8738 = 70,641.4p
    expect(march!.amount.pence).toBe(70_641);
    expect(april).toMatchObject({ priceYear: "2025/26", originalRate: { pence: 3214 }, conversion: { factor: "1.020057" } });
    // 30 days: 3214 × 30 × 105.3095 ÷ 103.2388 = 98,353.9p
    expect(april!.amount.pence).toBe(98_354);
  });

  it("leaves every figure as it was without a price base (existing scenario files print the same)", () => {
    const result = computeEvidence(input);
    expect(result.lines.map((line) => line.amount.pence)).toEqual([54_250, 96_420]); // 1750 × 31, 3214 × 30
    expect(Object.keys(result.lines[0]!)).not.toContain("conversion");
    expect(Object.keys(result)).not.toContain("priceYear");
  });

  it("refuses a price year the index does not have", () => {
    const short: PriceIndex = { ...index, values: index.values.filter((row) => row.year >= "2020/21") };
    expect(() => computeEvidence({ ...input, priceBase: { year: "2026/27", index: short } })).toThrow(/no value for 2019\/20/);
  });
});
