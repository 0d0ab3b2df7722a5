import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  LiveReload,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { DemoBanner, Page, SiteFooter, SiteHeader } from "./components/layout";
import { useNonce } from "./components/nonce";
import { config } from "./env.server";
import { requirePermission } from "./modules/accounts/permissions.server";
import { readShortlist } from "./modules/shortlist/shortlist.server";
import { i18nFor } from "./modules/i18n/i18n";
import { defaultLanguage, languageTag, requestLanguage } from "./modules/i18n/languages";
import styles from "./styles/generated/atlas.css";
import { useT } from "./modules/i18n/use-t";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor, displayName, csrfToken } = await requirePermission(request, "directory:read");
  return {
    signedIn: actor.role === "anonymous" ? null : { displayName },
    csrfToken,
    shortlist: await readShortlist(request, { db, userId: actor.userId }),
    language: requestLanguage(request),
    demo: config().demoMode,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const root = useRouteLoaderData<typeof loader>("root");
  const language = root?.language ?? defaultLanguage;
  const i18n = useMemo(() => i18nFor(language), [language]);
  return (
    <I18nextProvider i18n={i18n}>
      <Document lang={languageTag(language)} nonce={nonce} signedIn={root?.signedIn?.displayName ?? null} shortlisted={root?.shortlist.length ?? 0} demo={Boolean(root?.demo)}>
        {children}
      </Document>
    </I18nextProvider>
  );
}

function Document({ lang, nonce, signedIn, shortlisted, demo, children }: { lang: string; nonce: string | undefined; signedIn: string | null; shortlisted: number; demo: boolean; children: ReactNode }) {
  const { t } = useT();
  return (
    <html lang={lang} className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1d70b8" />
        <Meta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link">
          {t("layout.skip")}
        </a>
        <SiteHeader signedInAs={signedIn} shortlisted={shortlisted} />
        {demo && <DemoBanner />}
        {children}
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        {/* npm run dev only (renders nothing in production mode): reloads the page after each rebuild. */}
        <LiveReload nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** One error page for the whole app: a clear message, never a stack trace. */
export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const clientError = isRouteErrorResponse(error) && error.status >= 400 && error.status < 500;
  // The server answers 503 while the database is down (server/http.ts); this shows it after a click.
  const unavailable = isRouteErrorResponse(error) && error.status === 503;
  const title = notFound
    ? "Page not found"
    : clientError
      ? "There is a problem"
      : unavailable
        ? "Sorry, the service is unavailable"
        : "Sorry, there is a problem with the service";
  const message = notFound
    ? "If you typed the web address, check it is correct. If you followed a link, the listing may have been removed."
    : clientError && typeof error.data === "string"
      ? error.data
      : unavailable
        ? "Try again in a few minutes."
        : "Please try again later.";
  return (
    <Page>
      <title>{`${title} – Asset Atlas`}</title>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">{message}</p>
      <p className="govuk-body">
        <a className="govuk-link" href="/">
          Search for community support
        </a>
      </p>
    </Page>
  );
}
