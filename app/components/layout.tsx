import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  languages,
  switchHref,
  type Language,
} from "../modules/i18n/languages";
import { useT } from "../modules/i18n/use-t";

/** The council's own header: no crown, no GOV.UK name. */
export function SiteHeader({
  signedInAs,
  shortlisted,
}: {
  signedInAs: string | null;
  shortlisted: number;
}) {
  const { t } = useT();
  return (
    <header className="atlas-header" role="banner">
      <div className="govuk-width-container atlas-header__container">
        <div>
          <Link to="/" className="atlas-header__link">
            Asset Atlas
          </Link>
          <p className="atlas-header__council">{t("layout.council")}</p>
        </div>
        <div className="atlas-header__links">
          <nav
            aria-label={t("layout.accountNav")}
            className="atlas-header__account"
          >
            <Link to="/shortlist" className="atlas-header__account-link">
              {t("layout.shortlist", { count: shortlisted })}
            </Link>
            {signedInAs ? (
              <Link to="/account" className="atlas-header__account-link">
                <span className="govuk-visually-hidden">
                  {t("layout.signedInAs")}
                </span>
                {signedInAs}
              </Link>
            ) : (
              <Link to="/sign-in" className="atlas-header__account-link">
                {t("layout.signIn")}
              </Link>
            )}
          </nav>
          <LanguageSwitcher />
        </div>
      </div>
    </header>
  );
}

/**
 * Plain links, so the switch works without JavaScript (and reloads the whole page, so every
 * part of it, the document's `lang` included, comes back in the new language). Each language's
 * name is written in that language and marked with its `lang`.
 */
function LanguageSwitcher() {
  const { t, i18n } = useT();
  const { pathname, search } = useLocation();
  const current = i18n.language as Language;
  return (
    <nav aria-label={t("layout.language")} className="atlas-language">
      <ul className="atlas-language__list">
        {languages.map((language) =>
          language.code === current ? (
            <li
              key={language.code}
              className="atlas-language__item"
              lang={language.tag}
            >
              <span aria-current="true">{language.name}</span>
            </li>
          ) : (
            <li key={language.code} className="atlas-language__item">
              <a
                className="atlas-language__link"
                href={switchHref(language.code, pathname, search)}
                hrefLang={language.tag}
                lang={language.tag}
                rel="alternate"
              >
                {language.name}
              </a>
            </li>
          )
        )}
      </ul>
    </nav>
  );
}

export function DemoBanner() {
  const { t } = useT();
  return (
    <div className="atlas-demo-banner">
      <p className="govuk-width-container govuk-!-margin-bottom-0">
        <strong className="govuk-tag govuk-tag--yellow">
          {t("layout.demoTag")}
        </strong>{" "}
        {t("layout.demo")}
      </p>
    </div>
  );
}

export function SiteFooter() {
  const { t } = useT();
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">
              {t("layout.supportLinks")}
            </h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/about">
                  {t("layout.about")}
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/suggest">
                  {t("layout.suggest")}
                </Link>
              </li>
            </ul>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              {t("layout.footer")}
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

export function Page({
  children,
  wide = false,
}: {
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={`govuk-width-container${wide ? " atlas-wide" : ""}`}>
      <main className="govuk-main-wrapper" id="main-content" role="main">
        {children}
      </main>
    </div>
  );
}

/**
 * Text written by a listing's provider, in the language it was written in (the directory's
 * listings are in English), marked so that a screen reader reads it in that language.
 */
export function ListingText({
  children,
  as: Tag = "span",
  className,
}: {
  children: ReactNode;
  as?: "span" | "div" | "p";
  className?: string;
}) {
  const { i18n } = useT();
  // In English the text is already in the page's language: no extra element unless one is asked for.
  if (i18n.language === "en")
    return Tag === "span" && !className ? (
      <>{children}</>
    ) : (
      <Tag className={className}>{children}</Tag>
    );
  return (
    <Tag className={className} lang="en-GB">
      {children}
    </Tag>
  );
}
