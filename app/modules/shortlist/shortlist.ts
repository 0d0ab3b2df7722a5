/**
 * A shortlist is a handful of listing ids, kept in the browser's own cookie (no account, nothing
 * stored about the person on the server) and shared as a link holding the same ids.
 */
export const maxShortlist = 30;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads ids from "a,b,c", keeping only well-formed, distinct ones, in order, at most maxShortlist. */
export function parseShortlist(value: string | null | undefined): string[] {
  if (!value) return [];
  const ids = value
    .split(",")
    .map((id) => id.trim().toLowerCase())
    .filter((id) => uuid.test(id));
  return [...new Set(ids)].slice(0, maxShortlist);
}

export function shareLink(ids: string[]): string {
  return ids.length ? `/shortlist?${new URLSearchParams({ ids: ids.join(",") })}` : "/shortlist";
}
