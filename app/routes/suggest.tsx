import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { TextArea } from "../components/asset-form-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { clientAddress, takeRateLimit } from "../modules/accounts/rate-limit.server";
import { suggestListingSchema } from "../modules/assets/suggestion-form";
import { suggestionRateLimit, suggestListing } from "../modules/assets/suggestions.server";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Suggest a listing – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "asset:suggest");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "asset:suggest");
  const form = await readForm(request, suggestListingSchema);
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  if (!(await takeRateLimit(db, `suggest:${clientAddress(context)}`, suggestionRateLimit))) {
    return data({ errors: { form: "We have had a lot of suggestions from you in the last hour. Please try again later." }, values }, { status: 429 });
  }
  await suggestListing(db, form.data);
  throw redirect("/suggest?sent=1", 303);
}

export default function SuggestListing() {
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  if (searchParams.has("sent") && !result) {
    return (
      <Page>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Thank you</h1>
          <div className="govuk-panel__body">Your suggestion is with the locality coordinator.</div>
        </div>
        <p className="govuk-body">They will check it before it is listed. If you left an email, they will tell you what they decided.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/search">
            Search for support
          </Link>
        </p>
      </Page>
    );
  }
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="name" />
          <h1 className="govuk-heading-l">Suggest a listing</h1>
          <p className="govuk-body">
            Tell us about a group, service or person that helps people in your area and is missing here. You do not need an account.
          </p>
          <Form method="post" noValidate>
            <CsrfField />
            <TextField name="name" label="Name of the group or service" defaultValue={values.name} error={errors.name} />
            <TextArea name="description" label="What it offers" hint="For example, a lunch club on Tuesdays at the village hall." defaultValue={values.description} error={errors.description} />
            <TextField name="organisation" label="Who runs it (optional)" defaultValue={values.organisation} error={errors.organisation} />
            <TextField name="postcode" label="Postcode where it happens (optional)" width={10} defaultValue={values.postcode} error={errors.postcode} />
            <TextField name="phone" label="Its phone number (optional)" type="tel" width={20} defaultValue={values.phone} error={errors.phone} />
            <TextField name="website" label="Its website (optional)" spellCheck={false} defaultValue={values.website} error={errors.website} />
            <TextField
              name="email"
              label="Your email (optional)"
              hint="Only if you would like a reply. We use it for nothing else, and delete it some weeks after we have dealt with your suggestion."
              type="email"
              autoComplete="email"
              spellCheck={false}
              defaultValue={values.email}
              error={errors.email}
            />
            <button type="submit" className="govuk-button">
              Send suggestion
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
