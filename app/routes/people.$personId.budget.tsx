import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BudgetQuestionForm, CostedPlan } from "../components/budget-plan";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { budgetFormSchema, budgetFormValues } from "../modules/budget/budget-form";
import { parseForm } from "../modules/forms/read-form.server";
import { costedPlan, financialYearOf } from "../modules/budget/budget.server";
import { personForMatching } from "../modules/matching/matching.server";
import { readPerson } from "../modules/people/people.server";
import { londonDay } from "../../db/calendar";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `What the budget buys for ${loaded?.reference ?? "a person"} – Asset Atlas` }];

/** The residents' planner from a person's record: their needs, place, days and times; the budget typed here is not stored. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:read");
  const person = await readPerson(db, actor, params.personId ?? "", "budget");
  const url = new URL(request.url).searchParams;
  const values = { ...budgetFormValues(url), place: person.postcode ?? "" };
  if (!url.has("need")) values.need = person.needs;
  const base = { id: person.id, reference: person.reference, values, errors: {}, plan: null };
  if (!url.has("budget")) return base;
  const parsed = parseForm(values, budgetFormSchema.omit({ place: true }));
  if (!parsed.ok) return data({ ...base, errors: parsed.errors }, { status: 400 });
  const plan = await costedPlan(db, parsed.data, { ...personForMatching(person), maxHourlyRatePence: null, hasDirectPayment: true });
  const priceYear = financialYearOf(londonDay());
  return { ...base, plan: { ...plan, budgetPence: parsed.data.budget, priceYear, place: person.postcode } };
}

export default function PersonBudget() {
  const { id, reference, values, errors, plan } = useLoaderData<typeof loader>();
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{reference}</span>
          <h1 className="govuk-heading-xl">What the budget buys</h1>
          <p className="govuk-body atlas-no-print">
            A week of local support for this person&apos;s needs near their postcode, on the days and times on their record, costed against
            their weekly budget. The budget is not saved on the record.
          </p>
          <BudgetQuestionForm values={values} errors={errors} askPlace={false} />
        </div>
      </div>
      {plan && <CostedPlan plan={plan} searchHref={`/people/${id}/matches`} />}
      <p className="govuk-body atlas-no-print">
        <Link className="govuk-link" to={`/people/${id}`}>
          Back to the record
        </Link>
      </p>
    </Page>
  );
}
