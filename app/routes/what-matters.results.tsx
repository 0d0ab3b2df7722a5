import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListingText, Page } from "../components/layout";
import { GuidedAnswers, HappeningTag } from "../components/guided-results";
import { requirePermission } from "../modules/accounts/permissions.server";
import { findGuidedPlace, guidedResults } from "../modules/guided/guided.server";
import { firstUnanswered, personFromAnswers, readAnswers, resultsHref, stepHref } from "../modules/guided/guided-path";
import { askForHelpHref } from "../modules/requests/ask-for-help-form";
import { translatedTitle } from "../modules/i18n/i18n";
import { useT } from "../modules/i18n/use-t";

/** The end of the guided path: listings ranked by the matching engine for the answers in the address. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  const answers = readAnswers(new URL(request.url));
  const unanswered = firstUnanswered(answers);
  if (unanswered) throw redirect(stepHref(unanswered, answers));
  const place = await findGuidedPlace(db, answers.where);
  // A place we cannot find (an edited address): the place question says why.
  if (!place.found) throw redirect(stepHref("where", answers, { submitted: "where" }));
  const { results, missing } = await guidedResults(db, answers, place.place);
  const searchQuery = new URLSearchParams([["postcode", place.place.label], ...personFromAnswers(answers).needs.map((need) => ["need", need])]);
  // Who it is for and where come with the person to "ask for help"; their needs do not (they write their own words there).
  const askHref = askForHelpHref({ for: answers.who, where: place.place.label, back: resultsHref(answers) });
  return { answers, place: place.place.label, results, missing, searchHref: `/search?${searchQuery.toString()}`, askHref };
}

export const meta: MetaFunction = ({ matches }) => [{ title: translatedTitle(matches, "guided.results.title") }];

export default function GuidedResults() {
  const { answers, place, results, missing, searchHref, askHref } = useLoaderData<typeof loader>();
  const { t, i18n } = useT();
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{t("guided.results.heading")}</h1>
          {results.length > 0 ? (
            <p className="govuk-body" role="status">
              {t("guided.results.intro", { count: results.length })}
            </p>
          ) : (
            <>
              <p className="govuk-body" role="status">
                {t("guided.results.none")}
              </p>
              <p className="govuk-body">{t("guided.results.noneTry")}</p>
            </>
          )}
          {results.length > 0 && i18n.language !== "en" && <p className="govuk-body-s">{t("guided.results.reasonsLanguage")}</p>}
          <ol className="govuk-list atlas-guided-results">
            {results.map((result) => (
              <li key={result.id} className="atlas-result">
                <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
                  <Link className="govuk-link" to={`/assets/${result.id}`}>
                    <ListingText>{result.name}</ListingText>
                  </Link>
                  <HappeningTag happening={result.happening} />
                </h2>
                <p className="govuk-body-s govuk-!-margin-bottom-0">
                  <span className="govuk-visually-hidden">{t("guided.results.why")} </span>
                  <ListingText>{result.reasons}</ListingText>
                </p>
              </li>
            ))}
          </ol>
          {missing.length > 0 && results.length > 0 && (
            <div className="govuk-inset-text">{t("guided.results.missing", { needs: missing.map((need) => t(`needs.${need}`)).join(", ") })}</div>
          )}
          <div className="govuk-inset-text">
            <Link className="govuk-link" to={askHref}>
              {t("askHelp.link")}
            </Link>
          </div>
          <GuidedAnswers answers={answers} place={place} />
          <p className="govuk-body">
            <Link className="govuk-link" to={searchHref}>
              {t("guided.results.search")}
            </Link>
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to="/what-matters">
              {t("guided.results.again")}
            </Link>
          </p>
          <p className="govuk-body-s">{t("guided.results.private")}</p>
        </div>
      </div>
    </Page>
  );
}
