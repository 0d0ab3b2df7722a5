import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { CapacityFields } from "../components/capacity-fields";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { can } from "../modules/accounts/permissions";
import { requireAssetPermission } from "../modules/accounts/permissions.server";
import { assetScope, capacitySchema, getCapacity, updateCapacity } from "../modules/assets/capacity.server";
import { invariantResponse } from "../modules/errors/app-error";
import { readForm } from "../modules/forms/read-form.server";
import { DoneBanner } from "../components/done-banner";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Update places: ${loaded?.capacity.name ?? "listing"} – Asset Atlas` },
];

/** Authorise against this listing's owner and place. */
function authorise(request: Request, id: string) {
  return requireAssetPermission(request, "asset:update", (db) => assetScope(db, id));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, scope } = await authorise(request, params.id ?? "");
  const capacity = await getCapacity(db, params.id ?? "");
  invariantResponse(capacity, "Listing not found", 404);
  return { capacity, canSendLink: can(actor, "asset:review", scope) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor } = await authorise(request, params.id ?? "");
  const form = await readForm(request, capacitySchema);
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  await updateCapacity(db, actor, params.id ?? "", form.data);
  throw redirect(`/assets/${params.id}/capacity?saved=1`);
}

export default function UpdateCapacity() {
  const { capacity, canSendLink } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values = (result?.values ?? {}) as Record<string, string | undefined>;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {searchParams.has("saved") && !result && (
            <DoneBanner message="The places have been updated." />
          )}
          <ErrorSummary errors={errors} fallbackField="capacityAvailable" />
          <span className="govuk-caption-l">{capacity.name}</span>
          <h1 className="govuk-heading-l">Update places</h1>
          <Form method="post" noValidate>
            <CsrfField />
            <CapacityFields capacity={capacity} values={values} errors={errors} />
            <button type="submit" className="govuk-button">
              Save places
            </button>
          </Form>
          {canSendLink && (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/assets/${capacity.id}/places-link`}>
                Email the provider a link to update places themselves
              </Link>
            </p>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/assets/${capacity.id}`}>
              Back to the listing
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
