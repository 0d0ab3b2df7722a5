import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EvidenceFilter } from "../components/evidence-page";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { can } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { filterQuery, parseFilter } from "../modules/evidence/dashboard-form";
import { evidenceAreas } from "../modules/evidence/dashboard.server";
import { kpiViews } from "../modules/evidence/kpis.server";
import { currentPriceIndex } from "../modules/evidence/price-index.server";
import { priceYearChoices } from "../../db/evidence/price-years";
import { londonDay } from "../../db/calendar";

export const meta: MetaFunction = () => [{ title: "Programme indicators – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:read");
  const years = priceYearChoices(await currentPriceIndex(db));
  const { filter, errors, values } = parseFilter(new URL(request.url).searchParams, londonDay(), years);
  const [views, districts] = await Promise.all([kpiViews(db, actor, filter, londonDay()), evidenceAreas(db)]);
  return { views, districts, filter, errors, values, years, query: filterQuery(filter), canImport: can(actor, "evidence:plan") };
}

const sourceNames = { records: "The app's records", import: "Imported", spend: "Imported spend" } as const;

export default function Indicators() {
  const { views, districts, filter, errors, values, years, query, canImport } = useLoaderData<typeof loader>();
  const workstreams = [...new Set(views.map((view) => view.indicator.workstream))];
  return (
    <Page wide>
      <ErrorSummary errors={errors} fallbackField="from" />
      <span className="govuk-caption-l">
        <Link className="govuk-link" to={`/evidence?${query}`}>
          Evidence of cost avoided
        </Link>
      </span>
      <h1 className="govuk-heading-l">Programme indicators</h1>
      <p className="govuk-body">
        How the programme is doing against the indicators in BCP Council&rsquo;s Fulfilled Lives business case (Appendix 1) and the ASCOF
        measures councils report anyway. Where the app holds the records (requests for help, conversations, referrals and diverted care) it
        works the values out month by month for the period below; the rest are imported, each dated and with its source. Counts of fewer than
        5 people are not shown.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/evidence/indicators.csv?${query}`} download>
          Download every indicator as CSV
        </a>
        {canImport && (
          <>
            {" · "}
            <Link className="govuk-link" to="/evidence/indicators/import">
              Import values
            </Link>
          </>
        )}
      </p>
      <EvidenceFilter values={values} errors={errors} districts={districts} priceYears={years} priceYear={filter.priceYear} action="/evidence/indicators" />
      {workstreams.map((workstream) => (
        <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label={`${workstream} indicators, scrollable`} key={workstream}>
          <table className="govuk-table" data-table={`indicators-${workstream}`}>
            <caption className="govuk-table__caption govuk-table__caption--m">{workstream}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Indicator</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Latest</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Baseline</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">England average</th>
                <th scope="col" className="govuk-table__header">What good looks like</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Target</th>
                <th scope="col" className="govuk-table__header">Better when</th>
                <th scope="col" className="govuk-table__header">From</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {views
                .filter((view) => view.indicator.workstream === workstream)
                .map((view) => (
                  <tr className="govuk-table__row" key={view.indicator.code} data-indicator={view.indicator.code}>
                    <th scope="row" className="govuk-table__header">
                      <Link className="govuk-link" to={`/evidence/indicators/${view.indicator.code}?${query}`}>
                        {view.indicator.name}
                      </Link>
                      {view.indicator.ascof && <span className="govuk-body-s atlas-block">{`ASCOF ${view.indicator.ascof}`}</span>}
                    </th>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{view.latest ? `${view.latest.display} (${view.latest.label})` : "No value yet"}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{view.baseline ? `${view.baseline.display} (${view.baseline.period})` : (view.indicator.reference?.baselineNote ?? "Not set")}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{view.englandAverage ? `${view.englandAverage.display} (${view.englandAverage.period})` : "Not imported"}</td>
                    <td className="govuk-table__cell">{view.indicator.whatGoodLooksLike}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{view.target ? `${view.target.display} (${view.target.period})` : "Not set"}</td>
                    <td className="govuk-table__cell">{view.indicator.direction === "higher" ? "Higher" : "Lower"}</td>
                    <td className="govuk-table__cell">{sourceNames[view.indicator.source]}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      ))}
    </Page>
  );
}
