import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { clientAddress, takeRateLimit } from "../modules/accounts/rate-limit.server";
import { getPublishedAsset } from "../modules/assets/asset.server";
import { askProviderSchema, maxMessageLength } from "../modules/residents/message-form";
import { askPerEmailRateLimit, askProvider, askRateLimit, messageRetentionDays, providerEmail } from "../modules/residents/provider-messages.server";
import { invariantResponse } from "../modules/errors/app-error";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Ask about a place: ${loaded?.asset.name ?? "listing"} – Asset Atlas` }];

async function published(request: Request, id: string) {
  const { db } = await requirePermission(request, "asset:ask");
  const asset = await getPublishedAsset(db, id);
  invariantResponse(asset, "Listing not found", 404);
  const phones = asset.contacts.flatMap((contact) => contact.phones.map((phone) => phone.number));
  return { db, asset: { id: asset.id, name: asset.name, phones }, reachable: (await providerEmail(db, asset.id)) !== null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { asset, reachable } = await published(request, params.id ?? "");
  return { asset, reachable };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db, asset, reachable } = await published(request, params.id ?? "");
  const form = await readForm(request, askProviderSchema);
  const { values } = form;
  if (!reachable) return data({ errors: { form: "This provider cannot get messages through the site. Phone them instead." }, values }, { status: 400 });
  if (!form.ok) return data({ errors: form.errors, values: { ...values, message: (values.message ?? "").slice(0, maxMessageLength * 2) } }, { status: 400 });
  const tooMany = { errors: { form: "We have had a lot of messages from you in the last hour. Please try again later, or phone the provider." }, values };
  if (!(await takeRateLimit(db, `ask:${clientAddress(context)}`, askRateLimit))) return data(tooMany, { status: 429 });
  if (!(await takeRateLimit(db, `ask-email:${form.data.email}`, askPerEmailRateLimit))) return data(tooMany, { status: 429 });
  const result = await askProvider(db, asset, form.data);
  throw redirect(`/assets/${asset.id}/ask?sent=${result.sent ? "1" : "again"}`, 303);
}

export default function AskProvider() {
  const { asset, reachable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  const sent = searchParams.get("sent");
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {sent && !result ? (
            <>
              <div className="govuk-panel govuk-panel--confirmation">
                <h1 className="govuk-panel__title">{sent === "again" ? "Already sent" : "Message sent"}</h1>
                <div className="govuk-panel__body">
                  {sent === "again" ? `You have already sent this message to ${asset.name}. We did not send it again.` : `We have sent your question to ${asset.name}.`}
                </div>
              </div>
              <p className="govuk-body">When they answer, we email you their reply. They do not see your email address.</p>
            </>
          ) : (
            <>
              <ErrorSummary errors={errors} fallbackField="message" />
              <span className="govuk-caption-l">{asset.name}</span>
              <h1 className="govuk-heading-l">Ask about a place</h1>
              {!reachable ? (
                <p className="govuk-body">
                  This provider cannot get messages through the site.{" "}
                  {asset.phones.length > 0 ? `Phone them on ${asset.phones.join(" or ")}.` : "Use the details on their listing."}
                </p>
              ) : (
                <>
                  <p className="govuk-body">
                    Send {asset.name} a question, for example whether they have a place, or when you could start. We send it on and email
                    you their answer; neither of you sees the other&apos;s email address.
                  </p>
                  <Form method="post" noValidate>
                    <CsrfField />
                    <TextArea
                      name="message"
                      label="Your question"
                      hint={`Do not include health details they do not need. Up to ${maxMessageLength.toLocaleString("en-GB")} characters.`}
                      defaultValue={values.message}
                      error={errors.message}
                      rows={6}
                    />
                    <TextField name="name" label="Your name (optional)" hint="So they know who is asking" autoComplete="name" defaultValue={values.name} error={errors.name} />
                    <TextField
                      name="email"
                      label="Your email address"
                      hint="We send you their answer here and use it for nothing else"
                      type="email"
                      autoComplete="email"
                      spellCheck={false}
                      defaultValue={values.email}
                      error={errors.email}
                    />
                    <div className={`govuk-form-group${errors.consent ? " govuk-form-group--error" : ""}`}>
                      {errors.consent && (
                        <p id="consent-error" className="govuk-error-message">
                          <span className="govuk-visually-hidden">Error:</span> {errors.consent}
                        </p>
                      )}
                      <div className="govuk-checkboxes govuk-checkboxes--small">
                        <div className="govuk-checkboxes__item">
                          <input className="govuk-checkboxes__input" id="consent" name="consent" type="checkbox" value="yes" defaultChecked={values.consent === "yes"} aria-describedby={errors.consent ? "consent-error" : undefined} />
                          <label className="govuk-label govuk-checkboxes__label" htmlFor="consent">
                            I agree to the council keeping my question and email until the provider answers, and for no more than{" "}
                            {messageRetentionDays} days
                          </label>
                        </div>
                      </div>
                    </div>
                    <button type="submit" className="govuk-button">
                      Send question
                    </button>
                  </Form>
                </>
              )}
            </>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/assets/${asset.id}`}>
              Back to the listing
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
