import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { can, roleNames, type Permission } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { providerListings } from "../modules/assets/changes.server";
import { listingStatuses } from "../../db/vocabulary/kinds";
import { formatDate } from "../../db/calendar";

export const meta: MetaFunction = () => [{ title: "Your account – Asset Atlas" }];

/** Where each role goes from here: one line of links per permission, shown to those who have it. */
const destinations: ReadonlyArray<{ permission: Permission; links: ReadonlyArray<{ to: string; text: string }> }> = [
  { permission: "account:self", links: [{ to: "/account/saved-searches", text: "Your saved searches and shortlist" }] },
  { permission: "person:read", links: [{ to: "/people", text: "Your caseload" }] },
  {
    permission: "asset:review",
    links: [
      { to: "/coordinator/queue", text: "Listings to review" },
      { to: "/coordinator/verification", text: "Listings to check" },
      { to: "/coordinator/data-quality", text: "Data quality" },
      { to: "/assets/new", text: "Add a listing" },
    ],
  },
  { permission: "referral:read", links: [{ to: "/referrals", text: "Your referrals" }] },
  { permission: "evidence:read", links: [{ to: "/evidence", text: "Evidence of cost avoided" }] },
  { permission: "unit-cost:update", links: [{ to: "/admin/unit-costs", text: "Unit costs" }] },
  { permission: "asset:import", links: [{ to: "/coordinator/imports", text: "Import and export listings" }] },
  { permission: "account:manage", links: [{ to: "/admin/accounts", text: "Manage accounts" }] },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, displayName } = await requirePermission(request, "account:self");
  const listings = await providerListings(db, actor);
  return {
    displayName,
    listings: listings.map((listing) => ({
      ...listing,
      statusName: listingStatuses.find((status) => status.code === listing.status)?.name ?? listing.status,
    })),
    role: actor.role === "anonymous" ? null : roleNames[actor.role],
    linkRows: destinations.filter((row) => can(actor, row.permission)).map((row) => row.links),
  };
}

export default function Account() {
  const { displayName, role, linkRows, listings } = useLoaderData<typeof loader>();
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
      {linkRows.map((links) => (
        <p className="govuk-body" key={links[0]!.to}>
          {links.map((link, index) => (
            <span key={link.to}>
              {index > 0 && " · "}
              <Link className="govuk-link" to={link.to}>
                {link.text}
              </Link>
            </span>
          ))}
        </p>
      ))}
      {listings.length > 0 && (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Your listings</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Listing</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Last checked</th>
              <th scope="col" className="govuk-table__header">Keep it true</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {listings.map((listing) => (
              <tr className="govuk-table__row" key={listing.id}>
                <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                  {listing.status === "published" ? (
                    <Link className="govuk-link" to={`/assets/${listing.id}`}>
                      {listing.name}
                    </Link>
                  ) : (
                    listing.name
                  )}
                </th>
                <td className="govuk-table__cell">
                  {listing.statusName}
                  {listing.changesWaiting && (
                    <>
                      <br />
                      <span className="govuk-body-s">Your changes are waiting to be checked</span>
                    </>
                  )}
                </td>
                <td className="govuk-table__cell">
                  {listing.lastVerifiedAt
                    ? formatDate(listing.lastVerifiedAt)
                    : "Never"}
                </td>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/assets/${listing.id}/edit`}>
                    Change<span className="govuk-visually-hidden"> {listing.name}</span>
                  </Link>
                  {listing.capacityCounted && (
                    <>
                      {" · "}
                      <Link className="govuk-link" to={`/assets/${listing.id}/capacity`}>
                        Update places<span className="govuk-visually-hidden"> for {listing.name}</span>
                      </Link>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
