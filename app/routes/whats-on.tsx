import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { HappeningTag } from "../components/guided-results";
import { TranslatedErrorSummary } from "../components/guided-question";
import { ListingText, Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { i18nFor, translatedTitle } from "../modules/i18n/i18n";
import { requestLanguage } from "../modules/i18n/languages";
import { whatsOnPage } from "../modules/whats-on/whats-on-page.server";
import { weekdayIndex, dayCodes } from "../modules/whats-on/occurrences";
import { useT } from "../modules/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  return whatsOnPage(db, new URL(request.url), undefined, i18nFor(requestLanguage(request)).t);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: translatedTitle(matches, data?.place ? "whatsOn.headingNear" : "whatsOn.title", { error: Boolean(data?.placeError), values: { place: data?.place ?? "" } }) },
];

/** Shown per day before "and N more" (a whole district can have hundreds of sessions a week). */
const perDay = 40;

/** This week near a place, day by day, from the listings' weekly and monthly schedules. */
export default function WhatsOn() {
  const { typedPlace, typedFrom, place, placeError, dateNotice, today, days } = useLoaderData<typeof loader>();
  const { t, i18n } = useT();
  const dateFormat = new Intl.DateTimeFormat(i18n.language === "pl" ? "pl" : "en-GB", { day: "numeric", month: "long", timeZone: "UTC" });
  const error = placeError ? { field: "where", ...placeError } : null;
  return (
    <Page>
      <TranslatedErrorSummary error={error} />
      <h1 className="govuk-heading-l">{place ? t("whatsOn.headingNear", { place }) : t("whatsOn.heading")}</h1>
      <p className="govuk-body">{t("whatsOn.lead")}</p>
      <Form method="get" action="/whats-on" className="govuk-!-margin-bottom-6">
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="where">
            {t("whatsOn.place")}
          </label>
          <div id="where-hint" className="govuk-hint">
            {t("whatsOn.placeHint")}
          </div>
          {error && (
            <p id="where-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">{t("common.error")}</span> {t(error.key, error.values)}
            </p>
          )}
          <input className={`govuk-input govuk-!-width-one-half${error ? " govuk-input--error" : ""}`} id="where" name="where" type="text" defaultValue={typedPlace} maxLength={100} aria-describedby={error ? "where-hint where-error" : "where-hint"} />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="from">
            {t("whatsOn.from")}
          </label>
          <div id="from-hint" className="govuk-hint">
            {t("whatsOn.fromHint")}
          </div>
          <input className="govuk-input govuk-input--width-10" id="from" name="from" type="text" defaultValue={typedFrom} maxLength={20} aria-describedby="from-hint" />
        </div>
        <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">
          {t("whatsOn.show")}
        </button>
      </Form>
      {dateNotice && <div className="govuk-inset-text">{t(dateNotice.key, dateNotice.values)}</div>}
      {days.map((day) => (
        <section key={day.date} aria-labelledby={`day-${day.date}`} className="govuk-!-margin-bottom-6">
          <h2 className="govuk-heading-m" id={`day-${day.date}`}>
            {t(`days.${dayCodes[weekdayIndex(day.date)]}`)} {dateFormat.format(new Date(`${day.date}T00:00:00Z`))}
            {day.date === today && <span className="govuk-caption-m">{t("whatsOn.today")}</span>}
          </h2>
          {day.sessions.length === 0 ? (
            <p className="govuk-body">{t("whatsOn.nothing")}</p>
          ) : (
            <ul className="govuk-list atlas-whats-on">
              {day.sessions.slice(0, perDay).map((session, index) => (
                <li key={`${session.id}-${index}`}>
                  {session.time && <strong>{session.time} </strong>}
                  <Link className="govuk-link" to={`/assets/${session.id}`}>
                    <ListingText>{session.name}</ListingText>
                  </Link>
                  {session.distance && <span className="govuk-body-s"> · {session.distance}</span>}
                  <HappeningTag happening={session.happening} />
                </li>
              ))}
              {day.sessions.length > perDay && <li>{t("whatsOn.more", { count: day.sessions.length - perDay })}</li>}
            </ul>
          )}
        </section>
      ))}
    </Page>
  );
}
