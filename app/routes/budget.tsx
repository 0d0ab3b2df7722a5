import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BudgetQuestionForm, CostedPlan } from "../components/budget-plan";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { budgetFormSchema, budgetFormValues } from "../modules/budget/budget-form";
import { parseForm } from "../modules/forms/read-form.server";
import { costedPlan, financialYearOf, plannerPerson, plannerPlace } from "../modules/budget/budget.server";
import { londonDay } from "../../db/calendar";

export const meta: MetaFunction = () => [{ title: "What my budget buys – Asset Atlas" }];

/** A GET form: the question is in the address, so the plan can be printed, bookmarked or handed on. Nothing is stored. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  const params = new URL(request.url).searchParams;
  const values = budgetFormValues(params);
  if (!params.has("budget")) return { values, errors: {}, plan: null };
  const parsed = parseForm(values, budgetFormSchema);
  const errors = parsed.ok ? {} : parsed.errors;
  const place = parsed.ok || !errors.place ? await plannerPlace(db, values.place) : null;
  if (place && "error" in place) errors.place = place.error;
  if (!parsed.ok || !place || "error" in place) return data({ values, errors, plan: null }, { status: 400 });
  const plan = await costedPlan(db, parsed.data, plannerPerson(parsed.data, place.place));
  const priceYear = financialYearOf(londonDay());
  return { values, errors, plan: { ...plan, budgetPence: parsed.data.budget, priceYear, place: place.place.label } };
}

export default function Budget() {
  const { values, errors, plan } = useLoaderData<typeof loader>();
  const search = `/search?${new URLSearchParams([...values.need.map((need) => ["need", need]), ["postcode", values.place]])}`;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-xl">What my budget buys</h1>
          <p className="govuk-body atlas-no-print">
            If you arrange your own support with a Direct Payment or a personal budget, see what it could pay for near you: local groups
            (many are free), personal assistants and community micro-enterprises, costed for a week and compared with agency home care.
            The rates are on the{" "}
            <Link className="govuk-link" to="/prices">
              local price schedule
            </Link>
            .
          </p>
          <BudgetQuestionForm values={values} errors={errors} />
        </div>
      </div>
      {plan && <CostedPlan plan={plan} searchHref={search} />}
    </Page>
  );
}
