import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { LinkProblem, LinkThanks, linkProblemStatus } from "../components/verification-link";
import { anonymous } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { proposeChange } from "../modules/assets/changes.server";
import { listingScope } from "../modules/assets/listing.server";
import { changeByLinkSchema, saysSomething, withChangeByLink } from "../modules/verification/link-forms";
import { readLink, sendChangesByLink, viaLink } from "../modules/verification/links.server";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Tell us what has changed – Asset Atlas" }, { name: "robots", content: "noindex" }];

const privateHeaders = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };
// The page holds a secret link: never cached, never sent on as a referrer.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => (actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders);

async function openLink(request: Request, token: string) {
  const { db } = await requirePermission(request, "listing:answer-link");
  const link = await readLink(db, token, "check");
  const listing = link.state === "ok" ? await listingScope(db, link.serviceId) : null;
  return { db, link, listing };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { link, listing } = await openLink(request, params.token ?? "");
  if (link.state === "used" && link.answer === "changes" && new URL(request.url).searchParams.has("done")) {
    return data({ view: "done" as const }, { headers: privateHeaders });
  }
  if (link.state !== "ok" || !listing) {
    const state = link.state === "ok" ? "closed" : link.state;
    return data({ view: "problem" as const, state }, { status: linkProblemStatus(state), headers: privateHeaders });
  }
  const { description, contactName, phone, email, website } = listing.input;
  return data({ view: "ask" as const, name: link.name, current: { description, contactName, phone, email, website } }, { headers: privateHeaders });
}

/** The changes wait for a coordinator, as a signed-in provider's do; the link is used up. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db, link, listing } = await openLink(request, params.token ?? "");
  if (link.state !== "ok" || !listing) {
    const state = link.state === "ok" ? "closed" : link.state;
    return data({ view: "problem" as const, state, errors: {}, values: {} }, { status: linkProblemStatus(state), headers: privateHeaders });
  }
  const form = await readForm(request, changeByLinkSchema);
  const { values } = form;
  if (!form.ok) return data({ view: "ask" as const, errors: form.errors, values }, { status: 400 });
  if (!saysSomething(listing.input, form.data)) {
    return data({ view: "ask" as const, errors: { note: "Change a detail above, or say what else has changed" }, values }, { status: 400 });
  }
  const result = await sendChangesByLink(db, params.token ?? "", async (tx, answered) => {
    const saved = await proposeChange(tx, anonymous, listing, withChangeByLink(listing.input, form.data), { email: answered.sentTo, note: form.data.note, via: viaLink });
    if ("errors" in saved) throw new Error(`A change by link could not be stored: ${Object.values(saved.errors).join("; ")}`);
  });
  if (!result.ok) return data({ view: "problem" as const, state: result.link.state, errors: {}, values: {} }, { status: linkProblemStatus(result.link.state), headers: privateHeaders });
  throw redirect(`/listing-check/${params.token}/changes?done`, 303);
}

export default function TellUsWhatChanged() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.view === "problem") return <LinkProblem state={result.state} />;
  if (loaded.view === "problem") return <LinkProblem state={loaded.state} />;
  if (loaded.view === "done") {
    return (
      <LinkThanks title="Thank you">
        <p className="govuk-body">
          A coordinator at the council will check what you sent and update the listing. You will get an email when they have. This link will not work
          again.
        </p>
      </LinkThanks>
    );
  }
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  const value = (name: keyof typeof loaded.current) => values[name] ?? loaded.current[name] ?? "";
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="note" />
          <span className="govuk-caption-l">{loaded.name}</span>
          <h1 className="govuk-heading-l">Tell us what has changed</h1>
          <p className="govuk-body">Correct anything below, and tell us anything else that has changed. A coordinator checks it before the listing changes.</p>
          <Form method="post" noValidate>
            <CsrfField />
            <TextArea name="description" label="What it offers" boldLabel={false} error={errors.description} defaultValue={value("description")} rows={5} maxLength={4000} />
            <TextField name="contactName" label="Who to contact (optional)" error={errors.contactName} defaultValue={value("contactName")} autoComplete="name" />
            <TextField name="phone" label="Phone number (optional)" type="tel" width={20} error={errors.phone} defaultValue={value("phone")} autoComplete="tel" />
            <TextField name="email" label="Email address (optional)" type="email" error={errors.email} defaultValue={value("email")} autoComplete="email" spellCheck={false} />
            <TextField name="website" label="Website (optional)" type="url" error={errors.website} defaultValue={value("website")} spellCheck={false} />
            <TextArea
              name="note"
              label="Anything else that has changed"
              hint="For example new opening times, a new place, or that it has closed."
              error={errors.note}
              defaultValue={values.note ?? ""}
              rows={4}
              maxLength={2000}
            />
            <button type="submit" className="govuk-button">
              Send the changes
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
