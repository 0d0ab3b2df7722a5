/** The request page's parts: summary, caller, offers by conversation, the forms that move it on, history. No data access. */
import { Form, Link } from "@remix-run/react";
import { ChoiceItems, Radios, TextArea } from "./choice-fields";
import { CsrfField } from "./csrf-field";
import { Fieldset, TextField, type FieldErrors } from "./form";
import type { Offers } from "../modules/requests/offers.server";
import { conversations, nameOf, requestOutcomes, requestSources, shortTermSupports, type Conversation } from "../modules/requests/request-forms";
import { statusNames, type ReferralStatus } from "../modules/referrals/referral-status";
import { exclusionReasons, type ExclusionReason } from "../modules/matching/engine";
import { serviceName } from "../modules/evidence/services";
import { formatPence } from "../../db/evidence/money";
import { formatDate } from "../../db/calendar";

type Values = Record<string, string | string[]>;

interface RequestView {
  id: string;
  reference: string;
  personId: string | null;
  source: string;
  sourceNote: string | null;
  receivedOn: string;
  conversation: Conversation;
  wardName: string | null;
  districtName: string | null;
  practitionerName: string | null;
  practitionerId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  postcode: string | null;
  contactTimes: string | null;
  askedFor: string | null;
  contactConsentAt: string | null;
  nextActionOn: string | null;
  nextAction: string | null;
  careService: string | null;
  careHoursPerWeek: string | null;
  careBudgetPence: number | null;
  careDecidedOn: string | null;
  outcome: string | null;
  closedOn: string | null;
  shortTermSupport: string[];
  outcomeNote: string | null;
}

const conversationName = (code: string) => conversations.find((conversation) => conversation.code === code)?.name ?? code;
const text = (values: Values, name: string, fallback = "") => (typeof values[name] === "string" ? (values[name] as string) : fallback);

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value">{children}</dd>
    </div>
  );
}

export function RequestSummary({
  request,
  person,
  mine,
  referrals,
}: {
  request: RequestView;
  person: { id: string; reference: string } | null;
  mine: boolean;
  referrals: Array<{ id: string; kind: string; status: string; listingName: string; createdAt: string; overruledRule: string | null }>;
}) {
  return (
    <>
      <dl className="govuk-summary-list">
        <Row label="Person">
          {person ? (
            <>
              <Link className="govuk-link" to={`/people/${person.id}`}>
                {person.reference}
              </Link>{" "}
              (<Link className="govuk-link" to={`/people/${person.id}/support`}>referrals and outcomes</Link>)
            </>
          ) : request.personId ? (
            "On another practitioner's caseload"
          ) : (
            "No record yet"
          )}
        </Row>
        <Row label="Who made contact">
          {nameOf(requestSources, request.source)}
          {request.sourceNote ? `: ${request.sourceNote}` : ""}
        </Row>
        <Row label="Received">{formatDate(request.receivedOn)}</Row>
        <Row label="Where">{[request.wardName, request.districtName].filter(Boolean).join(", ") || "Not known"}</Row>
        <Row label="Conversation">{conversationName(request.conversation)}</Row>
        <Row label="With">{mine ? "You" : (request.practitionerName ?? "Waiting in the queue to be picked up")}</Row>
        <Row label="Status">
          {request.outcome ? (
            <>
              Closed on {formatDate(request.closedOn)}: {nameOf(requestOutcomes, request.outcome).toLowerCase()}
              {request.shortTermSupport.length > 0 && ` (${request.shortTermSupport.map((code) => nameOf(shortTermSupports, code).toLowerCase()).join(", ")})`}
              {request.outcomeNote ? `. ${request.outcomeNote}` : ""}
            </>
          ) : request.nextActionOn ? (
            `Open. Next: ${formatDate(request.nextActionOn)}, ${request.nextAction ?? ""}`
          ) : (
            "Open, no follow-up set"
          )}
        </Row>
        {request.careService && (
          <Row label="Formal care decided">
            {serviceName(request.careService)}
            {request.careHoursPerWeek ? `, ${Number(request.careHoursPerWeek)} hours a week` : ""}
            {request.careBudgetPence !== null ? `; personal budget ${formatPence(request.careBudgetPence)} a week` : ""}
            {request.careDecidedOn ? ` (decided ${formatDate(request.careDecidedOn)})` : ""}
          </Row>
        )}
        <Row label="Referrals and signposts">
          {referrals.length === 0 ? (
            "None yet"
          ) : (
            <ul className="govuk-list">
              {referrals.map((referral) => (
                <li key={referral.id}>
                  {referral.listingName}: {statusNames[referral.status as ReferralStatus].toLowerCase()}
                  {referral.overruledRule ? ` (referred although matching left it out: ${exclusionReasons[referral.overruledRule as ExclusionReason] ?? referral.overruledRule})` : ""}
                </li>
              ))}
            </ul>
          )}
        </Row>
      </dl>
      {!mine && request.practitionerId === null && (
        <Form method="post" id="pick-up-form">
          <CsrfField />
          <input type="hidden" name="intent" value="pick-up" />
          <button type="submit" className="govuk-button">
            Pick up this request
          </button>
        </Form>
      )}
    </>
  );
}

export function CallerDetails({ request }: { request: RequestView }) {
  if (!request.contactName && !request.askedFor) return null;
  return (
    <section aria-labelledby="caller-heading">
      <h2 className="govuk-heading-m" id="caller-heading">
        Who to contact
      </h2>
      <dl className="govuk-summary-list">
        <Row label="Name">{request.contactName ?? "Not given"}</Row>
        {request.contactPhone && <Row label="Phone">{request.contactPhone}</Row>}
        {request.contactEmail && <Row label="Email">{request.contactEmail}</Row>}
        {request.postcode && <Row label="Postcode">{request.postcode}</Row>}
        {request.contactTimes && <Row label="When to call">{request.contactTimes}</Row>}
        {request.askedFor && <Row label="What they asked for">{request.askedFor}</Row>}
        {request.contactConsentAt && <Row label="Consent">Agreed to be contacted and to these details being kept, {formatDate(request.contactConsentAt)}</Row>}
      </dl>
    </section>
  );
}

export function LinkRecord({ requestId, errors, values }: { requestId: string; errors: FieldErrors; values: Values }) {
  return (
    <section aria-labelledby="record-heading">
      <h2 className="govuk-heading-m" id="record-heading">
        Their record
      </h2>
      <p className="govuk-body">
        <Link className="govuk-button govuk-!-margin-right-2" to={`/people/new?request=${requestId}`}>
          Record the person
        </Link>
      </p>
      <Form method="post" noValidate id="link-form">
        <CsrfField />
        <input type="hidden" name="intent" value="link" />
        <TextField name="reference" label="Or link a record already on your caseload" hint="Its reference, like SOH-0142" width={20} autoComplete="off" defaultValue={text(values, "reference")} error={errors.reference ?? errors.form} />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Link the record
        </button>
      </Form>
    </section>
  );
}

function MatchList({ matches, personId }: { matches: Array<{ id: string; name: string; kind: string; summary: string }>; personId: string | null }) {
  return (
    <ul className="govuk-list govuk-list--spaced">
      {matches.map((match) => (
        <li key={match.id}>
          <Link className="govuk-link" to={`/assets/${match.id}`}>
            {match.name}
          </Link>{" "}
          ({match.kind}): {match.summary}.{" "}
          {personId && (
            <Link className="govuk-link" to={`/people/${personId}/refer/${match.id}`}>
              Refer or signpost<span className="govuk-visually-hidden"> to {match.name}</span>
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * The link point for the personal-budget view (and, later, the budget planner that replaces or
 * extends it): docs/requests.md.
 */
export function BudgetLink({ requestId }: { requestId: string }) {
  return (
    <Link className="govuk-button govuk-button--secondary" to={`/requests/${requestId}/budget`}>
      Open the personal-budget view
    </Link>
  );
}

export function OffersPanel({ offers, requestId, personId }: { offers: Offers; requestId: string; personId: string | null }) {
  const all = personId && (
    <p className="govuk-body">
      <Link className="govuk-link" to={`/people/${personId}/matches`}>
        See all matching support
      </Link>
    </p>
  );
  return (
    <section aria-labelledby="offers-heading">
      <h2 className="govuk-heading-m" id="offers-heading">
        {offers.conversation === "c1" ? "Community support first" : offers.conversation === "c2" ? "Short-term options first" : "Personal budget"}
      </h2>
      {offers.state === "no-record" ? (
        <p className="govuk-body">Record the person (or link their record) to see support that fits them.</p>
      ) : offers.state === "no-needs" ? (
        <p className="govuk-body">No needs are recorded for them yet: add what they need help with to their record to see support that fits.</p>
      ) : offers.conversation === "c1" ? (
        <>
          <p className="govuk-body">
            Conversation 1: what their community already offers. The best of {offers.considered} nearby listings that meet one of their needs; together the
            suggestions cover {offers.covers}.
          </p>
          {offers.community.length ? <MatchList matches={offers.community} personId={personId} /> : <p className="govuk-body">Nothing we know of fits yet.</p>}
          {all}
        </>
      ) : offers.conversation === "c2" ? (
        <>
          <p className="govuk-body">Conversation 2: short-term support to get them through, then back to what their community offers.</p>
          {offers.shortTerm.map((option) => (
            <div key={option.code}>
              <h3 className="govuk-heading-s">{nameOf(shortTermSupports, option.code)}</h3>
              <p className="govuk-body">{shortTermSupports.find((support) => support.code === option.code)!.hint}.</p>
              {option.code === "reablement" ? (
                <p className="govuk-body">Refer through the council&apos;s reablement team, then record it when you close the request.</p>
              ) : option.matches.length ? (
                <MatchList matches={option.matches} personId={personId} />
              ) : (
                <p className="govuk-body">None of this kind fits their needs nearby.</p>
              )}
            </div>
          ))}
          {all}
        </>
      ) : (
        <>
          <p className="govuk-body">Conversation 3: long-term support they control. See what the care decided costs and what a Direct Payment could buy nearby.</p>
          <p className="govuk-body">
            <BudgetLink requestId={requestId} />
          </p>
          {all}
        </>
      )}
    </section>
  );
}

export function MoveForm({ conversation, today, errors, values }: { conversation: Conversation; today: string; errors: FieldErrors; values: Values }) {
  const others = conversations.filter((option) => option.code !== conversation);
  return (
    <section aria-labelledby="move-heading">
      <h2 className="govuk-heading-m" id="move-heading">
        Move to another conversation
      </h2>
      <Form method="post" noValidate id="move-form">
        <CsrfField />
        <input type="hidden" name="intent" value="move" />
        <Radios name="to" legend="Move to" checked={text(values, "to")} error={errors.to ?? errors.form} options={others.map((option) => ({ value: option.code, label: option.name }))} />
        <TextField name="onDate" label="Date of the move" type="date" width={10} max={today} defaultValue={text(values, "onDate", today)} error={errors.onDate} />
        <TextField name="note" label="Why (optional)" defaultValue={text(values, "note")} error={errors.note} maxLength={500} />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Record the move
        </button>
      </Form>
    </section>
  );
}

export function FollowUpForm({ request, today, errors, values }: { request: RequestView; today: string; errors: FieldErrors; values: Values }) {
  return (
    <section aria-labelledby="follow-up-heading">
      <h2 className="govuk-heading-m" id="follow-up-heading">
        Next follow-up
      </h2>
      {request.nextActionOn && (
        <Form method="post" id="follow-up-done-form">
          <CsrfField />
          <input type="hidden" name="intent" value="follow-up-done" />
          <p className="govuk-body">
            Due {formatDate(request.nextActionOn)}: {request.nextAction}{" "}
            <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-left-2">
              Mark as done
            </button>
          </p>
        </Form>
      )}
      <Form method="post" noValidate id="follow-up-form">
        <CsrfField />
        <input type="hidden" name="intent" value="follow-up" />
        <TextField name="nextActionOn" label={request.nextActionOn ? "Change the date" : "When"} type="date" width={10} min={today} defaultValue={text(values, "nextActionOn", request.nextActionOn ?? "")} error={errors.nextActionOn ?? errors.form} />
        <TextField name="nextAction" label="What to do" hint="For example, phone to ask how the lunch club went" defaultValue={text(values, "nextAction", request.nextAction ?? "")} error={errors.nextAction} maxLength={200} />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Set the follow-up
        </button>
      </Form>
    </section>
  );
}

export function FormalCareForm({ request, services, today, errors, values }: { request: RequestView; services: Array<{ value: string; label: string }>; today: string; errors: FieldErrors; values: Values }) {
  return (
    <section aria-labelledby="care-heading">
      <h2 className="govuk-heading-m" id="care-heading">
        Formal care decided
      </h2>
      <Form method="post" noValidate id="care-decided-form">
        <CsrfField />
        <input type="hidden" name="intent" value="care-decided" />
        <Radios name="careService" legend="The care decided" checked={text(values, "careService", request.careService ?? "")} error={errors.careService ?? errors.form} options={services} />
        <TextField name="careHoursPerWeek" label="Hours a week (for hourly care)" inputMode="decimal" width={5} defaultValue={text(values, "careHoursPerWeek", request.careHoursPerWeek ? String(Number(request.careHoursPerWeek)) : "")} error={errors.careHoursPerWeek} />
        <TextField name="careBudget" label="Personal budget agreed, pounds a week (optional)" inputMode="decimal" width={5} defaultValue={text(values, "careBudget", request.careBudgetPence !== null ? (request.careBudgetPence / 100).toFixed(2) : "")} error={errors.careBudget} />
        <TextField name="careDecidedOn" label="Date decided" type="date" width={10} max={today} defaultValue={text(values, "careDecidedOn", request.careDecidedOn ?? today)} error={errors.careDecidedOn} />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Record the care decided
        </button>
      </Form>
    </section>
  );
}

export function CloseForm({ request, today, errors, values }: { request: RequestView; today: string; errors: FieldErrors; values: Values }) {
  const chosen = Array.isArray(values.shortTermSupport) ? values.shortTermSupport : [];
  return (
    <section aria-labelledby="close-heading">
      <h2 className="govuk-heading-m" id="close-heading">
        Close the request
      </h2>
      <Form method="post" noValidate id="close-form">
        <CsrfField />
        <input type="hidden" name="intent" value="close" />
        <Radios name="outcome" legend="How did it end?" checked={text(values, "outcome")} error={errors.outcome ?? errors.form} options={requestOutcomes.map((outcome) => ({ value: outcome.code, label: outcome.name, hint: outcome.hint }))} />
        <Fieldset name="shortTermSupport" legend="If short-term support: which?" error={errors.shortTermSupport}>
          <ChoiceItems
            type="checkbox"
            name="shortTermSupport"
            className="govuk-checkboxes govuk-checkboxes--small"
            options={shortTermSupports.map((support) => ({ value: support.code, label: support.name }))}
            isChecked={(value) => chosen.includes(value)}
            hints="none"
            linkable
          />
        </Fieldset>
        <TextArea name="outcomeNote" label="Note (needed for “other”)" boldLabel={false} rows={2} maxLength={500} defaultValue={text(values, "outcomeNote")} error={errors.outcomeNote} />
        <TextField name="closedOn" label="Date it ended" type="date" width={10} min={request.receivedOn} max={today} defaultValue={text(values, "closedOn", today)} error={errors.closedOn} />
        <button type="submit" className="govuk-button">
          Close the request
        </button>
      </Form>
    </section>
  );
}

const eventWords: Record<string, string> = {
  received: "Request received",
  "picked-up": "Picked up",
  linked: "Linked to the person's record",
  "follow-up": "Follow-up set",
  "follow-up-done": "Follow-up done",
  "care-decided": "Formal care decided",
  closed: "Closed",
};

export function History({ events }: { events: Array<{ id: string; kind: string; onDate: string; fromConversation: string | null; toConversation: string | null; note: string | null; actorName: string | null }> }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 className="govuk-heading-m" id="history-heading">
        History
      </h2>
      <ol className="govuk-list">
        {events.map((event) => (
          <li key={event.id}>
            {formatDate(event.onDate)}:{" "}
            {event.kind === "conversation"
              ? `moved from ${conversationName(event.fromConversation ?? "")} to ${conversationName(event.toConversation ?? "")}`
              : event.kind === "received"
                ? `${eventWords.received}, in ${conversationName(event.toConversation ?? "c1")}`
                : event.kind === "closed"
                  ? `${eventWords.closed}: ${nameOf(requestOutcomes, event.note).toLowerCase()}`
                  : (eventWords[event.kind] ?? event.kind)}
            {event.kind !== "closed" && event.note ? ` (${event.note})` : ""}
            {event.actorName ? `, by ${event.actorName}` : event.kind === "received" ? ", through the public form" : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

