/**
 * A saved search is a name and a /search query string. What is stored is the query as the search
 * page would write it (only known parameters, defaults left out, first page), so a search saved
 * twice is the same text and the address a person edited by hand cannot store anything else.
 * Shared by server and client (no data access here).
 */
import { z } from "zod";
import { parseSearchParams, searchHref, tidy, type SearchParams } from "../assets/search-params";

export const maxSavedSearches = 50;
export const maxSavedSearchName = 100;
/** Longer than any query the search page writes (its own fields are length-limited well below this). */
export const maxSavedSearchQuery = 2000;

export type QueryProblem = "too-long" | "empty";

/**
 * The stored form of a search: its query string without "?" (e.g. "q=lunch&postcode=Soham"),
 * or what is wrong with it. Accepts "q=…", "?q=…" or "/search?q=…".
 */
export function normaliseSearchQuery(raw: string): { ok: true; query: string } | { ok: false; problem: QueryProblem } {
  const typed = raw.trim();
  if (typed.length > maxSavedSearchQuery) return { ok: false, problem: "too-long" };
  const query = typed.replace(/^\/search(?=\?|$)/, "").replace(/^\?/, "");
  const href = searchHref(parseSearchParams(new URL(`/search?${query}`, "http://atlas.invalid")), { page: 1 });
  const normal = href.slice("/search".length).replace(/^\?/, "");
  return normal ? { ok: true, query: normal } : { ok: false, problem: "empty" };
}

/** The search page's address for a saved query. */
export const savedSearchHref = (query: string) => `/search?${query}`;

type Translate = (key: string, values?: Record<string, string>) => string;

/** A name for a search, in the reader's language, from its words (else its first need) and its place. */
export function defaultSearchName(params: Pick<SearchParams, "text" | "postcode" | "near" | "needs">, t: Translate): string {
  const what = params.text || (params.needs[0] ? t(`needs.${params.needs[0]}`) : t("savedSearches.allSupport"));
  const named = params.postcode ? t("savedSearches.whatNear", { what, place: params.postcode }) : params.near ? t("savedSearches.whatNearYou", { what }) : what;
  return named.slice(0, maxSavedSearchName);
}

/** The messages' keys, so the pages can say them in the reader's language. */
export const nameSchema = z
  .string()
  .transform(tidy)
  .pipe(z.string().min(1, "savedSearches.errors.nameEmpty").max(maxSavedSearchName, "savedSearches.errors.nameLong"));
