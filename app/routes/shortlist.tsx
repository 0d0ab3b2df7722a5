import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { TextField } from "../components/form";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { PrintButton } from "../components/print-button";
import { requirePermission } from "../modules/accounts/permissions.server";
import { safeRedirect } from "../modules/accounts/sign-in-form";
import { describeDays, formatHourlyRate, formatTime } from "../modules/assets/format";
import { assetKindName } from "../../db/vocabulary/kinds";
import { maxShortlist, parseShortlist, shareLink } from "../modules/shortlist/shortlist";
import { changeShortlist, loadShortlist, readShortlist } from "../modules/shortlist/shortlist.server";
import { clientAddress, takeRateLimit } from "../modules/accounts/rate-limit.server";
import { sendByEmailSchema, sendByTextSchema } from "../modules/shortlist/send-form";
import { sendShortlist, shortlistSendRateLimit } from "../modules/shortlist/send.server";
import { invariantResponse } from "../modules/errors/app-error";
import { formValues, parseForm, type FormValues } from "../modules/forms/read-form.server";
import { DoneBanner } from "../components/done-banner";

export const meta: MetaFunction = () => [{ title: "Shortlist – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "directory:read");
  const url = new URL(request.url);
  const shared = url.searchParams.has("ids");
  const ids = shared ? parseShortlist(url.searchParams.get("ids")) : await readShortlist(request, { db, userId: actor.userId });
  const { assets, missing } = await loadShortlist(db, ids);
  const listed = assets.map((asset) => ({
    id: asset.id,
    name: asset.name,
    kind: assetKindName(asset.kind),
    organization: asset.organization.name,
    addresses: asset.locations.flatMap((location) =>
      location.addresses.length
        ? location.addresses.map((a) => [location.name, a.address1, a.city, a.postalCode].filter(Boolean).join(", "))
        : [`${location.name ?? ""}${location.postcode ? ` (${location.postcode.split(" ")[0]})` : ""}: visits you at home`],
    ),
    phones: asset.contacts.flatMap((contact) => contact.phones.map((phone) => phone.number)),
    emails: [...new Set([asset.email, ...asset.contacts.map((c) => c.email)].filter(Boolean))] as string[],
    times: asset.schedules.map(
      (s) => s.description ?? [describeDays(s.byday), formatTime(s.opensAt), formatTime(s.closesAt)].filter(Boolean).join(", "),
    ),
    cost: asset.isFree ? "Free" : (asset.fees ?? (asset.hourlyRatePence ? formatHourlyRate(asset.hourlyRatePence) : null)),
  }));
  return { shared, assets: listed, missing, share: shareLink(listed.map((a) => a.id)) };
}

/** Sends the list shown (the person's own, or a shared one) by email or text message. */
async function send(db: Parameters<typeof sendShortlist>[0], context: ActionFunctionArgs["context"], form: FormValues, intent: "send-email" | "send-text") {
  const ids = parseShortlist(form.ids ?? "");
  const values = { email: (form.email ?? "").slice(0, 300), mobile: (form.mobile ?? "").slice(0, 60) };
  const checked = parseForm(values, intent === "send-email" ? sendByEmailSchema : sendByTextSchema);
  if (!checked.ok) return data({ sendErrors: checked.errors, values }, { status: 400 });
  if (!(await takeRateLimit(db, `shortlist-send:${clientAddress(context)}`, shortlistSendRateLimit))) {
    return data({ sendErrors: { [intent === "send-email" ? "email" : "mobile"]: "We have sent a lot of lists for you in the last hour. Please try again later." }, values }, { status: 429 });
  }
  const outcome = await sendShortlist(db, ids, "email" in checked.data ? { email: checked.data.email } : { mobile: checked.data.mobile });
  if (outcome === "empty") return data({ sendErrors: { form: "There is nothing on the list to send." }, values }, { status: 400 });
  const back = new URL(form.returnTo ?? "/shortlist", "http://x");
  const target = new URLSearchParams(back.pathname === "/shortlist" ? back.search : "");
  target.set("sent", `${intent === "send-email" ? "email" : "text"}${outcome === "already-sent" ? "-again" : ""}`);
  throw redirect(`/shortlist?${target}`, 303);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "directory:read");
  const form = formValues(await request.formData());
  const intent = form.intent ?? "";
  if (intent === "send-email" || intent === "send-text") return send(db, context, form, intent);
  const id = parseShortlist(form.id ?? "")[0];
  const returnTo = safeRedirect(form.returnTo ?? "", "/shortlist");
  const change =
    intent === "add" && id
      ? ({ intent, id } as const)
      : intent === "remove" && id
        ? ({ intent, id } as const)
        : intent === "save"
          ? ({ intent: "replace", ids: parseShortlist(form.ids ?? "") } as const)
          : intent === "clear"
            ? ({ intent } as const)
            : null;
  invariantResponse(change, "That did not work: the shortlist was not changed. Go back and try again.");
  const { cookie, full } = await changeShortlist(request, change, { db, userId: actor.userId });
  const target = full ? `/shortlist?full=1` : intent === "save" ? "/shortlist" : returnTo;
  throw redirect(target, { status: 303, headers: { "Set-Cookie": cookie } });
}

export default function Shortlist() {
  const { shared, assets, missing, share } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const sent = result ? null : searchParams.get("sent");
  const sentMessages: Record<string, string> = {
    email: "We have emailed the list.",
    text: "We have sent the list by text message.",
    "email-again": "We sent this list to that email address in the last hour, so we did not send it again.",
    "text-again": "We sent this list to that number in the last hour, so we did not send it again.",
  };
  return (
    <Page>
      {sent && sentMessages[sent] && (
        <DoneBanner message={sentMessages[sent]} title="Sent" className="atlas-no-print" />
      )}
      <h1 className="govuk-heading-l">{shared ? "A shared shortlist" : "Your shortlist"}</h1>
      {assets.length === 0 ? (
        <p className="govuk-body">
          Nothing on {shared ? "this" : "your"} shortlist yet.{" "}
          <Link className="govuk-link" to="/search">
            Search for support
          </Link>{" "}
          and choose &ldquo;Add to shortlist&rdquo; on anything that might help. You can keep up to {maxShortlist}.
        </p>
      ) : (
        <>
          <PrintButton />
          <ol className="govuk-list govuk-list--number atlas-shortlist">
            {assets.map((asset) => (
              <li key={asset.id} className="atlas-shortlist__item">
                <h2 className="govuk-heading-m govuk-!-margin-bottom-1">
                  <Link className="govuk-link" to={`/assets/${asset.id}`}>
                    {asset.name}
                  </Link>
                </h2>
                <p className="govuk-body-s govuk-!-margin-bottom-2">
                  {asset.kind}, run by {asset.organization}
                </p>
                <dl className="govuk-summary-list govuk-summary-list--no-border">
                  {asset.phones.length > 0 && (
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Phone</dt>
                      <dd className="govuk-summary-list__value">{asset.phones.join(", ")}</dd>
                    </div>
                  )}
                  {asset.emails.length > 0 && (
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Email</dt>
                      <dd className="govuk-summary-list__value">{asset.emails.join(", ")}</dd>
                    </div>
                  )}
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">Where</dt>
                    <dd className="govuk-summary-list__value">{asset.addresses.join("; ")}</dd>
                  </div>
                  <div className="govuk-summary-list__row">
                    <dt className="govuk-summary-list__key">When</dt>
                    <dd className="govuk-summary-list__value">{asset.times.length ? asset.times.join("; ") : "By arrangement"}</dd>
                  </div>
                  {asset.cost && (
                    <div className="govuk-summary-list__row">
                      <dt className="govuk-summary-list__key">Cost</dt>
                      <dd className="govuk-summary-list__value">{asset.cost}</dd>
                    </div>
                  )}
                </dl>
                {!shared && (
                  <Form method="post" className="atlas-no-print">
                    <CsrfField />
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="id" value={asset.id} />
                    <input type="hidden" name="returnTo" value="/shortlist" />
                    <button type="submit" className="govuk-button govuk-button--secondary">
                      Remove<span className="govuk-visually-hidden"> {asset.name}</span> from the shortlist
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ol>
          {missing > 0 && (
            <p className="govuk-body">
              {missing === 1
                ? "One listing is no longer available and is not shown."
                : `${missing} listings are no longer available and are not shown.`}
            </p>
          )}
          <div className="atlas-no-print">
            <h2 className="govuk-heading-m">Share this shortlist</h2>
            <p className="govuk-body">Anyone with this link can see the list (it holds no personal details):</p>
            <p className="govuk-body">
              <a className="govuk-link" href={share}>
                {share}
              </a>
            </p>
            {shared && (
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="save" />
                <input type="hidden" name="ids" value={assets.map((a) => a.id).join(",")} />
                <button type="submit" className="govuk-button">
                  Make this my shortlist
                </button>
              </Form>
            )}
            <SendForms ids={assets.map((a) => a.id).join(",")} returnTo={shared ? share : "/shortlist"} errors={result?.sendErrors ?? {}} values={result?.values ?? { email: "", mobile: "" }} />
          </div>
        </>
      )}
    </Page>
  );
}

/** Two plain forms, so each works without JavaScript: the list by email, or by text message. */
function SendForms({ ids, returnTo, errors, values }: { ids: string; returnTo: string; errors: Record<string, string | undefined>; values: { email: string; mobile: string } }) {
  return (
    <>
      <h2 className="govuk-heading-m">Send this list</h2>
      <p className="govuk-body">To yourself, or to someone who has agreed to get it. We use the address only to send it, and do not keep it.</p>
      {errors.form && <p className="govuk-error-message">{errors.form}</p>}
      <div className="govuk-grid-row">
        <Form method="post" className="govuk-grid-column-one-half">
          <CsrfField />
          <input type="hidden" name="intent" value="send-email" />
          <input type="hidden" name="ids" value={ids} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <TextField name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} defaultValue={values.email} error={errors.email} />
          <button type="submit" className="govuk-button govuk-button--secondary">
            Send by email
          </button>
        </Form>
        <Form method="post" className="govuk-grid-column-one-half">
          <CsrfField />
          <input type="hidden" name="intent" value="send-text" />
          <input type="hidden" name="ids" value={ids} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <TextField name="mobile" label="Mobile number" hint="A UK mobile, like 07700 900123" type="tel" autoComplete="tel" defaultValue={values.mobile} error={errors.mobile} />
          <button type="submit" className="govuk-button govuk-button--secondary">
            Send by text message
          </button>
        </Form>
      </div>
    </>
  );
}
