/** GET /auth/oidc/callback: the council's identity provider sends the person back here. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CouncilSignInProblem } from "../components/council-sign-in-problem";
import { councilSignInProblems, finishCouncilSignIn } from "../modules/accounts/oidc.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { startSession } from "../modules/accounts/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Sign in"} – Asset Atlas` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "account:sign-in");
  const result = await finishCouncilSignIn(db, request);
  if (!result.ok) {
    const { status, title, message } = councilSignInProblems[result.problem];
    return data({ title, message }, { status, headers: result.headers });
  }
  result.headers.append("Set-Cookie", await startSession(db, request, result.userId));
  throw redirect(result.redirectTo, { headers: result.headers });
}

export default function FinishCouncilSignIn() {
  return <CouncilSignInProblem {...useLoaderData<typeof loader>()} />;
}
