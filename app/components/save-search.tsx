import { Form, Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { loader as rootLoader } from "../root";
import { searchHref, type SearchParams } from "../modules/assets/search-params";
import { useT } from "../modules/i18n/use-t";
import { defaultSearchName, maxSavedSearchName } from "../modules/saved-searches/saved-search";
import { CsrfField } from "./csrf-field";
import { TextField } from "./form";

/**
 * "Save this search" after the results: a closed disclosure holding a plain form that posts
 * to the account's saved searches, so it works without JavaScript and the search page's loader
 * reads nothing more. Visitors without an account are offered sign-in, which brings them back.
 */
export function SaveSearch({ params }: { params: SearchParams }) {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const location = useLocation();
  const { t } = useT();
  const search = `${location.pathname}${location.search}`;
  // A search with no words, place or filters is not worth saving.
  if (searchHref(params, { page: 1 }) === "/search") return null;
  if (!root?.signedIn) {
    return (
      <p className="govuk-body-s atlas-save-search">
        <Link className="govuk-link" to={`/sign-in?${new URLSearchParams({ redirectTo: search })}`}>
          {t("savedSearches.signInToSave")}
        </Link>{" "}
        {t("savedSearches.signInWhy")}
      </p>
    );
  }
  return (
    <details className="govuk-details atlas-save-search" key={location.search}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{t("savedSearches.saveSummary")}</span>
      </summary>
      <div className="govuk-details__text">
        <Form method="post" action="/account/saved-searches">
          <CsrfField />
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="query" value={location.search} />
          <TextField
            name="name"
            label={t("savedSearches.nameLabel")}
            hint={t("savedSearches.nameHint")}
            defaultValue={defaultSearchName(params, t)}
            maxLength={maxSavedSearchName}
            autoComplete="off"
          />
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            {t("savedSearches.saveButton")}
          </button>
        </Form>
      </div>
    </details>
  );
}
