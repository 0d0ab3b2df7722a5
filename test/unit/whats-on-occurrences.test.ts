import { describe, expect, it } from "vitest";
import { happeningAt, occursOn, weekdayIndex, weekFrom, type ScheduleRule } from "../../app/modules/whats-on/occurrences";
import { londonNow } from "../../db/calendar";

const rule = (fields: Partial<ScheduleRule>): ScheduleRule => ({
  freq: null,
  interval: null,
  byday: null,
  bymonthday: null,
  dtstart: null,
  validFrom: null,
  validTo: null,
  opensAt: null,
  closesAt: null,
  ...fields,
});

/** Every date in a range on which the rule falls. */
function datesIn(scheduleRule: ScheduleRule, from: string, days: number): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: days }, (_, offset) => new Date(start + offset * 86_400_000).toISOString().slice(0, 10)).filter((date) => occursOn(scheduleRule, date));
}

describe("when a listing's schedule falls", () => {
  it("knows the day of the week", () => {
    expect(weekdayIndex("2026-12-07")).toBe(0); // a Monday
    expect(weekdayIndex("2026-12-13")).toBe(6); // a Sunday
    expect(weekdayIndex("1970-01-01")).toBe(3); // a Thursday
  });

  it("reads weekly days, and every other week from its start", () => {
    expect(datesIn(rule({ freq: "WEEKLY", byday: "TU,TH" }), "2026-12-07", 7)).toEqual(["2026-12-08", "2026-12-10"]);
    const fortnightly = rule({ freq: "WEEKLY", interval: 2, byday: "WE", dtstart: "2026-12-02" });
    expect(datesIn(fortnightly, "2026-11-25", 36)).toEqual(["2026-12-02", "2026-12-16", "2026-12-30"]);
  });

  it("reads monthly ordinals: the first Monday and the last Friday", () => {
    expect(datesIn(rule({ freq: "MONTHLY", byday: "1MO" }), "2026-12-01", 62)).toEqual(["2026-12-07", "2027-01-04"]);
    expect(datesIn(rule({ freq: "MONTHLY", byday: "-1FR" }), "2026-12-01", 62)).toEqual(["2026-12-25", "2027-01-29"]);
  });

  it("never invents a 30 February: a rule on the 30th skips February, and the last day is the 28th", () => {
    const thirtieth = rule({ freq: "MONTHLY", bymonthday: "30" });
    expect(datesIn(thirtieth, "2027-01-01", 90)).toEqual(["2027-01-30", "2027-03-30"]);
    expect(datesIn(rule({ freq: "MONTHLY", bymonthday: "-1" }), "2027-02-01", 28)).toEqual(["2027-02-28"]);
    // A fifth Thursday only in months that have one.
    expect(datesIn(rule({ freq: "MONTHLY", byday: "5TH" }), "2027-01-01", 150)).toEqual(["2027-04-29"]);
  });

  it("keeps within the dates it is valid, and ignores a start date that is not a real date", () => {
    const bounded = rule({ freq: "WEEKLY", byday: "MO", validFrom: "2026-12-08", validTo: "2026-12-21" });
    expect(datesIn(bounded, "2026-12-01", 28)).toEqual(["2026-12-14", "2026-12-21"]);
    expect(datesIn(rule({ freq: "WEEKLY", byday: "MO", dtstart: "2027-02-30" }), "2026-12-07", 7)).toEqual(["2026-12-07"]);
  });

  it("a rule without days ('times to arrange') or with nonsense days never falls", () => {
    expect(datesIn(rule({ freq: "WEEKLY" }), "2026-12-07", 14)).toEqual([]);
    expect(datesIn(rule({ freq: "WEEKLY", byday: "XX,9MO" }), "2026-12-07", 14)).toEqual([]);
  });

  it("says open now within the hours, on today outside them, and nothing on another day", () => {
    const tuesdayMorning = [rule({ freq: "WEEKLY", byday: "TU", opensAt: "10:00:00", closesAt: "12:00:00" })];
    expect(happeningAt(tuesdayMorning, { date: "2026-12-08", minutes: 10 * 60 + 30 })).toBe("open-now");
    expect(happeningAt(tuesdayMorning, { date: "2026-12-08", minutes: 12 * 60 })).toBe("on-today");
    expect(happeningAt(tuesdayMorning, { date: "2026-12-09", minutes: 10 * 60 + 30 })).toBeNull();
  });

  it("tells the UK's date and time whatever the server's zone, in summer time too", () => {
    expect(londonNow(new Date("2026-07-01T23:30:00Z"))).toEqual({ date: "2026-07-02", minutes: 30 });
    expect(londonNow(new Date("2026-12-01T23:30:00Z"))).toEqual({ date: "2026-12-01", minutes: 23 * 60 + 30 });
    expect(weekFrom("2027-02-26")).toEqual(["2027-02-26", "2027-02-27", "2027-02-28", "2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04"]);
  });
});
