/** The budget planner's question and the costed week it proposes (a resident's page and a practitioner's share them). */
import { Form, Link } from "@remix-run/react";
import { assetKindName } from "../../db/vocabulary/kinds";
import { needName, needs as needTaxonomy } from "../../db/vocabulary/needs";
import { formatPence } from "../../db/evidence/money";
import type { Plan, PlanLine } from "../modules/budget/planner";
import { Checkboxes } from "./choice-fields";
import { ErrorSummary, TextField, type FieldErrors } from "./form";
import { PrintButton } from "./print-button";

export interface BudgetFormValues {
  budget: string;
  need: string[];
  place: string;
  hours: string;
}

export function BudgetQuestionForm({ values, errors, askPlace = true }: { values: BudgetFormValues; errors: FieldErrors; askPlace?: boolean }) {
  return (
    <Form method="get" noValidate className="atlas-no-print">
      <ErrorSummary errors={errors} fallbackField="budget" />
      <div className="govuk-form-group">
        <TextField
          name="budget"
          label="Your budget each week, in pounds"
          hint="Your Direct Payment or personal budget for support, each week. For example, 150"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          width={5}
          defaultValue={values.budget}
          error={errors.budget}
        />
      </div>
      <Checkboxes
        name="need"
        legend="What should the support help with?"
        hint="Choose all that apply"
        options={needTaxonomy.map((need) => ({ value: need.code, label: need.name }))}
        checked={values.need}
        error={errors.need}
      />
      {askPlace && (
        <TextField
          name="place"
          label="Where? A postcode, town or village"
          hint="For example, CB7 5AA or Soham. We use it only to find support near you and do not keep it"
          autoComplete="postal-code"
          spellCheck={false}
          width={20}
          defaultValue={values.place}
          error={errors.place}
        />
      )}
      <TextField
        name="hours"
        label="Hours of paid help at home a week (optional)"
        hint="Leave it empty and the plan uses what is left of the budget, up to 20 hours"
        inputMode="numeric"
        autoComplete="off"
        width={3}
        defaultValue={values.hours}
        error={errors.hours}
      />
      <button type="submit" className="govuk-button">
        Show what my budget buys
      </button>
    </Form>
  );
}

const hoursText = (hours: number) => `${Number.isInteger(hours) ? hours : hours.toFixed(1)} ${hours === 1 ? "hour" : "hours"}`;

function lineCost(line: PlanLine): string {
  if (line.kind === "free-group") return "Free";
  if (line.kind === "session") return `${formatPence(line.unitPence)} a session × ${line.sessionsPerWeek}`;
  return `${formatPence(line.unitPence)} an hour × ${line.hoursPerWeek}`;
}

export type PlanView = Plan & { budgetPence: number; priceYear: string; place: string | null };

export function CostedPlan({ plan, searchHref }: { plan: PlanView; searchHref: string }) {
  return (
    <section aria-labelledby="plan-heading" className="atlas-plan">
      <h2 className="govuk-heading-l" id="plan-heading">
        A week of support for {formatPence(plan.budgetPence)}
      </h2>
      {plan.place && <p className="govuk-body">Near {plan.place}. Prices are what the listings charge now ({plan.priceYear}).</p>}
      {plan.lines.length === 0 ? (
        <p className="govuk-body">
          We found no local support that meets these needs within 5 miles.{" "}
          <Link className="govuk-link" to={searchHref}>
            Search for support
          </Link>{" "}
          further away, or ask a practitioner.
        </p>
      ) : (
        <table className="govuk-table atlas-plan__table">
          <caption className="govuk-table__caption govuk-table__caption--m">Your week</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Support
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric atlas-plan__number">
                Hours a week
              </th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric atlas-plan__number">
                Cost a week
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {plan.lines.map((line) => (
              <tr className="govuk-table__row" key={line.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/assets/${line.id}`}>
                    {line.name}
                  </Link>
                  <span className="govuk-body-s atlas-plan__detail">
                    {assetKindName(line.kind)}. Helps with {line.needs.map((need) => needName(need).toLowerCase()).join(", ")}. {line.summary}
                  </span>
                </th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{hoursText(line.hoursPerWeek)}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">
                  {line.costPence === 0 ? "Free" : formatPence(line.costPence)}
                  <span className="govuk-body-s atlas-plan__detail">{line.costPence === 0 ? "" : lineCost(line)}</span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">
                Total
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{hoursText(plan.paidHours + plan.groupHours)}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(plan.totalPence)}</td>
            </tr>
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header" colSpan={2}>
                Left from your budget
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(plan.leftPence)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {plan.hoursShort && (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Your budget buys {hoursText(plan.hoursShort.bought)} of paid help, not the {hoursText(plan.hoursShort.asked)} you asked for.
          </strong>
        </div>
      )}
      {plan.missing.length > 0 && plan.lines.length > 0 && (
        <p className="govuk-body">
          Nothing in this plan helps with {plan.missing.map((need) => needName(need).toLowerCase()).join(" or ")}.{" "}
          <Link className="govuk-link" to={searchHref}>
            Search for more support
          </Link>
        </p>
      )}
      {plan.homeCare ? (
        <div className="govuk-inset-text">
          <h3 className="govuk-heading-s">Compared with agency home care</h3>
          <p className="govuk-body">
            The same {hoursText(plan.homeCare.hours)} of agency home care would cost <strong>{formatPence(plan.homeCare.costPence)}</strong> a week, at{" "}
            {formatPence(plan.homeCare.ratePence)} an hour ({plan.homeCare.priceYear} prices
            {plan.homeCare.priceYear === plan.priceYear ? "" : `, not converted to ${plan.priceYear}`}; source: {plan.homeCare.source}).{" "}
            {plan.homeCare.differencePence > 0
              ? `Local paid help costs ${formatPence(plan.homeCare.differencePence)} a week less.`
              : plan.homeCare.differencePence < 0
                ? `Local paid help costs ${formatPence(-plan.homeCare.differencePence)} a week more.`
                : "They cost the same."}
          </p>
          {plan.groupHours > 0 && <p className="govuk-body">The {hoursText(plan.groupHours)} at groups are on top, and home care would not give them.</p>}
        </div>
      ) : (
        plan.paidHours > 0 && <p className="govuk-body">No home-care rate is recorded, so we cannot compare.</p>
      )}
      <p className="govuk-body">
        This is a suggestion, not a booking: contact each one to check they have room. To hand it to a practitioner, print it or send them
        this page&apos;s address.
      </p>
      <PrintButton what="this plan" />
    </section>
  );
}
