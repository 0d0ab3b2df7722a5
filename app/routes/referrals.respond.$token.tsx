import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Radios, TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { recordAudit } from "../modules/accounts/audit.server";
import { anonymous } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { respondSchema } from "../modules/referrals/referral-forms";
import { statusNames } from "../modules/referrals/referral-status";
import { answerReferral, readProviderLink, type ProviderLink } from "../modules/referrals/referrals.server";
import { formatDate } from "../../db/calendar";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "A referral for you – Asset Atlas" }, { name: "robots", content: "noindex" }];

/** What the provider sees: the summary the practitioner wrote, what the person would like, who referred, and the listing. */
function shown(link: ProviderLink) {
  if (link.state !== "ok") return { state: link.state, answer: link.state === "used" ? link.answer : null, referral: null };
  return {
    state: link.state,
    answer: null,
    referral: {
      sharedSummary: link.sharedSummary,
      personWants: link.personWants,
      referrer: link.referrer,
      sentOn: link.createdAt.toISOString(),
      expiresOn: link.expiresAt.toISOString(),
      listing: link.listing,
    },
  };
}

const statusFor = (state: ProviderLink["state"]) => (state === "invalid" ? 404 : state === "ok" ? 200 : 410);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "referral:respond");
  const link = await readProviderLink(db, params.token ?? "");
  // After answering, the browser is sent back here (post/redirect/get): thank them.
  if (link.state === "used" && new URL(request.url).searchParams.get("answered") === link.answer) {
    return data({ state: "done" as const, answer: link.answer, referral: null }, { headers: { "Cache-Control": "no-store" } });
  }
  // The provider is not signed in: the audit trail records the link's use against the referral.
  if (link.state === "ok") await recordAudit(db, anonymous, { action: "referral.provider-view", subjectType: "referral", subjectId: link.referralId, details: { via: "provider-link" } });
  return data(shown(link), { status: statusFor(link.state), headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "referral:respond");
  const form = await readForm(request, respondSchema);
  const { values } = form;
  if (!form.ok) {
    const link = await readProviderLink(db, params.token ?? "");
    if (link.state !== "ok") return data({ ...shown(link), errors: {}, values }, { status: statusFor(link.state) });
    return data({ ...shown(link), errors: form.errors, values }, { status: 400 });
  }
  const result = await answerReferral(db, params.token ?? "", form.data.decision, form.data.reason);
  if (!result.ok) return data({ ...shown(result.link), errors: {}, values }, { status: statusFor(result.link.state) });
  throw redirect(`/referrals/respond/${params.token}?answered=${result.status}`);
}

const answerNames: Record<string, string> = { accepted: "accepted", declined: "declined" };

export default function RespondToReferral() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const view = result ?? loaded;
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  if (view.state === "done") {
    return (
      <Page>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Thank you</h1>
          <div className="govuk-panel__body">You have {answerNames[view.answer ?? ""]} the referral.</div>
        </div>
        <p className="govuk-body">The practitioner has been told. This link will not work again.</p>
      </Page>
    );
  }
  if (view.state !== "ok" || !view.referral) {
    const [title, message] =
      view.state === "expired"
        ? ["This link has expired", "Referral links work for 30 days. Nothing has been changed. Contact the council's adult social care team if you would still like to take this person on."]
        : view.state === "used"
          ? [
              "This referral has already been answered",
              `This link has been used${view.answer ? ` (the referral is now: ${statusNames[view.answer].toLowerCase()})` : ""}. A link works once, so nothing has been changed.`,
            ]
          : ["This link is not valid", "Check that you copied the whole link from the email. If you were sent a newer link, use that one: a new link replaces the old. Nothing has been changed."];
    return (
      <Page>
        <h1 className="govuk-heading-l">{title}</h1>
        <p className="govuk-body">{message}</p>
      </Page>
    );
  }
  const { referral } = view;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="decision" />
          <span className="govuk-caption-l">
            {referral.listing.name}, {referral.listing.organizationName}
          </span>
          <h1 className="govuk-heading-l">A referral for you</h1>
          <p className="govuk-body">
            {referral.referrer.name ?? "A practitioner"} from the council&apos;s adult social care team would like to refer someone to {referral.listing.name}. The person has agreed
            to what follows being shared with you.
          </p>
          <h2 className="govuk-heading-m">Who referred them</h2>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Referred by</dt>
              <dd className="govuk-summary-list__value">{referral.referrer.name ?? "Not recorded"}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Team</dt>
              <dd className="govuk-summary-list__value">{referral.referrer.team}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">How to reach them</dt>
              <dd className="govuk-summary-list__value">{referral.referrer.contact ?? "Reply through this page: they are told your answer"}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Referred on</dt>
              <dd className="govuk-summary-list__value">{formatDate(referral.sentOn)}</dd>
            </div>
          </dl>
          {referral.personWants && (
            <>
              <h2 className="govuk-heading-m">What they would like from {referral.listing.name}</h2>
              <p className="govuk-body">{referral.personWants}</p>
            </>
          )}
          <h2 className="govuk-heading-m">What the practitioner has shared</h2>
          <div className="govuk-inset-text">
            {referral.sharedSummary.split("\n").map((line, index) => (
              <p className="govuk-body" key={index}>
                {line}
              </p>
            ))}
          </div>
          <Form method="post" noValidate>
            <CsrfField />
            <Radios
              name="decision"
              legend="Can you take this person on?"
              legendSize="m"
              checked={values.decision}
              error={errors.decision}
              options={[
                { value: "accept", label: "Yes, accept the referral" },
                { value: "decline", label: "No, decline the referral" },
              ]}
            />
            <TextArea
              name="reason"
              label="Your reason or a message for the practitioner"
              hint="Needed if you decline, for example “we are full until March” or “we do not cover that village”."
              error={errors.reason}
              defaultValue={values.reason ?? ""}
              rows={4}
              maxLength={1000}
            />
            <button type="submit" className="govuk-button">
              Send your answer
            </button>
          </Form>
          <p className="govuk-body-s">This link works once and expires on {formatDate(referral.expiresOn)}.</p>
        </div>
      </div>
    </Page>
  );
}
