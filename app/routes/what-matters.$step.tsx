import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GuidedQuestion } from "../components/guided-question";
import { requirePermission } from "../modules/accounts/permissions.server";
import { checkStep } from "../modules/guided/guided-step.server";
import { translatedTitle } from "../modules/i18n/i18n";
import { questionKey } from "../modules/guided/guided-path";
import { invariantResponse } from "../modules/errors/app-error";

/** One question of the guided path. Its form is a GET to this page: a valid answer moves on, a wrong one comes back with the error. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "directory:read");
  const outcome = await checkStep(db, params.step, new URL(request.url));
  invariantResponse(outcome.kind !== "not-found", "Page not found", 404);
  if (outcome.kind === "redirect") throw redirect(outcome.to);
  return outcome.page;
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? translatedTitle(matches, questionKey(data.step, data.answers.who), { error: Boolean(data.error) }) : "Asset Atlas" },
];

export default function GuidedStep() {
  const { step, answers, hidden, error, backHref } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-width-container">
      <GuidedQuestion step={step} answers={answers} hidden={hidden} error={error} backHref={backHref} />
    </div>
  );
}
