import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Radios, TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { recordAudit } from "../modules/accounts/audit.server";
import { formatPence } from "../../db/evidence/money";
import { unitNames } from "../modules/evidence/services";
import {
  divertedCareRefusal,
  findReferralForDivertedCare,
  previewDivertedCare,
  recordDivertedCare,
  type DivertedPreview,
} from "../modules/referrals/care-evidence.server";
import { requireOwnPerson } from "../modules/referrals/caseload.server";
import { confidenceLevels, divertedCareSchema, divertedServices, savingKinds } from "../modules/referrals/referral-forms";
import { londonDay } from "../../db/calendar";
import { invariantResponse, refusal } from "../modules/errors/app-error";
import { formValues, parseForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Record formal care avoided – Asset Atlas" }];

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const authorised = await requireOwnPerson(request, "referral:write", params.personId ?? "");
  const referral = await findReferralForDivertedCare(authorised.db, authorised.person.id, params.referralId ?? "");
  invariantResponse(referral, "Referral not found", 404);
  return { ...authorised, referral };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, person, referral } = await load(request, params);
  await recordAudit(db, actor, { action: "diverted-care.form-view", subjectType: "referral", subjectId: referral.id, details: { personId: person.id } });
  return { person: { id: person.id, reference: person.reference }, referral, refusal: divertedCareRefusal(referral.status), today: londonDay() };
}

type Values = Record<string, string | undefined>;
type Result = { errors: Record<string, string | undefined>; values: Values; preview: DivertedPreview | null };

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, person, referral } = await load(request, params);
  const { intent, ...values } = formValues(await request.formData());
  const reply = (result: Partial<Result>, status = 200) => data<Result>({ errors: {}, values, preview: null, ...result }, { status });
  if (intent === "change") return reply({});
  const tooEarly = divertedCareRefusal(referral.status);
  if (tooEarly) return reply({ errors: { form: tooEarly } }, 409);
  const form = parseForm(values, divertedCareSchema(londonDay()));
  if (!form.ok) return reply({ errors: form.errors }, 400);
  try {
    if (intent === "save") {
      await recordDivertedCare(db, actor, person.id, referral.id, form.data);
      throw redirect(`/people/${person.id}/support?done=diverted`);
    }
    return reply({ preview: await previewDivertedCare(db, form.data) });
  } catch (error) {
    const refused = refusal(error);
    return reply({ errors: { [refused.field]: refused.message } }, refused.status);
  }
}

const unitHints: Record<string, string> = {
  hour: "Counted in hours a week",
  week: "A weekly package: counted in weeks between the dates",
  placement: "A placement: counted in weeks between the dates",
};

function PreviewSummary({ preview, values }: { preview: DivertedPreview; values: Values }) {
  const confidence = confidenceLevels.find((level) => level.value === values.confidence)?.label ?? values.confidence;
  const rows: Array<[string, string]> = [
    ["Care avoided", preview.serviceName],
    ...(preview.hoursPerWeek ? ([["Hours a week", preview.hoursPerWeek]] as Array<[string, string]>) : []),
    ["From", values.fromDate ?? ""],
    ["To", values.toDate || "Continues (no end date yet)"],
    ["Confidence", confidence ?? ""],
    ["Saving", values.saving === "cashable" ? "Cashable: an existing package reduced or ended" : "Cost avoidance: care that would otherwise have started"],
    ...(values.note ? ([["Note", values.note]] as Array<[string, string]>) : []),
  ];
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation govuk-!-text-align-left" aria-live="polite">
        <h2 className="govuk-panel__title govuk-!-font-size-27">Weekly cost avoided: {formatPence(preview.weeklyPence)}</h2>
        <div className="govuk-panel__body govuk-!-font-size-19">
          {preview.hoursPerWeek ? `${preview.hoursPerWeek} hours a week × ` : "One "}
          {formatPence(preview.unitCost.amountPence)} {unitNames[preview.unit]}
          {preview.period && (
            <>
              <br />
              Over {preview.period.weeks} weeks ({preview.period.days} days): {formatPence(preview.period.totalPence)}
            </>
          )}
        </div>
      </div>
      <p className="govuk-body-s">
        Unit cost in force on {values.fromDate}: {formatPence(preview.unitCost.amountPence)} {unitNames[preview.unit]}, {preview.unitCost.priceYear} prices,
        from {preview.unitCost.validFrom}. Source: {preview.unitCost.source}.
      </p>
      <dl className="govuk-summary-list">
        {rows.map(([key, value]) => (
          <div className="govuk-summary-list__row" key={key}>
            <dt className="govuk-summary-list__key">{key}</dt>
            <dd className="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export default function RecordDivertedCare() {
  const { person, referral, refusal, today: todayIso } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Values = result?.values ?? {};
  const preview = result?.preview ?? null;
  const back = (
    <p className="govuk-body">
      <Link className="govuk-link" to={`/people/${person.id}/support`}>
        Back to {person.reference}&apos;s support
      </Link>
    </p>
  );
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="service" />
          <span className="govuk-caption-l">
            {person.reference}, {referral.listingName}
          </span>
          <h1 className="govuk-heading-l">{preview ? "Check the formal care avoided" : "Record formal care avoided"}</h1>
          {refusal ? (
            <p className="govuk-body">{refusal}</p>
          ) : preview ? (
            <Form method="post" noValidate>
              <CsrfField />
              {Object.entries(values).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value ?? ""} />
              ))}
              <PreviewSummary preview={preview} values={values} />
              <div className="govuk-button-group">
                <button type="submit" name="intent" value="save" className="govuk-button">
                  Save
                </button>
                <button type="submit" name="intent" value="change" className="govuk-button govuk-button--secondary">
                  Change
                </button>
              </div>
            </Form>
          ) : (
            <Form method="post" noValidate>
              <CsrfField />
              <p className="govuk-body">
                Record the formal, paid care that {person.reference} would have had if {referral.listingName} had not met the need.
              </p>
              <Radios
                name="service"
                legend="What care was avoided?"
                options={divertedServices.map((service) => ({ value: service.code, label: service.name, hint: unitHints[service.unit] }))}
                checked={values.service}
                error={errors.service}
              />
              <TextField
                name="hoursPerWeek"
                label="Hours a week (for care counted in hours)"
                hint="For example 3 or 2.5. Leave empty for a weekly package or a placement."
                inputMode="decimal"
                width={5}
                defaultValue={values.hoursPerWeek ?? ""}
                error={errors.hoursPerWeek}
              />
              <TextField name="fromDate" label="From" type="date" width={10} defaultValue={values.fromDate ?? todayIso} error={errors.fromDate} />
              <TextField name="toDate" label="To (optional)" hint="Leave empty if the support continues." type="date" width={10} defaultValue={values.toDate ?? ""} error={errors.toDate} />
              <Radios
                name="confidence"
                legend="How confident are you that this care would have been needed?"
                options={confidenceLevels}
                checked={values.confidence}
                error={errors.confidence}
              />
              <Radios
                name="saving"
                legend="Was the council already paying for this care?"
                options={savingKinds}
                checked={values.saving}
                error={errors.saving}
              />
              <TextArea name="note" label="Note (optional)" error={errors.note} defaultValue={values.note ?? ""} rows={3} maxLength={500} />
              <button type="submit" name="intent" value="check" className="govuk-button">
                Check
              </button>
            </Form>
          )}
          {back}
        </div>
      </div>
    </Page>
  );
}
