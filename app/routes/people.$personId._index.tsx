import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Page } from "../components/layout";
import { formatHourlyRate, joinWithAnd } from "../modules/assets/format";
import { requirePermission } from "../modules/accounts/permissions.server";
import { lawfulBases, timesOfDay, weekdays } from "../modules/people/person-form";
import { conversations, nameOf as named, requestOutcomes } from "../modules/requests/request-forms";
import { personRequests } from "../modules/requests/requests.server";
import { readPerson } from "../modules/people/people.server";
import { needName, riskFactors } from "../../db/vocabulary/needs";
import { formatDate } from "../../db/calendar";
import { DoneBanner } from "../components/done-banner";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.reference ?? "Record"} – Asset Atlas` }];

const nameOf = (list: ReadonlyArray<{ code: string; name: string }>, code: string) => list.find((item) => item.code === code)?.name ?? code;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:read");
  const person = await readPerson(db, actor, params.personId ?? "", "view");
  const miles = person.maxTravelMiles === null ? null : Number(person.maxTravelMiles);
  return {
    id: person.id,
    reference: person.reference,
    rows: [
      ["Age band", person.ageBand === "85+" ? "85 or over" : person.ageBand.replace("-", " to ")],
      ["Postcode", [person.postcode, person.wardName].filter(Boolean).join(", ")],
      ["Name to ask for", person.contactName ?? "Not recorded"],
      ["Phone number", person.contactPhone ?? "Not recorded"],
      ["Who else is involved", person.involved ?? "Not recorded"],
      ["What matters to them", person.whatMatters || "Not recorded"],
      ["Needs", person.needs.length ? person.needs.map(needName).join(", ") : "None recorded"],
      ["Risk factors", person.riskFactors.length ? person.riskFactors.map((code) => nameOf(riskFactors, code)).join(", ") : "None recorded"],
      ["Days they are free", person.preferredDays.length ? joinWithAnd(person.preferredDays.map((code) => nameOf(weekdays, code))) : "Any day"],
      ["Times that suit", person.preferredTimes.length ? joinWithAnd(person.preferredTimes.map((code) => nameOf(timesOfDay, code).replace(/ \(.*\)$/, ""))) : "Any time"],
      ["Furthest they can travel", miles === null ? "Not said (we look within 5 miles)" : `${miles} ${miles === 1 ? "mile" : "miles"}`],
      ["What they can pay", person.maxHourlyRatePence === null ? "Cost does not matter, or not discussed" : person.maxHourlyRatePence === 0 ? "Free only" : `Up to ${formatHourlyRate(person.maxHourlyRatePence)}`],
      ["Direct Payment", person.hasDirectPayment ? "Yes" : "No"],
      ["Lawful basis", nameOf(lawfulBases, person.lawfulBasis)],
      ["Consent", person.consentGiven ? `Given, recorded ${formatDate(person.consentRecordedAt?.toISOString() ?? null) ?? ""}` : "Not given"],
    ] as Array<[string, string]>,
    hasNeeds: person.needs.length > 0,
    requests: (await personRequests(db, person.id)).map((row) => ({
      id: row.id,
      reference: row.reference,
      received: formatDate(row.receivedOn),
      state: row.outcome ? `Closed ${formatDate(row.closedOn)}: ${named(requestOutcomes, row.outcome).toLowerCase()}` : `Open, ${named(conversations, row.conversation).split(":")[0]!.toLowerCase()}`,
    })),
  };
}

export default function PersonRecord() {
  const { id, reference, rows, hasNeeds, requests } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {searchParams.has("saved") && (
            <DoneBanner message="The record has been saved." />
          )}
          <span className="govuk-caption-l">Person on your caseload</span>
          <h1 className="govuk-heading-l">{reference}</h1>
          <p className="govuk-body">
            {hasNeeds ? (
              <Link className="govuk-button govuk-!-margin-right-2" to={`/people/${id}/matches`}>
                See matching support
              </Link>
            ) : (
              <span className="govuk-inset-text govuk-!-display-block">No needs are recorded yet: add what they need help with to see matching support.</span>
            )}
          </p>
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" to={`/people/${id}/support`}>
                Referrals, outcomes and care avoided
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/people/${id}/budget`}>
                What their budget buys<span className="govuk-visually-hidden"> for {reference}</span>
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/people/${id}/edit`}>
                Change the record<span className="govuk-visually-hidden"> for {reference}</span>
              </Link>
            </li>
          </ul>
          <h2 className="govuk-heading-m">Requests for help</h2>
          {requests.length === 0 ? (
            <p className="govuk-body">None recorded.</p>
          ) : (
            <ul className="govuk-list">
              {requests.map((row) => (
                <li key={row.id}>
                  <Link className="govuk-link" to={`/requests/${row.id}`}>
                    {row.reference}
                  </Link>
                  , received {row.received}: {row.state}
                </li>
              ))}
            </ul>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/people/${id}/requests/new`}>
              Record a new request<span className="govuk-visually-hidden"> for {reference}</span>
            </Link>
          </p>
          <h2 className="govuk-heading-m">Their details</h2>
          <dl className="govuk-summary-list">
            {rows.map(([key, value]) => (
              <div className="govuk-summary-list__row" key={key}>
                <dt className="govuk-summary-list__key">{key}</dt>
                <dd className="govuk-summary-list__value">{value}</dd>
              </div>
            ))}
          </dl>
          <p className="govuk-body">
            <Link className="govuk-link" to="/people">
              Back to your caseload
            </Link>
          </p>
        </div>
      </div>
    </Page>
  );
}
