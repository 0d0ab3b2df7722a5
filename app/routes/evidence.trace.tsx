import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { dimensionNames, dimensions, type Dimension } from "../modules/evidence/dashboard";
import { filterQuery, parseFilter } from "../modules/evidence/dashboard-form";
import { traceView } from "../modules/evidence/dashboard.server";
import { currentPriceIndex } from "../modules/evidence/price-index.server";
import { priceYearChoices } from "../../db/evidence/price-years";
import { unitNames } from "../modules/evidence/services";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";

export const meta: MetaFunction = () => [{ title: "How a figure was worked out – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:read");
  const url = new URL(request.url);
  const { filter, errors } = parseFilter(url.searchParams, londonDay(), priceYearChoices(await currentPriceIndex(db)));
  const dimension = url.searchParams.get("dimension") as Dimension;
  const key = url.searchParams.get("key") ?? "";
  invariantResponse(Object.keys(errors).length === 0 && dimensions.includes(dimension), "That figure is not on the dashboard.", 404);
  const trace = await traceView(db, actor, filter, dimension, key);
  invariantResponse(trace, "That figure is not on the dashboard.", 404);
  return { trace, dimension, priceYear: filter.priceYear, back: `/evidence?${filterQuery(filter)}` };
}

export default function EvidenceTrace() {
  const { trace, dimension, priceYear, back } = useLoaderData<typeof loader>();
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
        Each day of diverted care was priced with the unit cost in force that day, converted from the unit cost&rsquo;s own price year to{" "}
        {priceYear} prices with the price index; the rows below add up the hours and amounts by unit cost. No person&rsquo;s details are
        shown, and a row for fewer than 5 people shows its unit cost but not its hours or amount.
      </p>
      <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Unit costs behind the figure, scrollable">
        <table className="govuk-table" data-table="trace">
          <caption className="govuk-table__caption govuk-table__caption--m">Unit costs and quantities</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">What</th>
              <th scope="col" className="govuk-table__header">Service</th>
              <th scope="col" className="govuk-table__header">Unit cost as recorded</th>
              <th scope="col" className="govuk-table__header">{`Converted to ${priceYear} prices`}</th>
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
                <td className="govuk-table__cell">{`${(row.originalRate ?? row.rate).display} ${unitNames[row.per]}${row.priceYear ? ` (${row.priceYear} prices)` : ""}`}</td>
                <td className="govuk-table__cell">
                  {row.conversion && row.conversion.from !== row.conversion.to
                    ? `${row.rate.display} ${unitNames[row.per]}: × ${row.conversion.factor} (index ${row.conversion.toIndex} for ${row.conversion.to} ÷ ${row.conversion.fromIndex} for ${row.conversion.from})`
                    : `${row.rate.display} ${unitNames[row.per]} (no conversion: already in ${priceYear} prices)`}
                </td>
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
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Adjusted for confidence and the programme&rsquo;s adjustments</dt>
          <dd className="govuk-summary-list__value">{cell.adjusted?.display}</dd>
        </div>
      </dl>
      {trace.adjustments.length > 0 && (
        <table className="govuk-table" data-table="trace-adjustments">
          <caption className="govuk-table__caption govuk-table__caption--s">Adjustments applied to this figure</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Setting</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Deadweight</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Displacement</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Attribution</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Drop-off a year</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Optimism bias</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {trace.adjustments.map((set) => (
              <tr className="govuk-table__row" key={set.label}>
                <th scope="row" className="govuk-table__header">{set.label}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{set.deadweight}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{set.displacement}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{set.attribution}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{set.dropOff}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{set.optimismBias}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
