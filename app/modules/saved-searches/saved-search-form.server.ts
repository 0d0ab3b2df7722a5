/**
 * Reading the saved-search forms: the name (tidied, 1 to maxSavedSearchName characters) and, when
 * saving, the search's query, normalised. Problems are message keys (savedSearches.errors.*) that
 * the page says in the reader's language.
 */
import type { FieldErrors } from "../forms/field-errors";
import { nameSchema, normaliseSearchQuery } from "./saved-search";

/** What was sent, cut to a length worth showing again (a 10,000-character name is shown as its start). */
export function sentValues(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").slice(0, 500);
  return { name: text("name"), query: text("query") };
}

export function readName(form: FormData): { ok: true; name: string } | { ok: false; errors: FieldErrors } {
  const parsed = nameSchema.safeParse(String(form.get("name") ?? ""));
  return parsed.success ? { ok: true, name: parsed.data } : { ok: false, errors: { name: parsed.error.issues[0]!.message } };
}

export function readSearch(form: FormData): { ok: true; name: string; query: string } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const query = normaliseSearchQuery(String(form.get("query") ?? ""));
  if (!query.ok) errors.query = query.problem === "too-long" ? "savedSearches.errors.queryLong" : "savedSearches.errors.queryEmpty";
  const name = readName(form);
  if (!name.ok) Object.assign(errors, name.errors);
  return name.ok && query.ok ? { ok: true, name: name.name, query: query.query } : { ok: false, errors };
}
