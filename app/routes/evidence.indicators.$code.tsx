import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { IndicatorChart, type ReferenceLine } from "../components/charts";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { filterQuery, parseFilter } from "../modules/evidence/dashboard-form";
import { formatValue } from "../modules/evidence/indicator-format";
import { kpiViews } from "../modules/evidence/kpis.server";
import { currentPriceIndex } from "../modules/evidence/price-index.server";
import { priceYearChoices } from "../../db/evidence/price-years";
import { indicators } from "../../db/vocabulary/indicators";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.view.indicator.name ?? "Indicator"} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:read");
  invariantResponse(indicators.some((indicator) => indicator.code === params.code), "There is no indicator with that name.", 404);
  const { filter, errors } = parseFilter(new URL(request.url).searchParams, londonDay(), priceYearChoices(await currentPriceIndex(db)));
  invariantResponse(Object.keys(errors).length === 0, Object.values(errors).join(". "));
  const [view] = await kpiViews(db, actor, filter, londonDay(), params.code);
  return { view: view!, query: filterQuery(filter) };
}

const lines = { baseline: "3 5", englandAverage: "12 6", target: "" };

export default function Indicator() {
  const { view, query } = useLoaderData<typeof loader>();
  const { indicator } = view;
  const references: ReferenceLine[] = [
    ...(view.baseline ? [{ label: `Baseline (${view.baseline.period})`, value: view.baseline.value, dash: lines.baseline }] : []),
    ...(view.englandAverage ? [{ label: `England average (${view.englandAverage.period})`, value: view.englandAverage.value, dash: lines.englandAverage }] : []),
    ...(view.target ? [{ label: `Target (${view.target.period})`, value: view.target.value, dash: lines.target }] : []),
  ];
  const hasBreakdown = view.points.some((point) => point.breakdown);
  return (
    <Page>
      <span className="govuk-caption-l">
        <Link className="govuk-link" to={`/evidence/indicators?${query}`}>
          Programme indicators
        </Link>
      </span>
      <h1 className="govuk-heading-l">{indicator.name}</h1>
      <dl className="govuk-summary-list" data-indicator-summary>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Workstream</dt>
          <dd className="govuk-summary-list__value">{`${indicator.workstream}${indicator.ascof ? ` (ASCOF ${indicator.ascof})` : ""}`}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Baseline</dt>
          <dd className="govuk-summary-list__value">{view.baseline ? `${view.baseline.display}, ${view.baseline.period} (${view.baseline.source})` : (indicator.reference?.baselineNote ?? "Not set")}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">England average</dt>
          <dd className="govuk-summary-list__value">{view.englandAverage ? `${view.englandAverage.display}, ${view.englandAverage.period} (${view.englandAverage.source})` : "Not imported"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">What good looks like</dt>
          <dd className="govuk-summary-list__value">{indicator.whatGoodLooksLike}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Target</dt>
          <dd className="govuk-summary-list__value">{view.target ? `${view.target.display}, ${view.target.period} (${view.target.source})` : "Not set"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Better when</dt>
          <dd className="govuk-summary-list__value">{indicator.direction === "higher" ? "Higher" : "Lower"}</dd>
        </div>
        {indicator.definition && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">How it is worked out</dt>
            <dd className="govuk-summary-list__value">{indicator.definition}</dd>
          </div>
        )}
      </dl>
      {view.points.length === 0 ? (
        <p className="govuk-body">
          {indicator.source === "records" ? "There are no records in this period." : "No values have been imported yet. "}
          {indicator.source !== "records" && (
            <Link className="govuk-link" to="/evidence/indicators/import">
              Import them
            </Link>
          )}
        </p>
      ) : (
        <>
          <IndicatorChart
            id="chart-indicator"
            title={`${indicator.name}, over time`}
            description="One bar for each period in the table below; the lines are the baseline, the England average and the target where they are known. A period that is withheld has no bar and says why, as the table does."
            rows={view.points.map((point) => ({ label: point.label, value: point.value, display: point.display }))}
            references={references}
            format={(value) => formatValue(indicator, value)}
          />
          <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Values over time, scrollable">
            <table className="govuk-table" data-table="indicator">
              <caption className="govuk-table__caption govuk-table__caption--s">Values over time</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Period</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Value</th>
                  {hasBreakdown && <th scope="col" className="govuk-table__header">How the requests ended</th>}
                  <th scope="col" className="govuk-table__header">Source</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {view.points.map((point) => (
                  <tr className="govuk-table__row" key={point.period}>
                    <th scope="row" className="govuk-table__header">{point.label}</th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{`${point.display}${point.priceYear ? ` (${point.priceYear} prices)` : ""}`}</td>
                    {hasBreakdown && <td className="govuk-table__cell">{point.breakdown?.map((row) => `${row.name}: ${row.display}`).join("; ")}</td>}
                    <td className="govuk-table__cell">{point.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="govuk-body">
        <a className="govuk-link" href={`/evidence/indicators.csv?${query}&indicator=${indicator.code}`} download>
          Download this indicator as CSV
        </a>
      </p>
    </Page>
  );
}
