import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { findSupport } from "../modules/search/find-support.server";
import leafletStyles from "leaflet/dist/leaflet.css";
import { Page } from "../components/layout";
import { PlaceField } from "../components/place-field";
import { PlaceProblemSummary, SearchFilters, SelectedFilters } from "../components/search-filters";
import { SearchResults } from "../components/search-results";
import { requirePermission } from "../modules/accounts/permissions.server";
import { askForHelpHref } from "../modules/requests/ask-for-help-form";
import { maxQueryLength, searchHref, selectedFilters, withoutFilters } from "../modules/assets/search-params";
import { useT } from "../modules/i18n/use-t";
import { SaveSearch } from "../components/save-search";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: leafletStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  return findSupport(db, new URL(request.url));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.placeProblem ? "Error: " : ""}${
      data?.params.text ? `${data.params.text} – search results` : "Find community support"
    } – Asset Atlas`,
  },
];

/** Built for a phone first: the search, a closed "Filter" disclosure, then the results; list and map side by side on a wide screen. */
export default function Search() {
  const { params, place, placeProblem, notices, results, waysForward, happening, pages, links } = useLoaderData<typeof loader>();
  const location = useLocation();
  const { t } = useT();
  const { text, page } = params;
  const { hits, total } = results;
  const where = place ? ` ${place.where}` : "";
  const filters = selectedFilters(params);
  const usingLocation = place?.kind === "location";
  return (
    <Page wide>
      <a href="#results" className="govuk-skip-link atlas-skip-to-results">
        {t("search.skip")}
      </a>
      {placeProblem && <PlaceProblemSummary problem={placeProblem} />}
      <h1 className="govuk-heading-l atlas-search-heading">{text ? t("search.resultsHeading") : t("search.heading")}</h1>
      {/* One GET form for words, place and filters; results stay outside it (they hold their own forms). */}
      <Form method="get" action="/search" role="search" aria-label="Search and filter" className="atlas-search">
        <div className="atlas-search__bar" key={location.search}>
          <div className="govuk-form-group atlas-search__words">
            <label className="govuk-label govuk-label--s" htmlFor="search-q">
              {t("search.whatHelps")}
            </label>
            <div id="search-q-hint" className="govuk-hint">
              {t("search.whatHelpsHint")}
            </div>
            <input className="govuk-input" id="search-q" name="q" type="search" defaultValue={text} maxLength={maxQueryLength} aria-describedby="search-q-hint" autoComplete="off" spellCheck />
          </div>
          <PlaceField
            defaultValue={placeProblem?.field === "postcode" ? placeProblem.typed : params.postcode}
            error={placeProblem?.message ?? null}
            near={params.near}
            nearDescription={usingLocation ? place.named : null}
            stopUsingLocationHref={usingLocation ? searchHref(params, { near: "", page: 1 }) : null}
          />
          <button type="submit" className="govuk-button atlas-search__submit" data-module="govuk-button">
            {t("search.submit")}
          </button>
        </div>
        <SearchFilters params={params} facets={results.facets} ageInvalid={params.ageInvalid} selectedCount={filters.length} resetKey={location.search} />
      </Form>
      <SelectedFilters filters={filters} clearHref={withoutFilters(params)} />
      <div id="results" className="atlas-results-section" tabIndex={-1}>
        {params.truncated && <div className="govuk-inset-text">Your search was long, so we used the first {maxQueryLength} characters.</div>}
        {notices.map((notice) => (
          <div className="govuk-inset-text" key={notice}>
            {notice}
          </div>
        ))}
        <p className="govuk-body atlas-results-count" role="status">
          {total === 0
            ? `No results${text ? ` for “${text}”` : ""}${where}.`
            : `${total} ${total === 1 ? "result" : "results"}${text ? ` for “${text}”` : ""}${where}${pages > 1 ? ` – page ${Math.min(page, pages)} of ${pages}` : ""}`}
        </p>
        {total === 0 && (
          <>
            <p className="govuk-body">Try:</p>
            <ul className="govuk-list govuk-list--bullet">
              <li>checking the spelling</li>
              <li>fewer or more general words, such as “lunch” or “transport”</li>
              {place && !place.isArea && <li>a larger distance</li>}
              <li>fewer filters</li>
              {waysForward.map((way) => (
                <li key={way.href}><Link className="govuk-link" to={way.href}>{way.label}</Link></li>
              ))}
              <li><Link className="govuk-link" to="/search">browsing all community support</Link></li>
            </ul>
            <p className="govuk-body">
              <Link className="govuk-link" to={askForHelpHref({ back: `${location.pathname}${location.search}` })}>
                {t("askHelp.link")}
              </Link>
            </p>
          </>
        )}
        {hits.length === 0 && total > 0 && (
          <p className="govuk-body">
            {`There is no page ${page}. `}
            <Link className="govuk-link" to={links.first}>Go to the first page of results</Link>.
          </p>
        )}
        {hits.length > 0 && <SearchResults hits={hits} happening={happening} />}
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
      {/* After the results, so that on a phone the first result stays on the first screen. */}
      <SaveSearch params={params} />
    </Page>
  );
}
