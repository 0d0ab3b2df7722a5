import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { CellChart, CellTable, FunnelSection, MarketSection, Section, SpendSection, TrajectorySection } from "../components/evidence-tables";
import { EvidenceFilter, Headline, PlanForms, PricesAndSettings } from "../components/evidence-page";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { can } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { dimensions } from "../modules/evidence/dashboard";
import { filterQuery, investmentSchema, parseFilter, targetSchema } from "../modules/evidence/dashboard-form";
import { dashboardView, recordInvestment, setMonthlyTarget } from "../modules/evidence/dashboard.server";
import { currentPriceIndex } from "../modules/evidence/price-index.server";
import { priceYearChoices } from "../../db/evidence/price-years";
import { londonDay } from "../../db/calendar";
import { formValues, parseForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Evidence of cost avoided – Asset Atlas" }];

// The dashboard's own server time, for anyone checking how long it takes (the browser's network panel shows it).
export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const headers = new Headers();
  const timing = loaderHeaders.get("Server-Timing");
  if (timing) headers.set("Server-Timing", timing);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:read");
  const { filter, errors, values } = parseFilter(new URL(request.url).searchParams, londonDay(), priceYearChoices(await currentPriceIndex(db)));
  const started = performance.now();
  const view = await dashboardView(db, actor, filter);
  const serverMs = Math.round(performance.now() - started);
  const saved = new URL(request.url).searchParams.get("saved");
  return data(
    {
      view,
      errors,
      values,
      query: filterQuery(filter),
      canPlan: can(actor, "evidence:plan"),
      canAdjust: can(actor, "evidence:adjust"),
      canEditUnitCosts: can(actor, "unit-cost:update"),
      saved,
    },
    { headers: { "Server-Timing": `dashboard;dur=${serverMs}` } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:plan");
  const values = formValues(await request.formData());
  const intent = values.intent === "investment" ? "investment" : "target";
  const query = new URL(request.url).searchParams;
  query.delete("index");
  query.delete("saved");
  const back = query.toString();
  if (intent === "target") {
    const form = parseForm(values, targetSchema);
    if (!form.ok) return data({ intent, errors: form.errors, values }, { status: 400 });
    await setMonthlyTarget(db, actor, form.data);
  } else {
    const form = parseForm(values, investmentSchema);
    if (!form.ok) return data({ intent, errors: form.errors, values }, { status: 400 });
    await recordInvestment(db, actor, form.data);
  }
  throw redirect(`/evidence?${back ? `${back}&` : ""}saved=${intent}#plan`);
}

export default function EvidenceDashboard() {
  const { view, errors, values, query, canPlan, canAdjust, canEditUnitCosts, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const allErrors = { ...errors, ...(result?.errors ?? {}) };
  const captions = {
    month: "Diverted care by month",
    district: "Diverted care by district (where the person lives)",
    ward: "Diverted care by ward (where the person lives)",
    kind: "Diverted care by the kind of asset that met the need",
    need: "Diverted care by the need the referral was mainly for",
  } as const;
  return (
    <Page>
      <ErrorSummary errors={allErrors} fallbackField="from" />
      <h1 className="govuk-heading-l">Evidence of cost avoided</h1>
      <p className="govuk-body-l">{`${view.districtName}, ${view.period.label}`}</p>
      <p className="govuk-body">
        Formal care that community support met instead, priced with the unit costs in force on each day. Figures are totals for groups of
        people; a group of fewer than 5 is shown as &ldquo;fewer than 5&rdquo; and its figures are not shown, and another row may be &ldquo;not shown&rdquo; so that the small one cannot be worked out from the total. Select a cost avoided to see the
        unit costs and hours behind it.
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/evidence/modeller">
          Model a business case
        </Link>
        {" · "}
        <Link className="govuk-link" to="/evidence/indicators">
          Programme indicators
        </Link>
        {" · "}
        <Link className="govuk-link" to="/evidence/settings">
          Adjustments
        </Link>
        {canEditUnitCosts && (
          <>
            {" · "}
            <Link className="govuk-link" to="/admin/unit-costs">
              Unit costs
            </Link>
          </>
        )}
      </p>
      {canEditUnitCosts && view.staleUnitCosts > 0 && (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {`${view.staleUnitCosts} unit ${view.staleUnitCosts === 1 ? "cost" : "costs"} in force today ${view.staleUnitCosts === 1 ? "is" : "are"} more than two years old. `}
            <Link className="govuk-link" to="/admin/unit-costs">
              Check the unit costs
            </Link>
          </div>
        </div>
      )}
      <EvidenceFilter values={values} errors={errors} districts={view.districts} priceYears={view.prices.years} priceYear={view.filter.priceYear} />
      <PricesAndSettings view={view} canAdjust={canAdjust} />
      <Headline view={view} />
      <Section id="month" title="Cost avoided by month" csv={["by-month", "trajectory"]} query={query}>
        <TrajectorySection rows={view.trajectory} />
        <CellTable dimension="month" rows={view.tables.month.rows} total={view.tables.month.total} query={query} caption={captions.month} />
      </Section>
      {dimensions
        // One district chosen: its own row would only repeat the total.
        .filter((dimension) => dimension !== "month" && !(dimension === "district" && view.filter.district))
        .map((dimension) => (
          <Section key={dimension} id={dimension} title={`Cost avoided by ${dimension === "kind" ? "kind of asset" : dimension}`} csv={[`by-${dimension}`]} query={query}>
            <CellChart id={`chart-${dimension}`} title={`Cost avoided by ${dimension === "kind" ? "kind of asset" : dimension}`} rows={view.tables[dimension].rows} />
            <CellTable dimension={dimension} rows={view.tables[dimension].rows} total={view.tables[dimension].total} query={query} caption={captions[dimension]} />
          </Section>
        ))}
      <Section id="funnel" title="Requests for help" csv={["funnel"]} query={query}>
        <FunnelSection rows={view.funnel.rows} total={view.funnel.total} />
      </Section>
      <Section id="market" title="Market diversity" csv={["market", "spend"]} query={query}>
        <MarketSection market={view.market} priceYear={view.prices.year} />
        <SpendSection spend={view.spend} priceYear={view.prices.year} />
      </Section>
      {canPlan && (
        <PlanForms view={view} result={result ?? null} saved={saved}>
          <CsrfField />
        </PlanForms>
      )}
    </Page>
  );
}
