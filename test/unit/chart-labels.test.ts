/**
 * A chart's withheld bars say what its table says: "fewer than 5" only for a row of 1–4 people,
 * "not shown" for a row withheld so a small one cannot be worked out (a ward of 5–8 people was
 * once labelled "fewer than 5" in the chart while its table said "not shown").
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CellChart, CellTable } from "../../app/components/evidence-tables";
import { buildDashboard, type DashboardRecord } from "../../app/modules/evidence/dashboard";
import type { UnitCost } from "../../app/modules/evidence/unit-costs";
import { chartLabelDisagreements } from "../support/html";
import { MemoryRouter } from "react-router-dom";

const unitCosts: UnitCost[] = [{ id: "hc", service: "home-care", unit: "hour", amountPence: 2853, priceYear: "2024/25", source: "test", validFrom: "2024-04-01", validTo: null }];
const person = (index: number, ward: string): DashboardRecord => ({
  id: `r${index}`,
  personId: `p${index}`,
  service: "home-care",
  hoursPerWeek: "7",
  from: "2025-01-01",
  to: "2025-01-28",
  confidence: "high",
  cashable: false,
  districtCode: "E07000009",
  districtName: "East Cambridgeshire",
  wardCode: ward,
  wardName: ward,
  assetKind: "vcs_group",
  need: "social-connection",
});

// Downham Villages: 6 people (withheld to protect Littleport's 3); Ely East: 12.
const records = [...Array.from({ length: 3 }, (_, i) => person(i, "Littleport")), ...Array.from({ length: 6 }, (_, i) => person(10 + i, "Downham Villages")), ...Array.from({ length: 12 }, (_, i) => person(30 + i, "Ely East"))];
const dashboard = buildDashboard({ records, unitCosts, period: { from: "2025-01", to: "2025-01" }, today: "2025-02-01", targets: [], investmentPence: 0 });
const table = dashboard.tables.ward;

function render(): string {
  return renderToStaticMarkup(
    createElement(MemoryRouter, null, createElement(CellChart, { id: "chart-ward", title: "Wards", rows: table.rows }), createElement(CellTable, { dimension: "ward", rows: table.rows, total: table.total, query: "", caption: "Wards" })),
  );
}

describe("chart labels against their table", () => {
  it("say 'not shown' for Downham Villages, as the table does, and 'fewer than 5' for Littleport", () => {
    expect(table.rows.map((row) => [row.label, row.peopleDisplay])).toEqual([
      ["Downham Villages", "not shown"],
      ["Ely East", "12"],
      ["Littleport", "fewer than 5"],
    ]);
    const html = render();
    expect(html).toContain('data-row="Downham Villages" data-label="not shown"');
    expect(html).toContain('data-row="Littleport" data-label="fewer than 5"');
    expect(chartLabelDisagreements(html)).toEqual([]);
  });

  it("are caught when they disagree", () => {
    const wrong = render().replace('data-row="Downham Villages" data-label="not shown"', 'data-row="Downham Villages" data-label="fewer than 5"');
    expect(chartLabelDisagreements(wrong)).toEqual(['chart-ward: "Downham Villages" says fewer than 5 in the chart but not shown in the table']);
    const missing = render().replace(/<th scope="row" class="govuk-table__header">Ely East<\/th>/, '<th scope="row" class="govuk-table__header">Ely</th>');
    expect(chartLabelDisagreements(missing)).toEqual(['chart-ward: no table row for the bar "Ely East"']);
  });
});
