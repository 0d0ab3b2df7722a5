import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { config } from "../env.server";
import { requirePermission } from "../modules/accounts/permissions.server";
import { readOutbox } from "../modules/mail/mail.server";

export const meta: MetaFunction = () => [{ title: "Development outbox – Asset Atlas" }];

/**
 * Email the app "sent" with MAIL_TRANSPORT=outbox, for trying password resets, invitations and
 * referrals without a mail server. It shows every reset and referral link, so it is off unless
 * DEV_OUTBOX is on (never in production) and then only for administrators.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "account:manage");
  if (!config().devOutbox || config().mailTransport !== "outbox") {
    throw new Response("Page not found", { status: 404 });
  }
  const messages = await readOutbox(db);
  return { messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) };
}

export default function Outbox() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="govuk-heading-l">Development outbox</h1>
      <p className="govuk-body">
        Emails the app would have sent. This page is for trying Asset Atlas out (DEV_OUTBOX is on): it shows every
        password-reset and referral link, so it never runs in production.
      </p>
      {messages.length === 0 && <p className="govuk-body">No emails yet.</p>}
      {messages.map((message) => (
        <section key={message.id} className="govuk-!-margin-bottom-6" aria-label={message.subject}>
          <h2 className="govuk-heading-s govuk-!-margin-bottom-1">{message.subject}</h2>
          <p className="govuk-body-s">
            To {message.to}, {new Date(message.createdAt).toLocaleString("en-GB", { timeZone: "Europe/London" })}
          </p>
          <pre className="govuk-body atlas-mail">{message.body}</pre>
        </section>
      ))}
    </Page>
  );
}
