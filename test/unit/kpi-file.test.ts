/** The programme-indicator file: every problem by row and column, and nothing to import unless there are none. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkKpiFile, readNumber, readPeriod } from "../../db/evidence/kpi-file";
import { indicators, spendCategories } from "../../db/vocabulary/indicators";

const today = "2026-12-06";
const header = "indicator,period,value,measure,price_year,source,note";

describe("an indicators file", () => {
  it("reads the template shipped for councils without a problem", () => {
    const template = fs.readFileSync(path.join(process.cwd(), "public/downloads/asset-atlas-indicators-template.csv"), "utf8");
    const { rows, problems } = checkKpiFile(template, today);
    expect(problems).toEqual([]);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.find((row) => row.indicator === "asc-spend-per-adult")).toMatchObject({ period: "2025/26", periodStart: "2025-04-01", value: "561.20", priceYear: "2025/26", measure: "value" });
    expect(rows.find((row) => row.indicator === "care-act-referrals")).toMatchObject({ period: "2026-04", periodStart: "2026-04-01", priceYear: null });
  });

  it("refuses an unknown indicator, a period twice, a percentage over 100 and text for a number, row by row, and imports nothing", () => {
    const file = [
      header,
      "reablement-91-days,2025/26,78.4,,,SALT 2025/26,", // fine on its own
      "reablement-91-dayz,2025/26,78.4,,,SALT 2025/26,", // unknown indicator
      "reablement-91-days,2025-26,80.1,,,SALT again,", // the same period as row 2
      "reablement-offered,2025/26,140,,,SALT 2025/26,", // over 100%
      "home-care-under-10-hours,2025/26,about forty,,,Case system,", // text
    ].join("\n");
    const { rows, problems } = checkKpiFile(file, today);
    expect(rows).toEqual([]);
    expect(problems.map((problem) => [problem.row, problem.column])).toEqual([
      [2, "period"],
      [3, "indicator"],
      [4, "period"],
      [5, "value"],
      [6, "value"],
    ]);
    expect(problems[0]!.message).toBe("2025/26 is given twice for this indicator and measure (rows 2 and 4): keep one.");
    expect(problems[1]!.message).toContain('"reablement-91-dayz" is not an indicator');
    expect(problems[3]!.message).toBe("140% is over 100%: give a percentage from 0 to 100.");
    expect(problems[4]!.message).toBe('"about forty" is not a number: write it like 71.6 (no words).');
  });

  it("refuses a value for an indicator the app works out, a period in the future, a missing source and a price year on a percentage", () => {
    const file = [
      header,
      "cashable-share,2026-03,40,,,Finance,", // worked out from records
      "cashable-share,2026/27,50,target,,Cabinet,", // a target is fine, for a year
      "reablement-91-days,2027/28,80,,,SALT,", // not started
      "reablement-91-days,2027/28,83,target,,Plan,", // targets may be in the future
      "reablement-91-days,2024/25,75,,,,", // no source
      "reablement-91-days,2023/24,70,,2023/24,SALT,", // price year on a percentage
      "asc-spend-per-adult,2025/26,-3,,,RO3,", // negative
      "asc-spend-per-adult,March,500,,,RO3,", // not a year
      "care-act-referrals,2026/27,250,baseline,,Report,", // a yearly baseline for a monthly indicator is fine
      "care-act-referrals,2026-05,250,forecast,,Report,", // no such measure
    ].join("\n");
    const { rows, problems } = checkKpiFile(file, today);
    expect(rows).toEqual([]);
    expect(problems.map((problem) => `${problem.row} ${problem.column}`)).toEqual(["2 measure", "4 period", "6 source", "7 price_year", "8 value", "9 period", "11 measure"]);
  });

  it("refuses a file with a wrong header or nothing in it", () => {
    expect(checkKpiFile("indicator,period,value\n", today).problems.map((problem) => problem.message)).toEqual(["The file has no rows under its header: add one value a row."]);
    expect(checkKpiFile("indicator,period,amount,source\nx,2025/26,1,y\n", today).problems.map((problem) => problem.column)).toEqual(["value", "amount"]);
    expect(checkKpiFile('indicator,period,value,source\n"unclosed,2025/26,1,y\n', today).problems[0]!.message).toMatch(/not a CSV file that can be read/);
  });

  it("reads numbers and periods as councils write them", () => {
    expect(readNumber("£1,039.39")).toBe("1039.39");
    expect(readNumber("71.6%")).toBe("71.6");
    expect(readNumber("1,2")).toBeNull();
    expect(readNumber("seventy")).toBeNull();
    expect(readPeriod("2025-26", "year")).toEqual({ period: "2025/26", start: "2025-04-01" });
    expect(readPeriod("2026-04", "month")).toEqual({ period: "2026-04", start: "2026-04-01" });
    expect(readPeriod("2026-13", "month")).toBeNull();
  });

  it("knows every indicator in Appendix 1 of BCP Council's business case", () => {
    const codes = indicators.map((indicator) => indicator.code);
    for (const code of ["asc-spend-per-adult", "ltc-spend-per-18-64", "ltc-spend-per-65-plus", "care-act-referrals", "ltc-team-services", "tec-offered", "reablement-91-days", "reablement-offered", "reablement-before-long-term", "short-term-spend-per-65-plus", "traditional-spend-share", "home-care-under-10-hours"]) {
      expect(codes).toContain(code);
    }
    expect(new Set(codes).size).toBe(codes.length);
    expect(spendCategories.filter((category) => category.group === "traditional").map((category) => category.code)).toEqual(["spend-home-care", "spend-day-care", "spend-residential-care"]);
  });
});
