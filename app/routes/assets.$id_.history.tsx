import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { roleNames, type Role } from "../modules/accounts/permissions";
import { requireAssetPermission } from "../modules/accounts/permissions.server";
import { historyActionName, historyActor, historyValue } from "../modules/assets/history";
import { listingHistory, listingScope } from "../modules/assets/listing.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `History of ${data?.listing.name ?? "a listing"} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, scope: listing } = await requireAssetPermission(request, "asset:update", (db) => listingScope(db, params.id ?? ""));
  const events = await listingHistory(db, listing.id);
  return {
    listing: { id: listing.id, name: listing.name },
    events: events.map((event) => {
      const details = event.details as { before?: Record<string, unknown>; after?: Record<string, unknown> };
      const fields = [...new Set([...Object.keys(details.before ?? {}), ...Object.keys(details.after ?? {})])];
      return {
        id: event.id,
        at: event.at.toISOString(),
        action: historyActionName(event.action),
        who: historyActor(event, (role) => (role in roleNames ? roleNames[role as Role] : null)),
        role: event.actorRole && event.actorRole in roleNames ? roleNames[event.actorRole as Role] : null,
        changes: fields.map((field) => ({
          field,
          before: details.before ? historyValue(details.before[field]) : null,
          after: details.after ? historyValue(details.after[field]) : null,
        })),
      };
    }),
  };
}

const when = (iso: string) =>
  new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });

export default function ListingHistory() {
  const { listing, events } = useLoaderData<typeof loader>();
  return (
    <Page>
      <span className="govuk-caption-l">{listing.name}</span>
      <h1 className="govuk-heading-l">History</h1>
      <p className="govuk-body">Every change to this listing: who made it, when, and what it was before and after. Newest first.</p>
      {events.length === 0 && <p className="govuk-body">No changes have been recorded yet.</p>}
      {events.map((event) => (
        <div key={event.id} className="govuk-!-margin-bottom-6">
          <h2 className="govuk-heading-s govuk-!-margin-bottom-1">{event.action}</h2>
          <p className="govuk-body-s">{`${when(event.at)}, by ${event.who}${event.role && event.role !== event.who ? ` (${event.role})` : ""}`}</p>
          {event.changes.length > 0 && (
            <table className="govuk-table">
              <caption className="govuk-visually-hidden">{`What changed: ${event.action}, ${when(event.at)}`}</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">What</th>
                  <th scope="col" className="govuk-table__header">Before</th>
                  <th scope="col" className="govuk-table__header">After</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {event.changes.map((change) => (
                  <tr className="govuk-table__row" key={change.field}>
                    <th scope="row" className="govuk-table__header">{change.field}</th>
                    <td className="govuk-table__cell">{change.before ?? "–"}</td>
                    <td className="govuk-table__cell">{change.after ?? "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/assets/${listing.id}/edit`}>
          Back to the listing
        </Link>
      </p>
    </Page>
  );
}
