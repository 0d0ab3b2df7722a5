import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { requireAssetPermission, requirePermission } from "../modules/accounts/permissions.server";
import { assetScope } from "../modules/assets/capacity.server";
import { stageNames, type VerificationStage } from "../modules/verification/verification";
import { confirmVerified, verificationWorklist } from "../modules/verification/worklist.server";
import { formatDate } from "../../db/calendar";
import { DoneBanner } from "../components/done-banner";
import { formValues } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Listings to check – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:review");
  return verificationWorklist(db, actor);
}

export async function action({ request }: ActionFunctionArgs) {
  // The id decides the scope, so it is read (from a copy of the body) before the permission check.
  const id = formValues(await request.clone().formData()).id ?? "";
  const { db, actor, scope } = await requireAssetPermission(request, "asset:review", (db) => assetScope(db, id));
  await confirmVerified(db, actor, id.toLowerCase());
  throw redirect(`/coordinator/verification?confirmed=${encodeURIComponent(scope.name)}`, 303);
}

const order: VerificationStage[] = ["long-overdue", "overdue", "due"];

const answerNames: Record<string, string> = {
  "still-right": "Confirmed as still right",
  changes: "Sent changes (waiting in the queue)",
  places: "Updated places",
};

function reminderText(item: { reminder: { stage: string; sentAt: string; sentTo: string | null } | null; flagged: boolean }): string {
  if (!item.reminder) return item.flagged ? "No answer: you have been told" : "Not reminded yet";
  const when = formatDate(item.reminder.sentAt);
  const sent = item.reminder.sentTo ? `${item.reminder.stage} reminder emailed ${when}` : `No email address: ${item.reminder.stage.toLowerCase()} reminder not sent (${when})`;
  return item.flagged ? `${sent}; no answer` : sent;
}

export default function VerificationWorklist() {
  const { items, intervals, answered } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const confirmed = searchParams.get("confirmed");
  const counts = Object.fromEntries(order.map((stage) => [stage, items.filter((item) => item.stage === stage).length]));
  return (
    <Page>
      {confirmed && (
        <DoneBanner message={`${confirmed} is confirmed as checked today.`} />
      )}
      <h1 className="govuk-heading-l">Listings to check</h1>
      <p className="govuk-body">
        {`A listing is due for checking ${intervals.dueDays} days after it was last checked, overdue after ${intervals.overdueDays} days and long overdue after ${intervals.longOverdueDays} days.`}
      </p>
      <p className="govuk-body">
        {`Their providers are emailed a link to confirm, correct or update places, at most once a fortnight; a fortnight after the last reminder you are emailed, and the listing is flagged here. It stays published.`}
      </p>
      <ul className="govuk-list">
        {order.map((stage) => (
          <li key={stage}>{`${stageNames[stage]}: ${counts[stage]}`}</li>
        ))}
        <li>{`Flagged, no answer to the reminders: ${items.filter((item) => item.flagged).length}`}</li>
      </ul>
      <p className="govuk-body">
        <Link className="govuk-link" to="/coordinator/data-quality">
          Data quality
        </Link>
      </p>
      {answered.length > 0 && (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">{`Answered by their providers in the last 30 days (${answered.length})`}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Listing</th>
              <th scope="col" className="govuk-table__header">Answer</th>
              <th scope="col" className="govuk-table__header">When</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {answered.map((item) => (
              <tr className="govuk-table__row" key={`${item.id}-${item.at}`}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/assets/${item.id}/history`}>
                    {item.name}
                  </Link>
                </td>
                <td className="govuk-table__cell">{answerNames[item.answer] ?? item.answer}</td>
                <td className="govuk-table__cell">{formatDate(item.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {order.map((stage) => {
        const listed = items.filter((item) => item.stage === stage);
        if (listed.length === 0) return null;
        return (
          <table className="govuk-table" key={stage}>
            <caption className="govuk-table__caption govuk-table__caption--m">{`${stageNames[stage]} (${listed.length})`}</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Listing</th>
                <th scope="col" className="govuk-table__header">Ward</th>
                <th scope="col" className="govuk-table__header">Last checked</th>
                <th scope="col" className="govuk-table__header">Reminders</th>
                <th scope="col" className="govuk-table__header"><span className="govuk-visually-hidden">Action</span></th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {listed.map((item) => (
                <tr className="govuk-table__row" key={item.id}>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/assets/${item.id}`}>
                      {item.name}
                    </Link>
                    {item.flagged && (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--red">No answer</strong>
                      </>
                    )}
                  </td>
                  <td className="govuk-table__cell">{item.wardName ?? "Outside the mapped wards"}</td>
                  <td className="govuk-table__cell">{formatDate(item.lastVerifiedAt) ?? "Never"}</td>
                  <td className="govuk-table__cell">
                    {reminderText(item)}
                    <br />
                    <Link className="govuk-link" to={`/assets/${item.id}/places-link`}>
                      Send a link to update places<span className="govuk-visually-hidden">: {item.name}</span>
                    </Link>
                  </td>
                  <td className="govuk-table__cell">
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="id" value={item.id} />
                      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                        Confirm it is still right<span className="govuk-visually-hidden">: {item.name}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </Page>
  );
}
