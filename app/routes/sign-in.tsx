import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextField, type FieldErrors } from "../components/form";
import { Page } from "../components/layout";
import { councilSignInButton } from "../modules/accounts/oidc.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { safeRedirect, signInSchema } from "../modules/accounts/sign-in-form";
import { clientAddress } from "../modules/accounts/rate-limit.server";
import { lockMinutes, signIn } from "../modules/accounts/sign-in.server";
import { startSession } from "../modules/accounts/session.server";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requirePermission(request, "account:sign-in");
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (actor.role !== "anonymous") throw redirect(redirectTo);
  return { redirectTo, councilSignIn: councilSignInButton() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "account:sign-in");
  const form = await readForm(request, signInSchema);
  const email = (form.values.email ?? "").slice(0, 320);
  if (!form.ok) return data({ errors: form.errors, email }, { status: 400 });
  const result = await signIn(db, clientAddress(context), form.data);
  if (!result.ok) {
    const messages = {
      "wrong-details": "The email address or password is not right. Check them and try again.",
      "too-many-attempts": `Too many attempts to sign in. Wait ${lockMinutes} minutes and try again.`,
      "demo-account-off": "Demo accounts are switched off on this service.",
    } as const;
    const status = result.reason === "too-many-attempts" ? 429 : 400;
    return data({ errors: { form: messages[result.reason] } as FieldErrors, email }, { status });
  }
  const cookie = await startSession(db, request, result.userId);
  throw redirect(safeRedirect(form.data.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const { redirectTo, councilSignIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="email" />
          <h1 className="govuk-heading-l">Sign in</h1>
          <p className="govuk-body">
            Staff and providers sign in to manage listings and referrals. You do not need an account to search for
            support.
          </p>
          {councilSignIn && (
            <>
              {/* A plain link, not <Link>: the provider's page needs a full navigation. */}
              <a
                className="govuk-button govuk-button--secondary"
                href={`/auth/oidc?${new URLSearchParams({ redirectTo })}`}
                role="button"
                draggable="false"
              >
                {councilSignIn.label}
              </a>
              <p className="govuk-body">Or sign in with your email address and password.</p>
            </>
          )}
          <Form method="post" noValidate>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <TextField
              name="email"
              label="Email address"
              type="email"
              autoComplete="username"
              spellCheck={false}
              defaultValue={result?.email ?? ""}
              error={errors.email}
            />
            <TextField
              name="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              error={errors.password}
            />
            <button type="submit" className="govuk-button">
              Sign in
            </button>
          </Form>
          <p className="govuk-body">
            <Link className="govuk-link" to="/password-reset">
              I have forgotten my password
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
