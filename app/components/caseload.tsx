/** The caseload's pieces: follow-ups due this week, the requests table and its pages. No data access. */
import { Link } from "@remix-run/react";
import { conversations, nameOf, requestOutcomes } from "../modules/requests/request-forms";
import type { CaseloadRow } from "../modules/requests/caseload.server";
import { formatDate } from "../../db/calendar";

const conversationShort = (code: string) => conversations.find((conversation) => conversation.code === code)?.short ?? code;

export function FollowUpsDue({
  rows,
  weekEnds,
}: {
  rows: Array<{ id: string; reference: string; personReference: string | null; name: string | null; nextActionOn: string; nextAction: string | null; overdue: boolean }>;
  weekEnds: string;
}) {
  return (
    <section aria-labelledby="due-heading" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="due-heading">
        Your follow-ups due this week
      </h2>
      {rows.length === 0 ? (
        <p className="govuk-body">None due by Sunday {formatDate(weekEnds)}.</p>
      ) : (
        <ul className="govuk-list govuk-list--spaced">
          {rows.map((row) => (
            <li key={row.id}>
              {row.overdue && <strong className="govuk-tag govuk-tag--red govuk-!-margin-right-1">Overdue</strong>}
              <Link className="govuk-link" to={`/requests/${row.id}`}>
                {row.reference}
                {row.personReference ? ` (${row.personReference})` : row.name ? ` (${row.name})` : ""}
              </Link>
              : {formatDate(row.nextActionOn)}
              {row.nextAction ? `, ${row.nextAction}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function CaseloadTable({ rows, total }: { rows: CaseloadRow[]; total: number }) {
  if (total === 0) return <p className="govuk-body" role="status">No requests match. Try fewer filters, or clear them.</p>;
  return (
    <div className="atlas-table-scroll" tabIndex={0} role="region" aria-label="Requests, scrollable">
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m" role="status">
          {total === 1 ? "1 request" : `${total.toLocaleString("en-GB")} requests`}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Request</th>
            <th scope="col" className="govuk-table__header">Person</th>
            <th scope="col" className="govuk-table__header">Where</th>
            <th scope="col" className="govuk-table__header">Conversation</th>
            <th scope="col" className="govuk-table__header">Received</th>
            <th scope="col" className="govuk-table__header">Next action</th>
            <th scope="col" className="govuk-table__header">With</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((row) => (
            <tr className="govuk-table__row" key={row.id}>
              <td className="govuk-table__cell">
                {row.access === "other" ? (
                  row.reference
                ) : (
                  <Link className="govuk-link" to={`/requests/${row.id}`}>
                    {row.reference}
                  </Link>
                )}
                {row.outcome && <span className="govuk-body-s govuk-!-display-block">Closed: {nameOf(requestOutcomes, row.outcome).toLowerCase()}</span>}
                {row.waitingReferrals > 0 && (
                  <strong className="govuk-tag govuk-tag--yellow govuk-!-display-block govuk-!-margin-top-1">
                    {row.waitingReferrals === 1 ? "Referral waiting" : `${row.waitingReferrals} referrals waiting`}
                  </strong>
                )}
              </td>
              <td className="govuk-table__cell">
                {row.personId ? (
                  <Link className="govuk-link" to={`/people/${row.personId}`}>
                    {row.personReference}
                  </Link>
                ) : row.access === "other" ? (
                  "Not shown"
                ) : (
                  "No record yet"
                )}
                {row.name && <span className="govuk-body-s govuk-!-display-block">{row.name}</span>}
              </td>
              <td className="govuk-table__cell">{row.placeName ?? "Not known"}</td>
              <td className="govuk-table__cell">{conversationShort(row.conversation)}</td>
              <td className="govuk-table__cell">{formatDate(row.receivedOn)}</td>
              <td className="govuk-table__cell">
                {row.nextActionOn ? formatDate(row.nextActionOn) : "None set"}
                {row.nextAction && <span className="govuk-body-s govuk-!-display-block">{row.nextAction}</span>}
              </td>
              <td className="govuk-table__cell">{row.access === "mine" ? "You" : (row.practitionerName ?? "Waiting to be picked up")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** GOV.UK pagination: previous, the page numbers around this one, next; links keep the filters. */
export function Pagination({ page, pages, query }: { page: number; pages: number; query: string }) {
  if (pages <= 1) return null;
  const to = (number: number) => {
    const params = new URLSearchParams(query);
    params.set("page", String(number));
    return `?${params.toString()}`;
  };
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((number) => number >= 1 && number <= pages).sort((a, b) => a - b);
  return (
    <nav className="govuk-pagination" aria-label="Pages of requests">
      {page > 1 && (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={to(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">Previous<span className="govuk-visually-hidden"> page</span></span>
          </Link>
        </div>
      )}
      <ul className="govuk-pagination__list">
        {shown.flatMap((number, index) => [
          ...(index > 0 && number - shown[index - 1]! > 1
            ? [
                <li key={`gap-${number}`} className="govuk-pagination__item govuk-pagination__item--ellipses">
                  &ctdot;
                </li>,
              ]
            : []),
          <li key={number} className={`govuk-pagination__item${number === page ? " govuk-pagination__item--current" : ""}`}>
            <Link className="govuk-link govuk-pagination__link" to={to(number)} aria-label={`Page ${number}`} aria-current={number === page ? "page" : undefined}>
              {number}
            </Link>
          </li>,
        ])}
      </ul>
      {page < pages && (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={to(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">Next<span className="govuk-visually-hidden"> page</span></span>
          </Link>
        </div>
      )}
    </nav>
  );
}
