import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { Page } from "../components/layout";
import { LinkProblem, LinkThanks, linkProblemStatus } from "../components/verification-link";
import { requirePermission } from "../modules/accounts/permissions.server";
import { checkedDetails } from "../modules/verification/link-forms";
import { confirmStillRight, readLink } from "../modules/verification/links.server";
import { listingScope } from "../modules/assets/listing.server";
import { formatDate } from "../../db/calendar";

export const meta: MetaFunction = () => [{ title: "Is your listing still right? – Asset Atlas" }, { name: "robots", content: "noindex" }];

const privateHeaders = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };
// The page holds a secret link: never cached, never sent on as a referrer.
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => (actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db } = await requirePermission(request, "listing:answer-link");
  const link = await readLink(db, params.token ?? "", "check");
  // After answering, the browser comes back here (post/redirect/get): thank them.
  if (link.state === "used" && link.answer === "still-right" && new URL(request.url).searchParams.has("done")) {
    return data({ view: "done" as const }, { headers: privateHeaders });
  }
  if (link.state !== "ok") return data({ view: "problem" as const, state: link.state }, { status: linkProblemStatus(link.state), headers: privateHeaders });
  const listing = await listingScope(db, link.serviceId);
  return data(
    {
      view: "ask" as const,
      name: link.name,
      organisation: listing?.organisationName ?? "",
      lastChecked: formatDate(listing?.lastVerifiedAt ?? null),
      details: listing ? checkedDetails(listing.input) : [],
      expiresOn: formatDate(link.expiresAt),
    },
    { headers: privateHeaders },
  );
}

/** "Still right": one press records the listing as checked today. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { db } = await requirePermission(request, "listing:answer-link");
  const result = await confirmStillRight(db, params.token ?? "");
  if (!result.ok) return data({ view: "problem" as const, state: result.link.state }, { status: linkProblemStatus(result.link.state), headers: privateHeaders });
  throw redirect(`/listing-check/${params.token}?done`, 303);
}

export default function CheckListing() {
  const view = useLoaderData<typeof loader>();
  const { token } = useParams();
  if (view.view === "problem") return <LinkProblem state={view.state} />;
  if (view.view === "done") {
    return (
      <LinkThanks title="Thank you">
        <p className="govuk-body">The listing is recorded as checked today. We will ask again in a few months. This link will not work again.</p>
      </LinkThanks>
    );
  }
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">{view.organisation}</span>
          <h1 className="govuk-heading-l">Is {view.name}&apos;s listing still right?</h1>
          <p className="govuk-body">{`This is what people see in the council's directory of community support. It was last checked ${view.lastChecked ? `on ${view.lastChecked}` : "never"}.`}</p>
          <dl className="govuk-summary-list">
            {view.details.map((detail) => (
              <div className="govuk-summary-list__row" key={detail.label}>
                <dt className="govuk-summary-list__key">{detail.label}</dt>
                <dd className="govuk-summary-list__value">{detail.value}</dd>
              </div>
            ))}
          </dl>
          <Form method="post">
            <CsrfField />
            <button type="submit" className="govuk-button">
              Still right
            </button>
          </Form>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/listing-check/${token}/changes`}>
              Something has changed
            </Link>
          </p>
          <p className="govuk-body-s">{`This link works once, until ${view.expiresOn}. No account is needed.`}</p>
        </div>
      </div>
    </Page>
  );
}
