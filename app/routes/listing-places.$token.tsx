import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { CapacityFields } from "../components/capacity-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { LinkProblem, LinkThanks, linkProblemStatus } from "../components/verification-link";
import { requirePermission } from "../modules/accounts/permissions.server";
import { capacitySchema, getCapacity } from "../modules/assets/capacity.server";
import { readLink, updatePlacesByLink } from "../modules/verification/links.server";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Update places – Asset Atlas" }, { name: "robots", content: "noindex" }];

const privateHeaders = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };
// The page holds a secret link: never cached, never sent on as a referrer.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => (actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "listing:answer-link");
  const link = await readLink(db, params.token ?? "", "places");
  if (link.state === "used" && link.answer === "places" && new URL(request.url).searchParams.has("done")) {
    return data({ view: "done" as const }, { headers: privateHeaders });
  }
  const capacity = link.state === "ok" ? await getCapacity(db, link.serviceId) : null;
  if (link.state !== "ok" || !capacity) {
    const state = link.state === "ok" ? "closed" : link.state;
    return data({ view: "problem" as const, state }, { status: linkProblemStatus(state), headers: privateHeaders });
  }
  return data({ view: "ask" as const, capacity }, { headers: privateHeaders });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "listing:answer-link");
  const form = await readForm(request, capacitySchema);
  const { values } = form;
  if (!form.ok) {
    const link = await readLink(db, params.token ?? "", "places");
    if (link.state !== "ok") return data({ view: "problem" as const, state: link.state, errors: {}, values: {} }, { status: linkProblemStatus(link.state) });
    return data({ view: "ask" as const, errors: form.errors, values }, { status: 400 });
  }
  const result = await updatePlacesByLink(db, params.token ?? "", form.data);
  if (!result.ok) return data({ view: "problem" as const, state: result.link.state, errors: {}, values: {} }, { status: linkProblemStatus(result.link.state) });
  throw redirect(`/listing-places/${params.token}?done`, 303);
}

export default function UpdatePlacesByLink() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.view === "problem") return <LinkProblem state={result.state} />;
  if (loaded.view === "problem") return <LinkProblem state={loaded.state} />;
  if (loaded.view === "done") {
    return (
      <LinkThanks title="Places updated">
        <p className="govuk-body">Thank you. The listing shows the places you gave from now on. This link will not work again.</p>
      </LinkThanks>
    );
  }
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="capacityAvailable" />
          <span className="govuk-caption-l">{loaded.capacity.name}</span>
          <h1 className="govuk-heading-l">Update places</h1>
          <p className="govuk-body">How many places (or hours a week) you have, how many are free now, and whether people wait.</p>
          <Form method="post" noValidate>
            <CsrfField />
            <CapacityFields capacity={loaded.capacity} values={values} errors={errors} />
            <button type="submit" className="govuk-button">
              Save places
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
