import { describe, expect, it } from "vitest";
import { Exact, formatPence, money, poundsToPence } from "../../db/evidence/money";
import { addYears, fromDay, isIsoDate, toDay } from "../../db/calendar";

describe("exact money", () => {
  it("has no floating-point drift", () => {
    expect(0.1 + 0.2).not.toBe(0.3); // why this exists
    expect(Exact.decimal(0.1).add(Exact.decimal(0.2)).compare(Exact.decimal("0.3"))).toBe(0);
    // a thousand lines of 10p each, a third of a penny at a time
    let total = Exact.zero;
    for (let i = 0; i < 3000; i++) total = total.add(Exact.of(10, 3));
    expect(total.round()).toBe(10000n);
  });

  it("rounds half away from zero, once, to whole pence", () => {
    expect(Exact.of(5, 2).round()).toBe(3n);
    expect(Exact.of(-5, 2).round()).toBe(-3n);
    expect(Exact.of(3, 2).round()).toBe(2n);
    expect(Exact.of(7, 3).round()).toBe(2n);
    expect(Exact.of(-7, 3).round()).toBe(-2n);
    // £13 an hour for one day of one hour a week: 1300 ÷ 7 = 185.714… pence → 186
    expect(Exact.of(1300).div(7).round()).toBe(186n);
    expect(Exact.of(1, 8).toFixed(2)).toBe("0.13");
    expect(Exact.of(-1, 8).toFixed(2)).toBe("-0.13");
    expect(Exact.of(2).toFixed(2)).toBe("2.00");
  });

  it("reads decimals exactly as written", () => {
    expect(Exact.decimal("7.5").compare(Exact.of(15, 2))).toBe(0);
    expect(Exact.decimal(1e-7).compare(Exact.of(1, 10_000_000))).toBe(0);
    expect(Exact.decimal("-.5").compare(Exact.of(-1, 2))).toBe(0);
    expect(() => Exact.decimal("12abc")).toThrow(/not a decimal/);
    expect(() => Exact.decimal(Number.NaN)).toThrow(/finite/);
  });

  it("turns pounds into pence and back", () => {
    expect(poundsToPence(203730)).toBe(20373000);
    expect(poundsToPence(352.35)).toBe(35235);
    expect(poundsToPence("1070.1")).toBe(107010);
    expect(() => poundsToPence(17.505)).toThrow(/two decimal places/);
    expect(formatPence(52969800)).toBe("£529,698.00");
    expect(formatPence(-105)).toBe("−£1.05");
    expect(money(5)).toEqual({ pence: 5, display: "£0.05" });
  });
});

describe("calendar days", () => {
  it("counts days in UTC and checks dates", () => {
    expect(toDay("2025-04-01") - toDay("2025-03-01")).toBe(31);
    expect(fromDay(toDay("2024-02-29"))).toBe("2024-02-29");
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-4-1")).toBe(false);
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(addYears("2025-04-01", 3)).toBe("2028-04-01");
  });
});
