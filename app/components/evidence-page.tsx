/** The dashboard's filter, headline figures and the commissioner's target and investment forms. */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { DashboardView } from "../modules/evidence/dashboard.server";
import { SelectField, TextField } from "./form";
import { DoneBanner } from "./done-banner";
import { formatDate } from "../../db/calendar";

type Values = Record<string, unknown>;
const text = (values: Values | undefined, name: string) => (typeof values?.[name] === "string" ? (values[name] as string) : "");

export function DistrictSelect({ districts, value, error }: { districts: Array<{ code: string; name: string }>; value: string; error?: string }) {
  return <SelectField id="district" label="District" options={[["", "All districts"], ...districts.map((district) => [district.code, district.name] as const)]} value={value} error={error} />;
}

/** Financial years, newest first. */
export function yearOptions(years: readonly string[]): Array<readonly [string, string]> {
  return [...years].reverse().map((year) => [year, year] as const);
}

export function EvidenceFilter({
  values,
  errors,
  districts,
  priceYears,
  priceYear,
  action = "/evidence",
}: {
  values: Values;
  errors: Record<string, string>;
  districts: Array<{ code: string; name: string }>;
  priceYears: readonly string[];
  priceYear: string;
  action?: string;
}) {
  return (
    <Form method="get" action={action} className="atlas-evidence-filter" aria-label="Period, district and prices">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-quarter">
          <TextField name="from" label="First month" hint="For example 2026-01" type="month" width={10} defaultValue={text(values, "from")} error={errors.from} />
        </div>
        <div className="govuk-grid-column-one-quarter">
          <TextField name="to" label="Last month" hint="For example 2026-12" type="month" width={10} defaultValue={text(values, "to")} error={errors.to} />
        </div>
        <div className="govuk-grid-column-one-quarter">
          <DistrictSelect districts={districts} value={text(values, "district")} error={errors.district} />
        </div>
        <div className="govuk-grid-column-one-quarter">
          <SelectField id="priceYear" label="Prices of" options={yearOptions(priceYears)} value={priceYear} error={errors.priceYear} />
        </div>
      </div>
      <button type="submit" className="govuk-button atlas-filter-button">
        Show
      </button>
    </Form>
  );
}

/** Which price year the page is in, with what, and which adjustments it applied. */
export function PricesAndSettings({ view, canAdjust }: { view: DashboardView; canAdjust: boolean }) {
  const { prices, settings } = view;
  return (
    <div className="govuk-inset-text" data-prices>
      <p className="govuk-body">
        {`All money on this page is in ${prices.year} prices${prices.forecast ? " (the index for that year is a forecast)" : ""}: each unit cost, target and investment is converted from its own price year with ${prices.index.name} (published ${prices.index.publishedOn}). Select a cost avoided to see each conversion.`}
      </p>
      <p className="govuk-body">
        {settings.inForce.length === 0
          ? "No adjustments are set for this area, so nothing is taken off for deadweight, displacement, attribution, drop-off or optimism bias. "
          : `Adjustments in force in ${view.period.months.at(-1)}: ${settings.inForce
              .map((setting) => `${setting.label}: deadweight ${Number(setting.percents.deadweight)}%, displacement ${Number(setting.percents.displacement)}%, attribution ${Number(setting.percents.attribution)}%, drop-off ${Number(setting.percents.dropOff)}% a year, optimism bias ${Number(setting.percents.optimismBias)}%`)
              .join("; ")}. `}
        {settings.programme
          ? `Programme years count from ${settings.programme.startsOn} (${settings.programme.name}). `
          : "No programme start is set, so programme years count from the first month shown. "}
        <Link className="govuk-link" to={`/evidence/settings${view.filter.district ? `?district=${view.filter.district}` : ""}`}>
          {canAdjust ? "See or change the adjustments and where they come from" : "See the adjustments and where they come from"}
        </Link>
      </p>
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

export function Headline({ view }: { view: DashboardView }) {
  const { headline } = view;
  const notShown = "Not shown (fewer than 5 people)";
  return (
    <section aria-labelledby="headline-heading">
      <h2 className="govuk-heading-m" id="headline-heading">
        In this period
      </h2>
      <dl className="govuk-summary-list" data-headline>
        <Row label="People whose care was diverted">{headline.people}</Row>
        <Row label="Hours of care diverted">{headline.hours === null ? notShown : Number(headline.hours).toLocaleString("en-GB", { maximumFractionDigits: 1 })}</Row>
        <Row label="Residential placement weeks avoided">
          {headline.placementWeeks === null ? notShown : Number(headline.placementWeeks).toLocaleString("en-GB", { maximumFractionDigits: 1 })}
        </Row>
        <Row label="Cost avoided (gross)">{headline.gross?.display ?? notShown}</Row>
        <Row label="Community support paid for">{headline.communitySupport?.display ?? notShown}</Row>
        <Row label="Net cost avoided">{headline.net?.display ?? notShown}</Row>
        <Row label="Adjusted for confidence and the programme's adjustments">{headline.adjusted?.display ?? notShown}</Row>
        <Row label="Of which cashable">{headline.cashable ? `${headline.cashable.display} (the rest is cost avoidance, not a cut to a budget line)` : notShown}</Row>
        <Row label="Programme investment in the period">{headline.investment.display}</Row>
        <Row label="Fiscal return on investment">{headline.fiscalRoi?.reading ?? notShown}</Row>
        <Row label="Cashable return on investment">{headline.cashableRoi?.reading ?? notShown}</Row>
      </dl>
      {headline.adjustedSteps.length > 0 && (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">How the adjusted figure was worked out</span>
          </summary>
          <div className="govuk-details__text">
            <p className="govuk-body">
              Each record&rsquo;s confidence counts as a share: low 50%, medium 75%, high 90%. Then deadweight, displacement, attribution,
              drop-off and optimism bias are taken off, in that order, with the setting in force for each month and kind of support (0% where
              none is set). Years are programme years.
            </p>
            {headline.adjustedSteps.map((year) => (
              <table className="govuk-table" key={`${year.year}-${year.label}`}>
                <caption className="govuk-table__caption govuk-table__caption--s">
                  {`${year.year >= 1 ? `Programme year ${year.year}` : "Before the programme started (no drop-off)"}, ${year.label}`}
                </caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Step</th>
                    <th scope="col" className="govuk-table__header">Share</th>
                    <th scope="col" className="govuk-table__header govuk-table__header--numeric">Amount</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {year.steps.map((step) => (
                    <tr className="govuk-table__row" key={`${step.step}-${step.share ?? ""}`}>
                      <td className="govuk-table__cell">{step.step}</td>
                      <td className="govuk-table__cell">{step.share ?? ""}</td>
                      <td className="govuk-table__cell govuk-table__cell--numeric">{step.amount.display}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
        </details>
      )}
    </section>
  );
}

interface ActionResult {
  intent: string;
  errors: Record<string, string | undefined>;
  values: Values;
}

export function PlanForms({ view, result, saved, children }: { view: DashboardView; result: ActionResult | null; saved: string | null; children: ReactNode }) {
  const target = result?.intent === "target" ? result : null;
  const investment = result?.intent === "investment" ? result : null;
  const district = view.filter.district ?? "";
  return (
    <section aria-labelledby="plan-heading" id="plan">
      <h2 className="govuk-heading-m" id="plan-heading">
        {`Targets and investment for ${view.districtName.toLowerCase() === "all districts" ? "the whole council area" : view.districtName}`}
      </h2>
      {saved && (
        <DoneBanner message={saved === "investment" ? "The investment was recorded." : "The monthly target was set."} title="Saved" headingLevel={3} />
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <Form method="post" noValidate>
            {children}
            <input type="hidden" name="intent" value="target" />
            <input type="hidden" name="district" value={district} />
            <h3 className="govuk-heading-s">Set a monthly target</h3>
            <TextField name="monthlyTarget" label="Cost avoided a month, in pounds" hint="For example 25000" inputMode="decimal" width={10} defaultValue={text(target?.values, "monthlyTarget")} error={target?.errors.monthlyTarget} />
            <TextField name="fromMonth" label="From month" hint="Earlier months keep their targets. For example 2026-04" type="month" width={10} defaultValue={text(target?.values, "fromMonth")} error={target?.errors.fromMonth} />
            <button type="submit" className="govuk-button govuk-button--secondary">
              Set the target
            </button>
          </Form>
          {view.targets.length > 0 && (
            <ul className="govuk-list" aria-label="Targets set">
              {view.targets.map((row) => (
                <li key={`${row.validFrom}-${row.setAt}`}>{`${row.monthlyTarget.display} a month from ${row.validFrom.slice(0, 7)} (set ${formatDate(row.setAt)})`}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="govuk-grid-column-one-half">
          <Form method="post" noValidate>
            {children}
            <input type="hidden" name="intent" value="investment" />
            <input type="hidden" name="district" value={district} />
            <h3 className="govuk-heading-s">Record programme investment</h3>
            <TextField name="amount" label="Amount, in pounds" hint="For example 40000" inputMode="decimal" width={10} defaultValue={text(investment?.values, "amount")} error={investment?.errors.amount} />
            <TextField name="investedOn" label="Date" hint="For example 2026-04-01" type="date" width={10} defaultValue={text(investment?.values, "investedOn")} error={investment?.errors.investedOn} />
            <TextField name="description" label="What it paid for" defaultValue={text(investment?.values, "description")} error={investment?.errors.description} />
            <button type="submit" className="govuk-button govuk-button--secondary">
              Record the investment
            </button>
          </Form>
          {view.investments.length > 0 && (
            <ul className="govuk-list" aria-label="Investment in the period">
              {view.investments.map((row, index) => (
                <li key={index}>{`${row.amount.display} (${row.priceYear} prices) on ${row.investedOn}: ${row.description}`}</li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
