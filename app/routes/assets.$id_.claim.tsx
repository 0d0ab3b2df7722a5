import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { TextArea } from "../components/asset-form-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { getPublishedAsset } from "../modules/assets/asset.server";
import { claimSchema } from "../modules/assets/suggestion-form";
import { requestClaim } from "../modules/assets/suggestions.server";
import { invariantResponse } from "../modules/errors/app-error";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Claim ${loaded?.asset.name ?? "a listing"} – Asset Atlas` }];

async function claimable(request: Request, id: string) {
  const authorised = await requirePermission(request, "asset:claim");
  const asset = await getPublishedAsset(authorised.db, id);
  invariantResponse(asset, "Listing not found", 404);
  return { ...authorised, asset: { id: asset.id, name: asset.name, alreadyYours: asset.organizationId === authorised.actor.organizationId } };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { asset } = await claimable(request, params.id ?? "");
  return { asset };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, asset } = await claimable(request, params.id ?? "");
  if (asset.alreadyYours) throw redirect(`/assets/${asset.id}/edit`, 303);
  const form = await readForm(request, claimSchema);
  if (!form.ok) return data({ errors: form.errors, values: { message: form.values.message } }, { status: 400 });
  await requestClaim(db, actor, asset.id, form.data);
  throw redirect(`/assets/${asset.id}/claim?sent=1`, 303);
}

export default function ClaimListing() {
  const { asset } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{asset.name}</span>
          <h1 className="govuk-heading-l">Claim this listing</h1>
          {asset.alreadyYours ? (
            <p className="govuk-body">
              This listing is already your organisation&apos;s.{" "}
              <Link className="govuk-link" to={`/assets/${asset.id}/edit`}>
                Change its details
              </Link>
            </p>
          ) : searchParams.has("sent") && !result ? (
            <p className="govuk-body">Your claim is with the locality coordinator. We will email you when they have decided.</p>
          ) : (
            <>
              <ErrorSummary errors={errors} fallbackField="message" />
              <p className="govuk-body">
                If your organisation runs this, claim it: once the locality coordinator approves, you can keep its details and places up to date.
              </p>
              <Form method="post" noValidate>
                <CsrfField />
                <TextArea name="message" label="How are you connected to it?" hint="For example, I coordinate the volunteers." defaultValue={result?.values?.message} error={errors.message} rows={3} />
                <button type="submit" className="govuk-button">
                  Send claim
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
