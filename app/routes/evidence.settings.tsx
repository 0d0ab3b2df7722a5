import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DoneBanner } from "../components/done-banner";
import { CsrfField } from "../components/csrf-field";
import { AdjustmentForm, ProgrammeForm, SettingsHistory } from "../components/evidence-settings";
import { DistrictSelect } from "../components/evidence-page";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { can } from "../modules/accounts/permissions";
import { requirePermission } from "../modules/accounts/permissions.server";
import { evidenceAreas } from "../modules/evidence/dashboard.server";
import { adjustmentFormSchema, programmeFormSchema } from "../modules/evidence/settings";
import { adjustmentSettings, areaSettings, programmeFor, setAdjustments, setProgramme } from "../modules/evidence/settings.server";
import { formValues, parseForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction = () => [{ title: "Adjustments and programme – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:read");
  const url = new URL(request.url);
  const districts = await evidenceAreas(db);
  const asked = url.searchParams.get("district") ?? "";
  const district = districts.some((row) => row.code === asked) ? asked : null;
  const [settings, own, programme] = await Promise.all([adjustmentSettings(db, district), areaSettings(db, district), programmeFor(db, district)]);
  return {
    districts,
    district,
    areaName: district ? districts.find((row) => row.code === district)!.name : "the whole council area",
    settings,
    inherited: district !== null && own.length === 0 && settings.length > 0,
    programme,
    canAdjust: can(actor, "evidence:adjust"),
    saved: url.searchParams.get("saved"),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, actor } = await requirePermission(request, "evidence:adjust");
  const values = formValues(await request.formData());
  const intent = values.intent === "programme" ? "programme" : "adjustments";
  if (intent === "programme") {
    const form = parseForm(values, programmeFormSchema);
    if (!form.ok) return data({ intent, errors: form.errors, values }, { status: 400 });
    await setProgramme(db, actor, form.data);
    throw redirect(`/evidence/settings?${form.data.district ? `district=${form.data.district}&` : ""}saved=programme`);
  }
  const form = parseForm(values, adjustmentFormSchema);
  if (!form.ok) return data({ intent, errors: form.errors, values }, { status: 400 });
  await setAdjustments(db, actor, form.data);
  throw redirect(`/evidence/settings?${form.data.district ? `district=${form.data.district}&` : ""}saved=adjustments`);
}

export default function EvidenceSettings() {
  const { districts, district, areaName, settings, inherited, programme, canAdjust, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <Page>
      <ErrorSummary errors={errors} fallbackField={result?.intent === "programme" ? "name" : "deadweight"} />
      {saved && <DoneBanner message={saved === "programme" ? "The programme's start was set." : "The adjustments were set. The dashboard uses them from the month you gave."} />}
      <span className="govuk-caption-l">
        <Link className="govuk-link" to={`/evidence${district ? `?district=${district}` : ""}`}>
          Evidence of cost avoided
        </Link>
      </span>
      <h1 className="govuk-heading-l">Adjustments and programme</h1>
      <p className="govuk-body">
        A finance committee relies on net cost avoided only after it is adjusted. Each diverted-care record&rsquo;s confidence is applied
        first, then, in this order, <strong>deadweight</strong> (what would have happened anyway), <strong>displacement</strong> (cost only
        moved elsewhere), <strong>attribution</strong> (the share owed to others), <strong>drop-off</strong> (the effect fading each
        programme year after the first) and <strong>optimism bias</strong>. Each takes its share off what is left, so the order changes the
        steps shown but not the result. The dashboard, its downloads, the trace of every figure and the modeller all apply them the same
        way.
      </p>
      <p className="govuk-body">
        Settings are for an area, for every kind of support or one kind, from a month on. For each month of diverted care the latest setting
        for its kind of support applies, or else the latest for every kind; where there is none, nothing is taken off. A new setting never
        changes an older one: date it back to change past months.
      </p>
      <Form method="get" className="atlas-evidence-filter" aria-label="Area">
        <DistrictSelect districts={districts} value={district ?? ""} />
        <button type="submit" className="govuk-button govuk-button--secondary">
          Show this area
        </button>
      </Form>
      <h2 className="govuk-heading-m">{`Programme for ${areaName}`}</h2>
      <p className="govuk-body" data-programme>
        {programme
          ? `${programme.name}, started ${programme.startsOn}. Drop-off counts programme years from here.`
          : "No programme start is set: the dashboard counts programme years from the first month it shows."}
      </p>
      {canAdjust && (
        <ProgrammeForm district={district} result={result?.intent === "programme" ? result : null} programme={programme}>
          <CsrfField />
        </ProgrammeForm>
      )}
      <h2 className="govuk-heading-m">{`Adjustments for ${areaName}`}</h2>
      {inherited && <p className="govuk-body">This district has no settings of its own, so the whole council area&rsquo;s apply to it. A setting made here applies to this district only.</p>}
      <SettingsHistory settings={settings} />
      {canAdjust ? (
        // A new key after each setting saved, so the form starts empty again.
        <AdjustmentForm key={settings.length} district={district} result={result?.intent === "adjustments" ? result : null}>
          <CsrfField />
        </AdjustmentForm>
      ) : (
        <p className="govuk-body">Commissioners and administrators with permission set these.</p>
      )}
    </Page>
  );
}
