import { describe, expect, it } from "vitest";
import { parseWeeklyBudget } from "../../app/modules/budget/budget-form";
import { planWeek, sessionHours, sessionsPerWeek, type PlannerOption } from "../../app/modules/budget/planner";

const option = (overrides: Partial<PlannerOption> & Pick<PlannerOption, "id" | "kind" | "needs">): PlannerOption => ({
  name: overrides.id,
  isFree: false,
  hourlyRatePence: null,
  sessionCostPence: null,
  schedules: [{ freq: "WEEKLY", byday: "TU", opensAt: "10:00", closesAt: "12:30" }],
  summary: "",
  ...overrides,
});
const homeCare = { pence: 1750, priceYear: "2019/20", source: "business case" };

describe("the budget planner", () => {
  it("reads budgets as people type them and refuses the rest", () => {
    expect(parseWeeklyBudget("150")).toEqual({ pence: 15_000 });
    expect(parseWeeklyBudget(" £150.50 ")).toEqual({ pence: 15_050 });
    expect(parseWeeklyBudget("1,000")).toEqual({ pence: 100_000 });
    expect(parseWeeklyBudget("-5")).toEqual({ error: "Enter a budget of more than £0 a week" });
    expect(parseWeeklyBudget("0")).toEqual({ error: "Enter a budget of more than £0 a week" });
    expect(parseWeeklyBudget("£1,000,000")).toMatchObject({ error: expect.stringContaining("£2,000 or less") });
    expect(parseWeeklyBudget("150.555")).toMatchObject({ error: expect.stringContaining("like 150 or 150.50") });
  });

  it("counts weekly sessions and a session's hours, capped, ignoring monthly ones", () => {
    expect(sessionsPerWeek([{ freq: "WEEKLY", byday: "TU,TH", opensAt: null, closesAt: null }, { freq: "MONTHLY", byday: "1MO", opensAt: null, closesAt: null }])).toBe(2);
    expect(sessionHours([{ freq: "WEEKLY", byday: "TU", opensAt: "10:00", closesAt: "12:30" }])).toBe(2.5);
    expect(sessionHours([{ freq: "WEEKLY", byday: "MO", opensAt: "09:00", closesAt: "17:00" }])).toBe(4);
    expect(sessionHours([{ freq: "WEEKLY", byday: "MO", opensAt: null, closesAt: null }])).toBe(2);
  });

  it("£150: a free group, a low-cost session, then whole hours of a PA with what is left, and home care compared", () => {
    const options = [
      option({ id: "pa", kind: "personal_assistant", needs: ["daily-living", "social-connection"], hourlyRatePence: 1275 }),
      option({ id: "club", kind: "vcs_group", needs: ["social-connection"], isFree: true }),
      option({ id: "lunch", kind: "vcs_group", needs: ["daily-living"], sessionCostPence: 600 }),
      option({ id: "hub-service", kind: "commissioned_service", needs: ["daily-living"], isFree: true }),
    ];
    const plan = planWeek({ weeklyBudgetPence: 15_000, needs: ["social-connection", "daily-living"], hoursWanted: null }, options, homeCare);
    expect(plan.lines.map((line) => [line.kind, line.id, line.hoursPerWeek, line.costPence])).toEqual([
      ["free-group", "club", 2.5, 0],
      ["session", "lunch", 2.5, 600],
      ["paid-hours", "pa", 11, 14_025],
    ]);
    expect(plan.totalPence).toBe(14_625);
    expect(plan.leftPence).toBe(375);
    expect(plan.homeCare).toMatchObject({ hours: 11, costPence: 19_250, differencePence: 5_225 });
    expect(plan.missing).toEqual([]);
  });

  it("says when the budget buys fewer hours than asked, and what no listing meets", () => {
    const options = [option({ id: "pa", kind: "micro_enterprise", needs: ["daily-living"], hourlyRatePence: 2000 })];
    const plan = planWeek({ weeklyBudgetPence: 5_000, needs: ["daily-living", "memory"], hoursWanted: 6 }, options, homeCare);
    expect(plan.paidHours).toBe(2);
    expect(plan.hoursShort).toEqual({ asked: 6, bought: 2 });
    expect(plan.leftPence).toBe(1_000);
    expect(plan.missing).toEqual(["memory"]);
    const cheap = planWeek({ weeklyBudgetPence: 1_000, needs: ["daily-living"], hoursWanted: null }, options, null);
    expect(cheap.lines).toEqual([]);
    expect(cheap.leftPence).toBe(1_000);
    expect(cheap.homeCare).toBeNull();
  });
});
