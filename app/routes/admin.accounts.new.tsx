import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AccessFields } from "../components/account-access";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { inviteSchema } from "../modules/accounts/account-form";
import { accountOptions, inviteAccount } from "../modules/accounts/admin.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Invite someone – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "account:manage");
  return { options: await accountOptions(db) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "account:manage");
  const form = await readForm(request, inviteSchema, ["localities"]);
  const { values } = form;
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  const result = await inviteAccount(db, actor, form.data);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  throw redirect(`/admin/accounts/${result.id}?invited=1`);
}

export default function InviteAccount() {
  const { options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values = (result?.values ?? {}) as Record<string, string | string[] | undefined>;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="email" />
          <h1 className="govuk-heading-l">Invite someone</h1>
          <p className="govuk-body">They will get an email with a link to choose their password.</p>
          <Form method="post" noValidate>
            <CsrfField />
            <TextField name="displayName" label="Name" autoComplete="off" defaultValue={(values.displayName as string) ?? ""} error={errors.displayName} />
            <TextField name="email" label="Email address" type="email" autoComplete="off" spellCheck={false} defaultValue={(values.email as string) ?? ""} error={errors.email} />
            <AccessFields
              options={options}
              values={{ role: values.role as string, organizationId: values.organizationId as string, localities: values.localities as string[] }}
              errors={errors}
            />
            <button type="submit" className="govuk-button">
              Send the invitation
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
