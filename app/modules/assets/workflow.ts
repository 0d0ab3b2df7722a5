/**
 * The review workflow: draft → in review → published → archived, and back from archived to
 * draft. Who may move a listing is the permission table's business: sending a draft for
 * review needs `asset:update` (providers and coordinators), every other move `asset:review`.
 * Shared by server and client (no data access).
 */
import type { Permission } from "../accounts/permissions";
import type { ListingStatus } from "../../../db/vocabulary/kinds";

export interface Transition {
  intent: string;
  from: ListingStatus;
  to: ListingStatus;
  permission: Permission;
  /** The button, in plain words. */
  label: string;
  /** What the banner says afterwards. */
  done: string;
}

export const transitions: readonly Transition[] = [
  { intent: "submit", from: "draft", to: "in_review", permission: "asset:update", label: "Send for review", done: "The listing is waiting for review." },
  { intent: "publish", from: "in_review", to: "published", permission: "asset:review", label: "Publish", done: "The listing is published: residents can find it now." },
  { intent: "return", from: "in_review", to: "draft", permission: "asset:review", label: "Send back to draft", done: "The listing is back in draft." },
  { intent: "archive", from: "published", to: "archived", permission: "asset:review", label: "Archive", done: "The listing is archived: residents no longer see it." },
  { intent: "restore", from: "archived", to: "draft", permission: "asset:review", label: "Restore as a draft", done: "The listing is a draft again." },
];

/** The moves open from this status (before asking who may make them). */
export function transitionsFrom(status: ListingStatus): Transition[] {
  return transitions.filter((transition) => transition.from === status);
}

export function findTransition(status: ListingStatus, intent: string): Transition | null {
  return transitions.find((transition) => transition.from === status && transition.intent === intent) ?? null;
}
