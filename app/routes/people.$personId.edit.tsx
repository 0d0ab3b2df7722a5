import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { PersonForm, type PersonFormValues } from "../components/person-form";
import { requirePermission } from "../modules/accounts/permissions.server";
import { personArrayFields, personFormValues, personSchema } from "../modules/people/person-form";
import { readPerson, updatePerson } from "../modules/people/people.server";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Change ${loaded?.reference ?? "record"} – Asset Atlas` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:write");
  const person = await readPerson(db, actor, params.personId ?? "", "edit");
  return { id: person.id, reference: person.reference, values: personFormValues(person) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:write");
  const form = await readForm(request, personSchema, personArrayFields);
  const { values } = form;
  if (!form.ok) {
    await readPerson(db, actor, params.personId ?? "", "edit"); // refuse a stranger before saying what is wrong
    return data({ errors: form.errors, values }, { status: 400 });
  }
  const result = await updatePerson(db, actor, params.personId ?? "", form.data);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  throw redirect(`/people/${result.id}?saved=1`);
}

export default function EditPerson() {
  const { id, reference, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="reference" />
          <span className="govuk-caption-l">{reference}</span>
          <h1 className="govuk-heading-l">Change the record</h1>
          <PersonForm values={(result?.values ?? values) as PersonFormValues} errors={errors} submitLabel="Save changes" />
          <p className="govuk-body">
            <Link className="govuk-link" to={`/people/${id}`}>
              Back to the record
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
