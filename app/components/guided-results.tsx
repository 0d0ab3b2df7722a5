import { Link } from "@remix-run/react";
import { questionKey, stepHref, type Answers, type Step } from "../modules/guided/guided-path";
import type { Happening } from "../modules/whats-on/occurrences";
import { useT } from "../modules/i18n/use-t";

/** "Open now" or "On today" beside a result (nothing when neither). */
export function HappeningTag({ happening }: { happening: Happening | null | undefined }) {
  const { t } = useT();
  if (!happening) return null;
  return (
    <strong className={`govuk-tag atlas-happening ${happening === "open-now" ? "govuk-tag--green" : "govuk-tag--blue"}`}>
      {t(happening === "open-now" ? "common.openNow" : "common.onToday")}
    </strong>
  );
}

/** The answers given, each with a Change link back to its question (the GOV.UK summary list). */
export function GuidedAnswers({ answers, place }: { answers: Answers; place: string }) {
  const { t } = useT();
  const list = (values: string[], prefix: string) => values.map((value) => t(`${prefix}.${value}`)).join(", ");
  const rows: Array<{ step: Step; value: string }> = [
    { step: "who", value: t(`guided.who.${answers.who}`) },
    { step: "age", value: t(`guided.age.${answers.age}`) },
    { step: "help", value: list(answers.help, "guided.help") },
    { step: "where", value: place },
    { step: "when", value: [list(answers.day, "days"), list(answers.time, "guided.time")].filter(Boolean).join("; ") || "–" },
    { step: "travel", value: answers.travel === "home" && answers.who === "me" ? t("guided.travelHomeMe") : t(`guided.travel.${answers.travel}`) },
    { step: "pay", value: t(`guided.pay.${answers.pay}`) },
  ];
  return (
    <>
      <h2 className="govuk-heading-m govuk-!-margin-top-6">{t("guided.results.answers")}</h2>
      <dl className="govuk-summary-list">
        {rows.map((row) => (
          <div className="govuk-summary-list__row" key={row.step}>
            <dt className="govuk-summary-list__key">{t(questionKey(row.step, answers.who))}</dt>
            <dd className="govuk-summary-list__value">{row.value}</dd>
            <dd className="govuk-summary-list__actions">
              <Link className="govuk-link" to={stepHref(row.step, answers, { change: "1" })}>
                {t("common.change")}
                <span className="govuk-visually-hidden"> {t(questionKey(row.step, answers.who))}</span>
              </Link>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
