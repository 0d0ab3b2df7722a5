import { Page } from "./layout";

/** The page for a council sign-in that did not work: what happened, in plain words, and a way back. */
export function CouncilSignInProblem({ title, message }: { title: string; message: string }) {
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">{message}</p>
          <p className="govuk-body">
            <a className="govuk-link" href="/sign-in">
              Go to the sign-in page
            </a>
          </p>
        </div>
      </div>
    </Page>
  );
}
