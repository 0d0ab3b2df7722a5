import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, fieldErrors, TextField } from "../components/form";
import { Page } from "../components/layout";
import { formValues } from "../modules/accounts/account-form";
import { requirePermission } from "../modules/accounts/permissions.server";
import { fromDay, toDay } from "../modules/evidence/dates";
import { formatPence } from "../modules/evidence/money";
import { evidenceServices, serviceName, unitNames } from "../modules/evidence/services";
import { longDate, unitCostFormSchema } from "../modules/evidence/unit-cost-form";
import { EvidenceInputError } from "../modules/evidence/unit-costs";
import { recordUnitCost, unitCostHistory } from "../modules/evidence/unit-costs.server";

export const meta: MetaFunction = () => [{ title: "Unit costs – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "unit-cost:update");
  const history = await unitCostHistory(db);
  const codes = [...new Set([...evidenceServices.map((service) => service.code), ...history.map((row) => row.service)])];
  const services = codes.map((code) => ({ code, name: serviceName(code), figures: history.filter((row) => row.service === code) }));
  return { services, added: new URL(request.url).searchParams.get("added") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "unit-cost:update");
  const values = formValues(await request.formData());
  const parsed = unitCostFormSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  const figure = parsed.data;
  const history = await unitCostHistory(db);
  const existing = history.filter((row) => row.service === figure.service);
  const unit = existing.at(-1)?.unit ?? evidenceServices.find((service) => service.code === figure.service)?.unit;
  if (!unit) return data({ errors: { service: "Choose a service from the list" }, values }, { status: 400 });
  const latest = existing.at(-1);
  if (latest && figure.validFrom <= latest.validFrom) {
    const message = `The new figure must start after ${longDate(latest.validFrom)}, when the current figure for ${serviceName(figure.service).toLowerCase()} started. Past figures never change.`;
    return data({ errors: { validFrom: message }, values }, { status: 400 });
  }
  try {
    await recordUnitCost(db, actor, { service: figure.service, unit, amountPence: figure.amount, priceYear: figure.priceYear, source: figure.source, validFrom: figure.validFrom, notes: figure.notes });
  } catch (error) {
    if (error instanceof EvidenceInputError) return data({ errors: { validFrom: error.message }, values }, { status: 400 });
    throw error;
  }
  throw redirect(`/admin/unit-costs?added=${encodeURIComponent(figure.service)}#${figure.service}`);
}

export default function UnitCosts() {
  const { services, added } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values = (result?.values ?? {}) as Record<string, string | undefined>;
  return (
    <Page>
      <ErrorSummary errors={errors} fallbackField="service" />
      {added && (
        <div className="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="added-title">
          <div className="govuk-notification-banner__header">
            <h2 className="govuk-notification-banner__title" id="added-title">
              Saved
            </h2>
          </div>
          <div className="govuk-notification-banner__content">
            <p className="govuk-notification-banner__heading">{`The new figure for ${serviceName(added).toLowerCase()} was recorded. The figure before it now ends the day before.`}</p>
          </div>
        </div>
      )}
      <h1 className="govuk-heading-l">Unit costs</h1>
      <p className="govuk-body">
        The figures that price diverted care. A new figure applies from the date you give; the figure before it stops the day before.
        Past figures never change, so evidence for past periods stays as it was.
      </p>
      <h2 className="govuk-heading-m">Add a new figure</h2>
      <Form method="post" noValidate>
        <CsrfField />
        <div className={`govuk-form-group${errors.service ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label" htmlFor="service">
            Service
          </label>
          {errors.service && (
            <p id="service-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {errors.service}
            </p>
          )}
          <select className="govuk-select" id="service" name="service" defaultValue={values.service ?? "home-care"}>
            {services.map((service) => (
              <option key={service.code} value={service.code}>
                {service.name}
              </option>
            ))}
          </select>
        </div>
        <TextField name="amount" label="Amount, in pounds" hint="Per hour, week or placement week, as the service is priced. For example 19.25" inputMode="decimal" width={10} defaultValue={values.amount ?? ""} error={errors.amount} />
        <TextField name="priceYear" label="Price year" hint="The financial year the figure is in, for example 2026/27" width={10} defaultValue={values.priceYear ?? ""} error={errors.priceYear} />
        <TextField name="validFrom" label="Applies from" hint="For example 2027-04-01" type="date" width={10} defaultValue={values.validFrom ?? ""} error={errors.validFrom} />
        <TextField name="source" label="Source" hint="Where the figure comes from, for example the council's 2026/27 fee uplift report" defaultValue={values.source ?? ""} error={errors.source} />
        <TextField name="notes" label="Notes (optional)" defaultValue={values.notes ?? ""} error={errors.notes} />
        <button type="submit" className="govuk-button">
          Add the figure
        </button>
      </Form>
      {services.map((service) => (
        <table className="govuk-table" key={service.code} id={service.code} data-service={service.code}>
          <caption className="govuk-table__caption govuk-table__caption--m">{service.name}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Amount</th>
              <th scope="col" className="govuk-table__header">Price year</th>
              <th scope="col" className="govuk-table__header">In force</th>
              <th scope="col" className="govuk-table__header">Source</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {service.figures.length === 0 && (
              <tr className="govuk-table__row">
                <td className="govuk-table__cell" colSpan={4}>
                  No figure yet: diverted care of this kind cannot be priced until one is added.
                </td>
              </tr>
            )}
            {service.figures.map((figure) => (
              <tr className="govuk-table__row" key={figure.id}>
                <td className="govuk-table__cell">{`${formatPence(figure.amountPence)} ${unitNames[figure.unit]}`}</td>
                <td className="govuk-table__cell">{figure.priceYear}</td>
                <td className="govuk-table__cell">{`From ${longDate(figure.validFrom)}${figure.validTo ? ` to ${longDate(fromDay(toDay(figure.validTo) - 1))}` : ", still in force"}`}</td>
                <td className="govuk-table__cell">
                  {figure.source}
                  {figure.notes && <span className="govuk-body-s atlas-block">{figure.notes}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </Page>
  );
}
