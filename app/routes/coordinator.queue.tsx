import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { requireAssetPermission, requirePermission } from "../modules/accounts/permissions.server";
import { changesAwaiting } from "../modules/assets/changes.server";
import { listingsAwaiting } from "../modules/assets/listing.server";
import { claimDecisionSchema } from "../modules/assets/suggestion-form";
import { decideClaim, findClaim, openClaims, openSuggestions } from "../modules/assets/suggestions.server";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";
import { formValues, parseForm } from "../modules/forms/read-form.server";
import { DoneBanner } from "../components/done-banner";

export const meta: MetaFunction = () => [{ title: "Listings to review – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:review");
  const [listings, suggestions, claims, changes] = await Promise.all([listingsAwaiting(db, actor), openSuggestions(db, actor), openClaims(db, actor), changesAwaiting(db, actor)]);
  return {
    changes: changes.map((change) => ({ ...change, proposedAt: londonDay(change.proposedAt) })),
    inReview: listings.filter((listing) => listing.status === "in_review"),
    drafts: listings.filter((listing) => listing.status === "draft"),
    suggestions: suggestions.map((suggestion) => ({
      id: suggestion.id,
      kind: suggestion.kind,
      title: suggestion.kind === "problem" ? `Problem with ${suggestion.serviceName ?? "a listing"}` : `New: ${suggestion.listing?.name ?? ""}`,
      summary: suggestion.kind === "problem" ? suggestion.message : (suggestion.listing?.description ?? ""),
      createdAt: londonDay(suggestion.createdAt),
    })),
    claims: claims.map((claim) => ({ ...claim, createdAt: londonDay(claim.createdAt) })),
  };
}

/** Approve or refuse a provider's claim: a coordinator only for listings in their localities. */
export async function action({ request }: ActionFunctionArgs) {
  // Read from a copy: requireAssetPermission reads the form again (its CSRF token).
  const form = parseForm(formValues(await request.clone().formData()), claimDecisionSchema);
  const claimId = form.ok ? form.data.claim : "";
  const { db, actor } = await requireAssetPermission(request, "asset:review", async (db) => {
    if (!form.ok) return null;
    return (await findClaim(db, claimId))?.listing ?? null;
  });
  invariantResponse(form.ok, "Choose a claim to approve or refuse");
  await decideClaim(db, actor, claimId, form.data.decision);
  throw redirect(`/coordinator/queue?done=claim-${form.data.decision}`, 303);
}

const doneMessages: Record<string, string> = {
  "claim-approve": "The claim is approved: the provider can now keep the listing up to date.",
  "claim-refuse": "The claim is refused.",
  "change-approve": "The changes are published, and the provider has been told.",
  "change-reject": "The changes are rejected: the listing stays as it was, and the provider has been told why.",
  rejected: "The suggestion is rejected.",
  accepted: "The report is dealt with.",
};

export default function ReviewQueue() {
  const { inReview, drafts, suggestions, claims, changes } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const done = doneMessages[searchParams.get("done") ?? ""];
  const listingTable = (caption: string, rows: typeof drafts) => (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{`${caption} (${rows.length})`}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Listing</th>
          <th scope="col" className="govuk-table__header">Ward</th>
          <th scope="col" className="govuk-table__header">Last changed</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.id}>
            <td className="govuk-table__cell">
              <Link className="govuk-link" to={`/assets/${row.id}/edit`}>
                {row.name}
              </Link>
            </td>
            <td className="govuk-table__cell">{row.wardName ?? "Outside the mapped wards"}</td>
            <td className="govuk-table__cell">{londonDay(new Date(row.lastModified))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Page>
      {done && (
        <DoneBanner message={done} />
      )}
      <h1 className="govuk-heading-l">Listings to review</h1>
      <p className="govuk-body">
        <Link className="govuk-link" to="/assets/new">
          Add a listing
        </Link>
        {" · "}
        <Link className="govuk-link" to="/coordinator/verification">
          Listings to check
        </Link>
        {" · "}
        <Link className="govuk-link" to="/coordinator/data-quality">
          Data quality
        </Link>
      </p>
      {listingTable("Waiting for review", inReview)}

      <h2 className="govuk-heading-m">{`Changes sent by providers (${changes.length})`}</h2>
      {changes.length === 0 ? (
        <p className="govuk-body">None waiting.</p>
      ) : (
        <ul className="govuk-list">
          {changes.map((change) => (
            <li key={change.id}>
              <Link className="govuk-link" to={`/assets/${change.serviceId}/changes`}>
                {`Check the changes to ${change.serviceName}`}
              </Link>
              {` (sent by ${change.proposerName ?? "a provider"} on ${change.proposedAt})`}
            </li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">{`Suggestions and problem reports (${suggestions.length})`}</h2>
      {suggestions.length === 0 ? (
        <p className="govuk-body">None waiting.</p>
      ) : (
        <ul className="govuk-list">
          {suggestions.map((suggestion) => (
            <li key={suggestion.id} className="govuk-!-margin-bottom-4">
              <Link className="govuk-link govuk-!-font-weight-bold" to={`/coordinator/suggestions/${suggestion.id}`}>
                {suggestion.title}
              </Link>
              <p className="govuk-body-s govuk-!-margin-bottom-0">{`${suggestion.summary.slice(0, 160)} (sent ${suggestion.createdAt})`}</p>
            </li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">{`Claims by providers (${claims.length})`}</h2>
      {claims.length === 0 ? (
        <p className="govuk-body">None waiting.</p>
      ) : (
        claims.map((claim) => (
          <div key={claim.id} className="govuk-summary-card">
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">{`${claim.claimant} claims ${claim.serviceName}`}</h3>
            </div>
            <div className="govuk-summary-card__content">
              <p className="govuk-body">{claim.message}</p>
              <p className="govuk-body-s">{`Organisation: ${claim.claimantOrganisation ?? "none yet (they would join the listing's)"}. Sent ${claim.createdAt}.`}</p>
              <Form method="post" className="govuk-button-group">
                <CsrfField />
                <input type="hidden" name="claim" value={claim.id} />
                <button type="submit" name="decision" value="approve" className="govuk-button">
                  Approve<span className="govuk-visually-hidden">{` the claim to ${claim.serviceName}`}</span>
                </button>
                <button type="submit" name="decision" value="refuse" className="govuk-button govuk-button--secondary">
                  Refuse<span className="govuk-visually-hidden">{` the claim to ${claim.serviceName}`}</span>
                </button>
              </Form>
            </div>
          </div>
        ))
      )}

      {listingTable("Drafts", drafts)}
    </Page>
  );
}
