/** GOV.UK Design System radios, checkboxes and a textarea, each with its error message. */
import type { ReactNode } from "react";
import { describedBy, Field, Fieldset } from "./form";

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

/**
 * The radio or checkbox items of one question. `hints`: "linked" shows an option's hint with an
 * id the input points to, "plain" shows it without, "none" leaves it out. `linkable` gives the
 * first item the question's own id, so an error summary's `#name` link lands on an input (as
 * the GOV.UK Design System asks), not on the group around them.
 */
export function ChoiceItems({
  type,
  name,
  idPrefix = name,
  className,
  options,
  isChecked,
  hints,
  linkable = false,
}: {
  type: "radio" | "checkbox";
  name: string;
  idPrefix?: string;
  className: string;
  options: readonly Choice[];
  isChecked: (value: string) => boolean;
  hints: "linked" | "plain" | "none";
  linkable?: boolean;
}) {
  const base = type === "checkbox" ? "govuk-checkboxes" : "govuk-radios";
  return (
    <div className={className} id={linkable ? undefined : idPrefix}>
      {options.map((option, index) => {
        const id = linkable && index === 0 ? idPrefix : `${idPrefix}-${option.value}`;
        // By value, not by input id: the first input may carry the question's id, whose hint is the question's.
        const hintId = hints === "linked" && option.hint ? `${idPrefix}-${option.value}-hint` : undefined;
        return (
          <div className={`${base}__item`} key={option.value}>
            <input className={`${base}__input`} id={id} name={name} type={type} value={option.value} defaultChecked={isChecked(option.value)} aria-describedby={hintId} />
            <label className={`govuk-label ${base}__label`} htmlFor={id}>
              {option.label}
            </label>
            {hints !== "none" && option.hint && (
              <div id={hintId} className={`govuk-hint ${base}__hint`}>
                {option.hint}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** What radios and checkboxes both take: the question, its options and its error. */
interface ChoiceQuestion {
  name: string;
  legend: ReactNode;
  hint?: string;
  options: readonly Choice[];
  error?: string;
}

export function Radios({
  options,
  checked,
  inline = false,
  small = false,
  legendSize = "s",
  ...question
}: ChoiceQuestion & { checked?: string; inline?: boolean; small?: boolean; legendSize?: "s" | "m" }) {
  return (
    <Fieldset {...question} size={legendSize}>
      <ChoiceItems
        type="radio"
        name={question.name}
        className={`govuk-radios${inline ? " govuk-radios--inline" : ""}${small ? " govuk-radios--small" : ""}`}
        options={options}
        isChecked={(value) => checked === value}
        hints="linked"
        linkable
      />
    </Fieldset>
  );
}

export function Checkboxes({ options, checked, ...question }: ChoiceQuestion & { checked: readonly string[] }) {
  return (
    <Fieldset {...question}>
      <ChoiceItems type="checkbox" name={question.name} className="govuk-checkboxes govuk-checkboxes--small" options={options} isChecked={(value) => checked.includes(value)} hints="none" linkable />
    </Fieldset>
  );
}

export function TextArea({
  name,
  label,
  hint,
  error,
  defaultValue,
  rows = 5,
  maxLength,
  boldLabel = true,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
  /** A bold (`govuk-label--s`) label, as a question on its own; false for one of many fields. */
  boldLabel?: boolean;
}) {
  return (
    <Field name={name} label={label} labelClassName={boldLabel ? "govuk-label govuk-label--s" : "govuk-label"} hint={hint} error={error}>
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={defaultValue}
        aria-describedby={describedBy(name, hint, error)}
      />
    </Field>
  );
}
