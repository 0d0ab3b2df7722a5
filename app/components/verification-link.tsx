import { Page } from "./layout";

export type LinkProblemState = "invalid" | "expired" | "replaced" | "used" | "closed";

/** A link that cannot be used: not found is 404, the rest are gone (410). */
export const linkProblemStatus = (state: LinkProblemState) => (state === "invalid" ? 404 : 410);

const problems: Record<LinkProblemState, [title: string, message: string]> = {
  invalid: ["This link is not valid", "Check that you copied the whole link from the email. Nothing has been changed."],
  expired: ["This link has expired", "Links work for 28 days. Nothing has been changed. The council's coordinator will send a new one, or you can contact them."],
  replaced: ["A newer link replaces this one", "A newer email about this listing has been sent: use the link in that one. Nothing has been changed."],
  used: ["This link has been used", "Each link works once, and this one has been used already, so nothing has been changed. Thank you."],
  closed: ["This listing is no longer published", "Nothing has been changed. Contact the council's coordinator if it should be published again."],
};

/** What a provider sees when their emailed link cannot be used, and why. */
export function LinkProblem({ state }: { state: LinkProblemState }) {
  const [title, message] = problems[state];
  return (
    <Page>
      <h1 className="govuk-heading-l">{title}</h1>
      <p className="govuk-body">{message}</p>
    </Page>
  );
}

/** The confirmation after a provider's answer. */
export function LinkThanks({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Page>
      <div className="govuk-panel govuk-panel--confirmation">
        <h1 className="govuk-panel__title">{title}</h1>
      </div>
      {children}
    </Page>
  );
}
