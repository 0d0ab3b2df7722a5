import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import leafletStyles from "leaflet/dist/leaflet.css";
import { LazyMap } from "../components/lazy-map";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { duplicateRule } from "../modules/places/locality";
import { localityView, type NeedCell } from "../modules/places/locality.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.place.name ?? "Locality"} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "asset:review");
  const view = await localityView(db, params.code ?? "");
  if (!view) throw new Response("There is no district or ward with that code.", { status: 404 });
  return view;
}

function describeCell(cell: NeedCell): string {
  if (cell.assets === 0) return "None";
  const capacity = [cell.places ? `${cell.places} places` : null, cell.hours ? `${cell.hours} h/wk` : null].filter(Boolean);
  return `${cell.assets}${capacity.length ? ` (${capacity.join(", ")})` : ""}`;
}

export default function Locality() {
  const view = useLoaderData<typeof loader>();
  return (
    <Page>
      <span className="govuk-caption-l">
        <Link className="govuk-link" to="/localities">
          Localities
        </Link>
      </span>
      <h1 className="govuk-heading-l">{view.place.name}</h1>
      <p className="govuk-body">{`${view.assets.length} published listings. The map shows where they are; the tables below say the same in words.`}</p>
      <LazyMap
        label={`Map of community assets in ${view.place.name}`}
        points={view.assets.map((asset) => ({ ...asset, href: `/assets/${asset.id}`, detail: asset.ward ?? undefined }))}
        boundariesUrl={`/places/${view.place.code}/boundaries.json`}
      />

      <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Needs by ward, scrollable">
        <table className="govuk-table atlas-needs-table">
          <caption className="govuk-table__caption govuk-table__caption--m">Needs met, ward by ward (listings, and their places or hours a week)</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Need</th>
              {view.wards.map((ward) => (
                <th scope="col" className="govuk-table__header" key={ward.code}>
                  <Link className="govuk-link" to={`/localities/${ward.code}`}>
                    {ward.name}
                  </Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {view.rows.map((row) => (
              <tr className="govuk-table__row" key={row.code}>
                <th scope="row" className="govuk-table__header">{row.name}</th>
                {row.cells.map((cell, index) => (
                  <td key={view.wards[index]!.code} className={`govuk-table__cell${cell.assets === 0 ? " atlas-gap" : ""}`}>
                    {cell.assets === 0 ? <strong className="govuk-tag govuk-tag--red">None</strong> : describeCell(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className="govuk-heading-m">{`Gaps (${view.gaps.length})`}</h2>
      {view.gaps.length === 0 ? (
        <p className="govuk-body">Every need is met somewhere in every ward.</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet">
          {view.gaps.map((gap) => (
            <li key={`${gap.need}-${gap.ward}`}>{`No ${gap.need.toLowerCase()} in ${gap.ward}`}</li>
          ))}
        </ul>
      )}

      <h2 className="govuk-heading-m">{`Possible duplicates (${view.duplicates.length})`}</h2>
      <p className="govuk-body">
        {`Listings within ${duplicateRule.metres} metres of each other, with similar names and a need in common.`}
      </p>
      {view.duplicates.length > 0 && (
        <ul className="govuk-list govuk-list--bullet">
          {view.duplicates.map((pair) => (
            <li key={`${pair.first_id}-${pair.second_id}`}>
              <Link className="govuk-link" to={`/assets/${pair.first_id}`}>
                {pair.first_name}
              </Link>{" "}
              and{" "}
              <Link className="govuk-link" to={`/assets/${pair.second_id}`}>
                {pair.second_name}
              </Link>
              {` (${pair.metres} metres apart)`}
            </li>
          ))}
        </ul>
      )}

      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">{`All ${view.assets.length} listings in ${view.place.name}`}</span>
        </summary>
        <div className="govuk-details__text">
          <ul className="govuk-list">
            {view.assets.map((asset) => (
              <li key={asset.id}>
                <Link className="govuk-link" to={`/assets/${asset.id}`}>
                  {asset.name}
                </Link>
                {asset.ward ? `, ${asset.ward}` : ""}
              </li>
            ))}
          </ul>
        </div>
      </details>
    </Page>
  );
}
