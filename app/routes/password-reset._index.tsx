import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { resetLinkMinutes, resetRequestSchema } from "../modules/accounts/password-form";
import { requestPasswordReset } from "../modules/accounts/password-reset.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { clientAddress } from "../modules/accounts/rate-limit.server";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Reset your password – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "account:sign-in");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "account:sign-in");
  const form = await readForm(request, resetRequestSchema);
  if (!form.ok) return data({ errors: form.errors, sent: false }, { status: 400 });
  const result = await requestPasswordReset(db, clientAddress(context), form.data.email);
  if (result === "too-many-requests") {
    return data(
      { errors: { form: "You have asked for too many links. Wait an hour and try again." }, sent: false },
      { status: 429 },
    );
  }
  return { errors: {}, sent: true };
}

export default function PasswordResetRequest() {
  const result = useActionData<typeof action>();
  if (result?.sent) {
    return (
      <Page>
        <h1 className="govuk-heading-l">Check your email</h1>
        <p className="govuk-body">
          If that address belongs to an Asset Atlas account, we have sent it a link to reset the password. The link
          works once and expires in {resetLinkMinutes} minutes.
        </p>
      </Page>
    );
  }
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="email" />
          <h1 className="govuk-heading-l">Reset your password</h1>
          <p className="govuk-body">Enter the email address you sign in with. We will email you a link to choose a new password.</p>
          <Form method="post" noValidate>
            <TextField name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} error={errors.email} />
            <button type="submit" className="govuk-button">
              Send the link
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
