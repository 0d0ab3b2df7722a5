import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { TextArea } from "../components/choice-fields";
import { DoneBanner } from "../components/done-banner";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { currentPriceIndex, priceIndexFormSchema, priceIndexHistory, recordPriceIndexEdition } from "../modules/evidence/price-index.server";
import { longDate } from "../modules/evidence/unit-cost-form";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Price index – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "unit-cost:update");
  const [index, history] = await Promise.all([currentPriceIndex(db), priceIndexHistory(db)]);
  return { index, history, added: new URL(request.url).searchParams.has("added") };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "unit-cost:update");
  const form = await readForm(request, priceIndexFormSchema);
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  await recordPriceIndexEdition(db, actor, form.data);
  throw redirect("/admin/price-index?added=1");
}

export default function PriceIndexPage() {
  const { index, history, added } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values = (result?.values ?? {}) as Record<string, string | undefined>;
  return (
    <Page>
      <ErrorSummary errors={errors} fallbackField="values" />
      {added && <DoneBanner message="The new edition of the index was recorded. Reports now convert with it." />}
      <span className="govuk-caption-l">
        <Link className="govuk-link" to="/admin/unit-costs">
          Unit costs
        </Link>
      </span>
      <h1 className="govuk-heading-l">Price index</h1>
      <p className="govuk-body">
        Reports state every amount in one price year. A figure recorded in another year is converted with this index: the amount × the
        index for the report&rsquo;s year ÷ the index for the figure&rsquo;s year. HM Treasury&rsquo;s GDP deflators are the index the Green
        Book asks for; they are updated every quarter.
      </p>
      <h2 className="govuk-heading-m">In use</h2>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Index</dt>
          <dd className="govuk-summary-list__value">{index.name}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Source</dt>
          <dd className="govuk-summary-list__value">{index.source}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Published</dt>
          <dd className="govuk-summary-list__value">{longDate(index.publishedOn)}</dd>
        </div>
        {index.notes && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">Notes</dt>
            <dd className="govuk-summary-list__value">{index.notes}</dd>
          </div>
        )}
      </dl>
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">{`The index, ${index.values[0]?.year} to ${index.values.at(-1)?.year}`}</span>
        </summary>
        <div className="govuk-details__text">
          <table className="govuk-table" data-table="price-index">
            <caption className="govuk-table__caption govuk-table__caption--s">Index by financial year</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Year</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Index</th>
                <th scope="col" className="govuk-table__header">Outturn or forecast</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {index.values.map((row) => (
                <tr className="govuk-table__row" key={row.year}>
                  <th scope="row" className="govuk-table__header">{row.year}</th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{row.value}</td>
                  <td className="govuk-table__cell">{row.forecast ? "Forecast" : "Outturn"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <h2 className="govuk-heading-m">Record a newer edition</h2>
      <Form method="post" noValidate>
        <CsrfField />
        <TextField name="name" label="Index" hint="For example HM Treasury GDP deflators at market prices (2024/25 = 100)" defaultValue={values.name ?? index.name} error={errors.name} />
        <TextField name="source" label="Source" hint="The publication, with its date" defaultValue={values.source ?? ""} error={errors.source} />
        <TextField name="publishedOn" label="Published on" hint="For example 2026-06-30" type="date" width={10} defaultValue={values.publishedOn ?? ""} error={errors.publishedOn} />
        <TextArea
          name="values"
          label="The index, one financial year a line"
          hint='The year and the index, and "forecast" for forecast years, for example "2024/25, 100.0000" or "2026-27 105.3095 forecast". Every year from the first to the last must be there.'
          rows={10}
          defaultValue={values.values ?? ""}
          error={errors.values}
        />
        <button type="submit" className="govuk-button">
          Record this edition
        </button>
      </Form>

      <h2 className="govuk-heading-m">Editions recorded</h2>
      <ul className="govuk-list">
        {history.map((edition, position) => (
          <li key={edition.id}>{`${edition.name}, published ${longDate(edition.publishedOn)}${position === 0 ? " (in use)" : ""}`}</li>
        ))}
      </ul>
    </Page>
  );
}
