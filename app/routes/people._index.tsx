import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Page } from "../components/layout";
import { CaseloadTable, FollowUpsDue, Pagination } from "../components/caseload";
import { requirePermission } from "../modules/accounts/permissions.server";
import { caseloadChoices, caseloadView, parseCaseloadFilter } from "../modules/requests/caseload.server";
import { conversations } from "../modules/requests/request-forms";

export const meta: MetaFunction = () => [{ title: "Your caseload – Asset Atlas" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, actor } = await requirePermission(request, "person:read");
  const url = new URL(request.url);
  const filter = parseCaseloadFilter(url.searchParams);
  const [view, choices] = await Promise.all([caseloadView(db, actor, filter), caseloadChoices(db, actor)]);
  return { filter, view, choices, query: url.searchParams.toString() };
}

const select = (name: string, label: string, value: string, options: ReadonlyArray<{ value: string; label: string }>) => (
  <div className="govuk-form-group atlas-caseload-filter">
    <label className="govuk-label govuk-label--s" htmlFor={name}>
      {label}
    </label>
    <select className="govuk-select" id={name} name={name} defaultValue={value}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  </div>
);

export default function Caseload() {
  const { filter, view, choices, query } = useLoaderData<typeof loader>();
  return (
    <Page>
      <h1 className="govuk-heading-l">Your caseload</h1>
      <p className="govuk-body">
        Requests for help: yours, and those waiting in your localities&apos; queue to be picked up. Only you see the people on your caseload.
      </p>
      <p className="govuk-body">
        <Link className="govuk-button govuk-!-margin-right-2" to="/people/new">
          Record a person and their request
        </Link>
        {view.queueCount > 0 && (
          <Link className="govuk-link" to="/people?practitioner=queue">
            {view.queueCount === 1 ? "1 request is" : `${view.queueCount} requests are`} waiting to be picked up
          </Link>
        )}
      </p>
      <FollowUpsDue rows={view.dueThisWeek} weekEnds={view.weekEnds} />
      <Form method="get" className="atlas-caseload-filters" aria-label="Search and filter requests">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="q">
            Search by reference or name
          </label>
          <div id="q-hint" className="govuk-hint">
            A request reference (like REQ-000123), a record reference, or the name to ask for
          </div>
          <input className="govuk-input govuk-!-width-one-half" id="q" name="q" type="search" defaultValue={filter.q} aria-describedby="q-hint" autoComplete="off" />
        </div>
        <div className="atlas-caseload-filter-row">
          {select("practitioner", "Whose", filter.practitioner, [
            { value: "me", label: "Yours" },
            { value: "queue", label: "Waiting to be picked up" },
            ...choices.practitioners.map((practitioner) => ({ value: practitioner.id, label: practitioner.name })),
            { value: "all", label: "Everyone's in your localities" },
          ])}
          {select("conversation", "Conversation", filter.conversation, [{ value: "", label: "Any" }, ...conversations.map((conversation) => ({ value: conversation.code, label: conversation.short }))])}
          {select("locality", "Locality", filter.locality, [{ value: "", label: "Anywhere" }, ...choices.places.map((place) => ({ value: place.value, label: place.name }))])}
          {select("status", "Status", filter.status, [
            { value: "open", label: "Open" },
            { value: "closed", label: "Closed" },
            { value: "all", label: "Open or closed" },
          ])}
          {select("due", "Follow-ups", filter.due, [
            { value: "", label: "Any" },
            { value: "week", label: "Due this week or overdue" },
            { value: "overdue", label: "Overdue" },
          ])}
          {select("sort", "Sort by", filter.sort, [
            { value: "next-action", label: "Next action" },
            { value: "received", label: "Newest first" },
            { value: "reference", label: "Reference" },
          ])}
        </div>
        <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
          <div className="govuk-checkboxes__item">
            <input className="govuk-checkboxes__input" id="waiting" name="waiting" type="checkbox" value="yes" defaultChecked={filter.waiting} />
            <label className="govuk-label govuk-checkboxes__label" htmlFor="waiting">
              Only with a referral waiting for the provider&apos;s answer
            </label>
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-right-2">
          Show requests
        </button>
        <Link className="govuk-link" to="/people">
          Clear filters
        </Link>
      </Form>
      <CaseloadTable rows={view.rows} total={view.total} />
      <Pagination page={filter.page} pages={view.pages} query={query} />
    </Page>
  );
}
