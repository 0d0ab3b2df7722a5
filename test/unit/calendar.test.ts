import { afterEach, describe, expect, it, vi } from "vitest";
import { addDays, endOfWeek, firstOfMonth, formatDate, londonDay, londonNow } from "../../db/calendar";
import { outcomeSchema } from "../../app/modules/referrals/referral-forms";

const scores = { stage: "start", lifeSatisfaction: "7", worthwhile: "7", happiness: "7", anxiety: "3", loneliness: "2" };

describe("today in London", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is the London date between 00:00 and 01:00 BST, when the UTC date is still yesterday", () => {
    // 00:30 BST on 1 June 2026 is 23:30 UTC on 31 May.
    expect(londonDay(new Date("2026-05-31T23:30:00Z"))).toBe("2026-06-01");
    expect(londonNow(new Date("2026-05-31T23:30:00Z"))).toEqual({ date: "2026-06-01", minutes: 30 });
    // In winter London is on UTC: 23:30 UTC is still the same day.
    expect(londonDay(new Date("2026-12-01T23:30:00Z"))).toBe("2026-12-01");
  });

  it("lets the outcomes form take today's date at 00:30 BST, and still refuses tomorrow", () => {
    // why: the form reads "today" from the clock, so the clock is set to 00:30 BST (23:30 UTC the day before).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-31T23:30:00Z"));
    const schema = outcomeSchema(londonDay());
    expect(schema.safeParse({ ...scores, recordedOn: "2026-06-01" }).success).toBe(true);
    const tomorrow = schema.safeParse({ ...scores, recordedOn: "2026-06-02" });
    expect(tomorrow.success).toBe(false);
    expect(tomorrow.error?.issues[0]?.message).toBe("The date asked cannot be in the future");
  });

  it("names a moment's London day in words, and a calendar date as itself", () => {
    expect(formatDate(new Date("2026-05-31T23:30:00Z"))).toBe("1 June 2026");
    expect(formatDate("2026-05-31T23:30:00.000Z")).toBe("1 June 2026");
    expect(formatDate("2026-05-31")).toBe("31 May 2026");
    expect(formatDate(null)).toBeNull();
  });

  it("counts calendar days across the clocks changing", () => {
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(endOfWeek("2026-06-03")).toBe("2026-06-07");
    expect(endOfWeek("2026-06-07")).toBe("2026-06-07");
    expect(firstOfMonth("2026-01-15", -1)).toBe("2025-12-01");
    expect(firstOfMonth("2026-12", 1)).toBe("2027-01-01");
  });
});
