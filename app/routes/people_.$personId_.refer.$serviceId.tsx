import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Checkboxes, Radios, TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, fieldErrors } from "../components/form";
import { Page } from "../components/layout";
import { recordAudit } from "../modules/accounts/audit.server";
import { requireOwnPerson } from "../modules/referrals/caseload.server";
import { referSchema, sharedSummaryMax } from "../modules/referrals/referral-forms";
import { createReferral, findReferralTarget, ReferralRefusedError, refusalFor } from "../modules/referrals/referrals.server";
import { needName } from "../../db/vocabulary/needs";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Refer to ${loaded?.listing.name ?? "support"} – Asset Atlas` },
];

async function load(request: Request, params: LoaderFunctionArgs["params"]) {
  const authorised = await requireOwnPerson(request, "referral:write", params.personId ?? "");
  const target = await findReferralTarget(authorised.db, params.serviceId ?? "");
  if (!target) throw new Response("Listing not found", { status: 404 });
  return { ...authorised, target };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor, person, target } = await load(request, params);
  await recordAudit(db, actor, { action: "referral.form-view", subjectType: "person", subjectId: person.id, details: { serviceId: target.id } });
  return {
    person: { id: person.id, reference: person.reference, needs: person.needs },
    listing: { id: target.id, name: target.name, organizationName: target.organizationName, description: target.description, hasEmail: Boolean(target.email) },
    refusal: refusalFor(target, "signpost"),
    matchReasons: (new URL(request.url).searchParams.get("reasons") ?? "").slice(0, 1000),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, person, target } = await load(request, params);
  const form = await request.formData();
  const values = {
    kind: String(form.get("kind") ?? ""),
    consent: String(form.get("consent") ?? ""),
    sharedSummary: String(form.get("sharedSummary") ?? ""),
    needs: form.getAll("needs").map(String).filter((need) => person.needs.includes(need)),
    matchReasons: String(form.get("matchReasons") ?? ""),
  };
  const parsed = referSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  try {
    await createReferral(db, actor, person.id, target, parsed.data);
  } catch (error) {
    if (error instanceof ReferralRefusedError) return data({ errors: { form: error.message }, values }, { status: 409 });
    throw error;
  }
  throw redirect(`/people/${person.id}/support?done=${parsed.data.kind === "referral" ? "referred" : "signposted"}`);
}

export default function Refer() {
  const { person, listing, refusal, matchReasons } = useLoaderData<typeof loader>();
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
