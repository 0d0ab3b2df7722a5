/** The one success banner: GOV.UK's success notification, announced politely as a status. */
import { useId } from "react";

export function DoneBanner({
  message,
  title = "Done",
  headingLevel = 2,
  className,
}: {
  message: string;
  /** The banner's small heading: "Done", "Saved", "Sent". */
  title?: string;
  /** 3 where the banner sits inside a section that already has a level-2 heading. */
  headingLevel?: 2 | 3;
  /** Extra classes, e.g. `atlas-no-print` to leave it off printed pages. */
  className?: string;
}) {
  const titleId = useId();
  const Heading = headingLevel === 3 ? "h3" : "h2";
  return (
    <div
      className={`govuk-notification-banner govuk-notification-banner--success${className ? ` ${className}` : ""}`}
      role="status"
      aria-labelledby={titleId}
    >
      <div className="govuk-notification-banner__header">
        <Heading className="govuk-notification-banner__title" id={titleId}>
          {title}
        </Heading>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{message}</p>
      </div>
    </div>
  );
}
