import { describe, expect, it } from "vitest";
import { describeDays, formatHourlyRate, formatTime, joinWithAnd } from "../../app/modules/assets/format";
import { formatDate } from "../../db/calendar";

describe("plain-English formatting", () => {
  it("writes hourly rates in pounds", () => {
    expect(formatHourlyRate(1300)).toBe("£13 an hour");
    expect(formatHourlyRate(1350)).toBe("£13.50 an hour");
    expect(formatHourlyRate(1805)).toBe("£18.05 an hour");
  });

  it("describes iCalendar days", () => {
    expect(describeDays("TU,TH")).toBe("Tuesdays and Thursdays");
    expect(describeDays("MO,WE,FR")).toBe("Mondays, Wednesdays and Fridays");
    expect(describeDays("1MO")).toBe("the first Monday of the month");
    expect(describeDays("-1FR")).toBe("the last Friday of the month");
    expect(describeDays("XX")).toBe("XX");
    expect(describeDays(null)).toBeNull();
  });

  it("writes times the GOV.UK way", () => {
    expect(formatTime("10:00:00")).toBe("10am");
    expect(formatTime("12:00")).toBe("12 noon");
    expect(formatTime("14:30:00")).toBe("2:30pm");
    expect(formatTime("00:00")).toBe("midnight");
  });

  it("writes dates the GOV.UK way", () => {
    expect(formatDate("2026-03-04")).toBe("4 March 2026");
    expect(formatDate("not a date")).toBe("not a date");
  });

  it("joins lists with and", () => {
    expect(joinWithAnd([])).toBe("");
    expect(joinWithAnd(["a"])).toBe("a");
    expect(joinWithAnd(["a", "b", "c"])).toBe("a, b and c");
  });
});
