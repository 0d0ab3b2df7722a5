import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DoneBanner } from "../components/done-banner";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { CallerDetails, CloseForm, FollowUpForm, FormalCareForm, History, LinkRecord, MoveForm, OffersPanel, RequestSummary } from "../components/request-page";
import type { Database } from "../../db/client.server";
import type { Actor } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { formValues } from "../modules/forms/read-form.server";
import { divertedServices } from "../modules/referrals/referral-forms";
import { offersFor } from "../modules/requests/offers.server";
import { closeRequest, linkPerson, moveConversation, pickUp, readRequest, recordCareDecided, requestHistory, requestPerson, requestReferrals, setFollowUp } from "../modules/requests/requests.server";
import { londonDay } from "../../db/calendar";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Request ${loaded?.request.reference ?? ""} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:read");
  const found = await readRequest(db, actor, params.requestId ?? "", "view");
  const person = await requestPerson(db, actor, found);
  const [history, referrals, offers] = await Promise.all([requestHistory(db, found.id), requestReferrals(db, found.id), offersFor(db, found.conversation, person)]);
  return {
    today: londonDay(),
    mine: found.practitionerId === actor.userId,
    request: {
      ...found,
      contactConsentAt: found.contactConsentAt?.toISOString() ?? null,
      createdAt: found.createdAt.toISOString(),
      updatedAt: found.updatedAt.toISOString(),
      lastActivityAt: found.lastActivityAt.toISOString(),
    },
    person: person ? { id: person.id, reference: person.reference } : null,
    history: history.map((event) => ({ ...event, at: event.at.toISOString() })),
    referrals: referrals.map((referral) => ({ ...referral, createdAt: referral.createdAt.toISOString() })),
    offers,
    careServices: divertedServices.map((service) => ({ value: service.code, label: service.name })),
  };
}

const intents = {
  "pick-up": (db: Database, actor: Actor, id: string) => pickUp(db, actor, id),
  link: linkPerson,
  move: moveConversation,
  "follow-up": setFollowUp,
  "follow-up-done": setFollowUp,
  "care-decided": recordCareDecided,
  close: closeRequest,
} as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:write");
  const values = formValues(await request.formData(), ["shortTermSupport"]);
  const intent = String(values.intent ?? "") as keyof typeof intents;
  const id = params.requestId ?? "";
  if (!Object.hasOwn(intents, intent)) return data({ intent: "", errors: { form: "Choose what to do with the request." }, values }, { status: 400 });
  const result = await intents[intent](db, actor, id, values);
  if (!result.ok) return data({ intent, errors: result.errors, values }, { status: 400 });
  throw redirect(`/requests/${id}?done=${intent}`);
}

const doneMessages: Record<string, string> = {
  created: "The person and their request have been recorded.",
  linked: "The record has been made and linked to this request.",
  "pick-up": "You have picked up this request: it is on your caseload.",
  link: "The request is linked to the person's record.",
  move: "The move to another conversation has been recorded.",
  "follow-up": "The follow-up has been set.",
  "follow-up-done": "The follow-up is marked as done.",
  "care-decided": "The formal care decided has been recorded.",
  close: "The request is closed. It counts in the requests funnel from now.",
};

export default function RequestPage() {
  const { today, mine, request, person, history, referrals, offers, careServices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = doneMessages[searchParams.get("done") ?? ""];
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const failed = (intent: string) => (result?.intent === intent ? { errors, values: result.values as Record<string, string | string[]> } : { errors: {}, values: {} });
  const open = request.outcome === null;
  return (
    <Page>
      {done && !result && <DoneBanner message={done} />}
      <ErrorSummary errors={errors} fallbackField={result?.intent ? `${result.intent}-form` : "main-content"} />
      <span className="govuk-caption-l">Request for help</span>
      <h1 className="govuk-heading-l">{request.reference}</h1>
      <RequestSummary request={request} person={person} mine={mine} referrals={referrals} />
      <CallerDetails request={request} />
      {mine && !request.personId && open && <LinkRecord requestId={request.id} {...failed("link")} />}
      {mine && open && <OffersPanel offers={offers} requestId={request.id} personId={person?.id ?? null} />}
      {mine && open && <MoveForm conversation={request.conversation} today={today} {...failed("move")} />}
      {mine && open && <FollowUpForm request={request} today={today} {...failed("follow-up")} />}
      {mine && open && request.conversation === "c3" && <FormalCareForm request={request} services={careServices} today={today} {...failed("care-decided")} />}
      {mine && open && <CloseForm request={request} today={today} {...failed("close")} />}
      <History events={history} />
      <p className="govuk-body">
        <Link className="govuk-link" to="/people">
          Back to your caseload
        </Link>
      </p>
    </Page>
  );
}
