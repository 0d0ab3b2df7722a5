/** Suppression and the dashboard's month-by-month pricing (pure: no database). */
import { describe, expect, it } from "vitest";
import { buildDashboard, monthsBetween, targetFor, type DashboardRecord } from "../../app/modules/evidence/dashboard";
import { suppressedCells } from "../../app/modules/evidence/suppression";
import type { UnitCost } from "../../app/modules/evidence/unit-costs";

describe("small-number suppression", () => {
  it("withholds 1–4 and shows 0 and 5+", () => {
    expect([...suppressedCells([0, 5, 9, 12], 26)]).toEqual([]);
    expect([...suppressedCells([0, 4, 9, 12], 25)].sort()).toEqual([1, 2]); // 4, then the smallest other (9)
  });
  it("keeps withholding until the withheld cells count 5 or more together", () => {
    // 1 and 2 together are 3: one more (the 6) must go, or total − shown = 3 would be known.
    expect([...suppressedCells([1, 2, 6, 20], 29)].sort()).toEqual([0, 1, 2]);
    expect([...suppressedCells([3, 4, 10], 17)].sort()).toEqual([0, 1]);
  });
  it("withholds the whole table when its total is small", () => {
    expect([...suppressedCells([1, 3], 4)].sort()).toEqual([0, 1]);
  });
});

const unitCosts: UnitCost[] = [
  { id: "hc-1", service: "home-care", unit: "hour", amountPence: 1750, priceYear: "2019/20", source: "test", validFrom: "2019-04-01", validTo: "2025-02-15" },
  { id: "hc-2", service: "home-care", unit: "hour", amountPence: 2100, priceYear: "2024/25", source: "test", validFrom: "2025-02-15", validTo: null },
];

const record = (index: number, ward: string): DashboardRecord => ({
  id: `r${index}`,
  personId: `p${index}`,
  service: "home-care",
  hoursPerWeek: "7",
  from: "2025-01-25",
  to: null,
  confidence: "medium",
  cashable: false,
  districtCode: "E07000009",
  districtName: "East Cambridgeshire",
  wardCode: ward,
  wardName: ward,
  assetKind: "vcs_group",
  need: "social-connection",
});

describe("the dashboard's figures", () => {
  const records = [...Array.from({ length: 5 }, (_, index) => record(index, "North")), ...Array.from({ length: 6 }, (_, index) => record(10 + index, "South"))];
  const dashboard = buildDashboard({ records, unitCosts, period: { from: "2025-01", to: "2025-03" }, today: "2025-03-10", targets: [], investmentPence: 0 });

  it("cuts records at month ends, at today and where the unit cost changes, pricing each day at the figure in force", () => {
    const rows = Object.fromEntries(dashboard.tables.month.rows.map((row) => [row.key, row]));
    // January: 25–31 = 7 days = 7 hours each at £17.50 → £122.50 × 11 people
    expect(rows["2025-01"]!.gross!.pence).toBe(11 * 12_250);
    // February: 14 days at £17.50 (£245.00) and 14 days at £21.00 (£294.00) each
    expect(rows["2025-02"]!.gross!.pence).toBe(11 * (24_500 + 29_400));
    // March: 1–10 = 10 days at £21.00 → £210.00 each (continuing records stop at today)
    expect(rows["2025-03"]!.gross!.pence).toBe(11 * 21_000);
    expect(rows["2025-03"]!.hours).toBe("110.00");
    expect(dashboard.tables.month.total.gross!.pence).toBe(dashboard.evidence.totals.gross.pence);
  });

  it("adds the same lines up by ward, so every table has the same total", () => {
    expect(dashboard.tables.ward.rows.map((row) => [row.label, row.people])).toEqual([
      ["North", 5],
      ["South", 6],
    ]);
    for (const table of Object.values(dashboard.tables)) expect(table.total.gross).toEqual(dashboard.tables.month.total.gross);
  });

  it("applies the latest target starting on or before each month", () => {
    const targets = [
      { validFrom: "2025-01-01", monthlyTargetPence: 100 },
      { validFrom: "2025-03-01", monthlyTargetPence: 300 },
    ];
    expect(["2024-12", "2025-01", "2025-02", "2025-03"].map((month) => targetFor(targets, month))).toEqual([null, 100, 100, 300]);
    expect(monthsBetween("2024-11", "2025-02")).toEqual(["2024-11", "2024-12", "2025-01", "2025-02"]);
  });
});
