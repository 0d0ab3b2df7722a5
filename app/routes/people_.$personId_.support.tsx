import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DoneBanner } from "../components/done-banner";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { recordAudit } from "../modules/accounts/audit.server";
import { formatPence } from "../../db/evidence/money";
import { personDivertedCare, personOutcomes } from "../modules/referrals/care-evidence.server";
import { requireOwnPerson } from "../modules/referrals/caseload.server";
import { statusChangeSchema } from "../modules/referrals/referral-forms";
import { divertedCareStatuses, moveLabels, practitionerMoves, statusNames, statusTagColours } from "../modules/referrals/referral-status";
import { changeReferralStatus, findReferralTarget, personReferrals, refusalFor, resendProviderLink } from "../modules/referrals/referrals.server";
import { formatDate } from "../../db/calendar";
import { refusal } from "../modules/errors/app-error";
import { formValues, parseForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Support for ${loaded?.person.reference ?? "a person"} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, person } = await requireOwnPerson(request, "referral:read", params.personId ?? "");
  const [referrals, outcomes, diverted] = await Promise.all([personReferrals(db, person.id), personOutcomes(db, person.id), personDivertedCare(db, person.id)]);
  // For a referral still waiting: why a new link could not be sent now (the listing archived, closed, or without an email).
  const resendRefusals = new Map<string, string | null>();
  for (const referral of referrals) {
    if (referral.kind !== "referral" || referral.status !== "referred") continue;
    const target = await findReferralTarget(db, referral.serviceId);
    resendRefusals.set(referral.id, target ? refusalFor(target, "referral") : "The listing no longer exists.");
  }
  await recordAudit(db, actor, { action: "person.support-view", subjectType: "person", subjectId: person.id });
  return {
    person: { id: person.id, reference: person.reference },
    referrals: referrals.map((referral) => ({
      ...referral,
      linkExpiresAt: referral.linkExpiresAt?.toISOString() ?? null,
      linkExpired: referral.linkExpiresAt !== null && referral.linkExpiresAt.getTime() <= Date.now(),
      resendRefusal: resendRefusals.get(referral.id) ?? null,
      createdAt: referral.createdAt.toISOString(),
      statusChangedAt: referral.statusChangedAt.toISOString(),
      events: referral.events.map((event) => ({ id: event.id, toStatus: event.toStatus, reason: event.reason, via: event.via, at: event.at.toISOString() })),
    })),
    outcomes,
    diverted,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, person } = await requireOwnPerson(request, "referral:write", params.personId ?? "");
  const values = formValues(await request.formData());
  const referralId = values.referralId ?? "";
  if (values.intent === "resend-link") {
    try {
      await resendProviderLink(db, actor, person.id, referralId);
    } catch (error) {
      const refused = refusal(error);
      return data({ referralId, error: refused.message, field: "resend" as const }, { status: refused.status });
    }
    throw redirect(`/people/${person.id}/support?done=resent`);
  }
  const form = parseForm(values, statusChangeSchema);
  if (!form.ok) return data({ referralId, error: Object.values(form.errors)[0]!, field: "to" as const }, { status: 400 });
  try {
    await changeReferralStatus(db, actor, person.id, form.data);
  } catch (error) {
    const refused = refusal(error);
    return data({ referralId, error: refused.message, field: "to" as const }, { status: refused.status });
  }
  throw redirect(`/people/${person.id}/support?done=status`);
}

const doneMessages: Record<string, string> = {
  referred: "Referral sent. The provider has been emailed a secure link to accept or decline.",
  signposted: "Signpost recorded.",
  status: "The referral has been updated.",
  resent: "A new link has been emailed to the provider. The link sent before no longer works.",
  outcome: "The answers have been recorded.",
  diverted: "The formal care avoided has been recorded.",
};


export default function Support() {
  const { person, referrals, outcomes, diverted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = doneMessages[searchParams.get("done") ?? ""];
  const weeklyTotal = diverted.reduce((sum, row) => sum + (row.weeklyPence ?? 0), 0);
  return (
    <Page>
      {done && !result && <DoneBanner message={done} />}
      {result?.error && (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <ul className="govuk-list govuk-error-summary__list">
              <li>
                <a href={`#${result.field}-${result.referralId}`}>{result.error}</a>
              </li>
            </ul>
          </div>
        </div>
      )}
      <span className="govuk-caption-l">{person.reference}</span>
      <h1 className="govuk-heading-l">Support and outcomes</h1>
      <p className="govuk-body">
        <Link className="govuk-link" to={`/people/${person.id}`}>
          {person.reference}&apos;s record
        </Link>
        {" · "}
        <Link className="govuk-link" to={`/people/${person.id}/matches`}>
          Find support for {person.reference}
        </Link>
        {" · "}
        <Link className="govuk-link" to="/referrals">
          All your referrals
        </Link>
      </p>

      <h2 className="govuk-heading-m">Referrals and signposts</h2>
      {referrals.length === 0 && <p className="govuk-body">None yet. Find support from the matches, then refer or signpost.</p>}
      {referrals.map((referral) => {
        const moves = practitionerMoves[referral.status];
        return (
          <section key={referral.id} className="govuk-summary-card" aria-labelledby={`referral-${referral.id}`}>
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title" id={`referral-${referral.id}`}>
                {referral.listingName}
              </h3>
              <strong className={`govuk-tag ${statusTagColours[referral.status]}`}>{statusNames[referral.status]}</strong>
            </div>
            <div className="govuk-summary-card__content">
              <dl className="govuk-summary-list">
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">Run by</dt>
                  <dd className="govuk-summary-list__value">{referral.organizationName}</dd>
                </div>
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">{referral.kind === "referral" ? "Referred" : "Signposted"}</dt>
                  <dd className="govuk-summary-list__value">{formatDate(referral.createdAt)}</dd>
                </div>
                {referral.kind === "referral" && (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Shared with the provider</dt>
                    <dd className="govuk-summary-list__value">{referral.sharedSummary}</dd>
                  </div>
                )}
                {referral.providerReason && (
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">The provider said</dt>
                    <dd className="govuk-summary-list__value">{referral.providerReason}</dd>
                  </div>
                )}
                <div className="govuk-summary-list__row">
                  <dt className="govuk-summary-list__key">History</dt>
                  <dd className="govuk-summary-list__value">
                    <ul className="govuk-list govuk-body-s">
                      {referral.events.map((event) => (
                        <li key={event.id}>
                          {formatDate(event.at)}: {event.via === "link-resent" ? "a new link was sent to the provider" : moveLabels[event.toStatus]}
                          {event.via === "provider-link" ? " (the provider, through the link)" : ""}
                          {event.reason ? `: ${event.reason}` : ""}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              </dl>
              {referral.kind === "referral" && referral.status === "referred" && referral.resendRefusal && (
                <p className="govuk-body">
                  {referral.linkExpired ? "The provider's link has expired without an answer. " : ""}A new link cannot be sent: {referral.resendRefusal}
                </p>
              )}
              {referral.kind === "referral" && referral.status === "referred" && referral.linkExpiresAt && !referral.resendRefusal && (
                <Form method="post" noValidate>
                  <CsrfField />
                  <input type="hidden" name="referralId" value={referral.id} />
                  <input type="hidden" name="intent" value="resend-link" />
                  <div className={`govuk-form-group${result?.referralId === referral.id && result.field === "resend" ? " govuk-form-group--error" : ""}`}>
                    <p className="govuk-body" id={`resend-${referral.id}-hint`}>
                      {referral.linkExpired
                        ? `The provider's link expired on ${formatDate(referral.linkExpiresAt)} without an answer.`
                        : `The provider's link works until ${formatDate(referral.linkExpiresAt)}.`}{" "}
                      If they cannot find the email, send a new link: the old one will stop working.
                    </p>
                    {result?.referralId === referral.id && result.field === "resend" && (
                      <p className="govuk-error-message" id={`resend-${referral.id}-error`}>
                        <span className="govuk-visually-hidden">Error:</span> {result.error}
                      </p>
                    )}
                    <button
                      type="submit"
                      id={`resend-${referral.id}`}
                      className="govuk-button govuk-button--secondary"
                      aria-describedby={`resend-${referral.id}-hint${result?.referralId === referral.id && result.field === "resend" ? ` resend-${referral.id}-error` : ""}`}
                    >
                      Send the provider a new link<span className="govuk-visually-hidden"> for {referral.listingName}</span>
                    </button>
                  </div>
                </Form>
              )}
              {referral.status === "declined" && (
                <p className="govuk-body">
                  <Link className="govuk-link" to={`/people/${person.id}/matches`}>
                    Find other support for {person.reference}
                  </Link>
                </p>
              )}
              {divertedCareStatuses.includes(referral.status) && (
                <p className="govuk-body">
                  <Link className="govuk-link" to={`/people/${person.id}/support/${referral.id}/diverted`}>
                    Record formal care avoided<span className="govuk-visually-hidden"> thanks to {referral.listingName}</span>
                  </Link>
                </p>
              )}
              {moves.length > 0 && (
                <Form method="post" noValidate>
                  <CsrfField />
                  <input type="hidden" name="referralId" value={referral.id} />
                  <div className={`govuk-form-group${result?.referralId === referral.id && result.field === "to" ? " govuk-form-group--error" : ""}`}>
                    <label className="govuk-label govuk-label--s" htmlFor={`to-${referral.id}`}>
                      What has happened?<span className="govuk-visually-hidden"> ({referral.listingName})</span>
                    </label>
                    {result?.referralId === referral.id && result.field === "to" && (
                      <p className="govuk-error-message" id={`to-${referral.id}-error`}>
                        <span className="govuk-visually-hidden">Error:</span> {result.error}
                      </p>
                    )}
                    <select className="govuk-select" id={`to-${referral.id}`} name="to" aria-describedby={result?.referralId === referral.id && result.field === "to" ? `to-${referral.id}-error` : undefined}>
                      {moves.map((move) => (
                        <option key={move} value={move}>
                          {moveLabels[move]}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="govuk-form-group">
                    <label className="govuk-label" htmlFor={`reason-${referral.id}`}>
                      Note (optional)<span className="govuk-visually-hidden"> ({referral.listingName})</span>
                    </label>
                    <input className="govuk-input govuk-!-width-two-thirds" id={`reason-${referral.id}`} name="reason" maxLength={500} />
                  </div>
                  <button type="submit" className="govuk-button govuk-button--secondary">
                    Update<span className="govuk-visually-hidden"> {referral.listingName}</span>
                  </button>
                </Form>
              )}
            </div>
          </section>
        );
      })}

      <h2 className="govuk-heading-m">Wellbeing and loneliness</h2>
      {outcomes.rows.length === 0 ? (
        <p className="govuk-body">No answers recorded yet.</p>
      ) : outcomes.changes ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Change from the start to the latest follow-up</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Question</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Start</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Follow-up</th>
              <th scope="col" className="govuk-table__header">Change</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {outcomes.changes.map((change) => (
              <tr key={change.measure} className="govuk-table__row">
                <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">{change.question}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{change.start}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{change.followUp}</td>
                <td className="govuk-table__cell">
                  {change.change > 0 ? "+" : ""}
                  {change.change} ({change.direction})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="govuk-body">
          Answers at the start recorded on {outcomes.rows.find((row) => row.stage === "start")?.recordedOn}. Record them again at follow-up to see the change.
        </p>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/people/${person.id}/support/outcomes`}>
          Record wellbeing and loneliness answers
        </Link>
      </p>

      <h2 className="govuk-heading-m">Formal care avoided</h2>
      {diverted.length === 0 ? (
        <p className="govuk-body">None recorded yet. Record it against a referral that was accepted or has started.</p>
      ) : (
        <table className="govuk-table">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Care avoided</th>
              <th scope="col" className="govuk-table__header">Thanks to</th>
              <th scope="col" className="govuk-table__header">Dates</th>
              <th scope="col" className="govuk-table__header">Confidence</th>
              <th scope="col" className="govuk-table__header">Saving</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">A week</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {diverted.map((row) => (
              <tr key={row.id} className="govuk-table__row">
                <td className="govuk-table__cell">
                  {row.serviceName}
                  {row.hoursPerWeek ? `, ${Number(row.hoursPerWeek)} hours a week` : ""}
                </td>
                <td className="govuk-table__cell">{row.listingName}</td>
                <td className="govuk-table__cell">
                  {row.fromDate} to {row.toDate ?? "now"}
                </td>
                <td className="govuk-table__cell">{row.confidence}</td>
                <td className="govuk-table__cell">{row.cashable ? "cashable" : "cost avoidance"}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.weeklyPence === null ? "no unit cost" : formatPence(row.weeklyPence)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="govuk-table__row">
              <th scope="row" colSpan={5} className="govuk-table__header">
                Weekly cost avoided, all records
              </th>
              <td className="govuk-table__cell govuk-table__cell--numeric">{formatPence(weeklyTotal)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </Page>
  );
}
