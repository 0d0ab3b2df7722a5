import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Checkboxes, Radios, TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requirePermission } from "../modules/accounts/permissions.server";
import { clientAddress } from "../modules/accounts/rate-limit.server";
import { translatedTitle } from "../modules/i18n/i18n";
import { requestLanguage } from "../modules/i18n/languages";
import { askHelpValues, maxAskedForLength, maxWhereLength, whoChoices, type AskHelpValues } from "../modules/requests/ask-for-help-form";
import { askForHelp, defaultTeam, formStartToken, teamName } from "../modules/requests/ask-for-help.server";
import { config } from "../env.server";
import { useT } from "../modules/i18n/use-t";
import { formValues } from "../modules/forms/read-form.server";

const referencePattern = /^REQ-[0-9]{6,}$/;
const codePattern = /^E[0-9]{8}$/;

/** Only a path on this site: the way back to the results, listing or search the person came from. */
function safeBack(value: string | null): string | null {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") && value.length <= 2000 ? value : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "request:ask");
  const url = new URL(request.url);
  const reference = url.searchParams.get("sent");
  const district = url.searchParams.get("team") ?? "";
  const ward = url.searchParams.get("ward") ?? "";
  if (reference && referencePattern.test(reference) && codePattern.test(district)) {
    const team = await teamName(db, { districtCode: district, wardCode: codePattern.test(ward) ? ward : null });
    return { kind: "sent" as const, reference, team, already: url.searchParams.get("status") === "already" };
  }
  const who = url.searchParams.get("for");
  // From the guided path: who it is for and where, as they answered (nothing else is carried over).
  const prefill: AskHelpValues = {
    who: who && (whoChoices as readonly string[]).includes(who) ? who : undefined,
    where: (url.searchParams.get("where") ?? "").slice(0, maxWhereLength) || undefined,
  };
  return {
    kind: "form" as const,
    started: formStartToken(),
    defaultTeam: await defaultTeam(db),
    retentionDays: config().retentionDays,
    prefill,
    back: safeBack(url.searchParams.get("back")),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "request:ask");
  const form = formValues(await request.formData());
  const result = await askForHelp(db, form, { address: clientAddress(context), language: requestLanguage(request) });
  if (result.kind === "refused") {
    return data({ errors: result.errors, values: askHelpValues(result.values), started: formStartToken() }, { status: result.status });
  }
  const query = new URLSearchParams({ sent: result.reference, status: result.kind, team: result.queue.districtCode });
  if (result.queue.wardCode) query.set("ward", result.queue.wardCode);
  throw redirect(`/ask-for-help?${query.toString()}`, 303);
}

export const meta: MetaFunction = ({ matches }) => [{ title: translatedTitle(matches, "askHelp.title") }];

export default function AskForHelp() {
  const loaded = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const { t } = useT();
  if (loaded.kind === "sent") {
    return (
      <Page>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <div className="govuk-panel govuk-panel--confirmation">
              <h1 className="govuk-panel__title">{loaded.already ? t("askHelp.alreadyTitle") : t("askHelp.sentTitle")}</h1>
              <div className="govuk-panel__body">
                {t("askHelp.referenceIs")}
                <br />
                <strong>{loaded.reference}</strong>
              </div>
            </div>
            <p className="govuk-body">{loaded.already ? t("askHelp.alreadyBody", { team: loaded.team }) : t("askHelp.sentBody", { team: loaded.team })}</p>
            {!loaded.already && <p className="govuk-body">{t("askHelp.sentEmail")}</p>}
            <p className="govuk-body">{t("askHelp.keepReference")}</p>
            <p className="govuk-body">{t("askHelp.emergency")}</p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/">
                {t("askHelp.home")}
              </Link>
            </p>
          </div>
        </div>
      </Page>
    );
  }
  const errors: Record<string, string> = Object.fromEntries(
    Object.entries(refused?.errors ?? {}).map(([field, key]) => [field, t(key, { typed: refused?.values.where ?? "", max: maxAskedForLength.toLocaleString("en-GB") })]),
  );
  const values: AskHelpValues = refused?.values ?? loaded.prefill;
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {loaded.back && (
            <Link className="govuk-back-link" to={loaded.back}>
              {t("askHelp.back")}
            </Link>
          )}
          <ErrorSummary errors={errors} fallbackField="who" title={t("common.problem")} />
          <h1 className="govuk-heading-l">{t("askHelp.heading")}</h1>
          <p className="govuk-body">{t("askHelp.lead")}</p>
          <div className="govuk-inset-text">{t("askHelp.emergency")}</div>
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="started" value={refused?.started ?? loaded.started} />
            <Radios
              name="who"
              legend={t("askHelp.who")}
              options={[
                { value: "me", label: t("askHelp.whoMe") },
                { value: "someone", label: t("askHelp.whoSomeone") },
              ]}
              checked={values.who}
              error={errors.who}
            />
            <Checkboxes
              name="theyAgree"
              legend={t("askHelp.theyAgreeLegend")}
              hint={t("askHelp.theyAgreeHint")}
              options={[{ value: "yes", label: t("askHelp.theyAgree") }]}
              checked={values.theyAgree === "yes" ? ["yes"] : []}
              error={errors.theyAgree}
            />
            <TextField name="contactName" label={t("askHelp.name")} autoComplete="name" spellCheck={false} defaultValue={values.contactName} error={errors.contactName} />
            <div className={`govuk-form-group${errors.contactPhone || errors.contactEmail ? " govuk-form-group--error" : ""}`}>
              <fieldset className="govuk-fieldset" aria-describedby="contact-hint">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{t("askHelp.contactLegend")}</legend>
                <div id="contact-hint" className="govuk-hint">
                  {t("askHelp.contactHint")}
                </div>
                <TextField
                  name="contactPhone"
                  label={t("askHelp.phone")}
                  hint={t("askHelp.phoneHint")}
                  type="tel"
                  autoComplete="tel"
                  width={20}
                  defaultValue={values.contactPhone}
                  error={errors.contactPhone}
                />
                <TextField
                  name="contactEmail"
                  label={t("askHelp.email")}
                  hint={t("askHelp.emailHint")}
                  type="email"
                  autoComplete="email"
                  spellCheck={false}
                  defaultValue={values.contactEmail}
                  error={errors.contactEmail}
                />
              </fieldset>
            </div>
            <TextField name="contactTimes" label={t("askHelp.times")} hint={t("askHelp.timesHint")} defaultValue={values.contactTimes} error={errors.contactTimes} />
            <TextArea
              name="askedFor"
              label={t("askHelp.askedFor")}
              hint={t("askHelp.askedForHint", { max: maxAskedForLength.toLocaleString("en-GB") })}
              defaultValue={values.askedFor}
              error={errors.askedFor}
              rows={5}
            />
            <TextField
              name="where"
              label={t("askHelp.where")}
              hint={t("askHelp.whereHint", { team: loaded.defaultTeam })}
              defaultValue={values.where}
              error={errors.where}
            />
            <Checkboxes
              name="consent"
              legend={t("askHelp.consentLegend")}
              hint={t("askHelp.consentHint", { days: loaded.retentionDays })}
              options={[{ value: "yes", label: t("askHelp.consent") }]}
              checked={values.consent === "yes" ? ["yes"] : []}
              error={errors.consent}
            />
            {/* People do not see this field (nor reach it with the tab key); programs that fill in every field do. */}
            <div className="govuk-visually-hidden">
              <TextField name="website" label={t("askHelp.honeypot")} tabIndex={-1} autoComplete="off" defaultValue="" error={errors.website} />
            </div>
            <button type="submit" className="govuk-button" data-module="govuk-button" data-prevent-double-click="true">
              {t("askHelp.submit")}
            </button>
          </Form>
        </div>
      </div>
    </Page>
  );
}
