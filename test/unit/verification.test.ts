import { describe, expect, it } from "vitest";
import { defaultIntervals, verificationStage } from "../../app/modules/verification/verification";
import { addDays } from "../../db/calendar";

const today = new Date("2026-11-29T10:00:00Z");
const daysAgo = (days: number) => new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);

describe("re-verification stages", () => {
  it("counts days by the London calendar, so just after midnight in summer it is already the next day", () => {
    const justAfterMidnightBst = new Date("2026-06-01T23:30:00Z"); // 00:30 on 2 June in London
    expect(verificationStage(addDays("2026-06-02", -180), justAfterMidnightBst, defaultIntervals)).toBe("due");
    expect(verificationStage(addDays("2026-06-02", -179), justAfterMidnightBst, defaultIntervals)).toBe("current");
  });

  it("moves from current to due, overdue and long overdue at the configured days", () => {
    expect(verificationStage(daysAgo(0), today, defaultIntervals)).toBe("current");
    expect(verificationStage(daysAgo(179), today, defaultIntervals)).toBe("current");
    expect(verificationStage(daysAgo(180), today, defaultIntervals)).toBe("due");
    expect(verificationStage(daysAgo(364), today, defaultIntervals)).toBe("due");
    expect(verificationStage(daysAgo(365), today, defaultIntervals)).toBe("overdue");
    expect(verificationStage(daysAgo(545), today, defaultIntervals)).toBe("long-overdue");
  });

  it("treats a listing never checked as long overdue", () => {
    expect(verificationStage(null, today, defaultIntervals)).toBe("long-overdue");
  });

  it("follows other intervals when a council sets them", () => {
    const strict = { dueDays: 30, overdueDays: 60, longOverdueDays: 90 };
    expect(verificationStage(daysAgo(45), today, strict)).toBe("due");
    expect(verificationStage(daysAgo(75), today, strict)).toBe("overdue");
  });
});
