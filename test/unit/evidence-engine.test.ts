/** The evidence engine on hand-made cases whose answers can be worked out on paper. */
import { describe, expect, it } from "vitest";
import { computeEvidence, type DivertedCareRecord, type EvidenceInput } from "../../app/modules/evidence/engine";
import { EvidenceInputError } from "../../db/evidence/input-error";
import { MissingUnitCostError, planNewUnitCost, type UnitCost } from "../../app/modules/evidence/unit-costs";

const cost = (id: string, service: string, amountPence: number, validFrom: string, validTo: string | null, unit: UnitCost["unit"] = "hour"): UnitCost => ({
  id,
  service,
  unit,
  amountPence,
  priceYear: `${validFrom.slice(0, 4)}/${String(Number(validFrom.slice(2, 4)) + 1).padStart(2, "0")}`,
  source: "test",
  validFrom,
  validTo,
});

const homeCare = cost("hc-2025", "home-care", 1750, "2025-04-01", null);
const pa = cost("pa-2025", "pa-micro-enterprise", 1300, "2025-04-01", null);
const residential = cost("res-2024", "residential-placement-65-plus", 107000, "2024-04-01", null, "placement");

const record = (overrides: Partial<DivertedCareRecord> = {}): DivertedCareRecord => ({
  id: "r1",
  service: "home-care",
  hoursPerWeek: 10,
  from: "2025-04-01",
  to: "2025-04-28", // 28 days: four weeks
  confidence: 1,
  cashable: false,
  ...overrides,
});

const run = (overrides: Partial<EvidenceInput> = {}) =>
  computeEvidence({
    records: [record()],
    unitCosts: [homeCare, pa, residential],
    programme: { start: "2025-04-01", years: 1 },
    investmentPence: 0,
    ...overrides,
  });

describe("gross, community support, net", () => {
  it("prices hours a week over the days of care with the unit cost in force", () => {
    const result = run({
      records: [record({ communitySupport: [{ service: "pa-micro-enterprise", hoursPerWeek: 4 }] })],
    });
    const [year] = result.years;
    expect(year!.gross.pence).toBe(70000); // £17.50 × 10 h × 4 weeks
    expect(year!.communitySupport.pence).toBe(20800); // £13 × 4 h × 4 weeks
    expect(year!.net.pence).toBe(49200);
    expect(result.totals.net.display).toBe("£492.00");
    expect(result.lines.map((line) => [line.role, line.unitCostId, line.days, line.amount.pence])).toEqual([
      ["care avoided", "hc-2025", 28, 70000],
      ["community support", "pa-2025", 28, 20800],
    ]);
    expect(year!.gross.trace).toEqual({ records: ["r1"], unitCosts: ["hc-2025"], lines: [0] });
    expect(year!.net.trace).toEqual({ records: ["r1"], unitCosts: ["hc-2025", "pa-2025"], lines: [0, 1] });
  });

  it("prices placements by the week, and a fixed weekly community cost", () => {
    const result = run({
      records: [
        record({
          id: "p1",
          service: "residential-placement-65-plus",
          hoursPerWeek: undefined,
          from: "2025-04-01",
          to: "2025-05-12", // 42 days: six weeks
          communitySupport: [{ description: "lunch club and transport", weeklyCostPence: 2500 }],
        }),
      ],
    });
    expect(result.totals.gross.pence).toBe(642000); // £1,070 × 6
    expect(result.totals.communitySupport.pence).toBe(15000);
    expect(result.totals.net.pence).toBe(627000);
    expect(result.lines[1]).toMatchObject({ unitCostId: null, description: "lunch club and transport" });
  });

  it("splits a record where the unit cost changes mid-period, each part at its own rate", () => {
    const closed = { ...homeCare, validTo: "2025-06-01" };
    const raised = cost("hc-2025-june", "home-care", 2000, "2025-06-01", null);
    const result = run({ unitCosts: [closed, raised], records: [record({ from: "2025-05-18", to: "2025-06-14" })] });
    expect(result.lines.map((line) => [line.unitCostId, line.from, line.to, line.days, line.amount.pence])).toEqual([
      ["hc-2025", "2025-05-18", "2025-05-31", 14, 35000],
      ["hc-2025-june", "2025-06-01", "2025-06-14", 14, 40000],
    ]);
    expect(result.totals.gross.pence).toBe(75000);
    expect(result.totals.gross.trace.unitCosts).toEqual(["hc-2025", "hc-2025-june"]);
  });

  it("splits a record that spans price years and programme years", () => {
    const y1 = cost("hc-2025/26", "home-care", 1750, "2025-04-01", "2026-04-01");
    const y2 = cost("hc-2026/27", "home-care", 1850, "2026-04-01", null);
    const result = run({
      unitCosts: [y1, y2],
      programme: { start: "2025-04-01", years: 2 },
      records: [record({ from: "2026-03-18", to: "2026-04-14" })],
    });
    expect(result.years.map((year) => [year.year, year.from, year.to, year.gross.pence, year.gross.trace.unitCosts])).toEqual([
      [1, "2025-04-01", "2026-03-31", 35000, ["hc-2025/26"]],
      [2, "2026-04-01", "2027-03-31", 37000, ["hc-2026/27"]],
    ]);
    expect(result.lines.map((line) => [line.year, line.priceYear])).toEqual([
      [1, "2025/26"],
      [2, "2026/27"],
    ]);
  });

  it("clips records to the programme's horizon and lists those wholly outside it", () => {
    const result = run({
      records: [record({ id: "before", from: "2025-03-01", to: "2025-04-07" }), record({ id: "after", from: "2026-04-01", to: "2026-04-30" })],
      unitCosts: [cost("hc-old", "home-care", 1750, "2020-04-01", null)],
    });
    expect(result.totals.gross.pence).toBe(17500); // only 1–7 April 2025 counts
    expect(result.outsideHorizon).toEqual(["after"]);
  });

  it("rounds each line once, to whole pence, half away from zero; totals add up the lines", () => {
    // 1 hour a week at £13 for 1 day = 185.71p → 186p; twice gives 372p, not 371p
    const result = run({
      records: [
        record({ id: "a", service: "pa-micro-enterprise", hoursPerWeek: 1, from: "2025-04-01", to: "2025-04-01" }),
        record({ id: "b", service: "pa-micro-enterprise", hoursPerWeek: 1, from: "2025-04-02", to: "2025-04-02" }),
      ],
    });
    expect(result.lines.map((line) => line.amount.pence)).toEqual([186, 186]);
    expect(result.totals.gross.pence).toBe(372);
    // 7.5 hours a week: 17.50 × 7.5 × 10 ÷ 7 = 187.50 exactly
    expect(run({ records: [record({ hoursPerWeek: 7.5, to: "2025-04-10" })] }).totals.gross.pence).toBe(18750);
  });
});

describe("unit costs that are missing or wrong", () => {
  it("names the service and the date when no unit cost is in force", () => {
    const input = { records: [record({ service: "residential-placement-65-plus", hoursPerWeek: undefined, from: "2024-03-25", to: "2024-04-07" })], programme: { start: "2024-01-01", years: 1 } };
    expect(() => run(input)).toThrow(MissingUnitCostError);
    expect(() => run(input)).toThrow('No unit cost for "residential-placement-65-plus" in force on 2024-03-25');
    expect(() => run({ records: [record({ service: "day-care" })] })).toThrow('No unit cost for "day-care" in force on 2025-04-01');
    // a gap between two figures
    const gap = [cost("a", "home-care", 1750, "2025-04-01", "2025-04-10"), cost("b", "home-care", 1800, "2025-04-15", null)];
    expect(() => run({ unitCosts: gap })).toThrow('No unit cost for "home-care" in force on 2025-04-10');
  });

  it("refuses overlapping figures and the wrong quantity for the unit", () => {
    const overlap = [cost("a", "home-care", 1750, "2025-04-01", null), cost("b", "home-care", 1800, "2025-04-15", null)];
    expect(() => run({ unitCosts: overlap })).toThrow(/overlap on 2025-04-15/);
    expect(() => run({ records: [record({ service: "residential-placement-65-plus" })] })).toThrow(/give packages, not hoursPerWeek/);
    expect(() => run({ records: [record({ hoursPerWeek: undefined })] })).toThrow(/give hoursPerWeek/);
    expect(() => run({ records: [record({ packages: 2 })] })).toThrow(/give hoursPerWeek, not packages/);
    expect(() => run({ unitCosts: [cost("back", "home-care", 1750, "2025-04-01", "2025-03-01")] })).toThrow(/back for "home-care" ends \(2025-03-01\) before it starts/);
  });

  it("refuses bad records with a message naming them", () => {
    expect(() => run({ records: [record({ confidence: 1.5 })] })).toThrow("record r1: confidence must be between 0 and 1");
    expect(() => run({ records: [record({ from: "2025-05-01", to: "2025-04-01" })] })).toThrow(/"to" \(2025-04-01\) is before "from"/);
    expect(() => run({ records: [record(), record()] })).toThrow("record r1 appears twice");
    expect(() => run({ programme: { start: "2025-04-01", years: 11 } })).toThrow(EvidenceInputError);
    expect(() => run({ investmentPence: -1 })).toThrow(/investment/);
    expect(() => run({ adjustments: { deadweight: 1.2 } })).toThrow("deadweight must be between 0 and 1 (0% to 100%), not 1.2");
  });
});

describe("adjustments, confidence and drop-off", () => {
  it("applies each record's confidence, then deadweight, displacement, attribution, drop-off and optimism bias", () => {
    // £1,000 net in each of two years (care avoided all along, priced at £25 an hour × 40 hours = £1,000 a week)
    const flat = cost("flat", "home-care", 2500, "2020-04-01", null);
    const result = run({
      unitCosts: [flat],
      programme: { start: "2025-04-01", years: 2 },
      records: [record({ hoursPerWeek: 40, from: "2025-04-01", to: "2025-04-07", confidence: 0.5 }), record({ id: "r2", hoursPerWeek: 40, from: "2026-04-01", to: "2026-04-07", confidence: "0.5" })],
      adjustments: { deadweight: 0.2, displacement: 0.1, attribution: 0.25, dropOff: 0.5, optimismBias: 0.1 },
    });
    const [one, two] = result.years;
    expect(one!.net.pence).toBe(100000);
    expect(one!.adjusted.nonCashable.steps.map((step) => [step.step, step.share, step.amount.pence])).toEqual([
      ["net", null, 100000],
      ["× each record's confidence", null, 50000],
      ["less deadweight", "20%", 40000],
      ["less displacement", "10%", 36000],
      ["less attribution", "25%", 27000],
      ["less drop-off", "50% a year, year 1", 27000],
      ["less optimism bias", "10%", 24300],
    ]);
    expect(two!.adjusted.nonCashable.pence).toBe(12150); // half again in year 2
    expect(result.totals.adjusted.total.pence).toBe(36450);
    expect(result.adjustments).toEqual({ deadweight: "20%", displacement: "10%", attribution: "25%", dropOff: "50%", optimismBias: "10%" });
  });

  it("defaults to no adjustment and says so", () => {
    const result = run();
    expect(result.adjustments).toEqual({ deadweight: "0%", displacement: "0%", attribution: "0%", dropOff: "0%", optimismBias: "0%" });
    expect(result.totals.adjusted.total.pence).toBe(result.totals.net.pence);
  });

  it("labels cashable and non-cashable, and the total is their sum", () => {
    const result = run({
      records: [record({ id: "reduced", cashable: true, hoursPerWeek: 3 }), record({ id: "avoided", cashable: false, hoursPerWeek: 1, confidence: 0.333 })],
    });
    const year = result.years[0]!.adjusted;
    expect(year.cashable.pence).toBe(21000);
    expect(year.cashable.trace.records).toEqual(["reduced"]);
    expect(year.nonCashable.pence).toBe(2331); // 7000 × 0.333 = 2331
    expect(year.nonCashable.trace.records).toEqual(["avoided"]);
    expect(year.total.pence).toBe(23331);
    expect(result.totals.adjusted.cashable.pence + result.totals.adjusted.nonCashable.pence).toBe(result.totals.adjusted.total.pence);
  });
});

describe("fiscal ROI and the finance views", () => {
  it("divides adjusted benefit by investment; zero investment is not applicable, never Infinity", () => {
    const none = run();
    expect(none.fiscalRoi).toMatchObject({ applicable: false, ratio: null });
    expect(none.fiscalRoi.reading).toMatch(/Not applicable/);
    expect(JSON.stringify(none)).not.toMatch(/Infinity|NaN/);
    const some = run({ investmentPence: 30000 });
    expect(some.fiscalRoi).toMatchObject({ applicable: true, ratio: "2.33" }); // 70000 ÷ 30000
    expect(some.cashableRoi).toMatchObject({ applicable: true, ratio: "0.00" });
  });

  it("reconciles: the cumulative cash-flow equals the sum of each year's saving", () => {
    const flat = cost("flat", "home-care", 2000, "2020-04-01", null);
    const result = run({
      unitCosts: [flat],
      programme: { start: "2025-04-01", years: 3 },
      records: [record({ from: "2025-04-01", to: "2028-03-31", hoursPerWeek: 7 })],
      adjustments: { dropOff: 0.1 },
      investmentPence: 1_000_000,
    });
    const saving = result.years.map((year) => year.adjusted.total.pence);
    expect(result.finance.years.map((year) => year.savingInYear.pence)).toEqual(saving);
    expect(result.finance.cumulativeCashFlow.pence).toBe(saving.reduce((a, b) => a + b, 0));
    expect(result.finance.netCumulativeCashFlow.pence).toBe(result.finance.cumulativeCashFlow.pence - 1_000_000);
    expect(result.finance.years[1]!.netPermanentSaving.pence).toBeLessThan(0); // drop-off shrinks the saving
    expect(result.finance.years[0]!.trace).toEqual(result.years[0]!.adjusted.total.trace);
    expect(result.fiscalRoi.trace).toEqual({ records: ["r1"], unitCosts: ["flat"], lines: [0, 1, 2] });
  });
});

describe("a new unit cost takes over from the old one", () => {
  it("closes the open figure and refuses to rewrite the past", () => {
    const plan = planNewUnitCost([homeCare], { service: "home-care", unit: "hour", amountPence: 1900, priceYear: "2026/27", source: "x", validFrom: "2026-04-01" });
    expect(plan.close?.id).toBe("hc-2025");
    expect(() => planNewUnitCost([homeCare], { service: "home-care", unit: "hour", amountPence: 1900, priceYear: "2025/26", source: "x", validFrom: "2025-04-01" })).toThrow(
      /already starts on 2025-04-01/,
    );
    expect(() => planNewUnitCost([homeCare], { service: "home-care", unit: "week", amountPence: 1900, priceYear: "2026/27", source: "x", validFrom: "2026-04-01" })).toThrow(
      /priced per hour/,
    );
    expect(planNewUnitCost([], { service: "day-care", unit: "hour", amountPence: 1500, priceYear: "2026/27", source: "x", validFrom: "2026-04-01" }).close).toBeNull();
  });
});
