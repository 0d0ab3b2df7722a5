import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AccessFields } from "../components/account-access";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { accessSchema, oidcSubjectSchema } from "../modules/accounts/account-form";
import { accountOptions, getAccount, setActive, setOidcSubject, updateAccess } from "../modules/accounts/admin.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { invariantResponse } from "../modules/errors/app-error";
import { formValues, parseForm } from "../modules/forms/read-form.server";
import { DoneBanner } from "../components/done-banner";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.account.displayName ?? "Account"} – Asset Atlas` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "account:manage");
  const account = await getAccount(db, params.id ?? "");
  invariantResponse(account, "Account not found", 404);
  return { account, options: await accountOptions(db) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "account:manage");
  const id = params.id ?? "";
  const values = formValues(await request.formData(), ["localities"]);
  if (values.intent === "deactivate" || values.intent === "reactivate") {
    const result = await setActive(db, actor, id, values.intent === "reactivate");
    if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
    throw redirect(`/admin/accounts/${id}?saved=1`);
  }
  if (values.intent === "link-oidc") {
    const subject = parseForm(values, oidcSubjectSchema);
    if (!subject.ok) return data({ errors: subject.errors, values }, { status: 400 });
    const result = await setOidcSubject(db, actor, id, subject.data.oidcSubject);
    if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
    throw redirect(`/admin/accounts/${id}?saved=1`);
  }
  const form = parseForm(values, accessSchema);
  if (!form.ok) return data({ errors: form.errors, values }, { status: 400 });
  const result = await updateAccess(db, actor, id, form.data);
  if (!result.ok) return data({ errors: result.errors, values }, { status: 400 });
  throw redirect(`/admin/accounts/${id}?saved=1`);
}

export default function EditAccount() {
  const { account, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const posted = result?.values as Record<string, string | string[] | undefined> | undefined;
  const notice = searchParams.has("invited")
    ? `We have emailed ${account.email} a link to choose their password.`
    : searchParams.has("saved")
      ? "Your changes have been saved."
      : null;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {notice && (
            <DoneBanner message={notice} />
          )}
          <ErrorSummary errors={errors} fallbackField="role" />
          <span className="govuk-caption-l">{account.email}</span>
          <h1 className="govuk-heading-l">{account.displayName}</h1>
          <p className="govuk-body">{account.active ? "This account is active." : "This account is deactivated: it cannot sign in."}</p>
          <Form method="post" noValidate>
            <CsrfField />
            <AccessFields
              options={options}
              values={
                posted
                  ? { role: posted.role as string, organizationId: posted.organizationId as string, localities: posted.localities as string[] }
                  : account
              }
              errors={errors}
            />
            <button type="submit" className="govuk-button" name="intent" value="save">
              Save changes
            </button>
          </Form>
          <Form method="post" noValidate>
            <CsrfField />
            <h2 className="govuk-heading-m">Council sign-in</h2>
            <p className="govuk-body">
              {account.oidcSubject
                ? "This account is linked to a council sign-in identity."
                : "This account is not linked to a council sign-in identity. It links itself at first council sign-in when the identity provider confirms the email address; otherwise enter the identifier here."}
            </p>
            <TextField
              name="oidcSubject"
              label="Council sign-in identifier"
              hint="The identity provider's subject (sub) for this person, from your identity team. Leave empty to unlink."
              autoComplete="off"
              spellCheck={false}
              defaultValue={posted && posted.intent === "link-oidc" ? (posted.oidcSubject as string) : (account.oidcSubject ?? "")}
              error={errors.oidcSubject}
            />
            <button type="submit" className="govuk-button govuk-button--secondary" name="intent" value="link-oidc">
              Save council sign-in
            </button>
          </Form>
          <Form method="post">
            <CsrfField />
            {account.active ? (
              <button type="submit" className="govuk-button govuk-button--warning" name="intent" value="deactivate">
                Deactivate this account
              </button>
            ) : (
              <button type="submit" className="govuk-button govuk-button--secondary" name="intent" value="reactivate">
                Reactivate this account
              </button>
            )}
          </Form>
        </div>
      </div>
    </Page>
  );
}
