import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { findSupport } from "../modules/search/search.server";
import leafletStyles from "leaflet/dist/leaflet.css";
import { AssetSummary } from "../components/asset-summary";
import { LazyMap } from "../components/lazy-map";
import { Page } from "../components/layout";
import { PostcodeProblemSummary, SearchFilters } from "../components/search-filters";
import { requirePermission } from "../modules/accounts/permissions.server";
import { maxQueryLength } from "../modules/assets/search-params";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  return findSupport(db, new URL(request.url));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.postcodeProblem ? "Error: " : ""}${
      data?.params.text ? `${data.params.text} – search results` : "Find community support"
    } – Asset Atlas`,
  },
];

export default function Search() {
  const { params, place, postcodeProblem, notices, results, waysForward, pages, links } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { text, page } = params;
  const { hits, total } = results;
  const near = place ? ` within ${place.radiusMiles} ${place.radiusMiles === 1 ? "mile" : "miles"} of ${place.label}` : "";
  const postcodeError = postcodeProblem
    ? `We could not find the postcode ‘${postcodeProblem.typed}’. Check it, or try just the first part, like CB7.`
    : null;
  return (
    <Page wide>
      {postcodeProblem && postcodeError && <PostcodeProblemSummary problem={postcodeProblem} message={postcodeError} />}
      <h1 className="govuk-heading-l">{text ? "Search results" : "Find community support"}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-quarter-from-desktop govuk-grid-column-one-third">
          {/* One GET form for words, place and filters; results stay outside it (they hold their own forms). */}
          <Form method="get" action="/search" role="search" aria-label="Search and filter" key={location.search}>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="search-q">
                What would help?
              </label>
              <div id="search-q-hint" className="govuk-hint">
                For example: lunch club, someone to talk to, help with the garden
              </div>
              <input className="govuk-input" id="search-q" name="q" type="search" defaultValue={text} maxLength={maxQueryLength} aria-describedby="search-q-hint" autoComplete="off" spellCheck />
            </div>
            <div className={`govuk-form-group${postcodeError ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label govuk-label--s" htmlFor="search-postcode">
                Postcode
              </label>
              <div id="search-postcode-hint" className="govuk-hint">
                Full or first part, like CB7 4AA or CB7
              </div>
              {postcodeError && (
                <p id="search-postcode-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {postcodeError}
                </p>
              )}
              <input className={`govuk-input govuk-input--width-10${postcodeError ? " govuk-input--error" : ""}`} id="search-postcode" name="postcode" type="text" defaultValue={postcodeProblem ? postcodeProblem.typed : params.postcode} autoComplete="postal-code" spellCheck={false} aria-describedby={postcodeError ? "search-postcode-hint search-postcode-error" : "search-postcode-hint"} />
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="search-radius">
                Within (miles)
              </label>
              <div id="search-radius-hint" className="govuk-hint">
                From 0.1 to 50 miles of the postcode
              </div>
              <input className="govuk-input govuk-input--width-4" id="search-radius" name="radius" type="text" inputMode="decimal" defaultValue={params.radiusMiles} aria-describedby="search-radius-hint" />
            </div>
            <button type="submit" className="govuk-button" data-module="govuk-button">
              Search
            </button>
            <SearchFilters params={params} facets={results.facets} ageInvalid={params.ageInvalid} />
          </Form>
        </div>
        <div className="govuk-grid-column-three-quarters-from-desktop govuk-grid-column-two-thirds">
          {params.truncated && <div className="govuk-inset-text">Your search was long, so we used the first {maxQueryLength} characters.</div>}
          {notices.map((notice) => (
            <div className="govuk-inset-text" key={notice}>
              {notice}
            </div>
          ))}
          <p className="govuk-body" role="status">
            {total === 0
              ? `No results${text ? ` for “${text}”` : ""}${near}.`
              : `${total} ${total === 1 ? "result" : "results"}${text ? ` for “${text}”` : ""}${near}${pages > 1 ? ` – page ${Math.min(page, pages)} of ${pages}` : ""}`}
          </p>
          {total === 0 && (
            <>
              <p className="govuk-body">Try:</p>
              <ul className="govuk-list govuk-list--bullet">
                <li>checking the spelling</li>
                <li>fewer or more general words, such as “lunch” or “transport”</li>
                {place && <li>a larger distance</li>}
                <li>fewer filters</li>
                {waysForward.map((way) => (
                  <li key={way.href}><Link className="govuk-link" to={way.href}>{way.label}</Link></li>
                ))}
                <li><Link className="govuk-link" to="/search">browsing all community support</Link></li>
              </ul>
            </>
          )}
          {hits.length === 0 && total > 0 && (
            <p className="govuk-body">
              {`There is no page ${page}. `}
              <Link className="govuk-link" to={links.first}>Go to the first page of results</Link>.
            </p>
          )}
          {hits.length > 0 && (
            <div className="atlas-results">
              <ul className="govuk-list atlas-results__list" aria-label="Search results">
                {hits.map((hit) => <AssetSummary key={hit.id} asset={hit} />)}
              </ul>
              {/* The same results on a map; the list is its text alternative. */}
              <div className="atlas-results__map">
                <LazyMap
                  label="Map of these results"
                  fitTo="points"
                  points={hits.flatMap((hit) =>
                    hit.latitude !== null && hit.longitude !== null
                      ? [{ id: hit.id, name: hit.name, lat: hit.latitude, lng: hit.longitude, href: `/assets/${hit.id}`, detail: hit.town ?? undefined }]
                      : [],
                  )}
                  boundariesUrl="/places/E07000009/boundaries.json"
                />
              </div>
            </div>
          )}
          {hits.length > 0 && (links.previous || links.next) && (
            <nav className="govuk-pagination" aria-label="Results pages">
              {links.previous && (
                <div className="govuk-pagination__prev">
                  <Link className="govuk-link govuk-pagination__link" to={links.previous} rel="prev">
                    <span className="govuk-pagination__link-title">Previous page</span>
                  </Link>
                </div>
              )}
              {links.next && (
                <div className="govuk-pagination__next">
                  <Link className="govuk-link govuk-pagination__link" to={links.next} rel="next">
                    <span className="govuk-pagination__link-title">Next page</span>
                  </Link>
                </div>
              )}
            </nav>
          )}
        </div>
      </div>
    </Page>
  );
}
