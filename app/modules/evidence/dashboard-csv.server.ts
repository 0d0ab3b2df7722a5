/**
 * CSV downloads of the dashboard's tables: exactly the figures the page shows, suppressed the
 * same way ("fewer than 5"; withheld money left empty), money in pounds with two decimals.
 */
import { stringify } from "csv-stringify/sync";
import { dimensionNames, dimensions, type Cell, type Dimension } from "./dashboard";
import type { DashboardView } from "./dashboard.server";
import type { Money } from "./money";

export const csvTables = ["by-month", "by-district", "by-ward", "by-kind", "by-need", "trajectory", "funnel", "market"] as const;
export type CsvTable = (typeof csvTables)[number];

const pounds = (value: Money | null | undefined) => (value ? (value.pence / 100).toFixed(2) : "");
const withheld = (cell: Cell, value: string | null) => (cell.suppressed ? "" : (value ?? ""));

function cellRows(view: DashboardView, dimension: Dimension): string[][] {
  const table = view.tables[dimension];
  return [
    [dimensionNames[dimension], "People", "Hours of care diverted", "Placement weeks avoided", "Cost avoided (£)", "Community support paid for (£)", "Net cost avoided (£)"],
    ...[...table.rows, table.total].map((cell) => [
      cell.label,
      cell.peopleDisplay,
      withheld(cell, cell.hours),
      withheld(cell, cell.placementWeeks),
      pounds(cell.gross),
      pounds(cell.communitySupport),
      pounds(cell.net),
    ]),
  ];
}

export function dashboardCsv(view: DashboardView, table: CsvTable): string {
  const preface = [
    [`Asset Atlas: diverted care, ${view.districtName}, ${view.period.label}`],
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
  } else {
    rows = [
      ["Kind", "Published listings", "Lowest hourly rate (£)", "Median hourly rate (£)", "Highest hourly rate (£)", "Median as a share of the home-care unit cost"],
      ...view.market.rows.map((row) => [row.name, row.display, pounds(row.lowest), pounds(row.median), pounds(row.highest), row.medianShareOfHomeCare ?? ""]),
      ["Home care unit cost", "", "", view.market.homeCare ? pounds(view.market.homeCare.rate) : "", "", view.market.homeCare ? `price year ${view.market.homeCare.priceYear}` : ""],
    ];
  }
  return stringify([...preface, ...rows]);
}
