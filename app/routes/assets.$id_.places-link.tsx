import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { requireAssetPermission } from "../modules/accounts/permissions.server";
import { listingScope } from "../modules/assets/listing.server";
import { listingEmail, sendPlacesLink } from "../modules/verification/links.server";
import { refusal } from "../modules/errors/app-error";
import { DoneBanner } from "../components/done-banner";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Send a link to update places: ${loaded?.name ?? "a listing"} – Asset Atlas` }];

function authorise(request: Request, id: string) {
  return requireAssetPermission(request, "asset:review", (db) => listingScope(db, id));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, scope: listing } = await authorise(request, params.id ?? "");
  return { id: listing.id, name: listing.name, published: listing.status === "published", email: await listingEmail(db, listing.id) };
}

/** A coordinator sends the provider a link to update places and waiting time, at any time. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, scope: listing } = await authorise(request, params.id ?? "");
  try {
    await sendPlacesLink(db, actor, listing.id);
  } catch (error) {
    const refused = refusal(error);
    return data({ error: refused.message }, { status: refused.status });
  }
  throw redirect(`/assets/${listing.id}/places-link?sent`, 303);
}

export default function SendPlacesLink() {
  const { id, name, published, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {searchParams.has("sent") && !result && (
            <DoneBanner message={`The link has been emailed to ${email ?? "the provider"}. It works once, for 28 days.`} title="Sent" />
          )}
          {result?.error && (
            <div className="govuk-error-summary" role="alert" tabIndex={-1}>
              <h2 className="govuk-error-summary__title">There is a problem</h2>
              <div className="govuk-error-summary__body">
                <p className="govuk-body">{result.error}</p>
              </div>
            </div>
          )}
          <span className="govuk-caption-l">{name}</span>
          <h1 className="govuk-heading-l">Send a link to update places</h1>
          {!published ? (
            <p className="govuk-body">This listing is not published, so its provider cannot be sent a link.</p>
          ) : !email ? (
            <p className="govuk-body">This listing has no email address, so no link can be sent. Update its places yourself, or add an email address to it.</p>
          ) : (
            <>
              <p className="govuk-body">{`We will email ${email} a link to say how many places are free and whether there is a waiting list. No account is needed; the link works once, for 28 days, and any earlier link to update places stops working.`}</p>
              <Form method="post">
                <CsrfField />
                <button type="submit" className="govuk-button">
                  Send the link
                </button>
              </Form>
            </>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/assets/${id}/capacity`}>
              Update the places yourself
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
