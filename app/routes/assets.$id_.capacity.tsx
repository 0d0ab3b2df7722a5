import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, fieldErrors, TextField } from "../components/form";
import { Page } from "../components/layout";
import { requireAssetPermission } from "../modules/accounts/permissions.server";
import { assetScope, capacitySchema, getCapacity, updateCapacity } from "../modules/assets/capacity.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `Update places: ${loaded?.capacity.name ?? "listing"} – Asset Atlas` },
];

/** Authorise against this listing's owner and place. */
function authorise(request: Request, id: string) {
  return requireAssetPermission(request, "asset:update", (db) => assetScope(db, id));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await authorise(request, params.id ?? "");
  const capacity = await getCapacity(db, params.id ?? "");
  if (!capacity) throw new Response("Listing not found", { status: 404 });
  return { capacity };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor } = await authorise(request, params.id ?? "");
  const values = Object.fromEntries(await request.formData());
  const parsed = capacitySchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  await updateCapacity(db, actor, params.id ?? "", parsed.data);
  throw redirect(`/assets/${params.id}/capacity?saved=1`);
}

export default function UpdateCapacity() {
  const { capacity } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values = (result?.values ?? {}) as Record<string, string | undefined>;
  const value = (name: keyof typeof capacity, fallback: unknown) => values[name] ?? String(fallback ?? "");
  const unit = values.capacityUnit ?? capacity.capacityUnit ?? "places";
  const waiting = values.waitingList ?? (capacity.waitingList ? "yes" : "no");
  const radio = (name: string, options: Array<[string, string]>, checked: string, legend: string) => (
    <div className={`govuk-form-group${errors[name] ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={errors[name] ? `${name}-error` : undefined}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {errors[name] && (
          <p id={`${name}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {errors[name]}
          </p>
        )}
        <div className="govuk-radios govuk-radios--small govuk-radios--inline" id={name}>
          {options.map(([optionValue, label]) => (
            <div className="govuk-radios__item" key={optionValue}>
              <input className="govuk-radios__input" id={`${name}-${optionValue}`} name={name} type="radio" value={optionValue} defaultChecked={checked === optionValue} />
              <label className="govuk-label govuk-radios__label" htmlFor={`${name}-${optionValue}`}>
                {label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {searchParams.has("saved") && !result && (
            <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
              <div className="govuk-notification-banner__header">
                <h2 className="govuk-notification-banner__title">Done</h2>
              </div>
              <div className="govuk-notification-banner__content">
                <p className="govuk-notification-banner__heading">The places have been updated.</p>
              </div>
            </div>
          )}
          <ErrorSummary errors={errors} fallbackField="capacityAvailable" />
          <span className="govuk-caption-l">{capacity.name}</span>
          <h1 className="govuk-heading-l">Update places</h1>
          <Form method="post" noValidate>
            <CsrfField />
            {radio("capacityUnit", [["places", "Places"], ["hours_per_week", "Hours a week"]], unit, "Counted in")}
            <TextField name="capacityTotal" label="Total" inputMode="numeric" width={5} defaultValue={value("capacityTotal", capacity.capacityTotal)} error={errors.capacityTotal} />
            <TextField name="capacityAvailable" label="Free now" inputMode="numeric" width={5} defaultValue={value("capacityAvailable", capacity.capacityAvailable)} error={errors.capacityAvailable} />
            {radio("waitingList", [["yes", "Yes"], ["no", "No"]], waiting, "Is there a waiting list?")}
            <TextField name="waitingListWeeks" label="About how many weeks is the wait? (optional)" inputMode="numeric" defaultValue={value("waitingListWeeks", capacity.waitingListWeeks)} error={errors.waitingListWeeks} />
            <button type="submit" className="govuk-button">
              Save places
            </button>
          </Form>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/assets/${capacity.id}`}>
              Back to the listing
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
