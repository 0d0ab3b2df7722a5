import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { percent, qualityFields, type FailingService } from "../modules/oruk/quality";
import { directoryQuality } from "../modules/oruk/quality.server";
import { listHarvestSources } from "../modules/oruk/neighbours.server";
import { formatDate, londonDay } from "../../db/calendar";

export const meta: MetaFunction = () => [{ title: "Data quality – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:review");
  const sources = await listHarvestSources(db);
  return {
    report: await directoryQuality(db, actor),
    neighbours: sources.flatMap((source) =>
      source.lastSummary?.quality ? [{ name: source.name, harvestedAt: londonDay(source.lastHarvestedAt!), version: source.lastSummary.version, quality: source.lastSummary.quality }] : [],
    ),
  };
}

const labels = new Map<string, string>(qualityFields.map((field) => [field.code, field.label]));

function ListingTable({ caption, rows }: { caption: string; rows: FailingService[] }) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Listing</th>
          <th scope="col" className="govuk-table__header">What it misses</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.id ?? row.name}>
            <td className="govuk-table__cell">
              {row.id ? (
                <Link className="govuk-link" to={`/assets/${row.id}/edit`}>
                  {row.name ?? "(no name)"}
                </Link>
              ) : (
                (row.name ?? "(no name)")
              )}
            </td>
            <td className="govuk-table__cell">{row.missing.map((code) => labels.get(code)).join("; ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function DataQuality() {
  const { report, neighbours } = useLoaderData<typeof loader>();
  const shareOf = (quality: (typeof neighbours)[number]["quality"], code: string) => {
    const field = quality.fields.find((item) => item.code === code);
    return field ? percent(field.share) : "–";
  };
  return (
    <Page>
      <h1 className="govuk-heading-l">Data quality</h1>
      <p className="govuk-body">
        How your published listings look to the other systems that read them through the Open Referral UK feed. A listing is usable when it has a stable
        id, a name, a description, a web address, the organisation that runs it, and a phone number or email address: the expectations of Open Referral UK
        and of the Department for Education&apos;s feed-quality checks.
      </p>
      <p className="govuk-body govuk-!-font-weight-bold">
        {`${report.usable} of ${report.total} listings (${percent(report.total ? report.usable / report.total : 1)}) are usable.`}
      </p>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Field by field</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Expectation</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Listings that meet it</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Share</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {report.fields.map((field) => (
            <tr className="govuk-table__row" key={field.code}>
              <th scope="row" className="govuk-table__header">{field.label}</th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{`${field.met} of ${report.total}`}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{percent(field.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.noUrlOrPhone.length > 0 && (
        <ListingTable caption={`Neither a web address nor a phone number (${report.noUrlOrPhone.length})`} rows={report.noUrlOrPhone} />
      )}
      {report.failing.length > 0 ? (
        <ListingTable caption={`Listings that miss something (${report.failing.length})`} rows={report.failing} />
      ) : (
        <p className="govuk-body">Every listing meets every expectation.</p>
      )}
      {neighbours.length > 0 && (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Neighbours&apos; feeds, at their last harvest</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Feed</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Listings</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Usable</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Web address</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">A way to contact</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Phone</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {neighbours.map((source) => (
              <tr className="govuk-table__row" key={source.name}>
                <th scope="row" className="govuk-table__header">{`${source.name} (Open Referral UK ${source.version}, ${formatDate(source.harvestedAt)})`}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{source.quality.total}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{percent(source.quality.total ? source.quality.usable / source.quality.total : 1)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{shareOf(source.quality, "url")}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{shareOf(source.quality, "contact")}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{shareOf(source.quality, "phone")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to="/coordinator/verification">
          Listings to check
        </Link>
      </p>
    </Page>
  );
}
