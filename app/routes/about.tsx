import type { MetaFunction } from "@remix-run/node";
import { Page } from "../components/layout";
import { geographyCredits, geographySources } from "../modules/places/credits";

export const meta: MetaFunction = () => [{ title: "About Asset Atlas and data credits – Asset Atlas" }];

export default function About() {
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">About Asset Atlas</h1>
          <p className="govuk-body">
            Asset Atlas maps the community support in a place – voluntary groups, community hubs, micro-enterprises
            and personal assistants – so that residents and the people who help them can find it, and so councils
            can see what it is worth.
          </p>
          <h2 className="govuk-heading-m">Demo data</h2>
          <p className="govuk-body">
            Every group, service and person listed in this demo is invented. Their towns, postcodes and map
            positions are real, so that searching near a postcode behaves as it would for real listings. Phone
            numbers are from the range reserved for drama and do not connect to anyone.
          </p>
          <h2 className="govuk-heading-m">Places and postcodes</h2>
          <ul className="govuk-list govuk-list--bullet">
            {geographySources.map((source) => (
              <li key={source.name}>
                <strong>{source.name}</strong>: {source.detail}
              </li>
            ))}
          </ul>
          <h2 className="govuk-heading-m">Data credits</h2>
          <ul className="govuk-list govuk-list--bullet" aria-label="Data credits">
            {geographyCredits.map((credit) => (
              <li key={credit}>{credit}</li>
            ))}
          </ul>
          <p className="govuk-body">
            Listings can be exchanged in the{" "}
            <a className="govuk-link" href="https://openreferraluk.org/">
              Open Referral UK
            </a>{" "}
            data standard (Human Services Data Specification: an Open Referral resource).
          </p>
        </div>
      </div>
    </Page>
  );
}
