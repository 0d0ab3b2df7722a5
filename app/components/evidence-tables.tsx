/** The dashboard's sections: a chart, the same figures as a table, and a CSV download. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Cell, Dimension } from "../modules/evidence/dashboard";
import { dimensionNames } from "../modules/evidence/dashboard";
import { HorizontalBarChart, MonthlyChart, shortPounds } from "./charts";

export function Section({ id, title, csv, query, children }: { id: string; title: string; csv: string[]; query: string; children: ReactNode }) {
  return (
    <section className="atlas-evidence-section" aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        {title}
      </h2>
      {children}
      <p className="govuk-body">
        {csv.map((table, index) => (
          <span key={table}>
            {index > 0 && " · "}
            <a className="govuk-link" href={`/evidence/csv/${table}?${query}`} download>
              {`Download ${csv.length > 1 ? table.replace("by-", "by ") : "this table"} as CSV`}
            </a>
          </span>
        ))}
      </p>
    </section>
  );
}

function quantity(value: string | null): string {
  return value === null ? "Not shown" : Number(value).toLocaleString("en-GB", { maximumFractionDigits: 1 });
}

export function CellTable({ dimension, rows, total, query, caption }: { dimension: Dimension; rows: Cell[]; total: Cell; query: string; caption: string }) {
  const traceLink = (cell: Cell) =>
    cell.suppressed || !cell.gross ? (
      "Not shown"
    ) : (
      <Link className="govuk-link" to={`/evidence/trace?${query}&dimension=${dimension}&key=${encodeURIComponent(cell.key)}`}>
        {cell.gross.display}
        <span className="govuk-visually-hidden">{`: how ${cell.label} was worked out`}</span>
      </Link>
    );
  return (
    <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label={`${caption}, scrollable`}>
      <table className="govuk-table" data-table={dimension}>
        <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">{dimensionNames[dimension]}</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">People</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Hours of care diverted</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Placement weeks avoided</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Cost avoided</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Community support paid for</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Net cost avoided</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {[...rows, total].map((cell) => (
            <tr className={`govuk-table__row${cell.key === "total" ? " atlas-total-row" : ""}`} key={cell.key}>
              <th scope="row" className="govuk-table__header">{cell.label}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{cell.peopleDisplay}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{quantity(cell.hours)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{quantity(cell.placementWeeks)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{traceLink(cell)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{cell.communitySupport?.display ?? "Not shown"}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{cell.net?.display ?? "Not shown"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CellChart({ id, title, rows }: { id: string; title: string; rows: Cell[] }) {
  return (
    <HorizontalBarChart
      id={id}
      title={title}
      description="One bar for each row of the table below; rows counting fewer than 5 people have no bar."
      rows={rows.map((cell) => ({ label: cell.label, value: cell.gross?.pence ?? null, display: cell.gross ? shortPounds(cell.gross.pence) : "fewer than 5" }))}
      tickFormat={shortPounds}
    />
  );
}

export interface TrajectoryRow {
  month: string;
  label: string;
  gross: { pence: number; display: string } | null;
  target: { pence: number; display: string } | null;
  cumulativeGross: { pence: number; display: string } | null;
  cumulativeTarget: { pence: number; display: string } | null;
  suppressed: boolean;
}

export function TrajectorySection({ rows }: { rows: TrajectoryRow[] }) {
  return (
    <>
      <MonthlyChart
        id="chart-month"
        title="Cost avoided each month against the monthly target"
        description="Bars show the cost avoided in each month; the dashed line is the monthly target. The table below gives each figure."
        rows={rows.map((row) => ({ label: row.label, value: row.gross?.pence ?? null, display: row.gross?.display ?? "fewer than 5" }))}
        targets={rows.map((row) => row.target?.pence ?? null)}
      />
      <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Cost avoided against target, scrollable">
        <table className="govuk-table" data-table="trajectory">
          <caption className="govuk-table__caption govuk-table__caption--s">Cost avoided against the monthly target</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Month</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Cost avoided</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Cost avoided so far</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target so far</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((row) => (
              <tr className="govuk-table__row" key={row.month}>
                <th scope="row" className="govuk-table__header">{row.label}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.gross?.display ?? "Not shown"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.target?.display ?? "No target"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.cumulativeGross?.display ?? "Not shown"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.cumulativeTarget?.display ?? "No target"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

interface CountRow {
  code: string;
  name: string;
  people: number | null;
  display: string;
  suppressed: boolean;
}

export function FunnelSection({ rows, total }: { rows: Array<CountRow & { medianDays: number | null }>; total: { display: string } }) {
  return (
    <>
      <p className="govuk-body-s">
        Counted from requests for help received in the period, where the person lives, by how each request ended. One person can ask more than once.
        A request outlives an erased record: it is kept without anything that could lead back to the person.
      </p>
      <HorizontalBarChart
        id="chart-funnel"
        title="How requests for help ended"
        description="One bar for each way a request ended; the table below gives each count."
        rows={rows.map((row) => ({ label: row.name, value: row.people, display: row.display }))}
        tickFormat={(value) => String(value)}
      />
      <table className="govuk-table" data-table="funnel">
        <caption className="govuk-table__caption govuk-table__caption--s">Requests for help received in the period, by how the request ended</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">How the request ended</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Requests</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Median days to outcome</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr className="govuk-table__row" key={row.code}>
              <th scope="row" className="govuk-table__header">{row.name}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{row.display}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{row.medianDays === null ? "–" : row.medianDays}</td>
            </tr>
          ))}
          <tr className="govuk-table__row atlas-total-row">
            <th scope="row" className="govuk-table__header">Total</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{total.display}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric"></td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

type Pence = { pence: number; display: string } | null;

export function MarketSection({
  rows,
  homeCare,
}: {
  rows: Array<Omit<CountRow, "people"> & { listings: number | null; lowest: Pence; median: Pence; highest: Pence; medianShareOfHomeCare: string | null }>;
  homeCare: { rate: { pence: number; display: string }; priceYear: string } | null;
}) {
  const chartRows = [
    ...rows.map((row) => ({ label: `${row.name}, median`, value: row.median?.pence ?? null, display: row.median?.display ?? (row.suppressed ? "fewer than 5" : "no rates") })),
    ...(homeCare ? [{ label: "Home care unit cost", value: homeCare.rate.pence, display: homeCare.rate.display }] : []),
  ];
  return (
    <>
      <HorizontalBarChart
        id="chart-market"
        title="Median hourly rate of PAs and micro-enterprises against the home-care unit cost"
        description="Bars compare the median hourly rate of each kind with the home-care hourly unit cost; the table below gives the figures."
        rows={chartRows}
        tickFormat={(value) => `£${(value / 100).toFixed(0)}`}
      />
      <table className="govuk-table" data-table="market">
        <caption className="govuk-table__caption govuk-table__caption--s">Personal assistants and micro-enterprises listed, and their hourly rates</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Kind</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Listed</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Lowest rate</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Median rate</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Highest rate</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Median against home care</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr className="govuk-table__row" key={row.code}>
              <th scope="row" className="govuk-table__header">{row.name}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{row.display}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{row.lowest?.display ?? "Not shown"}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{row.median?.display ?? "Not shown"}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{row.highest?.display ?? "Not shown"}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{row.medianShareOfHomeCare ?? "Not shown"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {homeCare && <p className="govuk-body">{`Home care unit cost in force today: ${homeCare.rate.display} an hour (${homeCare.priceYear} prices).`}</p>}
    </>
  );
}
