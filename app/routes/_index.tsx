import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Page } from "../components/layout";
import { SearchForm } from "../components/search-form";
import { needs } from "../../db/vocabulary/needs";
import { i18nFor, translatedTitle } from "../modules/i18n/i18n";
import { defaultLanguage, type Language } from "../modules/i18n/languages";
import { useT } from "../modules/i18n/use-t";

export const meta: MetaFunction = ({ matches }) => {
  const root = matches.find((match) => match.id === "root")?.data as { language?: Language } | undefined;
  return [
    { title: translatedTitle(matches, "home.title") },
    { name: "description", content: i18nFor(root?.language ?? defaultLanguage).t("home.description") },
  ];
};

export default function Home() {
  const { t } = useT();
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">{t("home.heading")}</h1>
          <p className="govuk-body-l">{t("home.lead")}</p>
          <SearchForm label={t("home.searchLabel")} />
          <h2 className="govuk-heading-m govuk-!-margin-top-8">{t("home.guidedHeading")}</h2>
          <p className="govuk-body">{t("home.guidedText")}</p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/what-matters">
              {t("home.guidedLink")}
            </Link>
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/whats-on">
              {t("home.whatsOn")}
            </Link>
          </p>
          <h2 className="govuk-heading-m govuk-!-margin-top-8">{t("home.browse")}</h2>
          <ul className="govuk-list">
            {needs.map((need) => (
              <li key={need.code}>
                <Link className="govuk-link" to={`/search?need=${need.code}`}>
                  {t(`needs.${need.code}`)}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </Page>
  );
}
