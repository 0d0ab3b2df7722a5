/** The dashboard's sections: a chart, the same figures as a table, and a CSV download. */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Cell, Dimension } from "../modules/evidence/dashboard";
import type { DashboardView } from "../modules/evidence/dashboard.server";
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
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Adjusted</th>
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
              <td className="govuk-table__cell govuk-table__cell--numeric">{cell.adjusted?.display ?? "Not shown"}</td>
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
      description="One bar for each row of the table below; a row that is withheld has no bar and says why, as the table does."
      rows={rows.map((cell) => ({ label: cell.label, value: cell.gross?.pence ?? null, display: cell.gross ? shortPounds(cell.gross.pence) : cell.peopleDisplay }))}
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
  peopleDisplay: string;
}

export function TrajectorySection({ rows }: { rows: TrajectoryRow[] }) {
  return (
    <>
      <MonthlyChart
        id="chart-month"
        title="Cost avoided each month against the monthly target"
        description="Bars show the cost avoided in each month; the dashed line is the monthly target. The table below gives each figure."
        rows={rows.map((row) => ({ label: row.label, value: row.gross?.pence ?? null, display: row.gross?.display ?? row.peopleDisplay }))}
        targets={rows.map((row) => row.target?.pence ?? null)}
      />
      <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Cost avoided against target, scrollable">
        <table className="govuk-table" data-table="trajectory">
          <caption className="govuk-table__caption govuk-table__caption--s">Cost avoided against the monthly target</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Month</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">People</th>
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
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.peopleDisplay}</td>
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

export function MarketSection({ market, priceYear }: { market: DashboardView["market"]; priceYear: string }) {
  const { rows, homeCare } = market;
  const chartRows = [
    ...rows.map((row) => ({ label: `${row.name}, median`, value: row.median?.pence ?? null, display: row.median?.display ?? (row.suppressed ? row.display : "no rates") })),
    ...(homeCare ? [{ label: "Home care unit cost", value: homeCare.rate.pence, display: homeCare.rate.display }] : []),
  ];
  return (
    <>
      <h3 className="govuk-heading-s">By hourly rate</h3>
      <HorizontalBarChart
        id="chart-market"
        title="Median hourly rate of PAs and micro-enterprises against the home-care unit cost"
        description={`Bars compare the median hourly rate of each kind with the home-care hourly unit cost, in ${priceYear} prices; the table below gives the figures.`}
        rows={chartRows}
        tickFormat={(value) => `£${(value / 100).toFixed(0)}`}
      />
      <table className="govuk-table" data-table="market">
        <caption className="govuk-table__caption govuk-table__caption--s">{`Personal assistants and micro-enterprises listed, and their hourly rates (${priceYear} prices)`}</caption>
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
      {homeCare && (
        <p className="govuk-body">{`Home care unit cost in force today: ${homeCare.rate.display} an hour in ${priceYear} prices (recorded as ${homeCare.recorded.display} in ${homeCare.recordedPriceYear} prices; ${homeCare.source}). Listed rates are today's prices (${market.ratesPriceYear}).`}</p>
      )}
    </>
  );
}

export function SpendSection({ spend, priceYear }: { spend: DashboardView["spend"]; priceYear: string }) {
  const amount = (value: Pence) => value?.display ?? "Not shown";
  return (
    <>
      <h3 className="govuk-heading-s">By spend: what the diverted care paid for and avoided</h3>
      {spend.fromRecords.length === 0 ? (
        <p className="govuk-body">No diverted care was recorded in this period.</p>
      ) : (
        <>
          <HorizontalBarChart
            id="chart-spend"
            title={`Community support paid for against the formal care it avoided, ${priceYear} prices`}
            description="One bar for each row of the table below; a row that is withheld has no bar and says why, as the table does."
            rows={spend.fromRecords.map((row) => ({ label: row.name, value: row.amount?.pence ?? null, display: row.amount ? shortPounds(row.amount.pence) : row.peopleDisplay }))}
            tickFormat={shortPounds}
          />
          <table className="govuk-table" data-table="spend">
            <caption className="govuk-table__caption govuk-table__caption--s">{`Spend in the period from the diverted-care records (${priceYear} prices)`}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Service</th>
                <th scope="col" className="govuk-table__header">What</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">People</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {spend.fromRecords.map((row) => (
                <tr className="govuk-table__row" key={row.code}>
                  <th scope="row" className="govuk-table__header">{row.name}</th>
                  <td className="govuk-table__cell">{row.group === "community support" ? "Community support paid for" : "Formal care avoided"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{row.peopleDisplay}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{amount(row.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3 className="govuk-heading-s">By spend: the council&rsquo;s care spend by category</h3>
      {spend.imported.length === 0 ? (
        <p className="govuk-body">
          {`No spend by category has been imported for ${spend.years.join(" or ")}. `}
          <Link className="govuk-link" to="/evidence/indicators/import">
            Import it with the programme indicators
          </Link>
          .
        </p>
      ) : (
        spend.imported.map((year) => (
          <table className="govuk-table" data-table={`imported-spend-${year.year}`} key={year.year}>
            <caption className="govuk-table__caption govuk-table__caption--s">{`Care spend in ${year.year}, in ${priceYear} prices: traditional services ${year.traditionalShare ?? "not known"}`}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Category</th>
                <th scope="col" className="govuk-table__header">Kind</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Spend</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Share</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {year.rows.map((row) => (
                <tr className="govuk-table__row" key={row.code}>
                  <th scope="row" className="govuk-table__header">{row.name}</th>
                  <td className="govuk-table__cell">{row.group === "traditional" ? "Traditional" : "Community and self-directed"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{row.amount?.display ?? "Not imported"}</td>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{row.share ?? ""}</td>
                </tr>
              ))}
              <tr className="govuk-table__row atlas-total-row">
                <th scope="row" className="govuk-table__header">Total</th>
                <td className="govuk-table__cell" />
                <td className="govuk-table__cell govuk-table__cell--numeric">{year.total.display}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">100%</td>
              </tr>
            </tbody>
          </table>
        ))
      )}
    </>
  );
}
