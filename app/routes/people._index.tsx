import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { formatDate } from "../modules/assets/format";
import { requirePermission } from "../modules/accounts/permissions.server";
import { listCaseload } from "../modules/people/people.server";
import { needName } from "../../db/vocabulary/needs";

export const meta: MetaFunction = () => [{ title: "Your caseload – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:read");
  const people = await listCaseload(db, actor);
  return {
    people: people.map((person) => ({
      ...person,
      lastActivity: formatDate(person.lastActivityAt.toISOString()),
    })),
  };
}

export default function Caseload() {
  const { people } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="govuk-heading-l">Your caseload</h1>
      <p className="govuk-body">The people you are finding support for. Only you can see these records.</p>
      <p className="govuk-body">
        <Link className="govuk-button" to="/people/new">
          Record a person
        </Link>
      </p>
      {people.length === 0 ? (
        <p className="govuk-body">There is nobody on your caseload yet.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {people.length === 1 ? "1 person" : `${people.length} people`}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Postcode</th>
              <th scope="col" className="govuk-table__header">Needs</th>
              <th scope="col" className="govuk-table__header">Conversation</th>
              <th scope="col" className="govuk-table__header">Last change</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {people.map((person) => (
              <tr className="govuk-table__row" key={person.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/people/${person.id}`}>
                    {person.reference}
                  </Link>
                </td>
                <td className="govuk-table__cell">{person.postcode}</td>
                <td className="govuk-table__cell">{person.needs.map(needName).join(", ")}</td>
                <td className="govuk-table__cell">{person.conversation.toUpperCase()}</td>
                <td className="govuk-table__cell">{person.lastActivity}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
