import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Page } from "../components/layout";
import { SearchForm } from "../components/search-form";
import { needs } from "../../db/vocabulary/needs";

export const meta: MetaFunction = () => [
  { title: "Find community support – Asset Atlas" },
  { name: "description", content: "Find groups, services and people that can help, near you in East Cambridgeshire." },
];

export default function Home() {
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">Find community support near you</h1>
          <p className="govuk-body-l">
            Groups, services and people in East Cambridgeshire that can help you or someone you care for stay
            well, connected and independent.
          </p>
          <SearchForm label="What would help?" />
          <h2 className="govuk-heading-m govuk-!-margin-top-8">Browse by what you need</h2>
          <ul className="govuk-list">
            {needs.map((need) => (
              <li key={need.code}>
                <Link className="govuk-link" to={`/search?need=${need.code}`}>
                  {need.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Page>
  );
}
