/** The programme's adjustments: which setting applies, how the engine applies several, and programme years for drop-off. */
import { describe, expect, it } from "vitest";
import { horizonFor } from "../../app/modules/evidence/dashboard";
import { computeEvidence, type DivertedCareRecord } from "../../app/modules/evidence/engine";
import { adjustmentFormSchema, settingFor, type AdjustmentSetting } from "../../app/modules/evidence/settings";
import type { UnitCost } from "../../app/modules/evidence/unit-costs";

const homeCare: UnitCost = { id: "hc", service: "home-care", unit: "hour", amountPence: 2000, priceYear: "2025/26", source: "test", validFrom: "2020-04-01", validTo: null };
const record = (id: string, overrides: Partial<DivertedCareRecord> = {}): DivertedCareRecord => ({
  id,
  service: "home-care",
  hoursPerWeek: 7,
  from: "2025-04-01",
  to: "2025-04-28", // four weeks: 28 hours, £560.00
  confidence: 1,
  cashable: false,
  ...overrides,
});

const setting = (assetKind: string | null, validFrom: string, deadweight: string, setAt = "2026-01-01T00:00:00Z"): AdjustmentSetting => ({
  id: `${assetKind}-${validFrom}-${setAt}`,
  districtCode: null,
  assetKind,
  validFrom,
  percents: { deadweight, displacement: "0.00", attribution: "0.00", dropOff: "0.00", optimismBias: "0.00" },
  source: "test",
  setAt,
  setBy: null,
});

describe("which setting applies", () => {
  const settings = [setting(null, "2025-01-01", "10.00"), setting(null, "2025-06-01", "20.00"), setting("personal_assistant", "2025-03-01", "40.00"), setting(null, "2025-06-01", "25.00", "2026-02-01T00:00:00Z")];
  it("is the latest for the kind of support starting on or before the month, else the latest for every kind", () => {
    expect(settingFor(settings, "vcs_group", "2024-12")).toBeNull();
    expect(settingFor(settings, "vcs_group", "2025-05")?.percents.deadweight).toBe("10.00");
    // Two settings for June: the one set later wins.
    expect(settingFor(settings, "vcs_group", "2025-07")?.percents.deadweight).toBe("25.00");
    expect(settingFor(settings, "personal_assistant", "2025-02")?.percents.deadweight).toBe("10.00");
    expect(settingFor(settings, "personal_assistant", "2025-07")?.percents.deadweight).toBe("40.00");
  });

  it("refuses a share over 100%, text, and a missing source, each by its field", () => {
    const form = { fromMonth: "2026-04", deadweight: "120", displacement: "ten", attribution: "", dropOff: "5", optimismBias: "0", source: "" };
    const parsed = adjustmentFormSchema.safeParse(form);
    expect(parsed.success).toBe(false);
    const errors = Object.fromEntries(parsed.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(errors).toEqual({
      deadweight: "The deadweight cannot be over 100%",
      displacement: "Enter the displacement as a percentage from 0 to 100, for example 20 or 12.5",
      attribution: "Enter the attribution as a percentage, 0 if none",
      source: "Say where the figures come from, or why you chose them",
    });
    expect(adjustmentFormSchema.parse({ ...form, deadweight: "20%", displacement: "0", attribution: "12.5", source: "Evaluation" })).toMatchObject({ deadweight: "20.00", attribution: "12.50", assetKind: null, district: null });
  });
});

describe("the engine with each record's own adjustments", () => {
  const unitCosts = [homeCare];
  it("adjusts each group of records with its own setting, names them in the steps, and adds them up exactly", () => {
    const result = computeEvidence({
      records: [
        record("a", { adjustments: { label: "Every kind", shares: { deadweight: "0.2" } } }),
        record("b", { adjustments: { label: "Personal assistants", shares: { deadweight: "0.4", optimismBias: "0.1" } } }),
      ],
      unitCosts,
      programme: { start: "2025-04-01", years: 1 },
      investmentPence: 0,
    });
    // £560 × 0.8 = £448.00; £560 × 0.6 × 0.9 = £302.40
    expect(result.totals.adjusted.total.pence).toBe(75_040);
    const steps = result.years[0]!.adjusted.nonCashable.steps;
    expect(steps.map((step) => [step.step, step.amount.pence])).toContainEqual(["Every kind: less deadweight", 44_800]);
    expect(steps.map((step) => [step.step, step.amount.pence])).toContainEqual(["Personal assistants: less optimism bias", 30_240]);
    expect(steps.at(-1)).toMatchObject({ step: "adjusted, every setting together", amount: { pence: 75_040 } });
    expect(result.adjustmentSets).toEqual([
      { label: "Every kind", deadweight: "20%", displacement: "0%", attribution: "0%", dropOff: "0%", optimismBias: "0%" },
      { label: "Personal assistants", deadweight: "40%", displacement: "0%", attribution: "0%", dropOff: "0%", optimismBias: "10%" },
    ]);
  });

  it("gives the same result and steps as programme adjustments when every record has the same setting", () => {
    const base = { unitCosts, programme: { start: "2025-04-01", years: 1 }, investmentPence: 0 };
    const own = computeEvidence({ ...base, records: [record("a", { adjustments: { label: "x", shares: { deadweight: "0.2" } } })] });
    const programme = computeEvidence({ ...base, records: [record("a")], adjustments: { deadweight: "0.2" } });
    expect(own.years[0]!.adjusted.nonCashable.steps).toEqual(programme.years[0]!.adjusted.nonCashable.steps);
    expect(own.totals.adjusted).toEqual(programme.totals.adjusted);
  });

  it("counts drop-off by programme year: none before the programme or in its first year", () => {
    const shares = { dropOff: "0.5" };
    const run = (firstYear: number) =>
      computeEvidence({ records: [record("a", { adjustments: { label: "x", shares } })], unitCosts, programme: { start: "2025-04-01", years: 1, firstYear }, investmentPence: 0 }).totals.adjusted.total.pence;
    expect(run(1)).toBe(56_000);
    expect(run(3)).toBe(14_000); // × 0.5²
    expect(run(0)).toBe(56_000);
    expect(run(-2)).toBe(56_000);
  });
});

describe("programme years on the dashboard", () => {
  it("count from the programme's start, whatever period is shown", () => {
    expect(horizonFor({ from: "2026-01", to: "2026-12" }, "2025-04-01")).toEqual({ start: "2025-04-01", years: 2, firstYear: 1 });
    expect(horizonFor({ from: "2026-05", to: "2026-06" }, "2025-04-01")).toEqual({ start: "2026-04-01", years: 1, firstYear: 2 });
    // Before the programme began: year 0 (no drop-off).
    expect(horizonFor({ from: "2024-06", to: "2025-05" }, "2025-04-01")).toEqual({ start: "2024-04-01", years: 2, firstYear: 0 });
    // No programme start: from the period's first month, as before.
    expect(horizonFor({ from: "2026-01", to: "2026-12" }, null)).toEqual({ start: "2026-01-01", years: 1, firstYear: 1 });
    expect(() => horizonFor({ from: "2016-01", to: "2025-12" }, "2015-04-01")).toThrow(/at most 10/);
  });
});
