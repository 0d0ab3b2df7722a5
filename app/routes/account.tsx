import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { can, roleNames } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";

export const meta: MetaFunction = () => [{ title: "Your account – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor, displayName } = await requirePermission(request, "account:self");
  return {
    displayName,
    role: actor.role === "anonymous" ? null : roleNames[actor.role],
    canManageAccounts: can(actor, "account:manage"),
    canReviewListings: can(actor, "asset:review"),
    canSeeReferrals: can(actor, "referral:read"),
    canSeeCaseload: can(actor, "person:read"),
  };
}

export default function Account() {
  const { displayName, role, canManageAccounts, canReviewListings, canSeeReferrals, canSeeCaseload } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="govuk-heading-l">Your account</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Name</dt>
          <dd className="govuk-summary-list__value">{displayName}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Role</dt>
          <dd className="govuk-summary-list__value">{role}</dd>
        </div>
      </dl>
      {canSeeCaseload && (
        <p className="govuk-body">
          <Link className="govuk-link" to="/people">
            Your caseload
          </Link>
        </p>
      )}
      {canReviewListings && (
        <p className="govuk-body">
          <Link className="govuk-link" to="/coordinator/verification">
            Listings to check
          </Link>
        </p>
      )}
      {canSeeReferrals && (
        <p className="govuk-body">
          <Link className="govuk-link" to="/referrals">
            Your referrals
          </Link>
        </p>
      )}
      {canManageAccounts && (
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/accounts">
            Manage accounts
          </Link>
        </p>
      )}
      <Form method="post" action="/sign-out">
        <CsrfField />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Sign out
        </button>
      </Form>
    </Page>
  );
}
