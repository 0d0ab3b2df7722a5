/**
 * The listing form's fields (GOV.UK Design System), for adding, editing and accepting a
 * suggestion. Uncontrolled inputs with default values, so the form works without JavaScript
 * and keeps every value when the server sends it back with errors.
 */
import { useCallback, useEffect, useRef, useState, type ComponentType } from "react";
import { scheduleRows, weekdays, type RawAssetForm } from "../modules/assets/asset-form";
import { assetKinds } from "../../db/vocabulary/kinds";
import { accessibilityFeatures, needs } from "../../db/vocabulary/needs";
import { deliveryChoices } from "../../db/vocabulary/delivery";
import { ChoiceItems, Radios as QuestionRadios, TextArea as SharedTextArea, type Choice } from "./choice-fields";
import type { FieldErrors } from "./form";
import { describedBy, Field, Fieldset, TextField } from "./form";
import type { PinMapProps } from "./pin-map.client";

type Option = Choice;

export function Radios({ name, legend, hint, options, value, error, inline = true }: { name: string; legend: string; hint?: string; options: Option[]; value: string | undefined; error?: string; inline?: boolean }) {
  return (
    <Fieldset legend={legend} hint={hint} name={name} error={error}>
      <ChoiceItems type="radio" name={name} className={`govuk-radios govuk-radios--small${inline ? " govuk-radios--inline" : ""}`} options={options} isChecked={(option) => value === option} hints="none" linkable />
    </Fieldset>
  );
}

export function Checkboxes({ name, legend, hint, options, values, error, idPrefix = name, inline = false }: { name: string; legend: string; hint?: string; options: Option[]; values: string[]; error?: string; idPrefix?: string; inline?: boolean }) {
  return (
    <Fieldset legend={legend} hint={hint} name={idPrefix} error={error}>
      <ChoiceItems
        type="checkbox"
        name={name}
        idPrefix={idPrefix}
        className={`govuk-checkboxes govuk-checkboxes--small${inline ? " atlas-checkboxes--inline" : ""}`}
        options={options}
        isChecked={(option) => values.includes(option)}
        hints="plain"
        linkable
      />
    </Fieldset>
  );
}

/** An amount in pounds and pence, with a £ prefix (the GOV.UK prefixed input). */
function PoundsField({ name, label, hint, value, error }: { name: string; label: string; hint: string; value: string; error?: string }) {
  return (
    <Field name={name} label={label} hint={hint} error={error}>
      <div className="govuk-input__wrapper">
        <div className="govuk-input__prefix" aria-hidden="true">
          £
        </div>
        <input className={`govuk-input govuk-input--width-5${error ? " govuk-input--error" : ""}`} id={name} name={name} inputMode="decimal" defaultValue={value} aria-describedby={`${name}-hint${error ? ` ${name}-error` : ""}`} />
      </div>
    </Field>
  );
}

/** The shared textarea with a plain label and 4 rows unless told otherwise. */
export function TextArea({ name, label, hint, error, defaultValue, rows = 4 }: { name: string; label: string; hint?: string; error?: string; defaultValue?: string; rows?: number }) {
  return <SharedTextArea name={name} label={label} hint={hint} error={error} defaultValue={defaultValue} rows={rows} boldLabel={false} />;
}

function Select({ name, label, hint, options, value, error }: { name: string; label: string; hint?: string; options: Option[]; value: string | undefined; error?: string }) {
  return (
    <Field name={name} label={label} hint={hint} error={error}>
      <select className={`govuk-select${error ? " govuk-select--error" : ""}`} id={name} name={name} defaultValue={value ?? ""} aria-describedby={describedBy(name, hint, error)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Loads the pin map after hydration; without JavaScript there is no map and the postcode is enough. */
function LazyPinMap(props: PinMapProps) {
  const [Map, setMap] = useState<ComponentType<PinMapProps> | null>(null);
  useEffect(() => {
    let current = true;
    import("./pin-map.client").then((module) => current && setMap(() => module.PinMap));
    return () => {
      current = false;
    };
  }, []);
  return Map ? <Map {...props} /> : null;
}

export interface AssetFormFieldsProps {
  values: RawAssetForm;
  errors: FieldErrors;
  serviceAreas: Array<{ value: string; name: string }>;
  organisationNames: string[];
  /** A provider's listings are always their own organisation's. */
  fixedOrganisation?: string | null;
}

export function AssetFormFields({ values, errors, serviceAreas, organisationNames, fixedOrganisation }: AssetFormFieldsProps) {
  const text = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
  };
  const many = (name: string) => {
    const value = values[name];
    return Array.isArray(value) ? value : value ? [value] : [];
  };
  const latitude = useRef<HTMLInputElement>(null);
  const longitude = useRef<HTMLInputElement>(null);
  const [hydrated, setHydrated] = useState(false);
  // The map is drawn only while its section is open (Leaflet cannot measure a hidden box).
  const startOpen = Boolean(errors.latitude || errors.longitude || text("latitude"));
  const [pinOpen, setPinOpen] = useState(startOpen);
  useEffect(() => {
    if (startOpen) setPinOpen(true);
  }, [startOpen]);
  useEffect(() => setHydrated(true), []);
  const startLat = Number(text("latitude"));
  const startLng = Number(text("longitude"));
  const [pin, setPin] = useState<[number, number] | null>(
    text("latitude") && text("longitude") && Number.isFinite(startLat) && Number.isFinite(startLng) ? [startLat, startLng] : null,
  );
  const onMove = useCallback((lat: number, lng: number) => {
    if (latitude.current) latitude.current.value = String(lat);
    if (longitude.current) longitude.current.value = String(lng);
    setPin([lat, lng]);
  }, []);

  return (
    <>
      <h2 className="govuk-heading-m">About it</h2>
      <TextField name="name" label="Name" defaultValue={text("name")} error={errors.name} spellCheck />
      <TextArea name="description" label="What it offers" hint="In plain English, as a resident would read it." defaultValue={text("description")} error={errors.description} />
      <Select name="kind" label="Kind of asset" options={assetKinds.map((kind) => ({ value: kind.code, label: kind.name }))} value={text("kind")} error={errors.kind} />
      {fixedOrganisation ? (
        <p className="govuk-body">
          Run by <strong>{fixedOrganisation}</strong> (your organisation).
          <input type="hidden" name="organisation" value={fixedOrganisation} />
        </p>
      ) : (
        <>
          <TextField
            name="organisation"
            label="Organisation that runs it"
            hint="Type the name: one we already know is used, and a new name adds a new organisation."
            defaultValue={text("organisation")}
            error={errors.organisation}
            list="organisation-names"
            autoComplete="off"
          />
          <datalist id="organisation-names">
            {organisationNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </>
      )}
      <Checkboxes
        name="needs"
        legend="Needs it meets"
        hint="Choose all that apply."
        options={needs.map((need) => ({ value: need.code, label: need.name, hint: need.description }))}
        values={many("needs")}
        error={errors.needs}
      />

      <h2 className="govuk-heading-m">Where</h2>
      <QuestionRadios
        name="delivery"
        legend="How does it reach people?"
        hint="This decides who it is offered to."
        options={deliveryChoices.map((choice) => ({ value: choice.code, label: choice.name, hint: choice.hint }))}
        checked={text("delivery")}
        error={errors.delivery}
      />
      <TextField name="postcode" label="Postcode" hint="The postcode puts it in its ward and district. For example, CB7 4AA." defaultValue={text("postcode")} error={errors.postcode} width={10} autoComplete="postal-code" />
      <TextField name="venueName" label="Venue (optional)" hint="For example, Soham Village College. Leave the address empty for support that comes to people's homes." defaultValue={text("venueName")} error={errors.venueName} />
      <TextField name="address1" label="Address line 1 (optional)" defaultValue={text("address1")} error={errors.address1} autoComplete="address-line1" />
      <TextField name="address2" label="Address line 2 (optional)" defaultValue={text("address2")} error={errors.address2} autoComplete="address-line2" />
      <TextField name="town" label="Town or village (optional)" defaultValue={text("town")} error={errors.town} width={20} autoComplete="address-level2" />
      <details
        className="govuk-details"
        open={startOpen}
        onToggle={(event) => setPinOpen((event.currentTarget as HTMLDetailsElement).open)}
      >
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Place it exactly (optional)</span>
        </summary>
        <div className="govuk-details__text">
          <p className="govuk-body">
            {hydrated
              ? "Drag the pin or click the map, or type the latitude and longitude. Without them, the postcode's centre is used."
              : "Type the latitude and longitude. Without them, the postcode's centre is used."}
          </p>
          {hydrated && pinOpen && <LazyPinMap start={pin} onMove={onMove} />}
          <Field name="latitude" label="Latitude" error={errors.latitude}>
            <input ref={latitude} className={`govuk-input govuk-input--width-10${errors.latitude ? " govuk-input--error" : ""}`} id="latitude" name="latitude" inputMode="decimal" defaultValue={text("latitude")} aria-describedby={errors.latitude ? "latitude-error" : undefined} />
          </Field>
          <Field name="longitude" label="Longitude" error={errors.longitude}>
            <input ref={longitude} className={`govuk-input govuk-input--width-10${errors.longitude ? " govuk-input--error" : ""}`} id="longitude" name="longitude" inputMode="decimal" defaultValue={text("longitude")} aria-describedby={errors.longitude ? "longitude-error" : undefined} />
          </Field>
        </div>
      </details>
      <Select
        name="serviceArea"
        label="Area it serves"
        hint="Where support that comes to people's homes, or by phone or online, is offered. For a place people come to, distance and each person's travel limit decide instead. Leave as it is to use the ward it is in."
        options={[{ value: "", label: "The ward it is in" }, ...serviceAreas.map((area) => ({ value: area.value, label: area.name }))]}
        value={text("serviceArea")}
        error={errors.serviceArea}
      />

      <h2 className="govuk-heading-m">When</h2>
      <p className="govuk-body">Up to {scheduleRows} sets of opening times, in 24-hour time. Leave a set empty if you do not need it.</p>
      {Array.from({ length: scheduleRows }, (_, row) => (
        <div key={row} className="govuk-!-margin-bottom-6">
          <Checkboxes
            name={`days${row}`}
            legend={`Opening times ${row + 1}: days`}
            options={weekdays.map((day) => ({ value: day.code, label: day.name }))}
            values={many(`days${row}`)}
            inline
            error={errors[`days${row}`]}
          />
          <TextField name={`opens${row}`} label={`Opening times ${row + 1}: opens at`} hint="For example, 09:30" width={5} defaultValue={text(`opens${row}`)} error={errors[`opens${row}`]} />
          <TextField name={`closes${row}`} label={`Opening times ${row + 1}: closes at`} hint="For example, 16:00" width={5} defaultValue={text(`closes${row}`)} error={errors[`closes${row}`]} />
        </div>
      ))}

      <h2 className="govuk-heading-m">Cost and places</h2>
      <Radios name="isFree" legend="Is it free?" options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]} value={text("isFree")} error={errors.isFree} />
      <PoundsField name="hourlyRate" label="Hourly rate (optional)" hint="In pounds and pence, for support paid by the hour (a personal assistant, say). For example, 14.50." value={text("hourlyRate")} error={errors.hourlyRate} />
      <PoundsField
        name="sessionPrice"
        label="Price of a session (optional)"
        hint="In pounds and pence, for a lunch, a class or a visit. For example, 4.50. Practitioners can then match it to what a person can pay."
        value={text("sessionPrice")}
        error={errors.sessionPrice}
      />
      <TextField name="fees" label="What it costs, in words (optional)" hint="For example, £3 a session, lunch included." defaultValue={text("fees")} error={errors.fees} />
      <Radios name="directPayment" legend="Can a Direct Payment pay for it?" options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]} value={text("directPayment")} error={errors.directPayment} />
      <Radios
        name="capacityUnit"
        legend="Places"
        options={[
          { value: "none", label: "Not counted" },
          { value: "places", label: "Places" },
          { value: "hours_per_week", label: "Hours a week" },
        ]}
        value={text("capacityUnit")}
        error={errors.capacityUnit}
      />
      <TextField name="capacityTotal" label="Total places or hours (if counted)" inputMode="numeric" width={5} defaultValue={text("capacityTotal")} error={errors.capacityTotal} />
      <TextField name="capacityAvailable" label="Free now (if counted)" inputMode="numeric" width={5} defaultValue={text("capacityAvailable")} error={errors.capacityAvailable} />
      <Radios name="waitingList" legend="Is there a waiting list?" options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No" }]} value={text("waitingList")} error={errors.waitingList} />
      <TextField name="waitingListWeeks" label="About how many weeks is the wait? (optional)" inputMode="numeric" width={3} defaultValue={text("waitingListWeeks")} error={errors.waitingListWeeks} />

      <h2 className="govuk-heading-m">Who it is for</h2>
      <TextField name="minimumAge" label="Youngest age (optional)" inputMode="numeric" width={3} defaultValue={text("minimumAge")} error={errors.minimumAge} />
      <TextField name="maximumAge" label="Oldest age (optional)" inputMode="numeric" width={3} defaultValue={text("maximumAge")} error={errors.maximumAge} />
      <TextArea name="eligibilityConditions" label="Anything else about who it is for (optional)" hint="For example, people living with dementia and their carers." defaultValue={text("eligibilityConditions")} error={errors.eligibilityConditions} rows={2} />

      <h2 className="govuk-heading-m">Accessibility</h2>
      <Checkboxes name="accessibility" legend="Accessibility" hint="Choose all that apply." options={accessibilityFeatures.map((feature) => ({ value: feature.code, label: feature.name }))} values={many("accessibility")} error={errors.accessibility} />
      <TextArea name="accessibilityNote" label="More about access (optional)" defaultValue={text("accessibilityNote")} error={errors.accessibilityNote} rows={2} />

      <h2 className="govuk-heading-m">How to get in touch</h2>
      <TextField name="contactName" label="Contact's name (optional)" defaultValue={text("contactName")} error={errors.contactName} />
      <TextField name="phone" label="Phone (optional)" type="tel" width={20} defaultValue={text("phone")} error={errors.phone} />
      <TextField name="email" label="Email (optional)" type="email" spellCheck={false} defaultValue={text("email")} error={errors.email} />
      <TextField name="website" label="Website (optional)" hint="Starting with https://" spellCheck={false} defaultValue={text("website")} error={errors.website} />
    </>
  );
}
