import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { listAccounts } from "../modules/accounts/admin.server";
import { roleNames } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { formatDate } from "../../db/calendar";

export const meta: MetaFunction = () => [{ title: "Accounts – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "account:manage");
  const accounts = await listAccounts(db);
  return { accounts: accounts.map((a) => ({ ...a, lastSignInAt: a.lastSignInAt?.toISOString() ?? null })) };
}

export default function Accounts() {
  const { accounts } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="govuk-heading-l">Accounts</h1>
      <Link to="/admin/accounts/new" className="govuk-button">
        Invite someone
      </Link>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{accounts.length} accounts</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">Role</th>
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header">Last signed in</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {accounts.map((account) => (
            <tr className="govuk-table__row" key={account.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/accounts/${account.id}`}>
                  {account.displayName}
                </Link>
                <br />
                <span className="govuk-body-s">{account.email}</span>
              </td>
              <td className="govuk-table__cell">
                {roleNames[account.role]}
                {account.organizationName ? `, ${account.organizationName}` : ""}
              </td>
              <td className="govuk-table__cell">{account.active ? "Active" : "Deactivated"}</td>
              <td className="govuk-table__cell">{formatDate(account.lastSignInAt) ?? "Never"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}
