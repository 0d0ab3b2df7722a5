/**
 * Responses of the Open Referral UK feed: JSON, public, with CORS on every one of them
 * (profile compliance: `Access-Control-Allow-Origin: *`), errors included.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "../accounts/permissions.server";
import { isDatabaseUnavailable } from "../health/outage.server";
import type { Database } from "../../../db/client.server";
import { config } from "../../env.server";
import { parseEndpointQuery, parseQuery, type Endpoint, type Pagination, type Parsed } from "./query";

export const corsHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Accept",
  "Access-Control-Max-Age": "86400",
};

export function orukJson(body: unknown, status = 200): Response {
  return Response.json(body, {
    status,
    headers: { ...corsHeaders, "Cache-Control": status === 200 ? "public, max-age=60" : "no-store" },
  });
}

/** A problem the caller can fix, as `{ status, error, parameter?, message }`. */
export class OrukProblem extends Error {
  constructor(
    readonly status: 400 | 404 | 405,
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
  }
}

const errorNames = { 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error" };

function problemResponse(status: 400 | 404 | 405 | 500, message: string, parameter?: string): Response {
  return orukJson({ status, error: errorNames[status], ...(parameter ? { parameter } : {}), message }, status);
}

export function requireQuery<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new OrukProblem(400, parsed.problem.message, parsed.problem.parameter);
  return parsed.query;
}

export { parseQuery };

/** The endpoint's query, parsed: a 400 naming the first parameter that is wrong or not honoured there. */
export function endpointQuery<T>(endpoint: Endpoint<T>, url: URL): T {
  return requireQuery(parseEndpointQuery(endpoint, url.searchParams));
}

/**
 * The address the feed's own links start with: PUBLIC_URL when it is set (production requires
 * it, so behind a TLS proxy the links say https), else this request's own address, whose scheme
 * server/http.ts takes from the proxy's X-Forwarded-Proto only with TRUST_PROXY.
 */
export function feedOrigin(request: Request): string {
  return config().publicUrl ?? new URL(request.url).origin;
}

export interface OrukContext {
  db: Database;
  url: URL;
  /** Where the feed's own links start (see feedOrigin). */
  origin: string;
  params: LoaderFunctionArgs["params"];
}

/**
 * A list page (`per_page` as asked, else `defaultPerPage`), or with format=ndjson every item,
 * one JSON record a line, read 500 at a time.
 */
export async function listResponse<T>(
  query: { format?: string; page: number; per_page?: number },
  defaultPerPage: number,
  pageOf: (paging: Pagination) => Promise<{ contents: T[]; total_pages: number }>,
): Promise<unknown> {
  if (query.format !== "ndjson") return pageOf({ page: query.page, perPage: query.per_page ?? defaultPerPage });
  const encoder = new TextEncoder();
  let page = 1;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const batch = await pageOf({ page, perPage: 500 });
        if (batch.contents.length) controller.enqueue(encoder.encode(batch.contents.map((item) => `${JSON.stringify(item)}\n`).join("")));
        if (page >= batch.total_pages || batch.contents.length === 0) controller.close();
        page++;
      } catch (error) {
        console.error("[oruk] ndjson stream failed", error);
        controller.error(error);
      }
    },
  });
  return new Response(stream, {
    headers: { ...corsHeaders, "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "public, max-age=60" },
  });
}

/** Wraps a feed handler as a loader: problems become JSON errors with CORS, never a bare 500. */
export function orukLoader(handler: (context: OrukContext) => Promise<unknown>) {
  return async ({ request, params }: LoaderFunctionArgs) => {
    // why: Remix hands OPTIONS (CORS preflight) to the loader, not the action.
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: corsHeaders });
    try {
      const { db } = await requirePermission(request, "directory:read");
      const body = await handler({ db, url: new URL(request.url), origin: feedOrigin(request), params });
      return body instanceof Response ? body : orukJson(body);
    } catch (error) {
      if (error instanceof OrukProblem) return problemResponse(error.status, error.message, error.parameter);
      // The server answers an outage with 503 and Retry-After (server/http.ts), not a 500.
      if (isDatabaseUnavailable(error)) throw error;
      console.error("[oruk] unexpected error", error);
      return problemResponse(500, "Something went wrong on our side; the error has been logged.");
    }
  };
}

/** POST, PUT, PATCH and DELETE reach a resource route's action: the feed is read-only. */
export async function orukAction() {
  const response = problemResponse(405, "The Open Referral UK feed is read-only: use GET.");
  response.headers.set("Allow", "GET, HEAD, OPTIONS");
  return response;
}

export function notFound(what: string, id: string): never {
  throw new OrukProblem(404, `No ${what} with id ${id}.`, "id");
}
