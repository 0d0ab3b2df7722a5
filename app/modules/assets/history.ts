/** How a listing's audited changes read on its history page. Shared by server and client. */

const actionNames: Record<string, string> = {
  "asset.create": "Added as a draft",
  "asset.update": "Details changed",
  "asset.update-capacity": "Places updated",
  "asset.verify": "Confirmed as still right",
  "asset.verification-reminder": "Reminder to check it emailed to its provider",
  "asset.verification-flagged": "Flagged: no answer to the reminders, coordinators told",
  "asset.places-link-sent": "Link to update places emailed to its provider",
  "asset.change-proposed": "Changes sent for checking",
  "asset.change-approved": "Changes approved",
  "asset.change-rejected": "Changes rejected",
  "asset.submit": "Sent for review",
  "asset.publish": "Published",
  "asset.return": "Sent back to draft",
  "asset.archive": "Archived",
  "asset.restore": "Restored as a draft",
  "asset.claim-request": "Claimed by a provider",
  "asset.claim-approve": "Claim approved: the provider now looks after it",
  "asset.claim-refuse": "Claim refused",
  "suggestion.accept": "A suggestion or problem report was accepted",
  "suggestion.reject": "A suggestion or problem report was rejected",
};

export function historyActionName(action: string): string {
  return actionNames[action] ?? action;
}

/** A before or after value in words: lists joined, yes/no for true/false, nothing as "–". */
export function historyValue(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.length ? value.map((item) => historyValue(item) ?? "").join("; ") : null;
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}: ${historyValue(item) ?? "–"}`)
      .join(", ");
  }
  return String(value);
}

/** Who did it, in words: the account's name, the provider by their emailed link, or the daily job. */
export function historyActor(event: { actorName: string | null; actorRole: string | null; details: unknown }, roleName: (role: string) => string | null): string {
  const details = (event.details ?? {}) as { via?: string; job?: string };
  if (details.via === "verification-link") return "the provider, by the emailed link";
  if (details.job) return "Asset Atlas (daily reminders)";
  return event.actorName ?? (event.actorRole ? roleName(event.actorRole) : null) ?? "Someone without an account";
}
