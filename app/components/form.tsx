/**
 * GOV.UK Design System form pieces: the error summary, the form group with its label or fieldset,
 * hint and inline error (shared by every form's fields), and a text input.
 */
import type { InputHTMLAttributes, ReactNode } from "react";
import type { FieldErrors } from "../modules/forms/field-errors";

export { fieldErrors, type FieldErrors } from "../modules/forms/field-errors";

export function ErrorSummary({ errors, fallbackField, title = "There is a problem" }: { errors: FieldErrors; fallbackField: string; title?: string }) {
  const entries = Object.entries(errors).filter((entry): entry is [string, string] => Boolean(entry[1]));
  if (entries.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" role="alert" tabIndex={-1}>
      <h2 className="govuk-error-summary__title">{title}</h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          {entries.map(([field, message]) => (
            <li key={field}>
              <a href={`#${field === "form" ? fallbackField : field}`}>{message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The `aria-describedby` of a field: its hint and its error message, where it has them. */
export function describedBy(name: string, hint: unknown, error: string | undefined): string | undefined {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** The inline error message of field `id` (its id is `${id}-error`). */
export function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

/** A field's hint (id `${name}-hint`) and inline error message, where it has them. */
function HintAndError({ name, hint, error }: { name: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <div id={`${name}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage id={name} error={error} />
    </>
  );
}

/** A form group with a label, hint and error message; the control itself is the child. */
export function Field({
  name,
  label,
  labelClassName = "govuk-label",
  hint,
  error,
  children,
}: {
  name: string;
  label: ReactNode;
  labelClassName?: string;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className={labelClassName} htmlFor={name}>
        {label}
      </label>
      <HintAndError name={name} hint={hint} error={error} />
      {children}
    </div>
  );
}

/** A form group with a fieldset, legend, hint and error message; the radios or checkboxes are the child. */
export function Fieldset({
  name,
  legend,
  hint,
  error,
  size = "s",
  children,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  size?: "s" | "m";
  children: ReactNode;
}) {
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${size}`}>{legend}</legend>
        <HintAndError name={name} hint={hint} error={error} />
        {children}
      </fieldset>
    </div>
  );
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "className"> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  /** A GOV.UK fixed width, in characters, for short answers such as numbers. */
  width?: 2 | 3 | 4 | 5 | 10 | 20;
}

export function TextField({ name, label, hint, error, width, ...input }: TextFieldProps) {
  return (
    <Field name={name} label={label} hint={hint} error={error}>
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ""}${error ? " govuk-input--error" : ""}`}
        id={name}
        name={name}
        aria-describedby={describedBy(name, hint, error)}
        {...input}
      />
    </Field>
  );
}

/** A select with its label and error message; `options` are [value, text] pairs. */
export function SelectField({
  id,
  name = id,
  label,
  options,
  value,
  error,
}: {
  id: string;
  name?: string;
  label: string;
  options: ReadonlyArray<readonly [string, string]>;
  value: string;
  error?: string;
}) {
  return (
    <Field name={id} label={label} error={error}>
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={id} name={name} defaultValue={value} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

