/**
 * A referral's life: the statuses, who may move it where, and how each reads in plain English.
 * Shared by server and pages (no data access). The server enforces these moves; the pages only
 * offer the ones allowed.
 */

export const referralStatuses = ["suggested", "referred", "accepted", "declined", "started", "ended"] as const;
export type ReferralStatus = (typeof referralStatuses)[number];

export const statusNames: Record<ReferralStatus, string> = {
  suggested: "Signposted",
  referred: "Referred, waiting for an answer",
  accepted: "Accepted",
  declined: "Declined",
  started: "Started",
  ended: "Ended",
};

export const statusTagColours: Record<ReferralStatus, string> = {
  suggested: "govuk-tag--grey",
  referred: "govuk-tag--yellow",
  accepted: "govuk-tag--green",
  declined: "govuk-tag--red",
  started: "govuk-tag--blue",
  ended: "govuk-tag--grey",
};

/**
 * Moves a practitioner may record. "referred" is reached only by referring (which sends the
 * provider's link); accepted and declined are usually the provider's answer through that link,
 * but a practitioner may record an answer given by phone.
 */
export const practitionerMoves: Record<ReferralStatus, readonly ReferralStatus[]> = {
  suggested: ["started", "ended"],
  referred: ["accepted", "declined", "ended"],
  accepted: ["started", "ended"],
  declined: [],
  started: ["ended"],
  ended: [],
};

/** The provider's link can only answer a referral that is waiting. */
export const providerMoves: Record<ReferralStatus, readonly ReferralStatus[]> = {
  suggested: [],
  referred: ["accepted", "declined"],
  accepted: [],
  declined: [],
  started: [],
  ended: [],
};

export function canMove(from: ReferralStatus, to: ReferralStatus, by: "practitioner" | "provider"): boolean {
  return (by === "practitioner" ? practitionerMoves : providerMoves)[from].includes(to);
}

/** Formal care avoided can be recorded only once the support is agreed or under way. */
export const divertedCareStatuses: readonly ReferralStatus[] = ["accepted", "started", "ended"];

export const moveLabels: Record<ReferralStatus, string> = {
  suggested: "Signposted",
  referred: "Referred",
  accepted: "The provider accepted",
  declined: "The provider declined",
  started: "The person has started",
  ended: "It has ended",
};

/** Days a provider's link works for. */
export const providerLinkDays = 30;
