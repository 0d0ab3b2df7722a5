/**
 * CSV downloads of the dashboard's tables: exactly the figures the page shows, suppressed the
 * same way ("fewer than 5"; withheld money left empty), money in pounds with two decimals, in
 * the price year the page states.
 */
import { stringify } from "csv-stringify/sync";
import { dimensionNames, dimensions, type Cell, type Dimension } from "./dashboard";
import type { DashboardView } from "./dashboard.server";
import type { Money } from "../../../db/evidence/money";

export const csvTables = ["by-month", "by-district", "by-ward", "by-kind", "by-need", "trajectory", "funnel", "market", "spend"] as const;
export type CsvTable = (typeof csvTables)[number];

const pounds = (value: Money | null | undefined) => (value ? (value.pence / 100).toFixed(2) : "");
const withheld = (cell: Cell, value: string | null) => (cell.suppressed ? "" : (value ?? ""));

function cellRows(view: DashboardView, dimension: Dimension): string[][] {
  const table = view.tables[dimension];
  return [
    [
      dimensionNames[dimension],
      "People",
      "Hours of care diverted",
      "Placement weeks avoided",
      "Cost avoided (£)",
      "Community support paid for (£)",
      "Net cost avoided (£)",
      "Adjusted for confidence and the adjustments (£)",
    ],
    ...[...table.rows, table.total].map((cell) => [
      cell.label,
      cell.peopleDisplay,
      withheld(cell, cell.hours),
      withheld(cell, cell.placementWeeks),
      pounds(cell.gross),
      pounds(cell.communitySupport),
      pounds(cell.net),
      pounds(cell.adjusted),
    ]),
  ];
}

export function dashboardCsv(view: DashboardView, table: CsvTable): string {
  const preface = [
    [`Asset Atlas: diverted care, ${view.districtName}, ${view.period.label}`],
    [`Money in ${view.prices.year} prices${view.prices.forecast ? " (the index for that year is a forecast)" : ""}: each figure converted from its own price year with ${view.prices.index.name}, published ${view.prices.index.publishedOn}.`],
    ["Counts of 1 to 4 people are shown as 'fewer than 5' and their figures are left empty; rows marked 'not shown' are withheld so that a small group cannot be worked out from the total."],
    [],
  ];
  let rows: string[][];
  const dimension = dimensions.find((name) => table === `by-${name}`);
  if (dimension) rows = cellRows(view, dimension);
  else if (table === "trajectory") {
    rows = [
      ["Month", "Cost avoided (£)", "Monthly target (£)", "Cost avoided so far (£)", "Target so far (£)"],
      ...view.trajectory.map((row) => [row.label, pounds(row.gross), pounds(row.target), pounds(row.cumulativeGross), pounds(row.cumulativeTarget)]),
    ];
  } else if (table === "funnel") {
    rows = [
      ["How the request ended", "Requests", "Median days to outcome"],
      ...view.funnel.rows.map((row) => [row.name, row.display, row.medianDays === null ? "" : String(row.medianDays)]),
      ["Total", view.funnel.total.display, ""],
    ];
  } else if (table === "spend") {
    rows = [
      ["From the diverted-care records in the period"],
      ["What", "Service", "People", "Amount (£)"],
      ...view.spend.fromRecords.map((row) => [row.group === "community support" ? "Community support paid for" : "Formal care avoided", row.name, row.peopleDisplay, pounds(row.amount)]),
      [],
      ["Imported spend by financial year"],
      ["Financial year", "Category", "Kind of service", "Spend (£)", "Share of the year's spend", "Recorded in prices of", "Source"],
      ...view.spend.imported.flatMap((year) => [
        ...year.rows.map((row) => [year.year, row.name, row.group === "traditional" ? "traditional" : "community and self-directed", pounds(row.amount), row.share ?? "", row.recorded ?? "", row.source ?? ""]),
        [year.year, "Total", "", pounds(year.total), "100%", "", ""],
        [year.year, "Traditional services", "", "", year.traditionalShare ?? "", "", ""],
      ]),
    ];
  } else {
    rows = [
      ["Kind", "Published listings", "Lowest hourly rate (£)", "Median hourly rate (£)", "Highest hourly rate (£)", "Median as a share of the home-care unit cost"],
      ...view.market.rows.map((row) => [row.name, row.display, pounds(row.lowest), pounds(row.median), pounds(row.highest), row.medianShareOfHomeCare ?? ""]),
      [
        "Home care unit cost in force today",
        "",
        "",
        view.market.homeCare ? pounds(view.market.homeCare.rate) : "",
        "",
        view.market.homeCare ? `recorded as ${view.market.homeCare.recorded.display} in ${view.market.homeCare.recordedPriceYear} prices` : "",
      ],
    ];
  }
  return stringify([...preface, ...rows]);
}
