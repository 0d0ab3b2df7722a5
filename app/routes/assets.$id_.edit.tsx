import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import leafletStyles from "leaflet/dist/leaflet.css";
import { AssetFormFields } from "../components/asset-form-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { can, permissionTable } from "../modules/accounts/permissions";
import { requireAssetPermission } from "../modules/accounts/permissions.server";
import { assetFormIssues, assetFormSchema, assetInputToForm, listFields } from "../modules/assets/asset-form";
import { formValues, parseForm } from "../modules/forms/read-form.server";
import { listingStatuses } from "../../db/vocabulary/kinds";
import { editNeedsReview, pendingChange, proposeChange, withChange } from "../modules/assets/changes.server";
import { listingScope, organisationNames, serviceAreaOptions } from "../modules/assets/listing.server";
import { updateListing } from "../modules/listings/form.server";
import { changeStatus } from "../modules/listings/writer.server";
import { findTransition, transitions, transitionsFrom } from "../modules/assets/workflow";
import { formatDate } from "../../db/calendar";
import { DoneBanner } from "../components/done-banner";

export const links = () => [{ rel: "stylesheet", href: leafletStyles }];
export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Change ${loaded?.listing.name ?? "listing"} – Asset Atlas` }];

function authorise(request: Request, id: string) {
  return requireAssetPermission(request, "asset:update", (db) => listingScope(db, id));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, scope: listing } = await authorise(request, params.id ?? "");
  const [serviceAreas, organisations, pending] = await Promise.all([serviceAreaOptions(db), organisationNames(db), pendingChange(db, listing.id)]);
  const heldForReview = editNeedsReview(actor, listing);
  return {
    listing: { id: listing.id, name: listing.name, status: listing.status, otherSchedules: listing.otherSchedules, organisationName: listing.organisationName },
    // A provider with changes waiting sees (and can amend) those; everyone else the listing as it is.
    values: assetInputToForm(heldForReview && pending && pending.proposerOrganisation === listing.organizationId ? withChange(listing.input, pending) : listing.input),
    heldForReview,
    pending: pending ? { proposedAt: pending.proposedAt.toISOString(), proposerName: pending.proposerName, canReview: can(actor, "asset:review", listing) } : null,
    moves: transitionsFrom(listing.status)
      .filter((transition) => can(actor, transition.permission, listing))
      .map(({ intent, label }) => ({ intent, label })),
    fixedOrganisation: actor.role === "provider" ? listing.organisationName : null,
    serviceAreas,
    organisations,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, scope: listing } = await authorise(request, params.id ?? "");
  const sent = formValues(await request.formData(), listFields);
  const intent = typeof sent.intent === "string" ? sent.intent : "save";
  if (intent !== "save") {
    const transition = findTransition(listing.status, intent);
    if (!transition) {
      const known = transitions.some((candidate) => candidate.intent === intent);
      throw new Response(known ? "The listing has moved on since you loaded the page: reload it and try again." : "Unknown action", { status: 400 });
    }
    if (!can(actor, transition.permission, listing)) {
      throw new Response(`You do not have permission to ${permissionTable[transition.permission].description}.`, { status: 403 });
    }
    await changeStatus(db, actor, listing.id, transition);
    throw redirect(`/assets/${listing.id}/edit?done=${transition.intent}`, 303);
  }
  const parsed = parseForm(sent, assetFormSchema, { issues: assetFormIssues });
  const { values } = parsed;
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  if (editNeedsReview(actor, listing)) {
    const proposed = await proposeChange(db, actor, listing, parsed.data);
    if ("errors" in proposed) return data({ errors: proposed.errors, values }, { status: 400 });
    throw redirect(`/assets/${listing.id}/edit?done=proposed`, 303);
  }
  const saved = await updateListing(db, actor, listing, parsed.data);
  if ("errors" in saved) return data({ errors: saved.errors, values }, { status: 400 });
  throw redirect(`/assets/${listing.id}/edit?done=saved`, 303);
}

const doneMessages: Record<string, string> = {
  created: "The listing is saved as a draft.",
  saved: "Your changes are saved.",
  proposed: "Your changes have been sent to a coordinator to check. The public listing keeps its current details until they are approved: you will get an email either way.",
  ...Object.fromEntries(transitions.map((transition) => [transition.intent, transition.done])),
};

export default function EditListing() {
  const { listing, values, heldForReview, pending, moves, fixedOrganisation, serviceAreas, organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = doneMessages[searchParams.get("done") ?? ""];
  const errors = result?.errors ?? {};
  const statusName = listingStatuses.find((status) => status.code === listing.status)?.name ?? listing.status;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {done && !result && (
            <DoneBanner message={done} />
          )}
          <ErrorSummary errors={errors} fallbackField="name" />
          <span className="govuk-caption-l">{listing.organisationName}</span>
          <h1 className="govuk-heading-l">{listing.name}</h1>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Status</dt>
              <dd className="govuk-summary-list__value" data-testid="listing-status">
                {statusName}
              </dd>
            </div>
          </dl>
          {moves.length > 0 && (
            <Form method="post" className="govuk-button-group">
              <CsrfField />
              {moves.map((move) => (
                <button key={move.intent} type="submit" name="intent" value={move.intent} className={`govuk-button${move.intent === "archive" || move.intent === "return" ? " govuk-button--secondary" : ""}`}>
                  {move.label}
                </button>
              ))}
            </Form>
          )}
          <p className="govuk-body">
            {listing.status === "published" && (
              <>
                <Link className="govuk-link" to={`/assets/${listing.id}`}>
                  See the public page
                </Link>
                {" · "}
              </>
            )}
            <Link className="govuk-link" to={`/assets/${listing.id}/history`}>
              See the listing&apos;s history
            </Link>
          </p>
          {pending && (
            <div className="govuk-inset-text" data-testid="pending-change">
              {pending.canReview ? (
                <>
                  {`${pending.proposerName ?? "A provider"} sent changes to this listing on ${formatDate(pending.proposedAt)}. `}
                  <Link className="govuk-link" to={`/assets/${listing.id}/changes`}>
                    Check the changes
                  </Link>
                </>
              ) : (
                `The changes you sent on ${formatDate(pending.proposedAt)} are waiting for a coordinator to check them. They are shown below; sending again replaces them.`
              )}
            </div>
          )}
          <h2 className="govuk-heading-l">Change the details</h2>
          {heldForReview && !pending && (
            <p className="govuk-body">The listing is published: a coordinator checks changes before they appear on it.</p>
          )}
          {listing.otherSchedules > 0 && (
            <div className="govuk-inset-text">
              {`This listing also has ${listing.otherSchedules} opening ${listing.otherSchedules === 1 ? "time" : "times"} the form cannot show (monthly ones, say). Saving keeps them.`}
            </div>
          )}
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="save" />
            <AssetFormFields values={result?.values ?? values} errors={errors} serviceAreas={serviceAreas} organisationNames={organisations} fixedOrganisation={fixedOrganisation} />
            <button type="submit" className="govuk-button">
              {heldForReview ? "Send changes for checking" : "Save changes"}
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
