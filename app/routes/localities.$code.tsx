import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import leafletStyles from "leaflet/dist/leaflet.css";
import { LazyMap } from "../components/lazy-map";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { duplicateRule } from "../modules/places/locality";
import { localityView, type NeedCell } from "../modules/places/locality.server";
import { invariantResponse } from "../modules/errors/app-error";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.place.name ?? "Locality"} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "asset:review");
  const view = await localityView(db, params.code ?? "");
  invariantResponse(view, "There is no district or ward with that code.", 404);
  return view;
}

function describeCell(cell: NeedCell): string {
  if (cell.assets === 0) return "None here";
  const capacity = [cell.places ? `${cell.places} places` : null, cell.hours ? `${cell.hours} h/wk` : null].filter(Boolean);
  return `${cell.assets}${capacity.length ? ` (${capacity.join(", ")})` : ""}`;
}

function describeReach(cell: NeedCell): string {
  if (cell.homes === 0) return "no postcodes";
  if (cell.homesInReach === cell.homes) return "in reach of everyone";
  if (cell.homesInReach === 0) return "in reach of no one";
  return `out of reach for ${Math.round(((cell.homes - cell.homesInReach) / cell.homes) * 100)}% of postcodes`;
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
      {view.assets.length === 0 ? (
        <div className="govuk-warning-text" data-no-listings>
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {`There are no published listings in ${view.place.name}. Below, a need is in reach only where a listing elsewhere serves the people who live here.`}
          </strong>
        </div>
      ) : (
        <p className="govuk-body">{`${view.assets.length} published listings. The map shows where they are; the tables below say the same in words.`}</p>
      )}
      <LazyMap
        label={`Map of community assets in ${view.place.name}`}
        points={view.assets.map((asset) => ({ ...asset, href: `/assets/${asset.id}`, detail: asset.ward ?? undefined }))}
        boundariesUrl={`/places/${view.place.code}/boundaries.json`}
      />

      <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Needs by ward, scrollable">
        <table className="govuk-table atlas-needs-table">
          <caption className="govuk-table__caption govuk-table__caption--m">
            Needs met, ward by ward: listings based in the ward (with their places or hours a week), and whether any listing meeting the need
            is in reach of the people who live there
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Need</th>
              {view.wards.map((ward) => (
                <th scope="col" className="govuk-table__header" key={ward.code}>
                  {ward.linked ? (
                    <Link className="govuk-link" to={`/localities/${ward.code}`}>
                      {ward.name}
                    </Link>
                  ) : (
                    ward.name
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {view.rows.map((row) => (
              <tr className="govuk-table__row" key={row.code}>
                <th scope="row" className="govuk-table__header">{row.name}</th>
                {row.cells.map((cell, index) => (
                  <td key={view.wards[index]!.code} className={`govuk-table__cell${cell.homesInReach === 0 ? " atlas-gap" : ""}`}>
                    {cell.homesInReach === 0 && cell.homes > 0 ? <strong className="govuk-tag govuk-tag--red">Gap</strong> : null}{" "}
                    {describeCell(cell)}
                    <span className="govuk-body-s atlas-block">{describeReach(cell)}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className="govuk-heading-m">{`Gaps (${view.gaps.length})`}</h2>
      <p className="govuk-body">
        {`A gap is a need with no listing in reach of anyone who lives in the ward: none serves their ward or district within ${view.reachMiles} miles of their postcode, or visits them at home (the rules matching uses).`}
      </p>
      {view.gaps.length === 0 && view.partial.length === 0 ? (
        <p className="govuk-body">Every need has a listing in reach of every postcode in every ward.</p>
      ) : view.gaps.length === 0 ? (
        <p className="govuk-body">Every need has a listing in reach of someone in every ward, but not of everyone (below).</p>
      ) : (
        <ul className="govuk-list govuk-list--bullet" data-gaps>
          {view.gaps.map((gap) => (
            <li key={`${gap.need}-${gap.ward}`}>{`No ${gap.need.toLowerCase()} in reach of anyone in ${gap.ward}`}</li>
          ))}
        </ul>
      )}
      {view.partial.length > 0 && (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">{`Out of reach for some of the people who live there (${view.partial.length})`}</span>
          </summary>
          <div className="govuk-details__text">
            <ul className="govuk-list govuk-list--bullet">
              {view.partial.map((gap) => (
                <li key={`${gap.need}-${gap.ward}`}>{`${gap.need}: out of reach for ${gap.outOfReach}% of postcodes in ${gap.ward}`}</li>
              ))}
            </ul>
          </div>
        </details>
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
