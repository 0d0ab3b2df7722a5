import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { dimensionNames, dimensions, type Dimension } from "../modules/evidence/dashboard";
import { filterQuery, parseFilter } from "../modules/evidence/dashboard-form";
import { today, traceView } from "../modules/evidence/dashboard.server";
import { unitNames } from "../modules/evidence/services";

export const meta: MetaFunction = () => [{ title: "How a figure was worked out – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:read");
  const url = new URL(request.url);
  const { filter, errors } = parseFilter(url.searchParams, today());
  const dimension = url.searchParams.get("dimension") as Dimension;
  const key = url.searchParams.get("key") ?? "";
  if (Object.keys(errors).length > 0 || !dimensions.includes(dimension)) throw new Response("That figure is not on the dashboard.", { status: 404 });
  const trace = await traceView(db, actor, filter, dimension, key);
  if (!trace) throw new Response("That figure is not on the dashboard.", { status: 404 });
  return { trace, dimension, back: `/evidence?${filterQuery(filter)}` };
}

export default function EvidenceTrace() {
  const { trace, dimension, back } = useLoaderData<typeof loader>();
  const { cell } = trace;
  return (
    <Page>
      <span className="govuk-caption-l">
        <Link className="govuk-link" to={back}>
          Evidence of cost avoided
        </Link>
      </span>
      <h1 className="govuk-heading-l">{`How ${cell.gross?.display ?? "this figure"} was worked out`}</h1>
      <p className="govuk-body">
        {`${dimensionNames[dimension]}: ${cell.label}. ${trace.period.firstDay} to ${trace.period.lastDay}. ${cell.peopleDisplay} people, ${trace.recordCount} diverted-care records. `}
        Each day of diverted care was priced with the unit cost in force that day; the rows below add up the hours and amounts by unit
        cost. No person&rsquo;s details are shown, and a row for fewer than 5 people shows its unit cost but not its hours or amount.
      </p>
      <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Unit costs behind the figure, scrollable">
        <table className="govuk-table" data-table="trace">
          <caption className="govuk-table__caption govuk-table__caption--m">Unit costs and quantities</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">What</th>
              <th scope="col" className="govuk-table__header">Service</th>
              <th scope="col" className="govuk-table__header">Unit cost</th>
              <th scope="col" className="govuk-table__header">In force</th>
              <th scope="col" className="govuk-table__header">Source</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">People</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Quantity</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {trace.rows.map((row, index) => (
              <tr className="govuk-table__row" key={index}>
                <td className="govuk-table__cell">{row.role === "care avoided" ? "Care avoided" : "Less community support"}</td>
                <td className="govuk-table__cell">{row.service}</td>
                <td className="govuk-table__cell">{`${row.rate.display} ${unitNames[row.per]}${row.priceYear ? ` (${row.priceYear} prices)` : ""}`}</td>
                <td className="govuk-table__cell">{row.unitCost ? `${row.unitCost.validFrom} to ${row.unitCost.validTo ?? "now"}` : ""}</td>
                <td className="govuk-table__cell">{row.unitCost?.source ?? ""}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.peopleDisplay}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {row.quantity === null ? "Not shown" : `${Number(row.quantity).toLocaleString("en-GB", { maximumFractionDigits: 2 })} ${row.quantityUnit}`}
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.amount?.display ?? "Not shown"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Cost avoided</dt>
          <dd className="govuk-summary-list__value">{cell.gross?.display}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Community support paid for</dt>
          <dd className="govuk-summary-list__value">{cell.communitySupport?.display}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Net cost avoided</dt>
          <dd className="govuk-summary-list__value">{cell.net?.display}</dd>
        </div>
      </dl>
    </Page>
  );
}
