import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { formatPence } from "../../db/evidence/money";
import { priceSchedule, type RateSummary } from "../modules/budget/budget.server";

export const meta: MetaFunction = () => [{ title: "Local price schedule – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  return priceSchedule(db);
}

const range = (summary: RateSummary) =>
  summary.listings === 0 || summary.lowestPence === null
    ? "None listed"
    : summary.lowestPence === summary.highestPence
      ? formatPence(summary.lowestPence)
      : `${formatPence(summary.lowestPence)} to ${formatPence(summary.highestPence!)}`;

export default function Prices() {
  const schedule = useLoaderData<typeof loader>();
  const rows: Array<[string, string, RateSummary]> = [
    ["Personal assistants (PAs)", "an hour", schedule.personalAssistants],
    ["Community micro-enterprises", "an hour", schedule.microEnterprises],
    ["Day opportunities, groups and clubs that charge", "a session", schedule.daySessions],
  ];
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Local price schedule</h1>
          <p className="govuk-body">
            What support costs in this area, from the published listings and the council&apos;s own figures. Listings&apos; prices are
            what they charge now, in {schedule.priceYear} prices. Check with each one before you book.
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/budget">
              Work out what your budget buys
            </Link>
          </p>
        </div>
      </div>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Local rates from listings ({schedule.priceYear} prices)</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Kind of support</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Listings</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Typical (middle) price</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">From – to</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Take Direct Payments</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map(([name, per, summary]) => (
            <tr className="govuk-table__row" key={name}>
              <th scope="row" className="govuk-table__header">{name}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{summary.listings}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {summary.medianPence === null ? "–" : `${formatPence(summary.medianPence)} ${per}`}
              </td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{range(summary)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{summary.directPayment}</td>
            </tr>
          ))}
          <tr className="govuk-table__row">
            <th scope="row" className="govuk-table__header">Free groups and services</th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{schedule.freeGroups}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">Free</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">–</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">–</td>
          </tr>
        </tbody>
      </table>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">The council&apos;s figures</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">What</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Price</th>
            <th scope="col" className="govuk-table__header">Price year and source</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {schedule.figures.map((figure) => (
            <tr className="govuk-table__row" key={figure.service}>
              <th scope="row" className="govuk-table__header">{figure.name}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">
                {formatPence(figure.pence)} {figure.unit}
              </td>
              <td className="govuk-table__cell">
                {figure.priceYear} prices{figure.sameYear ? "" : `, not converted to ${schedule.priceYear}`}. {figure.source}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="govuk-body">
        The middle price is the one half the listings charge less than and half more than. A personal assistant&apos;s rate is what you
        pay them; if you employ them yourself you may also pay employer&apos;s costs.
      </p>
    </Page>
  );
}
