import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { ListingText, Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { parseSearchParams, selectedFilters } from "../modules/assets/search-params";
import { translatedTitle } from "../modules/i18n/i18n";
import { useT } from "../modules/i18n/use-t";
import { maxSavedSearchName, maxSavedSearches, savedSearchHref } from "../modules/saved-searches/saved-search";
import { readSearch, sentValues } from "../modules/saved-searches/saved-search-form.server";
import { listSavedSearches, saveSearch, savedSearchId } from "../modules/saved-searches/saved-searches.server";
import { loadShortlist, readShortlist } from "../modules/shortlist/shortlist.server";

export const meta: MetaFunction = ({ matches }) => [{ title: translatedTitle(matches, "savedSearches.title") }];

const outcomes = ["saved", "renamedOnSave", "already", "renamed", "deleted"] as const;
type Outcome = (typeof outcomes)[number];

/** A saved search in a few words: what was typed, where, and how many filters. */
function describe(query: string) {
  const params = parseSearchParams(new URL(savedSearchHref(query), "http://atlas.invalid"));
  return { words: params.text, place: params.postcode || null, nearYou: !params.postcode && Boolean(params.near), filters: selectedFilters(params).length };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "account:self");
  const userId = actor.userId!;
  const url = new URL(request.url);
  const [searches, shortlistIds] = await Promise.all([listSavedSearches(db, userId), readShortlist(request, { db, userId })]);
  const shortlist = await loadShortlist(db, shortlistIds);
  const outcome = outcomes.find((known) => known === url.searchParams.get("outcome")) ?? null;
  const id = savedSearchId(url.searchParams.get("id"));
  const named = searches.find((search) => search.id === id)?.name ?? null;
  return {
    searches: searches.map((search) => ({ id: search.id, name: search.name, href: savedSearchHref(search.query), ...describe(search.query) })),
    shortlist: shortlist.assets.map((asset) => ({ id: asset.id, name: asset.name })),
    missing: shortlist.missing,
    // A message naming a search only while that search is there to name.
    done: outcome === "deleted" || (outcome && named) ? { outcome, name: named ?? "" } : null,
  };
}

/** Saving a search, from the search page's "Save this search" form. */
export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "account:self");
  const form = await request.formData();
  const values = sentValues(form);
  if (String(form.get("intent") ?? "") !== "save") {
    return data({ errors: { form: "savedSearches.errors.unknownIntent" }, values }, { status: 400 });
  }
  const read = readSearch(form);
  if (!read.ok) return data({ errors: read.errors, values }, { status: 400 });
  const result = await saveSearch(db, actor.userId!, { name: read.name, query: read.query });
  if (result.outcome === "full") return data({ errors: { form: "savedSearches.errors.full" }, values }, { status: 400 });
  const outcome: Outcome = result.outcome === "renamed" ? "renamedOnSave" : result.outcome;
  throw redirect(`/account/saved-searches?${new URLSearchParams({ outcome, id: result.id })}`, 303);
}

export default function SavedSearches() {
  const { searches, shortlist, missing, done } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const { t } = useT();
  const say = (key: string | undefined) => (key ? t(key, { max: String(key.endsWith("nameLong") ? maxSavedSearchName : maxSavedSearches) }) : undefined);
  const errors = refused ? Object.fromEntries(Object.entries(refused.errors).map(([field, key]) => [field, say(key)])) : {};
  return (
    <Page>
      {done && !refused && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title">{t("savedSearches.successTitle")}</h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{t(`savedSearches.${done.outcome}`, { name: done.name })}</p>
          </div>
        </div>
      )}
      {refused && <ErrorSummary errors={errors} fallbackField="save-search" title={t("common.problem")} />}
      <h1 className="govuk-heading-l">{t("savedSearches.heading")}</h1>
      {refused && (
        <section id="save-search" aria-labelledby="save-search-heading">
          <h2 className="govuk-heading-m" id="save-search-heading">
            {t("savedSearches.saveHeading")}
          </h2>
          {errors.query ? (
            <p id="query" className="govuk-error-message">
              <span className="govuk-visually-hidden">{t("common.error")}</span> {errors.query}
            </p>
          ) : (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="query" value={refused.values.query} />
              <TextField name="name" label={t("savedSearches.nameLabel")} hint={t("savedSearches.nameHint")} defaultValue={refused.values.name} error={errors.name} maxLength={maxSavedSearchName} autoComplete="off" />
              <button type="submit" className="govuk-button">
                {t("savedSearches.saveButton")}
              </button>
            </Form>
          )}
        </section>
      )}
      <p className="govuk-body">{t("savedSearches.intro")}</p>
      <h2 className="govuk-heading-m">{t("savedSearches.searchesHeading")}</h2>
      {searches.length === 0 ? (
        <>
          <p className="govuk-body">{t("savedSearches.none")}</p>
          <p className="govuk-body">
            {t("savedSearches.howTo")}{" "}
            <Link className="govuk-link" to="/search">
              {t("savedSearches.searchLink")}
            </Link>
          </p>
        </>
      ) : (
        <>
          <p className="govuk-body">{t("savedSearches.held", { count: String(searches.length), max: String(maxSavedSearches) })}</p>
          <dl className="govuk-summary-list">
            {searches.map((search) => (
              <div className="govuk-summary-list__row" key={search.id}>
                <dt className="govuk-summary-list__key">
                  <Link className="govuk-link" to={search.href}>
                    {search.name}
                    <span className="govuk-visually-hidden">: {t("savedSearches.run")}</span>
                  </Link>
                </dt>
                <dd className="govuk-summary-list__value">
                  {[
                    search.words ? t("savedSearches.words", { words: search.words }) : null,
                    search.place ? t("savedSearches.near", { place: search.place }) : search.nearYou ? t("savedSearches.nearYou") : null,
                    search.filters > 0 ? t("savedSearches.filters", { count: String(search.filters) }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </dd>
                <dd className="govuk-summary-list__actions">
                  <ul className="govuk-summary-list__actions-list">
                    <li className="govuk-summary-list__actions-list-item">
                      <Link className="govuk-link" to={`/account/saved-searches/${search.id}`}>
                        {t("savedSearches.rename")}
                        <span className="govuk-visually-hidden">: {search.name}</span>
                      </Link>
                    </li>
                    <li className="govuk-summary-list__actions-list-item">
                      <Link className="govuk-link" to={`/account/saved-searches/${search.id}?delete=yes`}>
                        {t("savedSearches.delete")}
                        <span className="govuk-visually-hidden">: {search.name}</span>
                      </Link>
                    </li>
                  </ul>
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <h2 className="govuk-heading-m">{t("savedSearches.shortlistHeading")}</h2>
      {shortlist.length === 0 ? (
        <p className="govuk-body">{t("savedSearches.shortlistNone")}</p>
      ) : (
        <>
          <ul className="govuk-list govuk-list--bullet">
            {shortlist.map((asset) => (
              <li key={asset.id}>
                <Link className="govuk-link" to={`/assets/${asset.id}`}>
                  <ListingText>{asset.name}</ListingText>
                </Link>
              </li>
            ))}
          </ul>
          <p className="govuk-body">
            <Link className="govuk-link" to="/shortlist">
              {t("savedSearches.shortlistLink")}
            </Link>
          </p>
        </>
      )}
      {missing > 0 && <p className="govuk-body">{t("savedSearches.shortlistMissing", { count: String(missing) })}</p>}
    </Page>
  );
}
