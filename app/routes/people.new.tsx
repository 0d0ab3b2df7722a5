import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { PersonForm, type PersonFormValues } from "../components/person-form";
import { NewRequestFields } from "../components/request-fields";
import { requirePermission } from "../modules/accounts/permissions.server";
import { personArrayFields, personSchema } from "../modules/people/person-form";
import { createPerson } from "../modules/people/people.server";
import { newRequestSchema } from "../modules/requests/request-forms";
import { readRequest } from "../modules/requests/requests.server";
import { londonDay } from "../../db/calendar";
import { invariantResponse } from "../modules/errors/app-error";
import { formValues, parseForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Record a person – Asset Atlas" }];

/** `?request=…`: a request picked up from the queue, whose caller this record is for. */
async function answeredRequest(request: Request, db: Parameters<typeof readRequest>[0], actor: Parameters<typeof readRequest>[1]) {
  const id = new URL(request.url).searchParams.get("request");
  if (!id) return null;
  const found = await readRequest(db, actor, id, "record-person");
  invariantResponse(!found.personId, "This request is already linked to a record.", 409);
  invariantResponse(found.practitionerId === actor.userId, "Pick the request up before you record the person.", 409);
  return found;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:write");
  const answered = await answeredRequest(request, db, actor);
  return {
    today: londonDay(),
    answered: answered ? { id: answered.id, reference: answered.reference } : null,
    // The caller's details, to start the record from (the practitioner decides what to keep).
    prefill: answered ? { postcode: answered.postcode ?? "", contactName: answered.contactName ?? "", contactPhone: answered.contactPhone ?? "", whatMatters: answered.askedFor ?? "" } : {},
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:write");
  const answered = await answeredRequest(request, db, actor);
  const values = formValues(await request.formData(), personArrayFields);
  const person = parseForm(values, personSchema);
  const newRequest = answered ? null : parseForm(values, newRequestSchema(londonDay()));
  if (!person.ok || (newRequest && !newRequest.ok)) {
    const errors = { ...(person.ok ? {} : person.errors), ...(newRequest && !newRequest.ok ? newRequest.errors : {}) };
    return data({ errors, values }, { status: 400 });
  }
  const result = await createPerson(db, actor, person.data, answered ? { existing: answered.id } : { new: newRequest!.data });
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  throw redirect(`/requests/${result.requestId}?done=${answered ? "linked" : "created"}`);
}

export default function NewPerson() {
  const { today, answered, prefill } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="reference" />
          {answered && <span className="govuk-caption-l">For request {answered.reference}</span>}
          <h1 className="govuk-heading-l">Record a person</h1>
          <p className="govuk-body">
            Record only what you need to find them support. Needs and risk factors are health information: they are kept
            for you alone, and every view and change is logged.
          </p>
          <PersonForm
            values={(result?.values ?? prefill) as PersonFormValues}
            errors={errors}
            submitLabel={answered ? "Save and link to the request" : "Save the person and their request"}
            request={answered ? null : <NewRequestFields values={(result?.values ?? {}) as PersonFormValues} errors={errors} today={today} />}
          />
          <p className="govuk-body">
            <Link className="govuk-link" to={answered ? `/requests/${answered.id}` : "/people"}>
              {answered ? "Back to the request" : "Back to your caseload"}
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
