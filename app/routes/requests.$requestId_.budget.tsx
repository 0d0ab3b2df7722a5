import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { personalBudgetView } from "../modules/requests/budget.server";
import { readRequest, requestPerson } from "../modules/requests/requests.server";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Personal budget for ${loaded?.reference ?? "a request"} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:read");
  const found = await readRequest(db, actor, params.requestId ?? "", "budget");
  invariantResponse(found.practitionerId === actor.userId, "Pick the request up to see its personal budget.", 403);
  const person = await requestPerson(db, actor, found);
  return { id: found.id, reference: found.reference, personReference: person?.reference ?? null, ...(await personalBudgetView(db, found, person, londonDay())) };
}

export default function PersonalBudget() {
  const { id, reference, personReference, decided, budget, options } = useLoaderData<typeof loader>();
  return (
    <Page>
      <span className="govuk-caption-l">
        {reference}
        {personReference ? `, ${personReference}` : ""}
      </span>
      <h1 className="govuk-heading-l">Personal budget</h1>
      <h2 className="govuk-heading-m">The formal care decided</h2>
      {decided ? (
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Care</dt>
            <dd className="govuk-summary-list__value">
              {decided.service}
              {decided.hours !== null ? `, ${decided.hours} hours a week` : ""}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">At the council&apos;s unit cost</dt>
            <dd className="govuk-summary-list__value">
              {decided.weekly ? `${decided.weekly} a week (${decided.unitCost}, price year ${decided.priceYear})` : "No unit cost in force today, or no hours given"}
            </dd>
          </div>
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Personal budget agreed</dt>
            <dd className="govuk-summary-list__value">{budget ? `${budget} a week` : "Not recorded yet"}</dd>
          </div>
        </dl>
      ) : (
        <p className="govuk-body">
          Not recorded yet. <Link className="govuk-link" to={`/requests/${id}#care-heading`}>Record the formal care decided</Link> on the request.
        </p>
      )}
      <h2 className="govuk-heading-m">What a Direct Payment could buy nearby</h2>
      <p className="govuk-body">Personal assistants and micro-enterprises that meet their needs, as if they had a Direct Payment{decided?.hours ? `, priced for ${decided.hours} hours a week` : ""}.</p>
      {options.length === 0 ? (
        <p className="govuk-body">None we know of fits their needs nearby{personReference ? "" : " (record the person to see who fits)"}.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Personal assistants and micro-enterprises that fit</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Who</th>
              <th scope="col" className="govuk-table__header">Rate</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">A week</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {options.map((option) => (
              <tr className="govuk-table__row" key={option.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/assets/${option.id}`}>
                    {option.name}
                  </Link>
                  <span className="govuk-body-s govuk-!-display-block">
                    {option.kind}: {option.summary}
                  </span>
                </td>
                <td className="govuk-table__cell">{option.rate ?? "Ask"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{option.weekly ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/requests/${id}`}>
          Back to the request
        </Link>
      </p>
    </Page>
  );
}
