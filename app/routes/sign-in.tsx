import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { safeRedirect, signInSchema } from "../modules/accounts/sign-in-form";
import { lockMinutes, signIn } from "../modules/accounts/sign-in.server";
import { startSession } from "../modules/accounts/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requirePermission(request, "account:sign-in");
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (actor.role !== "anonymous") throw redirect(redirectTo);
  return { redirectTo };
}

type FieldErrors = Partial<Record<"email" | "password" | "form", string>>;

export async function action({ request }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "account:sign-in");
  const form = Object.fromEntries(await request.formData());
  const parsed = signInSchema.safeParse(form);
  const email = typeof form.email === "string" ? form.email.slice(0, 320) : "";
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as "email" | "password"] ??= issue.message;
    return data({ errors, email }, { status: 400 });
  }
  const result = await signIn(db, request, parsed.data);
  if (!result.ok) {
    const messages = {
      "wrong-details": "The email address or password is not right. Check them and try again.",
      "too-many-attempts": `Too many attempts to sign in. Wait ${lockMinutes} minutes and try again.`,
      "demo-account-off": "Demo accounts cannot sign in to this service.",
    } as const;
    const status = result.reason === "too-many-attempts" ? 429 : 400;
    return data({ errors: { form: messages[result.reason] } as FieldErrors, email }, { status });
  }
  const cookie = await startSession(db, request, result.userId);
  throw redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const summary = Object.entries(errors);
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {summary.length > 0 && (
            <div className="govuk-error-summary" data-module="govuk-error-summary" role="alert" tabIndex={-1}>
              <h2 className="govuk-error-summary__title">There is a problem</h2>
              <div className="govuk-error-summary__body">
                <ul className="govuk-list govuk-error-summary__list">
                  {summary.map(([field, message]) => (
                    <li key={field}>
                      <a href={field === "form" ? "#email" : `#${field}`}>{message}</a>
                    </li>
                  ))}
                </ul>
              </div>
            </div>
          )}
          <h1 className="govuk-heading-l">Sign in</h1>
          <p className="govuk-body">
            Staff and providers sign in to manage listings and referrals. You do not need an account to search for
            support.
          </p>
          <Form method="post" noValidate>
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <div className={`govuk-form-group${errors.email ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label" htmlFor="email">
                Email address
              </label>
              {errors.email && (
                <p id="email-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errors.email}
                </p>
              )}
              <input
                className={`govuk-input${errors.email ? " govuk-input--error" : ""}`}
                id="email"
                name="email"
                type="email"
                autoComplete="username"
                spellCheck={false}
                defaultValue={result?.email ?? ""}
                aria-describedby={errors.email ? "email-error" : undefined}
              />
            </div>
            <div className={`govuk-form-group${errors.password ? " govuk-form-group--error" : ""}`}>
              <label className="govuk-label" htmlFor="password">
                Password
              </label>
              {errors.password && (
                <p id="password-error" className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {errors.password}
                </p>
              )}
              <input
                className={`govuk-input${errors.password ? " govuk-input--error" : ""}`}
                id="password"
                name="password"
                type="password"
                autoComplete="current-password"
                aria-describedby={errors.password ? "password-error" : undefined}
              />
            </div>
            <button type="submit" className="govuk-button">
              Sign in
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
