/**
 * The filter panel of /search: plain form fields (the page wraps them in one GET form), so it
 * works with JavaScript off and the URL holds the whole search. Counts come from the engine.
 * The selected filters and the place problem summary live here too.
 */
import { Link } from "@remix-run/react";
import { assetKinds } from "../../db/vocabulary/kinds";
import { days, type SearchParams } from "../modules/assets/search-params";
import { accessibilityFeatures, needs } from "../../db/vocabulary/needs";
import { useT } from "../modules/i18n/use-t";
import { accessIn, kindIn, needIn } from "../modules/i18n/words";
import type { AssetFacets } from "../../search/types";
import type { PlaceProblem } from "../modules/search/place.server";

interface Option {
  code: string;
  name: string;
  count?: number;
}

function Checkboxes({ legend, name, options, checked }: { legend: string; name: string; options: Option[]; checked: string[] }) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
          {options.map((option) => {
            const id = `filter-${name}-${option.code}`;
            return (
              <div className="govuk-checkboxes__item" key={option.code}>
                <input
                  className="govuk-checkboxes__input"
                  id={id}
                  name={name}
                  type="checkbox"
                  value={option.code}
                  defaultChecked={checked.includes(option.code)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {option.name}
                  {option.count !== undefined && <span className="atlas-facet-count">{` (${option.count})`}</span>}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function Flag({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  const id = `filter-${name}`;
  return (
    <div className="govuk-checkboxes__item">
      <input className="govuk-checkboxes__input" id={id} name={name} type="checkbox" value="yes" defaultChecked={checked} />
      <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}

/**
 * The "Filter" disclosure (the MOJ filter pattern as a native <details>: it opens and closes
 * without JavaScript, and browsers announce it as expanded or collapsed). Its fields belong to the
 * page's one GET form. Closed by default, so a phone shows results first; with JavaScript the
 * element stays mounted between searches, so it stays as the person left it (`resetKey` renews
 * only the fields' values).
 */
export function SearchFilters({
  params,
  facets,
  ageInvalid,
  selectedCount,
  resetKey,
}: {
  params: SearchParams;
  facets: AssetFacets;
  ageInvalid: boolean;
  selectedCount: number;
  resetKey: string;
}) {
  const { t } = useT();
  const needCount = new Map(facets.needs.map((facet) => [facet.code, facet.count]));
  const kindCount = new Map(facets.kinds.map((facet) => [facet.code, facet.count]));
  return (
    <details className="atlas-filter" id="filters" open={ageInvalid || undefined}>
      <summary className="atlas-filter__toggle">
        {selectedCount > 0 ? t("filters.toggleSelected", { n: selectedCount }) : t("filters.toggle")}
      </summary>
      <div className="atlas-filter__panel" key={resetKey}>
        <div className="atlas-filter__groups">
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="search-radius">
              {t("filters.distance")}
            </label>
            <div id="search-radius-hint" className="govuk-hint">
              {t("filters.distanceHint")}
            </div>
            <input className="govuk-input govuk-input--width-4" id="search-radius" name="radius" type="text" inputMode="decimal" defaultValue={params.radiusMiles} aria-describedby="search-radius-hint" />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="filter-sort">
              {t("filters.sortBy")}
            </label>
            <select className="govuk-select" id="filter-sort" name="sort" defaultValue={params.sort}>
              <option value="relevance">{t("filters.sort.relevance")}</option>
              <option value="distance">{t("filters.sort.distance")}</option>
              <option value="name">{t("filters.sort.name")}</option>
            </select>
          </div>
          <Checkboxes
            legend={t("filters.helpsWith")}
            name="need"
            checked={params.needs}
            options={needs.map((need) => ({ code: need.code, name: needIn(need.code, t), count: needCount.get(need.code) ?? 0 }))}
          />
          <Checkboxes
            legend={t("filters.kind")}
            name="kind"
            checked={params.kinds}
            options={assetKinds
              .map((kind) => ({ code: kind.code, name: kindIn(kind.code, t), count: kindCount.get(kind.code) ?? 0 }))
              .filter((kind) => kind.count > 0 || params.kinds.includes(kind.code))}
          />
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="filter-day">
              {t("filters.openOn")}
            </label>
            <select className="govuk-select" id="filter-day" name="day" defaultValue={params.day ?? ""}>
              <option value="">{t("filters.anyDay")}</option>
              {days.map((day) => (
                <option key={day.code} value={day.code}>
                  {t(`days.${day.code}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="govuk-form-group">
            <fieldset className="govuk-fieldset">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{t("filters.cost")}</legend>
              <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                <Flag name="free" label={t("filters.free")} checked={params.freeOrLowCost} />
                <Flag name="dp" label={t("filters.directPayment")} checked={params.directPayment} />
                <Flag name="capacity" label={t("filters.hasPlaces")} checked={params.hasCapacity} />
              </div>
            </fieldset>
          </div>
          <div className={`govuk-form-group${ageInvalid ? " govuk-form-group--error" : ""}`}>
            <label className="govuk-label govuk-label--s" htmlFor="filter-age">
              {t("filters.age")}
            </label>
            <div id="filter-age-hint" className="govuk-hint">
              {t("filters.ageHint")}
            </div>
            {ageInvalid && (
              <p id="filter-age-error" className="govuk-error-message">
                <span className="govuk-visually-hidden">{t("common.error")}</span> {t("filters.ageError")}
              </p>
            )}
            <input
              className={`govuk-input govuk-input--width-3${ageInvalid ? " govuk-input--error" : ""}`}
              id="filter-age"
              name="age"
              type="text"
              inputMode="numeric"
              defaultValue={params.age ?? ""}
              aria-describedby={ageInvalid ? "filter-age-hint filter-age-error" : "filter-age-hint"}
            />
          </div>
          <Checkboxes
            legend={t("filters.accessibility")}
            name="access"
            checked={params.accessibility}
            options={accessibilityFeatures.map((feature) => ({ code: feature.code, name: accessIn(feature.code, t) }))}
          />
        </div>
        <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
          {t("filters.apply")}
        </button>
      </div>
    </details>
  );
}

/** What narrows the results now, each with a link that removes it (beside the closed panel too). */
export function SelectedFilters({ filters, clearHref }: { filters: { label: string; href: string }[]; clearHref: string }) {
  const { t } = useT();
  if (filters.length === 0) return null;
  return (
    <div className="atlas-selected-filters">
      <h2 className="govuk-heading-s" id="selected-filters-heading">
        {t("filters.selected")}
      </h2>
      <ul className="atlas-selected-filters__list" aria-labelledby="selected-filters-heading">
        {filters.map((filter) => (
          <li key={filter.href + filter.label}>
            <Link className="atlas-selected-filters__tag" to={filter.href}>
              <span className="govuk-visually-hidden">{t("filters.remove")}</span>
              {filter.label}
              <span aria-hidden="true"> ×</span>
            </Link>
          </li>
        ))}
        <li>
          <Link className="govuk-link" to={clearHref}>
            {t("filters.clear")}
          </Link>
        </li>
      </ul>
    </div>
  );
}

/** GOV.UK error summary for a place we cannot use, with the places we think were meant as links. */
export function PlaceProblemSummary({ problem }: { problem: PlaceProblem }) {
  const { t } = useT();
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary">
      <div role="alert">
        <h2 className="govuk-error-summary__title">{t("common.problem")}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            <li>
              <a href="#search-postcode">{problem.message}</a>
            </li>
          </ul>
          {problem.suggestions.length > 0 && (
            <>
              <p className="govuk-body govuk-!-margin-bottom-1">{problem.suggestionsIntro}</p>
              <ul className="govuk-list atlas-place-suggestions" aria-label={t("search.problem.placesYouMean")}>
                {problem.suggestions.map((suggestion) => (
                  <li key={suggestion.label}>
                    <Link className="govuk-link" to={suggestion.href}>
                      {suggestion.label}
                    </Link>
                    {suggestion.description && <span className="govuk-hint govuk-!-display-inline">{` (${suggestion.description})`}</span>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
