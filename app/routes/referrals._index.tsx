import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { recordAudit } from "../modules/accounts/audit.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { statusNames, statusTagColours } from "../modules/referrals/referral-status";
import { practitionerReferrals } from "../modules/referrals/referrals.server";

export const meta: MetaFunction = () => [{ title: "Your referrals – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "referral:read");
  const overview = await practitionerReferrals(db, actor);
  await recordAudit(db, actor, { action: "referral.list", subjectType: "referral", details: { waiting: overview.waiting.length, open: overview.open.length } });
  const plain = (rows: typeof overview.open) =>
    rows.map((row) => ({ ...row, statusChangedAt: row.statusChangedAt.toISOString(), remindedAt: row.remindedAt?.toISOString() ?? null }));
  return { waiting: plain(overview.waiting), open: plain(overview.open), waitingDays: overview.waitingDays };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["open"][number];

function ReferralTable({ rows, caption }: { rows: Row[]; caption: string }) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Person</th>
          <th scope="col" className="govuk-table__header">Support</th>
          <th scope="col" className="govuk-table__header">Status</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Days since</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr key={row.id} className="govuk-table__row">
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/people/${row.personId}/support`}>
                {row.reference}
              </Link>
            </td>
            <td className="govuk-table__cell">{row.listingName}</td>
            <td className="govuk-table__cell">
              <strong className={`govuk-tag ${statusTagColours[row.status]}`}>{statusNames[row.status]}</strong>
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{row.daysWaiting}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Referrals() {
  const { waiting, open, waitingDays } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="govuk-heading-l">Your referrals</h1>
      <p className="govuk-body">The people on your caseload and the support they were referred or signposted to that has not ended.</p>
      {waiting.length > 0 ? (
        <>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {waiting.length === 1 ? "1 referral has" : `${waiting.length} referrals have`} waited more than {waitingDays} days for the
              provider&apos;s answer. Contact the provider, or look for other support.
            </strong>
          </div>
          <ReferralTable rows={waiting} caption={`Waiting more than ${waitingDays} days`} />
        </>
      ) : (
        <p className="govuk-body">No referral has waited more than {waitingDays} days for an answer.</p>
      )}
      {open.length > 0 ? <ReferralTable rows={open} caption="Open referrals and signposts" /> : <p className="govuk-body">No other open referrals.</p>}
    </Page>
  );
}
