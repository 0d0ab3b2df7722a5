import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { searchEngine } from "../modules/search/search.server";
import { AssetSummary } from "../components/asset-summary";
import { Page } from "../components/layout";
import { SearchForm } from "../components/search-form";
import { requirePermission } from "../modules/accounts/permissions.server";
import { maxQueryLength, parseSearchParams, perPage } from "../modules/assets/search-params";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  const params = parseSearchParams(new URL(request.url));
  const engine = searchEngine(db);
  const results = await engine.searchAssets({ text: params.text, page: params.page, perPage });
  return { ...params, ...results };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.text ? `${data.text} – search results – Asset Atlas` : "All community support – Asset Atlas" },
];

export default function Search() {
  const { text, page, truncated, hits, total } = useLoaderData<typeof loader>();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const pageLink = (n: number) => `/search?${new URLSearchParams({ ...(text ? { q: text } : {}), page: String(n) })}`;
  return (
    <Page>
      <h1 className="govuk-heading-l">{text ? "Search results" : "All community support"}</h1>
      <SearchForm label="What would help?" defaultValue={text} />
      {truncated && (
        <div className="govuk-inset-text">
          Your search was long, so we used the first {maxQueryLength} characters.
        </div>
      )}
      <p className="govuk-body govuk-!-margin-top-6" role="status">
        {total === 0
          ? text
            ? `No results for “${text}”.`
            : "There are no published listings yet."
          : `${total} ${total === 1 ? "result" : "results"}${text ? ` for “${text}”` : ""}${
              pages > 1 ? ` – page ${Math.min(page, pages)} of ${pages}` : ""
            }`}
      </p>
      {total === 0 && text && (
        <>
          <p className="govuk-body">Try:</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>checking the spelling</li>
            <li>fewer or more general words, such as “lunch” or “transport”</li>
            <li>
              <Link className="govuk-link" to="/search">
                browsing all community support
              </Link>
            </li>
          </ul>
        </>
      )}
      {hits.length === 0 && total > 0 && (
        <p className="govuk-body">
          There is no page {page}.{" "}
          <Link className="govuk-link" to={pageLink(1)}>
            Go to the first page of results
          </Link>
          .
        </p>
      )}
      {hits.length > 0 && (
        <ul className="govuk-list" aria-label="Search results">
          {hits.map((hit) => (
            <AssetSummary key={hit.id} asset={hit} />
          ))}
        </ul>
      )}
      {pages > 1 && hits.length > 0 && (
        <nav className="govuk-pagination" aria-label="Results pages">
          {page > 1 && (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" to={pageLink(page - 1)} rel="prev">
                <span className="govuk-pagination__link-title">Previous page</span>
              </Link>
            </div>
          )}
          {page < pages && (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" to={pageLink(page + 1)} rel="next">
                <span className="govuk-pagination__link-title">Next page</span>
              </Link>
            </div>
          )}
        </nav>
      )}
    </Page>
  );
}
