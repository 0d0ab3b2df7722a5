import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { FinanceTable } from "../components/finance-table";
import { yearOptions } from "../components/evidence-page";
import { ErrorSummary, SelectField, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { fivePercentExample, runModeller } from "../modules/evidence/modeller-form";
import { financialYearOf, priceYearChoices } from "../../db/evidence/price-years";
import { modellerContext } from "../modules/evidence/settings.server";
import { londonDay } from "../../db/calendar";

export const meta: MetaFunction = () => [{ title: "Model a business case – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "evidence:read");
  const url = new URL(request.url);
  const context = await modellerContext(db, londonDay());
  return {
    outcome: runModeller(url.searchParams, context),
    query: url.searchParams.toString(),
    years: priceYearChoices(context.index),
    currentYear: financialYearOf(context.today),
    programmeDefaults: Object.keys(context.adjustmentDefaults).length > 0,
  };
}

/** The two price-year choices of a model. Only the model on show owns the plain ids, which the error summary links to. */
function YearFields({ prefix, active, values, errors, years, currentYear }: { prefix: string; active: boolean; values: Record<string, string>; errors: Record<string, string>; years: string[]; currentYear: string }) {
  const labels = { figuresYear: "The amounts above are in the prices of", priceYear: "Show the results in the prices of" } as const;
  return (
    <div className="govuk-grid-row">
      {(["figuresYear", "priceYear"] as const).map((name) => (
        <div className="govuk-grid-column-one-half" key={name}>
          <SelectField id={active ? name : `${prefix}-${name}`} name={name} label={labels[name]} options={yearOptions(years)} value={values[name] || currentYear} error={errors[name]} />
        </div>
      ))}
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{value}</dd>
    </div>
  );
}

export default function Modeller() {
  const { outcome, query, years, currentYear, programmeDefaults } = useLoaderData<typeof loader>();
  const cohort = outcome.model === "cohort" ? outcome : null;
  const cashflow = outcome.model === "cashflow" ? outcome : null;
  const value = (source: { values: Record<string, string> } | null, name: string) => source?.values[name] ?? "";
  return (
    <Page>
      <ErrorSummary errors={outcome.errors} fallbackField={outcome.model === "cashflow" ? "savings" : "weeklyCost"} />
      <span className="govuk-caption-l">
        <Link className="govuk-link" to="/evidence">
          Evidence of cost avoided
        </Link>
      </span>
      <h1 className="govuk-heading-l">Model a business case</h1>
      <p className="govuk-body">
        What if community support met a share of the formal care a group of people now receive? The full-year effect is the weekly
        cost × 52. Confidence and the adjustments take their share off the saving, in the same order as the dashboard:
        {programmeDefaults ? " they start at the programme's settings for every kind of support." : " no programme adjustments are set, so they start at 0%."}{" "}
        Amounts can be in any year&rsquo;s prices; the results are stated in the year you choose, converted with the price index.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/evidence/modeller?${fivePercentExample}#cohort-result`}>
          Example: 5% of East Cambridgeshire&rsquo;s home-care spend diverted over 3 years
        </Link>
      </p>

      <h2 className="govuk-heading-m">A group of care packages</h2>
      <Form method="get" action="/evidence/modeller#cohort-result">
        <input type="hidden" name="model" value="cohort" />
        <TextField name="packages" label="Number of packages (optional)" inputMode="numeric" width={5} defaultValue={value(cohort, "packages")} error={cohort?.errors.packages} />
        <TextField name="weeklyCost" label="Weekly cost of all the packages, in pounds" hint="For example 203730" inputMode="decimal" width={10} defaultValue={value(cohort, "weeklyCost")} error={cohort?.errors.weeklyCost} />
        <TextField name="shareDiverted" label="Share diverted to community support, %" hint="For example 5" inputMode="decimal" width={4} defaultValue={value(cohort, "shareDiverted")} error={cohort?.errors.shareDiverted} />
        <TextField name="years" label="Years" hint="From 1 to 10" inputMode="numeric" width={2} defaultValue={value(cohort, "years")} error={cohort?.errors.years} />
        <TextField name="confidence" label="Confidence, %" hint="100 unless you allow for slippage, for example 50" inputMode="decimal" width={4} defaultValue={value(cohort, "confidence")} error={cohort?.errors.confidence} />
        <TextField name="investment" label="Programme investment, in pounds (optional)" inputMode="decimal" width={10} defaultValue={value(cohort, "investment")} error={cohort?.errors.investment} />
        <YearFields prefix="cohort" active={outcome.model !== "cashflow"} values={cohort?.values ?? {}} errors={cohort?.errors ?? {}} years={years} currentYear={currentYear} />
        <details className="govuk-details" open={Boolean(cohort && ["deadweight", "displacement", "attribution", "dropOff", "optimismBias"].some((name) => cohort.errors[name] || cohort.values[name]))}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">{programmeDefaults ? "Adjustments (the programme's settings unless you change them)" : "Adjustments (all 0% unless you change them)"}</span>
          </summary>
          <div className="govuk-details__text">
            <TextField name="deadweight" label="Deadweight, %" hint="What would have happened anyway" inputMode="decimal" width={4} defaultValue={value(cohort, "deadweight")} error={cohort?.errors.deadweight} />
            <TextField name="displacement" label="Displacement, %" hint="Cost only moved elsewhere" inputMode="decimal" width={4} defaultValue={value(cohort, "displacement")} error={cohort?.errors.displacement} />
            <TextField name="attribution" label="Attribution, %" hint="The share owed to others" inputMode="decimal" width={4} defaultValue={value(cohort, "attribution")} error={cohort?.errors.attribution} />
            <TextField name="dropOff" label="Drop-off a year, %" hint="How much of the effect fades each year after the first" inputMode="decimal" width={4} defaultValue={value(cohort, "dropOff")} error={cohort?.errors.dropOff} />
            <TextField name="optimismBias" label="Optimism bias, %" inputMode="decimal" width={4} defaultValue={value(cohort, "optimismBias")} error={cohort?.errors.optimismBias} />
          </div>
        </details>
        <button type="submit" className="govuk-button">
          Work out the saving
        </button>
      </Form>
      {cohort?.result && (
        <section id="cohort-result" aria-labelledby="cohort-result-heading">
          <h3 className="govuk-heading-m" id="cohort-result-heading">
            The saving
          </h3>
          {cohort.prices && <p className="govuk-body" data-prices>{`In ${cohort.prices.priceYear} prices (amounts entered in ${cohort.prices.figuresYear} prices; ${cohort.prices.conversion}).`}</p>}
          <dl className="govuk-summary-list" data-result="cohort">
            <Row label="Weekly cost" value={cohort.result.cohort.weeklyCost.display} />
            <Row label="Full-year effect (weekly × 52)" value={cohort.result.cohort.fullYearEffect.display} />
            <Row label={`Annual saving (${cohort.result.shareDiverted} diverted)`} value={cohort.result.annualSaving.display} />
            <Row label={`At ${cohort.result.confidence} confidence`} value={cohort.result.annualSavingAtConfidence.display} />
            <Row label="After adjustments" value={cohort.result.annualSavingAdjusted.display} />
            <Row label={`Over ${cohort.result.years.length} years`} value={cohort.result.multiYearSaving.display} />
            <Row label="Fiscal return on investment" value={cohort.result.fiscalRoi.reading} />
          </dl>
          <FinanceTable finance={cohort.result.finance} caption="Year by year" />
          <p className="govuk-body">
            <a className="govuk-link" href={`/evidence/modeller.csv?${query}`} download>
              Download this model as CSV
            </a>
          </p>
        </section>
      )}

      <h2 className="govuk-heading-m">Cumulative cash-flow from annual savings</h2>
      <p className="govuk-body">A saving first made in year y of N counts in each remaining year (× (N − y + 1)); the investment is then taken off.</p>
      <Form method="get" action="/evidence/modeller#cashflow-result">
        <input type="hidden" name="model" value="cashflow" />
        <TextField name="savings" label="Net permanent saving first made in each year, in pounds" hint="One a year, separated by commas, for example 500000, 250000, 0" defaultValue={value(cashflow, "savings")} error={cashflow?.errors.savings} />
        <TextField name="cashflowInvestment" label="One-off investment, in pounds" inputMode="decimal" width={10} defaultValue={value(cashflow, "cashflowInvestment")} error={cashflow?.errors.cashflowInvestment} />
        <YearFields prefix="cashflow" active={outcome.model === "cashflow"} values={cashflow?.values ?? {}} errors={cashflow?.errors ?? {}} years={years} currentYear={currentYear} />
        <button type="submit" className="govuk-button">
          Work out the cash-flow
        </button>
      </Form>
      {cashflow?.result && (
        <section id="cashflow-result" aria-labelledby="cashflow-result-heading">
          <h3 className="govuk-heading-m" id="cashflow-result-heading">
            The cash-flow
          </h3>
          {cashflow.prices && <p className="govuk-body" data-prices>{`In ${cashflow.prices.priceYear} prices (amounts entered in ${cashflow.prices.figuresYear} prices; ${cashflow.prices.conversion}).`}</p>}
          <FinanceTable finance={cashflow.result.finance} caption="Year by year" />
          <p className="govuk-body">{cashflow.result.fiscalRoi.reading}</p>
          <p className="govuk-body">
            <a className="govuk-link" href={`/evidence/modeller.csv?${query}`} download>
              Download this model as CSV
            </a>
          </p>
        </section>
      )}
    </Page>
  );
}
