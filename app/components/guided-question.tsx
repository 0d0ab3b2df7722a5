/**
 * The guided path's question pages, in the GOV.UK question-page pattern: a back link, an error
 * summary, one question whose legend or label is the page's heading, and a Continue button.
 * The words come from the locale files, so the pages read the same in every language.
 */
import { Form, Link } from "@remix-run/react";
import { ChoiceItems, type Choice } from "./choice-fields";
import {
  ageChoices,
  dayChoices,
  helpChoices,
  maxPlaceLength,
  payChoices,
  questionKey,
  timeChoices,
  travelChoices,
  whoChoices,
  type Answers,
  type Step,
} from "../modules/guided/guided-path";
import { useT } from "../modules/i18n/use-t";

export interface QuestionError {
  /** Where the error summary's link lands: the first input's id. */
  field: string;
  /** A locale key and its values: the server decides what is wrong, the page says it in its language. */
  key: string;
  values: Record<string, string>;
  suggestions: string[];
}

/** The GOV.UK error summary, in the page's language. */
export function TranslatedErrorSummary({ error }: { error: QuestionError | null }) {
  const { t } = useT();
  if (!error) return null;
  const text = t(error.key, error.values);
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" role="alert" tabIndex={-1}>
      <h2 className="govuk-error-summary__title">{t("common.problem")}</h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          <li>
            <a href={`#${error.field}`}>{text}</a>
          </li>
        </ul>
      </div>
    </div>
  );
}

function InlineError({ id, text }: { id: string; text: string | null }) {
  const { t } = useT();
  if (!text) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">{t("common.error")}</span> {text}
    </p>
  );
}

function ChoiceQuestion({ type, name, legend, hint, options, checked, error }: { type: "radio" | "checkbox"; name: string; legend: string; hint?: string; options: Choice[]; checked: readonly string[]; error: string | null }) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--l">
          <h1 className="govuk-fieldset__heading">{legend}</h1>
        </legend>
        {hint && (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        <InlineError id={name} text={error} />
        <ChoiceItems
          type={type}
          name={name}
          className={type === "radio" ? "govuk-radios" : "govuk-checkboxes"}
          options={options}
          isChecked={(value) => checked.includes(value)}
          hints="none"
          linkable
        />
      </fieldset>
    </div>
  );
}

export function GuidedQuestion({ step, answers, hidden, error, backHref }: { step: Step; answers: Answers; hidden: Array<[string, string]>; error: QuestionError | null; backHref: string }) {
  const { t } = useT();
  const heading = t(questionKey(step, answers.who));
  const message = error ? t(error.key, error.values) : null;
  const choices = (codes: readonly string[], prefix: string): Choice[] => codes.map((code) => ({ value: code, label: t(`${prefix}.${code}`) }));
  return (
    <>
      <Link className="govuk-back-link" to={backHref}>
        {t("common.back")}
      </Link>
      <main className="govuk-main-wrapper" id="main-content" role="main">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <TranslatedErrorSummary error={error} />
            <Form method="get" action={`/what-matters/${step}`} noValidate>
              {hidden.map(([name, value], index) => (
                <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
              ))}
              {step === "who" && <ChoiceQuestion type="radio" name="who" legend={heading} options={choices(whoChoices, "guided.who")} checked={[answers.who]} error={message} />}
              {step === "age" && <ChoiceQuestion type="radio" name="age" legend={heading} options={choices(ageChoices, "guided.age")} checked={[answers.age]} error={message} />}
              {step === "help" && (
                <ChoiceQuestion type="checkbox" name="help" legend={heading} hint={t("guided.hint.help")} options={choices(helpChoices.map((choice) => choice.code), "guided.help")} checked={answers.help} error={message} />
              )}
              {step === "where" && (
                <div className={`govuk-form-group${message ? " govuk-form-group--error" : ""}`}>
                  <h1 className="govuk-label-wrapper">
                    <label className="govuk-label govuk-label--l" htmlFor="where">
                      {heading}
                    </label>
                  </h1>
                  <div id="where-hint" className="govuk-hint">
                    {t("guided.hint.where")}
                  </div>
                  <InlineError id="where" text={message} />
                  <input
                    className={`govuk-input govuk-!-width-two-thirds${message ? " govuk-input--error" : ""}`}
                    id="where"
                    name="where"
                    type="text"
                    defaultValue={answers.where}
                    maxLength={maxPlaceLength}
                    autoComplete="postal-code"
                    spellCheck={false}
                    aria-describedby={message ? "where-hint where-error" : "where-hint"}
                  />
                  {error && error.suggestions.length > 0 && (
                    <p className="govuk-body govuk-!-margin-top-2">{t("guided.errors.suggestions", { places: error.suggestions.join(", ") })}</p>
                  )}
                </div>
              )}
              {step === "when" && (
                <>
                  <h1 className="govuk-heading-l">{heading}</h1>
                  <p id="when-hint" className="govuk-hint">
                    {t("guided.hint.when")}
                  </p>
                  <div className={message ? "govuk-form-group govuk-form-group--error" : undefined}>
                    <InlineError id="day" text={message} />
                    <ChoiceGroup type="checkbox" name="day" legend={t("guided.days")} options={choices(dayChoices, "days")} checked={answers.day} />
                    <ChoiceGroup type="checkbox" name="time" legend={t("guided.times")} options={choices(timeChoices, "guided.time")} checked={answers.time} />
                  </div>
                </>
              )}
              {step === "travel" && (
                <ChoiceQuestion
                  type="radio"
                  name="travel"
                  legend={heading}
                  options={travelChoices.map((choice) => ({ value: choice.code, label: choice.code === "home" && answers.who === "me" ? t("guided.travelHomeMe") : t(`guided.travel.${choice.code}`) }))}
                  checked={[answers.travel]}
                  error={message}
                />
              )}
              {step === "pay" && (
                <ChoiceQuestion type="radio" name="pay" legend={heading} hint={t("guided.hint.pay")} options={choices(payChoices.map((choice) => choice.code), "guided.pay")} checked={[answers.pay]} error={message} />
              )}
              <button type="submit" className="govuk-button" data-module="govuk-button">
                {t("common.continue")}
              </button>
            </Form>
          </div>
        </div>
      </main>
    </>
  );
}

function ChoiceGroup({ type, name, legend, options, checked }: { type: "checkbox"; name: string; legend: string; options: Choice[]; checked: readonly string[] }) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" aria-describedby="when-hint">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        <ChoiceItems type={type} name={name} className="govuk-checkboxes govuk-checkboxes--small" options={options} isChecked={(value) => checked.includes(value)} hints="none" linkable />
      </fieldset>
    </div>
  );
}
