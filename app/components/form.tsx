/** GOV.UK Design System form pieces: the error summary and a text input with its error. */
import type { InputHTMLAttributes } from "react";

export type FieldErrors = Record<string, string | undefined>;

export function ErrorSummary({ errors, fallbackField }: { errors: FieldErrors; fallbackField: string }) {
  const entries = Object.entries(errors).filter((entry): entry is [string, string] => Boolean(entry[1]));
  if (entries.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" role="alert" tabIndex={-1}>
      <h2 className="govuk-error-summary__title">There is a problem</h2>
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

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "className"> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  /** A GOV.UK fixed width, in characters, for short answers such as numbers. */
  width?: 2 | 3 | 4 | 5 | 10 | 20;
}

export function TextField({ name, label, hint, error, width, ...input }: TextFieldProps) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label" htmlFor={name}>
        {label}
      </label>
      {hint && (
        <div id={`${name}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${name}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <input
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ""}${error ? " govuk-input--error" : ""}`}
        id={name}
        name={name}
        aria-describedby={describedBy || undefined}
        {...input}
      />
    </div>
  );
}

/** Turns zod issues into one message per field (the first). */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<string | number>; message: string }>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}
