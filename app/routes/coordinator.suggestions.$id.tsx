import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Radios, TextArea } from "../components/asset-form-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { resolveSuggestionSchema } from "../modules/assets/suggestion-form";
import { findSuggestion, resolveSuggestion } from "../modules/assets/suggestions.server";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "A suggestion – Asset Atlas" }];

async function open(request: Request, id: string) {
  const authorised = await requirePermission(request, "asset:review");
  const suggestion = await findSuggestion(authorised.db, authorised.actor, id);
  invariantResponse(suggestion, "Suggestion not found", 404);
  return { ...authorised, suggestion };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { suggestion } = await open(request, params.id ?? "");
  const { email, ...rest } = suggestion;
  return { suggestion: { ...rest, hasEmail: email !== null, createdAt: londonDay(rest.createdAt) } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, suggestion } = await open(request, params.id ?? "");
  const form = await readForm(request, resolveSuggestionSchema);
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  invariantResponse(suggestion.status === "open", "This suggestion has already been dealt with.", 409);
  if (form.data.decision === "reject") {
    if (!form.data.reply) return data({ errors: { reply: "Write a reply saying why it is rejected" }, values }, { status: 400 });
    await resolveSuggestion(db, actor, suggestion, "reject", form.data.reply);
    throw redirect("/coordinator/queue?done=rejected", 303);
  }
  if (suggestion.kind === "new_listing") {
    // Accepting a suggested listing: the coordinator completes the prefilled form; saving it accepts the suggestion.
    throw redirect(`/assets/new?suggestion=${suggestion.id}`, 303);
  }
  await resolveSuggestion(db, actor, suggestion, "accept", form.data.reply);
  throw redirect(`/assets/${suggestion.serviceId}/edit`, 303);
}

export default function SuggestionPage() {
  const { suggestion } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  const listing = suggestion.listing;
  const row = (label: string, value: string | null | undefined) =>
    value ? (
      <div className="govuk-summary-list__row">
        <dt className="govuk-summary-list__key">{label}</dt>
        <dd className="govuk-summary-list__value">{value}</dd>
      </div>
    ) : null;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="decision" />
          <span className="govuk-caption-l">{suggestion.kind === "problem" ? "Problem report" : "Suggested listing"}</span>
          <h1 className="govuk-heading-l">{suggestion.kind === "problem" ? (suggestion.serviceName ?? "A listing") : (listing?.name ?? "A suggestion")}</h1>
          <dl className="govuk-summary-list">
            {row("What they said", suggestion.kind === "problem" ? suggestion.message : listing?.description)}
            {row("Run by", listing?.organisation)}
            {row("Postcode", listing?.postcode)}
            {row("Phone", listing?.phone)}
            {row("Website", listing?.website)}
            {row("Sent", suggestion.createdAt)}
            {row("Reply by email", suggestion.hasEmail ? "Yes, they asked for one" : "No: they left no email")}
            {row("Status", suggestion.status === "open" ? "Waiting" : suggestion.status === "accepted" ? "Accepted" : "Rejected")}
          </dl>
          {suggestion.kind === "problem" && suggestion.serviceId && (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/assets/${suggestion.serviceId}/edit`}>
                Open the listing to change it
              </Link>
            </p>
          )}
          {suggestion.status === "open" && (
            <Form method="post" noValidate>
              <CsrfField />
              <Radios
                name="decision"
                legend="What do you want to do?"
                inline={false}
                options={[
                  { value: "accept", label: suggestion.kind === "problem" ? "Accept: I will correct the listing" : "Accept: add it as a draft listing" },
                  { value: "reject", label: "Reject, with a reply" },
                ]}
                value={values.decision}
                error={errors.decision}
              />
              <TextArea name="reply" label="Your reply" hint={suggestion.hasEmail ? "We email it to them. Needed when you reject." : "They left no email, so it is only kept here. Needed when you reject."} defaultValue={values.reply} error={errors.reply} />
              <button type="submit" className="govuk-button">
                Continue
              </button>
            </Form>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to="/coordinator/queue">
              Back to listings to review
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
