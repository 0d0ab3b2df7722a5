import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** The council's own header: no crown, no GOV.UK name. */
export function SiteHeader({ signedInAs, shortlisted }: { signedInAs: string | null; shortlisted: number }) {
  return (
    <header className="atlas-header" role="banner">
      <div className="govuk-width-container atlas-header__container">
        <div>
          <Link to="/" className="atlas-header__link">
            Asset Atlas
          </Link>
          <p className="atlas-header__council">Community support in East Cambridgeshire</p>
        </div>
        <nav aria-label="Account and shortlist" className="atlas-header__account">
          <Link to="/shortlist" className="atlas-header__account-link">
            {`Shortlist (${shortlisted})`}
          </Link>
          {signedInAs ? (
            <Link to="/account" className="atlas-header__account-link">
              <span className="govuk-visually-hidden">Signed in as </span>
              {signedInAs}
            </Link>
          ) : (
            <Link to="/sign-in" className="atlas-header__account-link">
              Sign in
            </Link>
          )}
        </nav>
      </div>
    </header>
  );
}

export function DemoBanner() {
  return (
    <div className="atlas-demo-banner">
      <p className="govuk-width-container govuk-!-margin-bottom-0">
        <strong className="govuk-tag govuk-tag--yellow">Demo</strong> The groups, people and services listed
        here are invented for demonstration. Places and postcodes are real.
      </p>
    </div>
  );
}

export function SiteFooter() {
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <div className="govuk-footer__meta">
          <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
            <h2 className="govuk-visually-hidden">Support links</h2>
            <ul className="govuk-footer__inline-list">
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/about">
                  About Asset Atlas and data credits
                </Link>
              </li>
              <li className="govuk-footer__inline-list-item">
                <Link className="govuk-footer__link" to="/suggest">
                  Suggest a listing
                </Link>
              </li>
            </ul>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              Asset Atlas is open-source software for councils&apos; adult social care. Map data credits are on
              the About page.
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}

export function Page({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <div className={`govuk-width-container${wide ? " atlas-wide" : ""}`}>
      <main className="govuk-main-wrapper" id="main-content" role="main">
        {children}
      </main>
    </div>
  );
}
