import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { assetKindName } from "../../db/vocabulary/kinds";
import { joinWithAnd } from "../modules/assets/format";
import { requirePermission } from "../modules/accounts/permissions.server";
import { exclusionReasons, needShortNames, type ExclusionReason, type Match } from "../modules/matching/engine";
import { findMatches, personForMatching } from "../modules/matching/matching.server";
import { readPerson, referredServiceIds } from "../modules/people/people.server";
import { needName } from "../../db/vocabulary/needs";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Matching support for ${loaded?.reference ?? "a person"} – Asset Atlas` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:read");
  const person = await readPerson(db, actor, params.personId ?? "", "match");
  const base = { id: person.id, reference: person.reference, needs: person.needs.map(needName) };
  if (person.needs.length === 0) return { ...base, result: null };
  const excluded = await referredServiceIds(db, person.id);
  const result = await findMatches(db, personForMatching(person), { excludedServiceIds: excluded });
  // Each listing left out, under the one rule that excluded it, nearest first: a practitioner
  // who knows better can refer anyway, giving a reason (the refer page asks for it).
  const left = new Map<ExclusionReason, Array<{ id: string; name: string; distance: string | null }>>();
  const nearestFirst = [...result.excluded].sort((a, b) => (a.distanceMiles ?? Infinity) - (b.distanceMiles ?? Infinity) || a.name.localeCompare(b.name));
  for (const entry of nearestFirst) {
    const listings = left.get(entry.reason) ?? [];
    listings.push({ id: entry.id, name: entry.name, distance: entry.distanceMiles === null ? null : `${entry.distanceMiles.toFixed(1)} miles` });
    left.set(entry.reason, listings);
  }
  const view = (match: Match) => ({ id: match.id, name: match.name, kind: assetKindName(match.kind), score: match.score, reasons: match.reasons });
  return {
    ...base,
    result: {
      matches: result.matches.map(view),
      combination: {
        matches: result.combination.matches.map(view),
        covered: result.combination.covered.map((need) => needShortNames[need] ?? need),
        missing: result.combination.missing.map(needName),
      },
      considered: result.considered,
      left: [...left.entries()].map(([reason, listings]) => ({ code: reason, reason: exclusionReasons[reason], listings })),
    },
  };
}

export default function Matches() {
  const { id, reference, needs, result } = useLoaderData<typeof loader>();
  const refer = (match: { id: string; name: string }) => (
    <Link className="govuk-link" to={`/people/${id}/refer/${match.id}`}>
      Refer or signpost<span className="govuk-visually-hidden"> to {match.name}</span>
    </Link>
  );
  return (
    <Page>
      <span className="govuk-caption-l">{reference}</span>
      <h1 className="govuk-heading-l">Matching support</h1>
      {!result ? (
        <div className="govuk-inset-text">
          <p className="govuk-body">No needs are recorded for {reference}, so there is nothing to match yet.</p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/people/${id}/edit`}>
              Add what they need help with
            </Link>
          </p>
        </div>
      ) : (
        <>
          <p className="govuk-body">For: {needs.join(", ")}.</p>
          <h2 className="govuk-heading-m">Suggested together</h2>
          {result.combination.matches.length === 0 ? (
            <p className="govuk-body">Nothing we know of fits. Try a longer travel distance, other days, or ask the locality coordinator.</p>
          ) : (
            <>
              <p className="govuk-body">
                {result.combination.missing.length === 0
                  ? `${result.combination.matches.length === 1 ? "This covers" : `These ${result.combination.matches.length} together cover`} all their needs.`
                  : `These cover ${joinWithAnd(result.combination.covered)}. Nothing we know of covers ${joinWithAnd(result.combination.missing)}.`}
              </p>
              <ul className="govuk-list govuk-list--bullet" aria-label="Suggested together">
                {result.combination.matches.map((match) => (
                  <li key={match.id}>
                    <Link className="govuk-link" to={`/assets/${match.id}`}>
                      {match.name}
                    </Link>
                    : {match.reasons[0]}. {refer(match)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h2 className="govuk-heading-m">Ranked matches</h2>
          <p className="govuk-body" role="status">
            {result.matches.length === 0
              ? "No listings fit."
              : `${result.matches.length === 1 ? "1 listing fits" : `${result.matches.length} listings fit`}, best first, out of ${result.considered} nearby that meet one of their needs.`}
          </p>
          <ol className="govuk-list atlas-matches" aria-label="Ranked matches">
            {result.matches.map((match, index) => (
              <li key={match.id} className="govuk-!-margin-bottom-6">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                  {index + 1}.{" "}
                  <Link className="govuk-link" to={`/assets/${match.id}`}>
                    {match.name}
                  </Link>
                </h3>
                <p className="govuk-body-s govuk-!-margin-bottom-1">
                  {match.kind}. Score {match.score} out of 100.
                </p>
                <p className="govuk-body govuk-!-margin-bottom-1 atlas-match__reasons">{match.reasons.join("; ")}</p>
                <p className="govuk-body">{refer(match)}</p>
              </li>
            ))}
          </ol>
          {result.left.length > 0 && (
            <section aria-labelledby="left-out-heading">
              <h2 className="govuk-heading-m" id="left-out-heading">
                Listings left out
              </h2>
              <p className="govuk-body">
                Each listing below was left out by one rule. If you know it would suit them anyway, refer or signpost and say why: the reason is recorded
                with the referral.
              </p>
              {result.left.map((entry) => (
                <details className="govuk-details" key={entry.code} data-reason={entry.code}>
                  <summary className="govuk-details__summary">
                    <span className="govuk-details__summary-text">
                      {entry.listings.length} {entry.listings.length === 1 ? "listing" : "listings"}: {entry.reason}
                    </span>
                  </summary>
                  <div className="govuk-details__text">
                    {entry.code === "referred" ? (
                      <p className="govuk-body">
                        These are on the{" "}
                        <Link className="govuk-link" to={`/people/${id}/support`}>
                          referrals page
                        </Link>
                        ; if one is declined, the next matches are here.
                      </p>
                    ) : null}
                    <ul className="govuk-list">
                      {entry.listings.map((listing) => (
                        <li key={listing.id}>
                          {listing.name}
                          {listing.distance ? `, ${listing.distance}` : ""}: {entry.reason}.
                          {entry.code !== "referred" && (
                            <>
                              {" "}
                              <Link className="govuk-link" to={`/people/${id}/refer/${listing.id}`}>
                                Refer anyway<span className="govuk-visually-hidden"> to {listing.name}</span>
                              </Link>
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  </div>
                </details>
              ))}
            </section>
          )}
        </>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/people/${id}`}>
          Back to {reference}&apos;s record
        </Link>
      </p>
    </Page>
  );
}
