import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { TextArea } from "../components/asset-form-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { clientAddress, takeRateLimit } from "../modules/accounts/rate-limit.server";
import { getPublishedAsset } from "../modules/assets/asset.server";
import { reportProblemSchema } from "../modules/assets/suggestion-form";
import { reportProblem, suggestionRateLimit } from "../modules/assets/suggestions.server";
import { invariantResponse } from "../modules/errors/app-error";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Report a problem: ${loaded?.asset.name ?? "listing"} – Asset Atlas` }];

async function published(request: Request, id: string) {
  const { db } = await requirePermission(request, "asset:suggest");
  const asset = await getPublishedAsset(db, id);
  invariantResponse(asset, "Listing not found", 404);
  return { db, asset: { id: asset.id, name: asset.name } };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { asset } = await published(request, params.id ?? "");
  return { asset };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db, asset } = await published(request, params.id ?? "");
  const form = await readForm(request, reportProblemSchema);
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  if (!(await takeRateLimit(db, `suggest:${clientAddress(context)}`, suggestionRateLimit))) {
    return data({ errors: { form: "We have had a lot of reports from you in the last hour. Please try again later." }, values }, { status: 429 });
  }
  await reportProblem(db, asset.id, form.data);
  throw redirect(`/assets/${asset.id}/report?sent=1`, 303);
}

export default function ReportProblem() {
  const { asset } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {searchParams.has("sent") && !result ? (
            <>
              <div className="govuk-panel govuk-panel--confirmation">
                <h1 className="govuk-panel__title">Thank you</h1>
                <div className="govuk-panel__body">The locality coordinator will check the listing.</div>
              </div>
              <p className="govuk-body">If you left an email, they will tell you what they did.</p>
            </>
          ) : (
            <>
              <ErrorSummary errors={errors} fallbackField="message" />
              <span className="govuk-caption-l">{asset.name}</span>
              <h1 className="govuk-heading-l">Report a problem with this listing</h1>
              <Form method="post" noValidate>
                <CsrfField />
                <TextArea name="message" label="What is wrong?" hint="For example, it has moved, the phone number has changed, or it has stopped running." defaultValue={values.message} error={errors.message} />
                <TextField
                  name="email"
                  label="Your email (optional)"
                  hint="Only if you would like a reply. We use it for nothing else, and delete it some weeks after we have dealt with your report."
                  type="email"
                  autoComplete="email"
                  spellCheck={false}
                  defaultValue={values.email}
                  error={errors.email}
                />
                <button type="submit" className="govuk-button">
                  Send report
                </button>
              </Form>
            </>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/assets/${asset.id}`}>
              Back to the listing
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
