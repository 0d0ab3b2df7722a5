import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Radios } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { recordAudit } from "../modules/accounts/audit.server";
import { recordOutcome } from "../modules/referrals/care-evidence.server";
import { requireOwnPerson } from "../modules/referrals/caseload.server";
import { lonelinessAnswers, lonelinessQuestion, ons4Introduction, ons4Questions, outcomeSchema, outcomeStages } from "../modules/referrals/referral-forms";
import { londonDay } from "../../db/calendar";
import { refusal } from "../modules/errors/app-error";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Record wellbeing and loneliness – Asset Atlas" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, person } = await requireOwnPerson(request, "referral:write", params.personId ?? "");
  await recordAudit(db, actor, { action: "outcome.form-view", subjectType: "person", subjectId: person.id });
  return { person: { id: person.id, reference: person.reference }, today: londonDay() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, person } = await requireOwnPerson(request, "referral:write", params.personId ?? "");
  const form = await readForm(request, outcomeSchema(londonDay()));
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  try {
    await recordOutcome(db, actor, person.id, form.data);
  } catch (error) {
    const refused = refusal(error);
    return data({ errors: { form: refused.message }, values }, { status: refused.status });
  }
  throw redirect(`/people/${person.id}/support?done=outcome`);
}

const zeroToTen = Array.from({ length: 11 }, (_, value) => ({ value: String(value), label: String(value) }));

export default function RecordOutcomes() {
  const { person, today: todayIso } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="stage" />
          <span className="govuk-caption-l">{person.reference}</span>
          <h1 className="govuk-heading-l">Record wellbeing and loneliness</h1>
          <p className="govuk-body">
            Ask these questions at the start, before support begins, and again at follow-up. Read them out as written: they are the Office for
            National Statistics&apos; personal well-being questions and its direct question on loneliness, so answers can be compared.
          </p>
          <Form method="post" noValidate>
            <CsrfField />
            <Radios name="stage" legend="When are these answers from?" options={outcomeStages} checked={values.stage} error={errors.stage} inline />
            <TextField name="recordedOn" label="Date asked" type="date" width={10} defaultValue={values.recordedOn ?? todayIso} max={todayIso} error={errors.recordedOn} />
            <h2 className="govuk-heading-m">Personal well-being</h2>
            <p className="govuk-inset-text">{ons4Introduction}</p>
            {ons4Questions.map((question) => (
              <Radios
                key={question.name}
                name={question.name}
                legend={question.question}
                hint={question.name === "anxiety" ? "0 is not at all anxious, 10 is completely anxious" : "0 is not at all, 10 is completely"}
                options={zeroToTen}
                checked={values[question.name]}
                error={errors[question.name]}
                inline
                small
              />
            ))}
            <h2 className="govuk-heading-m">Loneliness</h2>
            <Radios
              name="loneliness"
              legend={lonelinessQuestion}
              options={lonelinessAnswers.map((answer) => ({ value: String(answer.value), label: answer.label }))}
              checked={values.loneliness}
              error={errors.loneliness}
              small
            />
            <button type="submit" className="govuk-button">
              Save the answers
            </button>
          </Form>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/people/${person.id}/support`}>
              Back to {person.reference}&apos;s support
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
