import { Form } from "@remix-run/react";
import { PlaceField } from "./place-field";
import { useT } from "../modules/i18n/use-t";

/** A plain GET form: works the same with or without JavaScript, and the URL holds the search. */
export function SearchForm({ defaultValue = "", label }: { defaultValue?: string; label: string }) {
  const { t } = useT();
  return (
    <Form method="get" action="/search" role="search" className="atlas-search-form">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="search-q">
          {label}
        </label>
        <div id="search-q-hint" className="govuk-hint">
          {t("layout.formHint")}
        </div>
        <input
          className="govuk-input"
          id="search-q"
          name="q"
          type="search"
          defaultValue={defaultValue}
          maxLength={200}
          aria-describedby="search-q-hint"
          autoComplete="off"
          spellCheck
        />
      </div>
      <PlaceField defaultValue="" optional />
      <button type="submit" className="govuk-button" data-module="govuk-button">
        {t("search.submit")}
      </button>
    </Form>
  );
}
