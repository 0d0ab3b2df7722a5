/** The person record form (new and edit pages): GOV.UK fields, values kept on error, no JS needed. */
import { Form } from "@remix-run/react";
import { ChoiceItems, TextArea } from "./choice-fields";
import { CsrfField } from "./csrf-field";
import { Fieldset, TextField, type FieldErrors } from "./form";
import type { ReactNode } from "react";
import { ageBands, budgetChoices, lawfulBases, timesOfDay, weekdays } from "../modules/people/person-form";
import { needs, riskFactors } from "../../db/vocabulary/needs";

export type PersonFormValues = Record<string, string | string[] | undefined>;

function Choices({
  type,
  name,
  options,
  chosen,
  inline,
}: {
  type: "checkbox" | "radio";
  name: string;
  options: ReadonlyArray<{ code: string; name: string; hint?: string }>;
  chosen: readonly string[];
  inline?: boolean;
}) {
  const base = type === "checkbox" ? "govuk-checkboxes" : "govuk-radios";
  return (
    <ChoiceItems
      type={type}
      name={name}
      className={`${base} ${base}--small${inline ? ` ${base}--inline` : ""}`}
      options={options.map((option) => ({ value: option.code, label: option.name, hint: option.hint }))}
      isChecked={(value) => chosen.includes(value)}
      hints="linked"
      linkable
    />
  );
}

/** `request`: the new-record page's questions about the request that brought them (or the request it answers, as a hidden field). */
export function PersonForm({ values, errors, submitLabel, request }: { values: PersonFormValues; errors: FieldErrors; submitLabel: string; request?: ReactNode }) {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const list = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  };
  return (
    <Form method="post" noValidate>
      <CsrfField />
      <h2 className="govuk-heading-m">Who they are</h2>
      <TextField name="reference" label="Reference" hint="Your team's reference for this person, like SOH-0142. Do not use their name." autoComplete="off" spellCheck={false} width={20} defaultValue={text("reference")} error={errors.reference} />
      <Fieldset name="ageBand" legend="Age band" error={errors.ageBand}>
        <Choices type="radio" name="ageBand" options={ageBands.map((band) => ({ code: band, name: band === "85+" ? "85 or over" : band.replace("-", " to ") }))} chosen={list("ageBand")} inline />
      </Fieldset>
      <TextField name="postcode" label="Postcode" hint="Where they live, like CB7 5AA. Used to find support near them." autoComplete="off" width={10} defaultValue={text("postcode")} error={errors.postcode} />
      <TextField name="contactName" label="Name to ask for (optional)" hint="Only if you must contact them yourself." autoComplete="off" defaultValue={text("contactName")} error={errors.contactName} />
      <TextField name="contactPhone" label="Phone number (optional)" hint="Only if you must contact them yourself." type="tel" autoComplete="off" width={20} defaultValue={text("contactPhone")} error={errors.contactPhone} />
      <TextArea name="involved" label="Who else is involved (optional)" hint="For example, a carer, family or neighbours." defaultValue={text("involved")} error={errors.involved} rows={2} />

      <h2 className="govuk-heading-m">What matters to them</h2>
      <TextArea name="whatMatters" label="What matters to them, in their words" defaultValue={text("whatMatters")} error={errors.whatMatters} rows={4} />
      <Fieldset name="needs" legend="What they need help with" hint="Choose all that apply. We match support to these." error={errors.needs}>
        <Choices type="checkbox" name="needs" options={needs.map((need) => ({ code: need.code, name: need.name, hint: need.description }))} chosen={list("needs")} />
      </Fieldset>
      <Fieldset name="riskFactors" legend="Risk factors for losing independence" hint="Choose any that apply now or recently." error={errors.riskFactors}>
        <Choices type="checkbox" name="riskFactors" options={riskFactors.map((factor) => ({ code: factor.code, name: factor.name }))} chosen={list("riskFactors")} />
      </Fieldset>

      <h2 className="govuk-heading-m">What suits them</h2>
      <Fieldset name="preferredDays" legend="Days they are free" hint="Leave empty if any day suits." error={errors.preferredDays}>
        <Choices type="checkbox" name="preferredDays" options={weekdays} chosen={list("preferredDays")} inline />
      </Fieldset>
      <Fieldset name="preferredTimes" legend="Times of day that suit" hint="Leave empty if any time suits." error={errors.preferredTimes}>
        <Choices type="checkbox" name="preferredTimes" options={timesOfDay} chosen={list("preferredTimes")} />
      </Fieldset>
      <TextField name="maxTravelMiles" label="Furthest they can travel, in miles (optional)" hint="If you leave this empty we look within 5 miles." inputMode="decimal" width={4} defaultValue={text("maxTravelMiles")} error={errors.maxTravelMiles} />
      <Fieldset name="budget" legend="What they can pay" error={errors.budget}>
        <Choices type="radio" name="budget" options={budgetChoices} chosen={list("budget").length ? list("budget") : ["any"]} />
      </Fieldset>
      <TextField name="maxHourlyRate" label="Most they can pay an hour, in pounds (only if you chose “Up to an amount an hour”)" inputMode="decimal" width={5} defaultValue={text("maxHourlyRate")} error={errors.maxHourlyRate} />
      <Fieldset name="hasDirectPayment" legend="Do they have a Direct Payment?" error={errors.hasDirectPayment}>
        <Choices type="radio" name="hasDirectPayment" options={[{ code: "yes", name: "Yes" }, { code: "no", name: "No" }]} chosen={list("hasDirectPayment").length ? list("hasDirectPayment") : ["no"]} inline />
      </Fieldset>

      {request}
      <h2 className="govuk-heading-m">Consent</h2>
      <Fieldset name="lawfulBasis" legend="Lawful basis for keeping this record" error={errors.lawfulBasis}>
        <Choices type="radio" name="lawfulBasis" options={lawfulBases} chosen={list("lawfulBasis")} />
      </Fieldset>
      <Fieldset name="consentGiven" legend="Consent" error={errors.consentGiven}>
        <Choices
          type="checkbox"
          name="consentGiven"
          options={[{ code: "yes", name: "The person (or someone who may act for them) agreed to this record being kept and used to find support" }]}
          chosen={list("consentGiven")}
        />
      </Fieldset>
      <button type="submit" className="govuk-button">
        {submitLabel}
      </button>
    </Form>
  );
}
