import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { newPasswordSchema } from "../modules/accounts/password-form";
import { checkResetLink, completePasswordReset } from "../modules/accounts/password-reset.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password – Asset Atlas" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "account:sign-in");
  const link = await checkResetLink(db, params.token ?? "");
  return { usable: link.ok, email: link.ok ? link.email : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "account:sign-in");
  const form = await readForm(request, newPasswordSchema);
  if (!form.ok) return data({ errors: form.errors, done: false }, { status: 400 });
  const done = await completePasswordReset(db, params.token ?? "", form.data.password);
  if (!done) return data({ errors: { form: expiredMessage }, done: false }, { status: 400 });
  return { errors: {}, done: true };
}

const expiredMessage = "This link has expired or has already been used. Ask for a new link.";

export default function ChooseNewPassword() {
  const { usable, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.done) {
    return (
      <Page>
        <h1 className="govuk-heading-l">Your password has been changed</h1>
        <p className="govuk-body">
          <Link className="govuk-link" to="/sign-in">
            Sign in with your new password
          </Link>
          .
        </p>
      </Page>
    );
  }
  if (!usable) {
    return (
      <Page>
        <h1 className="govuk-heading-l">This link cannot be used</h1>
        <p className="govuk-body">{expiredMessage}</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/password-reset">
            Ask for a new link
          </Link>
        </p>
      </Page>
    );
  }
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="password" />
          <h1 className="govuk-heading-l">Choose a new password</h1>
          <p className="govuk-body">For the account {email}.</p>
          <Form method="post" noValidate>
            <input type="text" name="username" autoComplete="username" defaultValue={email ?? ""} hidden readOnly />
            <TextField
              name="password"
              label="New password"
              hint="At least 12 characters. A few unrelated words make a strong password."
              type="password"
              autoComplete="new-password"
              error={errors.password}
            />
            <TextField name="confirm" label="New password again" type="password" autoComplete="new-password" error={errors.confirm} />
            <button type="submit" className="govuk-button">
              Change my password
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
