import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { csvColumns, exampleCsvPath, maxImportBytes } from "../modules/imports/csv-columns";
import { createImportJob, recentImportJobs, startImportJob } from "../modules/imports/jobs.server";
import { readUpload, refuseBySize } from "../modules/imports/upload.server";
import { jobStatusName } from "../modules/imports/status";

export const meta: MetaFunction = () => [{ title: "Import and export listings – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:import");
  return { jobs: await recentImportJobs(db, actor), administrator: actor.role === "administrator" };
}

export async function action({ request }: ActionFunctionArgs) {
  // Who is asking, from the session alone: the body (perhaps a very large file) is not read yet.
  await requirePermission(new Request(request.url, { method: "GET", headers: request.headers }), "asset:import");
  const refused = refuseBySize(request);
  if (refused && !refused.ok) return data({ error: refused.message }, { status: refused.status });
  const { db, actor } = await requirePermission(request, "asset:import"); // now the form's CSRF token too
  const upload = await readUpload(request);
  if (!upload.ok) return data({ error: upload.message }, { status: upload.status });
  const id = await createImportJob(db, actor, upload);
  startImportJob(db, id);
  throw redirect(`/coordinator/imports/${id}`, 303);
}

export default function Imports() {
  const { jobs, administrator } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={{ file: error }} fallbackField="file" />
          <h1 className="govuk-heading-l">Import and export listings</h1>

          <h2 className="govuk-heading-m">Export</h2>
          <p className="govuk-body">{administrator ? "Every listing, in any state." : "Every listing in your localities, in any state."}</p>
          <ul className="govuk-list">
            <li>
              <a className="govuk-link" href="/coordinator/exports/listings.csv" download>
                Download as a spreadsheet (CSV)
              </a>
            </li>
            <li>
              <a className="govuk-link" href="/coordinator/exports/listings.json" download>
                Download as Open Referral UK (JSON)
              </a>
            </li>
          </ul>

          <h2 className="govuk-heading-m">Import</h2>
          <p className="govuk-body">
            Upload a spreadsheet saved as CSV, with one listing a row, or an Open Referral UK JSON file. We check every row
            first and tell you about every problem. Nothing is written until you say so, and then the whole file is written
            or none of it.
          </p>
          <p className="govuk-body">
            Start from the <a className="govuk-link" href={exampleCsvPath} download>example CSV file</a> (20 listings in
            Soham, Fordham and Isleham). A listing with an id from an export replaces that listing; one without an id is new.
          </p>
          <Form method="post" encType="multipart/form-data" noValidate>
            <CsrfField />
            <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--s" htmlFor="file">
                Upload a file
              </label>
              <div id="file-hint" className="govuk-hint">
                {`CSV or JSON, saved as UTF-8, up to ${maxImportBytes / 1024 / 1024} MB.`}
              </div>
              {error && (
                <p id="file-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {error}
                </p>
              )}
              <input
                className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
                id="file"
                name="file"
                type="file"
                accept=".csv,.json,text/csv,application/json"
                aria-describedby={`file-hint${error ? " file-error" : ""}`}
              />
            </div>
            <div className="govuk-form-group">
              <div className="govuk-checkboxes govuk-checkboxes--small">
                <div className="govuk-checkboxes__item">
                  <input className="govuk-checkboxes__input" id="publish" name="publish" type="checkbox" value="yes" aria-describedby="publish-hint" />
                  <label className="govuk-label govuk-checkboxes__label" htmlFor="publish">
                    Publish new listings from an Open Referral UK file straight away
                  </label>
                  <div id="publish-hint" className="govuk-hint govuk-checkboxes__hint">
                    Otherwise they arrive as drafts for review. A CSV file says each listing’s status in its listing_status column.
                  </div>
                </div>
              </div>
            </div>
            <button type="submit" className="govuk-button">
              Check the file
            </button>
          </Form>

          <details className="govuk-details">
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">What goes in each column of the CSV file</span>
            </summary>
            <div className="govuk-details__text">
              <dl className="govuk-summary-list">
                {csvColumns.map((column) => (
                  <div className="govuk-summary-list__row" key={column.name}>
                    <dt className="govuk-summary-list__key">
                      {column.name}
                      {column.required ? " (required)" : ""}
                    </dt>
                    <dd className="govuk-summary-list__value">{column.help}</dd>
                  </div>
                ))}
              </dl>
            </div>
          </details>

          {jobs.length > 0 && (
            <>
              <h2 className="govuk-heading-m">Your recent files</h2>
              <ul className="govuk-list">
                {jobs.map((job) => (
                  <li key={job.id}>
                    <Link className="govuk-link" to={`/coordinator/imports/${job.id}`}>
                      {job.fileName}
                    </Link>
                    {`: ${jobStatusName(job)}, ${new Date(job.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" })}`}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
    </Page>
  );
}
