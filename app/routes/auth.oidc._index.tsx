/** GET /auth/oidc: start signing in with the council's identity provider. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CouncilSignInProblem } from "../components/council-sign-in-problem";
import { beginCouncilSignIn, councilSignInProblems } from "../modules/accounts/oidc.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { safeRedirect } from "../modules/accounts/sign-in-form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Sign in"} – Asset Atlas` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requirePermission(request, "account:sign-in");
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  if (actor.role !== "anonymous") throw redirect(redirectTo);
  const result = await beginCouncilSignIn(redirectTo);
  if (result.ok) throw redirect(result.location, { headers: result.headers });
  const { status, title, message } = councilSignInProblems[result.problem];
  return data({ title, message }, { status, headers: result.headers });
}

export default function StartCouncilSignIn() {
  return <CouncilSignInProblem {...useLoaderData<typeof loader>()} />;
}
