/**
 * Reading /search's query string. Anything malformed falls back to a sensible default rather
 * than an error: a person who edits a URL gets a page, not a 500.
 */
import { z } from "zod";

export const maxQueryLength = 200;
export const perPage = 20;
export const maxPage = 500;

const searchParamsSchema = z.object({
  q: z.string().catch(""),
  page: z.coerce.number().int().min(1).catch(1),
});

export interface SearchParams {
  text: string;
  page: number;
  /** True when the query was cut to maxQueryLength characters. */
  truncated: boolean;
}

export function parseSearchParams(url: URL): SearchParams {
  const raw = searchParamsSchema.parse({
    q: url.searchParams.get("q") ?? "",
    page: url.searchParams.get("page") ?? 1,
  });
  // Collapse whitespace and drop control characters people cannot have meant.
  // eslint-disable-next-line no-control-regex
  const cleaned = raw.q.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
  return {
    text: cleaned.slice(0, maxQueryLength).trim(),
    page: Math.min(raw.page, maxPage),
    truncated: cleaned.length > maxQueryLength,
  };
}
