import { TextField, type FieldErrors } from "./form";

export interface CapacityNow {
  capacityUnit: "places" | "hours_per_week" | null;
  capacityTotal: number | null;
  capacityAvailable: number | null;
  waitingList: boolean;
  waitingListWeeks: number | null;
}

/**
 * The places and waiting-time fields, as a listing has them now or as just posted: shared by
 * the listing's own capacity page and the provider's emailed "update places" link.
 */
export function CapacityFields({ capacity, values, errors }: { capacity: CapacityNow; values: Record<string, string | undefined>; errors: FieldErrors }) {
  const value = (name: keyof CapacityNow, fallback: unknown) => values[name] ?? String(fallback ?? "");
  const unit = values.capacityUnit ?? capacity.capacityUnit ?? "places";
  const waiting = values.waitingList ?? (capacity.waitingList ? "yes" : "no");
  const radio = (name: string, options: Array<[string, string]>, checked: string, legend: string) => (
    <div className={`govuk-form-group${errors[name] ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={errors[name] ? `${name}-error` : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {errors[name] && (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {errors[name]}
          </p>
        )}
        <div className="govuk-radios govuk-radios--small govuk-radios--inline" id={name}>
          {options.map(([optionValue, label]) => (
            <div className="govuk-radios__item" key={optionValue}>
              <input className="govuk-radios__input" id={`${name}-${optionValue}`} name={name} type="radio" value={optionValue} defaultChecked={checked === optionValue} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${name}-${optionValue}`}>
                {label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
  return (
    <>
      {radio("capacityUnit", [["places", "Places"], ["hours_per_week", "Hours a week"]], unit, "Counted in")}
      <TextField name="capacityTotal" label="Total" inputMode="numeric" width={5} defaultValue={value("capacityTotal", capacity.capacityTotal)} error={errors.capacityTotal} />
      <TextField name="capacityAvailable" label="Free now" inputMode="numeric" width={5} defaultValue={value("capacityAvailable", capacity.capacityAvailable)} error={errors.capacityAvailable} />
      {radio("waitingList", [["yes", "Yes"], ["no", "No"]], waiting, "Is there a waiting list?")}
      <TextField name="waitingListWeeks" label="About how many weeks is the wait? (optional)" inputMode="numeric" defaultValue={value("waitingListWeeks", capacity.waitingListWeeks)} error={errors.waitingListWeeks} />
    </>
  );
}
