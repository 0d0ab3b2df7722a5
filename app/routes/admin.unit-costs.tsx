import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { formatPence } from "../../db/evidence/money";
import { financialYearOf } from "../../db/evidence/price-years";
import { evidenceServices, referenceServices, serviceName, unitNames } from "../modules/evidence/services";
import { longDate, unitCostFormSchema } from "../modules/evidence/unit-cost-form";
import { refusal } from "../modules/errors/app-error";
import { recordUnitCost, staleUnitCosts, unitCostHistory } from "../modules/evidence/unit-costs.server";
import { fromDay, londonDay, toDay } from "../../db/calendar";
import { readForm } from "../modules/forms/read-form.server";
import { DoneBanner } from "../components/done-banner";

export const meta: MetaFunction = () => [{ title: "Unit costs – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "unit-cost:update");
  const history = await unitCostHistory(db);
  const on = londonDay();
  const stale = new Set(staleUnitCosts(history, on).map((figure) => figure.id));
  const codes = [...new Set([...evidenceServices.map((service) => service.code), ...history.map((row) => row.service)])];
  const services = codes.map((code) => {
    const reference = evidenceServices.find((service) => service.code === code && "reference" in service) as { reference?: string } | undefined;
    const inForce = (service: string) => history.find((row) => row.service === service && row.validFrom <= on && (row.validTo === null || row.validTo > on)) ?? null;
    return {
      code,
      name: serviceName(code),
      isReference: referenceServices.has(code),
      reference: reference?.reference ? { name: serviceName(reference.reference), figure: inForce(reference.reference) } : null,
      figures: history.filter((row) => row.service === code).map((row) => ({ ...row, stale: stale.has(row.id) })),
    };
  });
  return { services, stale: history.filter((row) => stale.has(row.id)).map((row) => ({ service: serviceName(row.service), code: row.service, priceYear: row.priceYear })), currentYear: financialYearOf(on), added: new URL(request.url).searchParams.get("added") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "unit-cost:update");
  const form = await readForm(request, unitCostFormSchema);
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  const figure = form.data;
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
    await recordUnitCost(db, actor, { service: figure.service, unit, amountPence: figure.amount, priceYear: figure.priceYear, source: figure.source, validFrom: figure.validFrom, validTo: figure.validTo, notes: figure.notes });
  } catch (error) {
    const refused = refusal(error);
    return data({ errors: { [refused.field]: refused.message }, values }, { status: refused.status });
  }
  throw redirect(`/admin/unit-costs?added=${encodeURIComponent(figure.service)}#${figure.service}`);
}

export default function UnitCosts() {
  const { services, stale, currentYear, added } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values = (result?.values ?? {}) as Record<string, string | undefined>;
  return (
    <Page>
      <ErrorSummary errors={errors} fallbackField="service" />
      {added && (
        <DoneBanner message={`The new figure for ${serviceName(added).toLowerCase()} was recorded. The figure before it now ends the day before.`} title="Saved" />
      )}
      <h1 className="govuk-heading-l">Unit costs</h1>
      <p className="govuk-body">
        The figures that price diverted care. A new figure applies from the date you give; the figure before it stops the day before.
        Past figures never change, so evidence for past periods stays as it was. Each figure keeps its own price year; reports convert
        every figure to the price year they are stated in with the{" "}
        <Link className="govuk-link" to="/admin/price-index">
          price index
        </Link>
        .
      </p>
      <p className="govuk-body">
        By default home care is priced at the business case&rsquo;s £17.50 an hour (2019/20) until March 2022 and then at the Homecare
        Association&rsquo;s minimum price for each year, a national reference point. Record your council&rsquo;s own contracted rates here
        when you have them.
      </p>
      {stale.length > 0 && (
        <div className="govuk-warning-text" data-stale-unit-costs>
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {`${stale.length} ${stale.length === 1 ? "figure" : "figures"} in force today ${stale.length === 1 ? "is" : "are"} more than two years older than this financial year (${currentYear}): `}
            {stale.map((figure, index) => (
              <span key={figure.code}>
                {index > 0 && ", "}
                <a className="govuk-link" href={`#${figure.code}`}>{`${figure.service} (${figure.priceYear})`}</a>
              </span>
            ))}
            . Check them and record a newer figure where there is one.
          </div>
        </div>
      )}
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
        <TextField name="validTo" label="Applies until (optional)" hint="The last day, for a figure that is only for a set time, such as one year's reference price. Leave empty for a figure that applies until the next one." type="date" width={10} defaultValue={values.validTo ?? ""} error={errors.validTo} />
        <TextField name="source" label="Source" hint="Where the figure comes from, for example the council's 2026/27 fee uplift report" defaultValue={values.source ?? ""} error={errors.source} />
        <TextField name="notes" label="Notes (optional)" defaultValue={values.notes ?? ""} error={errors.notes} />
        <button type="submit" className="govuk-button">
          Add the figure
        </button>
      </Form>
      {services.map((service) => (
        <table className="govuk-table" key={service.code} id={service.code} data-service={service.code}>
          <caption className="govuk-table__caption govuk-table__caption--m">
            {service.name}
            {service.isReference && <span className="govuk-caption-m">A national reference point: for comparison, not used to price records</span>}
            {service.reference?.figure && (
              <span className="govuk-caption-m">{`National reference point: ${service.reference.name}, ${formatPence(service.reference.figure.amountPence)} (${service.reference.figure.priceYear})`}</span>
            )}
          </caption>
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
                <td className="govuk-table__cell">
                  {figure.priceYear}
                  {figure.stale && <strong className="govuk-tag govuk-tag--yellow atlas-block">More than two years old</strong>}
                </td>
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
