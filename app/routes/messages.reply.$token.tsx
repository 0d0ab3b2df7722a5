import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { maxMessageLength, providerReplySchema } from "../modules/residents/message-form";
import { readReplyLink, replyToResident } from "../modules/residents/provider-messages.server";
import { formatDate } from "../../db/calendar";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Answer a question – Asset Atlas" }, { name: "robots", content: "noindex" }];

const closed = {
  invalid: "This link is not right. Check you copied all of it from the email.",
  expired: "This link has expired. The person can ask again from your listing.",
  used: "This question has been answered already. Each link works once.",
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "message:reply");
  const link = await readReplyLink(db, params.token ?? "");
  if (link.state !== "ok") return { state: link.state, question: null };
  return {
    state: link.state,
    question: { message: link.message, name: link.name, sentOn: formatDate(link.sentAt), listing: link.listing.name },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "message:reply");
  const form = await readForm(request, providerReplySchema);
  if (!form.ok) return data({ errors: form.errors, reply: (form.values.reply ?? "").slice(0, maxMessageLength * 2) }, { status: 400 });
  const outcome = await replyToResident(db, params.token ?? "", form.data.reply);
  if (outcome !== "sent") return data({ errors: { form: closed[outcome] }, reply: form.data.reply }, { status: 410 });
  throw redirect(`/messages/reply/${params.token}?sent=1`, 303);
}

export default function ReplyToResident() {
  const { state, question } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {searchParams.has("sent") && state === "used" ? (
            <div className="govuk-panel govuk-panel--confirmation">
              <h1 className="govuk-panel__title">Answer sent</h1>
              <div className="govuk-panel__body">We have emailed your answer. Thank you.</div>
            </div>
          ) : state !== "ok" || !question ? (
            <>
              <h1 className="govuk-heading-l">Answer a question</h1>
              <p className="govuk-body">{closed[state as keyof typeof closed]}</p>
            </>
          ) : (
            <>
              <ErrorSummary errors={errors} fallbackField="reply" />
              <span className="govuk-caption-l">{question.listing}</span>
              <h1 className="govuk-heading-l">Answer a question</h1>
              <p className="govuk-body">
                {question.name ?? "Someone"} asked on {question.sentOn}:
              </p>
              <div className="govuk-inset-text atlas-message">{question.message}</div>
              <Form method="post" noValidate>
                <CsrfField />
                <TextArea name="reply" label="Your answer" hint="We email it to them. They do not see your email address." defaultValue={result?.reply} error={errors.reply} rows={6} />
                <button type="submit" className="govuk-button">
                  Send answer
                </button>
              </Form>
            </>
          )}
        </div>
      </div>
    </Page>
  );
}
