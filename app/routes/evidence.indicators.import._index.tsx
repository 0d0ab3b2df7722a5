import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { checkKpiUpload } from "../modules/evidence/kpi-import.server";
import { readKpiUpload } from "../modules/evidence/kpi-upload.server";
import { indicators, spendCategories } from "../../db/vocabulary/indicators";
import { londonDay } from "../../db/calendar";

export const meta: MetaFunction = () => [{ title: "Import programme indicators – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "evidence:plan");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  // Who is asking, from the session alone, before the body is read.
  await requirePermission(new Request(request.url, { method: "GET", headers: request.headers }), "evidence:plan");
  const { db, actor } = await requirePermission(request, "evidence:plan");
  const upload = await readKpiUpload(request);
  if (!upload.ok) return data({ error: upload.message }, { status: upload.status });
  const id = await checkKpiUpload(db, actor, upload, londonDay());
  throw redirect(`/evidence/indicators/import/${id}`, 303);
}

export default function ImportIndicators() {
  const result = useActionData<typeof action>();
  const error = result?.error;
  return (
    <Page>
      <ErrorSummary errors={{ file: error }} fallbackField="file" />
      <span className="govuk-caption-l">
        <Link className="govuk-link" to="/evidence/indicators">
          Programme indicators
        </Link>
      </span>
      <h1 className="govuk-heading-l">Import programme indicators</h1>
      <p className="govuk-body">
        Upload the values the app does not hold the records for — reablement, spend per adult, packages under 10 hours a week, spend by
        category — and the baselines, England averages and targets to read them against. The file is checked first and nothing is written
        until you import it; if any row has a problem, none is imported.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href="/downloads/asset-atlas-indicators-template.csv" download>
          Download the template (CSV)
        </a>{" "}
        — one value a row: <code>indicator</code>, <code>period</code> (a financial year like 2025/26, or a month like 2026-04 for monthly
        indicators), <code>value</code> (a number; percentages from 0 to 100), <code>measure</code> (value, baseline, england-average or
        target; value if empty), <code>price_year</code> (money only; the period&rsquo;s own year if empty), <code>source</code> (required) and{" "}
        <code>note</code>.
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <CsrfField />
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="file">
            Upload a CSV file
          </label>
          <div id="file-hint" className="govuk-hint">
            Saved as UTF-8, up to 1 MB.
          </div>
          {error && (
            <p id="file-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`} id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby={`file-hint${error ? " file-error" : ""}`} />
        </div>
        <button type="submit" className="govuk-button">
          Check the file
        </button>
      </Form>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Indicator codes</span>
        </summary>
        <div className="govuk-details__text">
          <table className="govuk-table" data-table="indicator-codes">
            <caption className="govuk-table__caption govuk-table__caption--s">What each code means, and what may be imported for it</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Code</th>
                <th scope="col" className="govuk-table__header">Indicator</th>
                <th scope="col" className="govuk-table__header">Period</th>
                <th scope="col" className="govuk-table__header">Import</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {indicators.map((indicator) => (
                <tr className="govuk-table__row" key={indicator.code}>
                  <td className="govuk-table__cell">
                    <code>{indicator.code}</code>
                  </td>
                  <td className="govuk-table__cell">{`${indicator.name} (${indicator.unit === "percent" ? "%" : indicator.unit === "pounds" ? "£" : "a number"})`}</td>
                  <td className="govuk-table__cell">{indicator.frequency === "year" ? "Financial year" : "Month"}</td>
                  <td className="govuk-table__cell">{indicator.source === "import" ? "Values, baselines, England averages, targets" : "Baselines, England averages, targets (values are worked out)"}</td>
                </tr>
              ))}
              {spendCategories.map((category) => (
                <tr className="govuk-table__row" key={category.code}>
                  <td className="govuk-table__cell">
                    <code>{category.code}</code>
                  </td>
                  <td className="govuk-table__cell">{`Spend on ${category.name.toLowerCase()} (£)`}</td>
                  <td className="govuk-table__cell">Financial year</td>
                  <td className="govuk-table__cell">Values</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </Page>
  );
}
