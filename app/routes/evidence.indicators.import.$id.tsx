import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DoneBanner } from "../components/done-banner";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { importKpiUpload, kpiImportView } from "../modules/evidence/kpi-import.server";
import { measureNames } from "../../db/vocabulary/indicators";
import { invariantResponse } from "../modules/errors/app-error";

export const meta: MetaFunction = () => [{ title: "Check programme indicators – Asset Atlas" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:plan");
  const view = await kpiImportView(db, actor, params.id ?? "");
  invariantResponse(view, "There is no such import.", 404);
  return { view };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:plan");
  await importKpiUpload(db, actor, params.id ?? "");
  throw redirect(`/evidence/indicators/import/${params.id}`, 303);
}

export default function CheckedIndicators() {
  const { view } = useLoaderData<typeof loader>();
  return (
    <Page>
      {view.status === "imported" && <DoneBanner message={`${view.rows.length} ${view.rows.length === 1 ? "value was" : "values were"} imported from ${view.fileName}.`} />}
      <span className="govuk-caption-l">
        <Link className="govuk-link" to="/evidence/indicators/import">
          Import programme indicators
        </Link>
      </span>
      <h1 className="govuk-heading-l">{view.status === "refused" ? `${view.fileName} cannot be imported` : view.status === "imported" ? `${view.fileName} was imported` : `${view.fileName} is ready to import`}</h1>
      {view.status === "refused" ? (
        <>
          <div className="govuk-error-summary" role="alert" tabIndex={-1}>
            <h2 className="govuk-error-summary__title">{`${view.problems.length} ${view.problems.length === 1 ? "problem" : "problems"}: nothing was imported`}</h2>
            <div className="govuk-error-summary__body">
              <p className="govuk-body">Fix every row below in the file and upload it again.</p>
            </div>
          </div>
          <table className="govuk-table" data-table="kpi-problems">
            <caption className="govuk-table__caption govuk-table__caption--m">Problems, row by row</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Row</th>
                <th scope="col" className="govuk-table__header">Column</th>
                <th scope="col" className="govuk-table__header">Problem</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {view.problems.map((problem, index) => (
                <tr className="govuk-table__row" key={index}>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{problem.row}</td>
                  <td className="govuk-table__cell">{problem.column}</td>
                  <td className="govuk-table__cell">{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Link className="govuk-button" to="/evidence/indicators/import">
            Upload a corrected file
          </Link>
        </>
      ) : (
        <>
          <p className="govuk-body">{view.status === "imported" ? "These values are now on the programme indicators page." : "Every row was read without a problem. Check them, then import them all."}</p>
          <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Rows in the file, scrollable">
            <table className="govuk-table" data-table="kpi-rows">
              <caption className="govuk-table__caption govuk-table__caption--m">{`${view.rows.length} ${view.rows.length === 1 ? "row" : "rows"}`}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Row</th>
                  <th scope="col" className="govuk-table__header">Indicator</th>
                  <th scope="col" className="govuk-table__header">Measure</th>
                  <th scope="col" className="govuk-table__header">Period</th>
                  <th scope="col" className="govuk-table__header govuk-table__header--numeric">Value</th>
                  <th scope="col" className="govuk-table__header">Source</th>
                  {view.status === "checked" && <th scope="col" className="govuk-table__header">Replaces</th>}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {view.rows.map((row) => (
                  <tr className="govuk-table__row" key={row.row}>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{row.row}</td>
                    <td className="govuk-table__cell">
                      <code>{row.indicator}</code>
                    </td>
                    <td className="govuk-table__cell">{measureNames[row.measure]}</td>
                    <td className="govuk-table__cell">{row.period}</td>
                    <td className="govuk-table__cell govuk-table__cell--numeric">{`${row.value}${row.priceYear ? ` (${row.priceYear} prices)` : ""}`}</td>
                    <td className="govuk-table__cell">{row.source}</td>
                    {view.status === "checked" && <td className="govuk-table__cell">{row.replaces ?? "Nothing: a new value"}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {view.status === "checked" ? (
            <Form method="post">
              <CsrfField />
              <button type="submit" className="govuk-button">
                {view.rows.length === 1 ? "Import this row" : `Import all ${view.rows.length} rows`}
              </button>
            </Form>
          ) : (
            <Link className="govuk-link" to="/evidence/indicators">
              See the programme indicators
            </Link>
          )}
        </>
      )}
    </Page>
  );
}
