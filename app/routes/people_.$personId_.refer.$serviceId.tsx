import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Checkboxes, Radios, TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { recordAudit } from "../modules/accounts/audit.server";
import { exclusionReasons } from "../modules/matching/engine";
import { personForMatching, whyLeftOut } from "../modules/matching/matching.server";
import { practitionerContact, requireOwnPerson } from "../modules/referrals/caseload.server";
import { overruleReasonMissing, referSchema, sharedSummaryMax } from "../modules/referrals/referral-forms";
import { createReferral, findReferralTarget, refusalFor } from "../modules/referrals/referrals.server";
import { needName } from "../../db/vocabulary/needs";
import { invariantResponse, refusal } from "../modules/errors/app-error";
import { formValues, parseForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Refer to ${loaded?.listing.name ?? "support"} – Asset Atlas` },
];

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const authorised = await requireOwnPerson(request, "referral:write", params.personId ?? "");
  const target = await findReferralTarget(authorised.db, params.serviceId ?? "");
  invariantResponse(target, "Listing not found", 404);
  // The rule by which matching leaves this listing out for them: referring anyway needs a reason.
  const leftOut = authorised.person.needs.length > 0 ? await whyLeftOut(authorised.db, personForMatching(authorised.person), target.id) : null;
  return { ...authorised, target, leftOut };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, person, target, leftOut } = await load(request, params);
  await recordAudit(db, actor, { action: "referral.form-view", subjectType: "person", subjectId: person.id, details: { serviceId: target.id } });
  const me = await practitionerContact(db, actor.userId!);
  return {
    referrer: { name: me?.name ?? "", team: "Adult social care", contact: me?.email ?? "" },
    leftOut: leftOut ? { rule: exclusionReasons[leftOut.reason], distance: leftOut.distanceMiles === null ? null : `${leftOut.distanceMiles.toFixed(1)} miles` } : null,
    person: { id: person.id, reference: person.reference, needs: person.needs },
    listing: { id: target.id, name: target.name, organizationName: target.organizationName, description: target.description, hasEmail: Boolean(target.email) },
    refusal: refusalFor(target, "signpost"),
    matchReasons: (new URL(request.url).searchParams.get("reasons") ?? "").slice(0, 1000),
  };
}

/** The referral form's text fields (each sent once; missing ones read as empty). */
const referTextFields = ["kind", "consent", "sharedSummary", "personWants", "referrerName", "referrerTeam", "referrerContact", "overruleReason", "matchReasons"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, person, target, leftOut } = await load(request, params);
  const sent = formValues(await request.formData(), ["needs"]);
  const text = (name: string) => (typeof sent[name] === "string" ? sent[name] : "");
  const values = {
    ...Object.fromEntries(referTextFields.map((name) => [name, text(name)])),
    // Only needs on the person's record can be shared.
    needs: (sent.needs as string[]).filter((need) => person.needs.includes(need)),
  } as Record<(typeof referTextFields)[number], string> & { needs: string[] };
  const checked = parseForm(values, referSchema);
  if (!checked.ok) {
    const { errors } = checked;
    if (leftOut && !values.overruleReason.trim()) errors.overruleReason = overruleReasonMissing;
    return data({ errors, values }, { status: 400 });
  }
  try {
    await createReferral(db, actor, person.id, target, checked.data, leftOut?.reason ?? null);
  } catch (error) {
    const refused = refusal(error);
    return data({ errors: { [refused.field]: refused.message }, values }, { status: refused.status });
  }
  throw redirect(`/people/${person.id}/support?done=${checked.data.kind === "referral" ? "referred" : "signposted"}`);
}

export default function Refer() {
  const { person, listing, refusal, matchReasons, referrer, leftOut } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values = result?.values;
  const back = (
    <p className="govuk-body">
      <Link className="govuk-link" to={`/people/${person.id}/matches`}>
        Back to {person.reference}&apos;s matches
      </Link>
    </p>
  );
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="kind" />
          <span className="govuk-caption-l">{person.reference}</span>
          <h1 className="govuk-heading-l">Refer or signpost to {listing.name}</h1>
          <p className="govuk-body">
            Run by {listing.organizationName}. <Link className="govuk-link" to={`/assets/${listing.id}`}>See the listing</Link>
          </p>
          {refusal ? (
            <>
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  {refusal}
                </strong>
              </div>
              {back}
            </>
          ) : (
            <Form method="post" noValidate>
              <CsrfField />
              <input type="hidden" name="matchReasons" value={values?.matchReasons ?? matchReasons} />
              {leftOut && (
                <>
                  <div className="govuk-warning-text">
                    <span className="govuk-warning-text__icon" aria-hidden="true">
                      !
                    </span>
                    <strong className="govuk-warning-text__text">
                      <span className="govuk-visually-hidden">Warning</span>
                      Matching left this listing out for {person.reference}: {leftOut.rule}
                      {leftOut.distance ? ` (${leftOut.distance} away)` : ""}.
                    </strong>
                  </div>
                  <TextArea
                    name="overruleReason"
                    label="Why refer or signpost anyway?"
                    hint="For example: their son drives them there on Fridays. The reason is recorded with the referral."
                    error={errors.overruleReason}
                    defaultValue={values?.overruleReason ?? ""}
                    maxLength={500}
                    rows={3}
                  />
                </>
              )}
              <Radios
                name="kind"
                legend="What would you like to do?"
                legendSize="m"
                checked={values?.kind ?? (listing.hasEmail ? "referral" : "signpost")}
                error={errors.kind}
                options={[
                  {
                    value: "referral",
                    label: "Refer: ask the provider to take the person on",
                    hint: listing.hasEmail
                      ? "The provider gets a secure link by email, showing only the summary you write below. They accept or decline."
                      : "This listing has no email address for referrals: signpost instead, or contact them by phone.",
                  },
                  { value: "signpost", label: "Signpost: tell the person about it, nothing is shared", hint: "Nothing about the person is sent to the provider." },
                ]}
              />
              <h2 className="govuk-heading-m">If you refer</h2>
              <TextArea
                name="sharedSummary"
                label="Summary for the provider"
                hint={
                  <>
                    This is <strong>exactly what the provider will see</strong>, and nothing else about the person. Write only what
                    they need to know, for example first name or initials, what the person would like help with and the best
                    way and time to contact them.
                  </>
                }
                error={errors.sharedSummary}
                defaultValue={values?.sharedSummary ?? ""}
                maxLength={sharedSummaryMax}
                rows={6}
              />
              <TextArea
                name="personWants"
                label="What they would like from this support"
                hint="In their words, for the provider: for example “company over lunch, and to get out of the house on Fridays”."
                error={errors.personWants}
                defaultValue={values?.personWants ?? ""}
                maxLength={300}
                rows={2}
              />
              <h3 className="govuk-heading-s">Who the provider should contact</h3>
              <TextField name="referrerName" label="Your name" autoComplete="name" error={errors.referrerName} defaultValue={values?.referrerName ?? referrer.name} />
              <TextField name="referrerTeam" label="Your team" autoComplete="organization" error={errors.referrerTeam} defaultValue={values?.referrerTeam ?? referrer.team} />
              <TextField
                name="referrerContact"
                label="A phone number or email address the provider can reach you on"
                error={errors.referrerContact}
                defaultValue={values?.referrerContact ?? referrer.contact}
              />
              <div className={`govuk-form-group${errors.consent ? " govuk-form-group--error" : ""}`}>
                <fieldset className="govuk-fieldset" aria-describedby={errors.consent ? "consent-error" : undefined}>
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Consent to share</legend>
                  {errors.consent && (
                    <p id="consent-error" className="govuk-error-message">
                      <span className="govuk-visually-hidden">Error:</span> {errors.consent}
                    </p>
                  )}
                  <div className="govuk-checkboxes govuk-checkboxes--small" id="consent">
                    <div className="govuk-checkboxes__item">
                      <input className="govuk-checkboxes__input" id="consent-yes" name="consent" type="checkbox" value="yes" defaultChecked={values?.consent === "yes"} />
                      <label className="govuk-label govuk-checkboxes__label" htmlFor="consent-yes">
                        {person.reference} agrees to this summary being shared with {listing.organizationName}
                      </label>
                    </div>
                  </div>
                </fieldset>
              </div>
              {person.needs.length > 0 && (
                <Checkboxes
                  name="needs"
                  legend="Which of their needs is this support for? (optional)"
                  options={person.needs.map((need) => ({ value: need, label: needName(need) }))}
                  checked={values?.needs ?? []}
                />
              )}
              <button type="submit" className="govuk-button">
                Continue
              </button>
            </Form>
          )}
          {!refusal && back}
        </div>
      </div>
    </Page>
  );
}
