import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import leafletStyles from "leaflet/dist/leaflet.css";
import { AssetFormFields } from "../components/asset-form-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { assetFormIssues, assetFormSchema, emptyAssetForm, listFields } from "../modules/assets/asset-form";
import { readForm } from "../modules/forms/read-form.server";
import { organisationNames, serviceAreaOptions } from "../modules/assets/listing.server";
import { createListing } from "../modules/listings/form.server";
import { findSuggestion, resolveSuggestion, suggestionToForm } from "../modules/assets/suggestions.server";

export const links = () => [{ rel: "stylesheet", href: leafletStyles }];
export const meta: MetaFunction = () => [{ title: "Add a listing – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:create");
  const suggestionId = new URL(request.url).searchParams.get("suggestion");
  const suggestion = suggestionId ? await findSuggestion(db, actor, suggestionId) : null;
  const [serviceAreas, organisations] = await Promise.all([serviceAreaOptions(db), organisationNames(db)]);
  return {
    values: suggestion?.kind === "new_listing" && suggestion.status === "open" ? suggestionToForm(suggestion) : emptyAssetForm,
    suggestion: suggestion?.kind === "new_listing" && suggestion.status === "open" ? { id: suggestion.id, name: suggestion.listing?.name ?? "" } : null,
    serviceAreas,
    organisations,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "asset:create");
  const parsed = await readForm(request, assetFormSchema, listFields, { issues: assetFormIssues });
  const { values } = parsed;
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  const saved = await createListing(db, actor, parsed.data);
  if ("errors" in saved) return data({ errors: saved.errors, values }, { status: 400 });
  const suggestionId = new URL(request.url).searchParams.get("suggestion");
  const suggestion = suggestionId ? await findSuggestion(db, actor, suggestionId) : null;
  if (suggestion?.kind === "new_listing") {
    await resolveSuggestion(db, actor, suggestion, "accept", `Thank you for suggesting ${parsed.data.name}. We have added it, and it will be published once it has been checked.`, saved.id);
  }
  throw redirect(`/assets/${saved.id}/edit?done=created`, 303);
}

export default function NewListing() {
  const { values: initial, suggestion, serviceAreas, organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="name" />
          {suggestion && <span className="govuk-caption-l">{`From a suggestion: ${suggestion.name}`}</span>}
          <h1 className="govuk-heading-l">Add a listing</h1>
          <p className="govuk-body">It starts as a draft: nobody but coordinators sees it until it is reviewed and published.</p>
          <Form method="post" noValidate>
            <CsrfField />
            <AssetFormFields values={result?.values ?? initial} errors={errors} serviceAreas={serviceAreas} organisationNames={organisations} />
            <button type="submit" className="govuk-button">
              Save as a draft
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
