import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { NewRequestFields } from "../components/request-fields";
import { requireOwnPerson } from "../modules/referrals/caseload.server";
import { newRequestSchema } from "../modules/requests/request-forms";
import { addRequest } from "../modules/requests/requests.server";
import { londonDay } from "../../db/calendar";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `New request for ${loaded?.person.reference ?? "a person"} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { person } = await requireOwnPerson(request, "person:write", params.personId ?? "");
  return { person: { id: person.id, reference: person.reference }, today: londonDay() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, person } = await requireOwnPerson(request, "person:write", params.personId ?? "");
  const form = await readForm(request, newRequestSchema(londonDay()));
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  const created = await addRequest(db, actor, person, form.data);
  throw redirect(`/requests/${created.id}?done=created`);
}

export default function NewRequest() {
  const { person, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="source" />
          <span className="govuk-caption-l">{person.reference}</span>
          <h1 className="govuk-heading-l">A new request for help</h1>
          <p className="govuk-body">Record a new contact about {person.reference}: each request has its own conversation, follow-ups and outcome.</p>
          <Form method="post" noValidate>
            <CsrfField />
            <NewRequestFields values={result?.values ?? {}} errors={errors} today={today} />
            <button type="submit" className="govuk-button">
              Save the request
            </button>
          </Form>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/people/${person.id}`}>
              Back to {person.reference}&apos;s record
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
