/** GOV.UK Design System radios, checkboxes and a textarea, each with its error message. */
import type { ReactNode } from "react";

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {error}
    </p>
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

export function Radios({
  name,
  legend,
  hint,
  options,
  checked,
  error,
  inline = false,
  small = false,
  legendSize = "s",
}: {
  name: string;
  legend: ReactNode;
  hint?: string;
  options: readonly Choice[];
  checked?: string;
  error?: string;
  inline?: boolean;
  small?: boolean;
  legendSize?: "s" | "m";
}) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend className={`govuk-fieldset__legend govuk-fieldset__legend--${legendSize}`}>{legend}</legend>
        {hint && (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        <ErrorMessage id={name} error={error} />
        <div className={`govuk-radios${inline ? " govuk-radios--inline" : ""}${small ? " govuk-radios--small" : ""}`} id={name}>
          {options.map((option) => (
            <div className="govuk-radios__item" key={option.value}>
              <input
                className="govuk-radios__input"
                id={`${name}-${option.value}`}
                name={name}
                type="radio"
                value={option.value}
                defaultChecked={checked === option.value}
                aria-describedby={option.hint ? `${name}-${option.value}-hint` : undefined}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={`${name}-${option.value}`}>
                {option.label}
              </label>
              {option.hint && (
                <div id={`${name}-${option.value}-hint`} className="govuk-hint govuk-radios__hint">
                  {option.hint}
                </div>
              )}
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkboxes({
  name,
  legend,
  hint,
  options,
  checked,
  error,
}: {
  name: string;
  legend: ReactNode;
  hint?: string;
  options: readonly Choice[];
  checked: readonly string[];
  error?: string;
}) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        <ErrorMessage id={name} error={error} />
        <div className="govuk-checkboxes govuk-checkboxes--small" id={name}>
          {options.map((option) => (
            <div className="govuk-checkboxes__item" key={option.value}>
              <input
                className="govuk-checkboxes__input"
                id={`${name}-${option.value}`}
                name={name}
                type="checkbox"
                value={option.value}
                defaultChecked={checked.includes(option.value)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`${name}-${option.value}`}>
                {option.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
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
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  rows?: number;
  maxLength?: number;
}) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <label className="govuk-label govuk-label--s" htmlFor={name}>
        {label}
      </label>
      {hint && (
        <div id={`${name}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      <ErrorMessage id={name} error={error} />
      <textarea
        className={`govuk-textarea${error ? " govuk-textarea--error" : ""}`}
        id={name}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={defaultValue}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

/** A success banner after a redirect (`?done=…`). */
export function DoneBanner({ message }: { message: string }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title">Done</h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{message}</p>
      </div>
    </div>
  );
}
