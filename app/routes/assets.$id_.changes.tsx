import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Radios, TextArea } from "../components/choice-fields";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary } from "../components/form";
import { Page } from "../components/layout";
import { requireAssetPermission } from "../modules/accounts/permissions.server";
import { summariseChange } from "../modules/assets/change-summary";
import { changeDecisionSchema } from "../modules/assets/change-form";
import { decideChange, pendingChange, withChange } from "../modules/assets/changes.server";
import { listingScope, serviceAreaOptions } from "../modules/assets/listing.server";
import { formatDate } from "../../db/calendar";
import { refusal } from "../modules/errors/app-error";
import { readForm } from "../modules/forms/read-form.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Changes to ${loaded?.listing.name ?? "a listing"} – Asset Atlas` }];

function authorise(request: Request, id: string) {
  return requireAssetPermission(request, "asset:review", (db) => listingScope(db, id));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, scope: listing } = await authorise(request, params.id ?? "");
  const [pending, areas] = await Promise.all([pendingChange(db, listing.id), serviceAreaOptions(db)]);
  const areaName = (value: string) => areas.find((area) => area.value === value)?.name ?? value;
  return {
    listing: { id: listing.id, name: listing.name, organisationName: listing.organisationName },
    change: pending
      ? {
          id: pending.id,
          proposedAt: pending.proposedAt.toISOString(),
          proposerName: pending.linkEmail
            ? `The provider, through the link emailed to ${pending.linkEmail},`
            : (pending.proposerName ?? "A provider (account since removed)"),
          note: pending.note,
          // What approving would do: only the fields the provider changed, onto the listing as it is now.
          fields: summariseChange(listing.input, withChange(listing.input, pending), areaName),
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, actor, scope: listing } = await authorise(request, params.id ?? "");
  const form = await readForm(request, changeDecisionSchema);
  const { values } = form;
  if (!form.ok) {
    // The change's id is a hidden field: its error belongs with the decision.
    const [field, message] = Object.entries(form.errors)[0]!;
    return data({ errors: { [field === "reason" ? "reason" : "decision"]: message }, values }, { status: 400 });
  }
  try {
    const saved = await decideChange(db, actor, listing, { changeId: form.data.change, approve: form.data.decision === "approve", reason: form.data.reason });
    if ("errors" in saved) return data({ errors: { decision: Object.values(saved.errors).join("; ") }, values }, { status: 400 });
  } catch (error) {
    const refused = refusal(error);
    return data({ errors: { [refused.field]: refused.message }, values }, { status: refused.status });
  }
  throw redirect(`/coordinator/queue?done=change-${form.data.decision}`, 303);
}


export default function ListingChanges() {
  const { listing, change } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | undefined> = result?.values ?? {};
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fallbackField="decision" />
          <span className="govuk-caption-l">{listing.organisationName}</span>
          <h1 className="govuk-heading-l">Changes to {listing.name}</h1>
          {!change ? (
            <p className="govuk-body">No changes are waiting for this listing.</p>
          ) : (
            <>
              <p className="govuk-body">
                {change.proposerName} sent these changes on {formatDate(change.proposedAt)}. The public listing keeps its current details until you approve them.
              </p>
              {change.note && (
                <>
                  <h2 className="govuk-heading-m">What else they said has changed</h2>
                  <div className="govuk-inset-text">
                    {change.note.split("\n").map((line, index) => (
                      <p className="govuk-body" key={index}>
                        {line}
                      </p>
                    ))}
                  </div>
                </>
              )}
              {change.fields.length === 0 ? (
                <p className="govuk-body">The changes sent are the same as the listing now.</p>
              ) : (
                <table className="govuk-table">
                  <caption className="govuk-table__caption govuk-table__caption--m">{`What would change (${change.fields.length})`}</caption>
                  <thead className="govuk-table__head">
                    <tr className="govuk-table__row">
                      <th scope="col" className="govuk-table__header">Field</th>
                      <th scope="col" className="govuk-table__header">Now</th>
                      <th scope="col" className="govuk-table__header">Proposed</th>
                    </tr>
                  </thead>
                  <tbody className="govuk-table__body">
                    {change.fields.map((field) => (
                      <tr className="govuk-table__row" key={field.field}>
                        <th scope="row" className="govuk-table__header">{field.label}</th>
                        <td className="govuk-table__cell">{field.before}</td>
                        <td className="govuk-table__cell">{field.after}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <Form method="post" noValidate>
                <CsrfField />
                <input type="hidden" name="change" value={change.id} />
                <Radios
                  name="decision"
                  legend="What do you want to do?"
                  options={[
                    { value: "approve", label: "Approve: publish the changes" },
                    { value: "reject", label: "Reject: keep the listing as it is" },
                  ]}
                  checked={values.decision}
                  error={errors.decision}
                />
                <TextArea
                  name="reason"
                  label="Reason (if you reject)"
                  hint="The provider is emailed this."
                  error={errors.reason}
                  defaultValue={values.reason ?? ""}
                  rows={3}
                  maxLength={500}
                />
                <button type="submit" className="govuk-button">
                  Continue
                </button>
              </Form>
            </>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to="/coordinator/queue">
              Back to listings to review
            </Link>
            {" · "}
            <Link className="govuk-link" to={`/assets/${listing.id}/edit`}>
              The listing
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
