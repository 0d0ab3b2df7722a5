import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { ErrorSummary, fieldErrors } from "../components/form";
import { Page } from "../components/layout";
import { PersonForm, type PersonFormValues } from "../components/person-form";
import { formValues } from "../modules/accounts/account-form";
import { requirePermission } from "../modules/accounts/permissions.server";
import { personArrayFields, personSchema } from "../modules/people/person-form";
import { createPerson } from "../modules/people/people.server";

export const meta: MetaFunction = () => [{ title: "Record a person – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "person:write");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:write");
  const values = formValues(await request.formData(), personArrayFields);
  delete values.csrf;
  const parsed = personSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  const result = await createPerson(db, actor, parsed.data);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  throw redirect(`/people/${result.id}?saved=1`);
}

export default function NewPerson() {
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="reference" />
          <h1 className="govuk-heading-l">Record a person</h1>
          <p className="govuk-body">
            Record only what you need to find them support. Needs and risk factors are health information: they are kept
            for you alone, and every view and change is logged.
          </p>
          <PersonForm values={(result?.values ?? {}) as PersonFormValues} errors={errors} submitLabel="Save and see the record" />
          <p className="govuk-body">
            <Link className="govuk-link" to="/people">
              Back to your caseload
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
