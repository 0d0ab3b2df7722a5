/** The programme's evidence settings: their history, and the forms that add to it. */
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { assetKinds, assetKindName } from "../../db/vocabulary/kinds";
import type { Programme } from "../modules/evidence/settings.server";
import { adjustmentFields, type AdjustmentSetting } from "../modules/evidence/settings";
import { SelectField, TextField } from "./form";
import { formatDate } from "../../db/calendar";

interface Result {
  errors: Record<string, string | undefined>;
  values: Record<string, unknown>;
}

const text = (result: Result | null, name: string, fallback = "") => (typeof result?.values[name] === "string" ? (result.values[name] as string) : fallback);

export function SettingsHistory({ settings }: { settings: readonly AdjustmentSetting[] }) {
  if (settings.length === 0) return <p className="govuk-body">None set yet: nothing is taken off (0%).</p>;
  return (
    <>
      <p className="govuk-body">A later setting for the same kind of support and month replaces an earlier one; both stay on the record.</p>
      <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Adjustments set, scrollable">
        <table className="govuk-table" data-table="adjustments">
          <caption className="govuk-table__caption govuk-table__caption--s">Every setting, oldest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">From</th>
              <th scope="col" className="govuk-table__header">Kind of support</th>
              {Object.values(adjustmentFields).map((field) => (
                <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={field.name}>
                  {field.label}
                </th>
              ))}
              <th scope="col" className="govuk-table__header">Source or rationale</th>
              <th scope="col" className="govuk-table__header">Set</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {settings.map((setting) => (
              <tr className="govuk-table__row" key={setting.id}>
                <td className="govuk-table__cell">{setting.validFrom.slice(0, 7)}</td>
                <td className="govuk-table__cell">{setting.assetKind ? assetKindName(setting.assetKind) : "Every kind"}</td>
                {Object.values(adjustmentFields).map((field) => (
                  <td className="govuk-table__cell govuk-table__cell--numeric" key={field.name}>{`${Number(setting.percents[field.name])}%`}</td>
                ))}
                <td className="govuk-table__cell">{setting.source}</td>
                <td className="govuk-table__cell">{`${formatDate(setting.setAt)}${setting.setBy ? ` by ${setting.setBy}` : ""}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function AdjustmentForm({ district, result, children }: { district: string | null; result: Result | null; children: ReactNode }) {
  const errors = result?.errors ?? {};
  return (
    <Form method="post" noValidate>
      {children}
      <input type="hidden" name="intent" value="adjustments" />
      <input type="hidden" name="district" value={district ?? ""} />
      <h3 className="govuk-heading-s">Set the adjustments</h3>
      <SelectField
        id="assetKind"
        label="Kind of support"
        options={[["", "Every kind of support"], ...assetKinds.map((kind) => [kind.code, kind.name] as const)]}
        value={text(result, "assetKind")}
        error={errors.assetKind}
      />
      <TextField name="fromMonth" label="From month" hint="The first month it applies to, for example 2026-04" type="month" width={10} defaultValue={text(result, "fromMonth")} error={errors.fromMonth} />
      {Object.values(adjustmentFields).map((field) => (
        <TextField
          key={field.name}
          name={field.name}
          label={`${field.label}, %`}
          hint={`${field.hint}. From 0 to 100.`}
          inputMode="decimal"
          width={4}
          defaultValue={text(result, field.name, "0")}
          error={errors[field.name]}
        />
      ))}
      <TextField
        name="source"
        label="Source or rationale"
        hint="Where the figures come from or why you chose them, for example “Deadweight from the 2025 evaluation of the Ely pilot”"
        defaultValue={text(result, "source")}
        error={errors.source}
      />
      <button type="submit" className="govuk-button">
        Set the adjustments
      </button>
    </Form>
  );
}

export function ProgrammeForm({ district, result, programme, children }: { district: string | null; result: Result | null; programme: Programme | null; children: ReactNode }) {
  const errors = result?.errors ?? {};
  return (
    <details className="govuk-details" open={Boolean(result)}>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{programme ? "Change the programme's start" : "Set the programme's start"}</span>
      </summary>
      <div className="govuk-details__text">
        <Form method="post" noValidate>
          {children}
          <input type="hidden" name="intent" value="programme" />
          <input type="hidden" name="district" value={district ?? ""} />
          <TextField name="name" label="Programme name" defaultValue={text(result, "name", programme?.name ?? "")} error={errors.name} />
          <TextField name="startMonth" label="First month of the programme" hint="For example 2025-04" type="month" width={10} defaultValue={text(result, "startMonth", programme?.startsOn.slice(0, 7) ?? "")} error={errors.startMonth} />
          <button type="submit" className="govuk-button govuk-button--secondary">
            Set the programme&rsquo;s start
          </button>
        </Form>
      </div>
    </details>
  );
}
