import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { listHarvestSources } from "../modules/oruk/neighbours.server";
import { geographyCredits, geographySources } from "../modules/places/credits";

export const meta: MetaFunction = () => [{ title: "About Asset Atlas and data credits – Asset Atlas" }];

/** The neighbours' directories we show listings from, with the credit their licences ask for. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  const sources = await listHarvestSources(db);
  return { neighbours: sources.filter((source) => source.lastHarvestedAt).map(({ name, url, licence, attribution }) => ({ name, url, licence, attribution })) };
}

export default function About() {
  const { neighbours } = useLoaderData<typeof loader>();
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
          {neighbours.length > 0 && (
            <>
              <h2 className="govuk-heading-m">Listings from neighbouring directories</h2>
              <p className="govuk-body">Near the edges of the area, listings from these directories are shown too, each naming where it comes from. They keep them up to date.</p>
              <ul className="govuk-list govuk-list--bullet">
                {neighbours.map((source) => (
                  <li key={source.url}>
                    <strong>{source.name}</strong>
                    {`: ${source.attribution ? `${source.attribution}. ` : ""}Licence: ${source.licence}.`}
                  </li>
                ))}
              </ul>
            </>
          )}
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
