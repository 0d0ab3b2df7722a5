import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { findImportJob, queueImport, resumeIfStale, startImportJob } from "../modules/imports/jobs.server";
import { jobIsRunning, refreshSeconds } from "../modules/imports/status";
import { invariantResponse } from "../modules/errors/app-error";

/** Shown on the page; the whole report stays in the job. */
const shownRows = 500;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:import");
  const job = await findImportJob(db, actor, params.id ?? "");
  invariantResponse(job, "There is no such import, or it is someone else’s.", 404);
  resumeIfStale(db, job);
  const report = job.report;
  const refresh = new URL(request.url).searchParams.get("refresh") !== "off";
  return {
    job: {
      id: job.id,
      fileName: job.fileName,
      format: job.format,
      phase: job.phase,
      status: job.status,
      rowsTotal: job.rowsTotal,
      rowsProcessed: job.rowsProcessed,
    },
    refresh,
    report: report && {
      total: report.total,
      seconds: report.seconds,
      error: report.error ?? null,
      problemCount: report.problems.length,
      problemRows: new Set(report.problems.map((p) => p.row)).size,
      problems: report.problems.slice(0, shownRows),
      listingCount: report.listings.length,
      created: report.listings.filter((l) => l.action === "created").length,
      updated: report.listings.filter((l) => l.action === "updated").length,
      unchanged: report.listings.filter((l) => l.action === "unchanged").length,
      listings: report.listings.slice(0, shownRows),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => {
  const running = loaded && jobIsRunning(loaded.job);
  return [
    { title: `${running ? "Working on" : "Import of"} ${loaded?.job.fileName ?? "a file"} – Asset Atlas` },
    // Progress without JavaScript: the page reloads itself until the job has finished.
    ...(running && loaded.refresh ? [{ httpEquiv: "refresh", content: String(refreshSeconds) }] : []),
  ];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:import");
  const job = await findImportJob(db, actor, params.id ?? "");
  invariantResponse(job, "There is no such import, or it is someone else’s.", 404);
  if (!(await queueImport(db, actor, job))) {
    return data({ error: "This file cannot be imported now: it has problems, or it is already being imported." }, { status: 409 });
  }
  startImportJob(db, job.id);
  throw redirect(`/coordinator/imports/${job.id}`, 303);
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;

export default function ImportJobPage() {
  const { job, report, refresh } = useLoaderData<typeof loader>();
  const checking = job.phase === "check";
  const running = jobIsRunning(job) || !report;
  // With JavaScript, fetch the progress instead of reloading the page (the meta refresh is for without).
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!running || !refresh) return;
    const timer = setTimeout(() => revalidator.revalidate(), refreshSeconds * 1000);
    return () => clearTimeout(timer);
  }, [running, refresh, job.rowsProcessed, job.status, revalidator]);
  if (running || !report) {
    return (
      <Page>
        <h1 className="govuk-heading-l">{checking ? `Checking ${job.fileName}` : `Importing ${job.fileName}`}</h1>
        <p className="govuk-body" role="status">
          {job.rowsTotal ? `${job.rowsProcessed.toLocaleString("en-GB")} of ${plural(job.rowsTotal, job.format === "csv" ? "row" : "record")} processed.` : "Reading the file."}
          {job.format === "oruk" && job.rowsTotal && job.rowsProcessed >= job.rowsTotal ? " Every record is valid; now reading them into the directory." : ""}
          {!checking && " Listings are written all together at the end."}
        </p>
        <p className="govuk-body">
          {refresh ? `This page refreshes itself every ${refreshSeconds} seconds. ` : ""}
          <Link className="govuk-link" to={`/coordinator/imports/${job.id}${refresh ? "" : "?refresh=off"}`} reloadDocument>
            Refresh now
          </Link>
          {refresh && (
            <>
              {" or "}
              <Link className="govuk-link" to={`/coordinator/imports/${job.id}?refresh=off`} reloadDocument>
                stop refreshing it automatically
              </Link>
            </>
          )}
          .
        </p>
      </Page>
    );
  }
  const problemsTable = report.problemCount > 0 && (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{`Problems (${report.problemCount.toLocaleString("en-GB")})`}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">{job.format === "csv" ? "Row" : "Record"}</th>
          <th scope="col" className="govuk-table__header">{job.format === "csv" ? "Column" : "Field"}</th>
          <th scope="col" className="govuk-table__header">What to fix</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {report.problems.map((problem, index) => (
          <tr className="govuk-table__row" key={index}>
            <td className="govuk-table__cell">{problem.row}</td>
            <td className="govuk-table__cell">{problem.field || "–"}</td>
            <td className="govuk-table__cell">{problem.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const listingsTable = report.listingCount > 0 && (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{checking ? "Listings in the file" : "Listings written"}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">{job.format === "csv" ? "Row" : "Record"}</th>
          <th scope="col" className="govuk-table__header">Listing</th>
          <th scope="col" className="govuk-table__header">{checking ? "Will be" : "Result"}</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {report.listings.map((listing) => (
          <tr className="govuk-table__row" key={`${listing.row}-${listing.id}`}>
            <td className="govuk-table__cell">{listing.row}</td>
            <td className="govuk-table__cell">
              {!checking && job.status === "imported" ? (
                <Link className="govuk-link" to={`/assets/${listing.id}`}>
                  {listing.name}
                </Link>
              ) : (
                listing.name
              )}
            </td>
            <td className="govuk-table__cell">{listing.action === "created" ? "new" : listing.action}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  const more = (count: number) => count > shownRows && <p className="govuk-body">{`The first ${shownRows} are shown.`}</p>;
  const uploadAgain = (
    <p className="govuk-body">
      <Link className="govuk-link" to="/coordinator/imports">
        Upload a corrected file
      </Link>
    </p>
  );

  if (report.error) {
    return (
      <Page>
        <h1 className="govuk-heading-l">Nothing was imported</h1>
        <p className="govuk-body">{report.error}</p>
        {uploadAgain}
      </Page>
    );
  }
  if (report.problemCount > 0) {
    return (
      <Page>
        <h1 className="govuk-heading-l">{`There ${report.problemCount === 1 ? "is a problem" : "are problems"} with ${job.fileName}`}</h1>
        <p className="govuk-body">
          {`${plural(report.problemCount, "problem")} in ${plural(report.problemRows, job.format === "csv" ? "row" : "record")}. Nothing has been written. Fix ${report.problemCount === 1 ? "it" : "them"} in your file and upload it again.`}
        </p>
        {problemsTable}
        {more(report.problemCount)}
        {uploadAgain}
      </Page>
    );
  }
  if (job.status === "imported") {
    return (
      <Page>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">{`${plural(report.created + report.updated, "listing")} imported`}</h1>
          <div className="govuk-panel__body">{`${report.created} new, ${report.updated} updated${report.unchanged ? `, ${report.unchanged} unchanged` : ""}, in ${report.seconds} seconds`}</div>
        </div>
        <p className="govuk-body">Each listing’s history records that it came from {job.fileName}.</p>
        {listingsTable}
        {more(report.listingCount)}
        <p className="govuk-body">
          <Link className="govuk-link" to="/coordinator/imports">
            Back to import and export
          </Link>
        </p>
      </Page>
    );
  }
  return (
    <Page>
      <h1 className="govuk-heading-l">{`${job.fileName} is ready to import`}</h1>
      <p className="govuk-body">
        {`We checked ${plural(report.total, job.format === "csv" ? "row" : "record")} and found no problems: ${report.created} new ${report.created === 1 ? "listing" : "listings"}, ${report.updated} to update${report.unchanged ? ` and ${report.unchanged} unchanged` : ""}. Nothing has been written yet.`}
      </p>
      <Form method="post" reloadDocument>
        <CsrfField />
        <button type="submit" className="govuk-button">
          {`Import ${plural(report.created + report.updated, "listing")}`}
        </button>
      </Form>
      {listingsTable}
      {more(report.listingCount)}
    </Page>
  );
}
