import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { steps } from "../modules/guided/guided-path";
import { translatedTitle } from "../modules/i18n/i18n";
import { useT } from "../modules/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "directory:read");
  return null;
}

export const meta: MetaFunction = ({ matches }) => [{ title: translatedTitle(matches, "guided.title") }];

/** The start page of the guided path (the GOV.UK start-page pattern). */
export default function GuidedStart() {
  const { t } = useT();
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">{t("guided.startHeading")}</h1>
          <p className="govuk-body-l">{t("guided.startLead", { count: steps.length })}</p>
          <p className="govuk-body">{t("guided.startPrivacy")}</p>
          <Link to={`/what-matters/${steps[0]}`} role="button" draggable="false" className="govuk-button govuk-button--start" data-module="govuk-button">
            {t("guided.start")}
            <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
              <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
            </svg>
          </Link>
        </div>
      </div>
    </Page>
  );
}
