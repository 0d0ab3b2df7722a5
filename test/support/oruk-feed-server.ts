/**
 * A small Open Referral UK feed served by the tests themselves (node:http on 127.0.0.1, a free
 * port) from the official examples: `/`, `/services` a page at a time, `/services/{id}`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFixture } from "./oruk";

type Json = Record<string, unknown>;

export interface ExampleFeed {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

const listFields = ["id", "organization_id", "name", "description", "url", "email", "status", "fees", "accreditations", "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert", "last_modified"];

/** The list item of a full service: its one-to-one fields and its organization. */
export function listItemOf(service: Json): Json {
  const item: Json = {};
  for (const field of listFields) if (field in service) item[field] = service[field];
  if (service.organization) {
    const { organization_identifiers: _identifiers, attributes: _attributes, ...organization } = service.organization as Json;
    item.organization = organization;
  }
  return item;
}

/**
 * Serves `services` (full records) one per page, and lists `missingIds` too, whose full record
 * answers 404 — as a real feed might when a service is withdrawn between the two requests.
 */
export async function serveExampleFeed(services: Json[], options: { missingIds?: string[]; perPage?: number } = {}): Promise<ExampleFeed> {
  const perPage = options.perPage ?? 1;
  const listed = [...services.map(listItemOf), ...(options.missingIds ?? []).map((id) => ({ id, name: "Withdrawn service", status: "inactive" }))];
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/" || url.pathname === "") return send(200, { version: "3.0", profile: "https://example.org/uk-profile" });
    if (url.pathname === "/services") {
      const page = Number(url.searchParams.get("page") ?? "1");
      const contents = listed.slice((page - 1) * perPage, page * perPage);
      const totalPages = Math.ceil(listed.length / perPage);
      return send(200, {
        total_items: listed.length,
        total_pages: totalPages,
        page_number: page,
        size: contents.length,
        first_page: page === 1,
        last_page: page >= totalPages,
        empty: contents.length === 0,
        contents,
      });
    }
    const match = /^\/services\/([^/]+)$/.exec(url.pathname);
    const service = match && services.find((s) => s.id === decodeURIComponent(match[1]!));
    if (service) return send(200, service);
    return send(404, { status: 404, message: "Not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The official full service example, and a second service made from it with every id changed. */
export function exampleServices(): Json[] {
  const original = readFixture<Json>("examples/service_full.json");
  const text = JSON.stringify(original).replace(
    /"([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})"/g,
    (_all, a: string, b: string, c: string, d: string, e: string) => `"${a.slice(0, 7)}f-${b}-${c}-${d}-${e}"`,
  );
  const copy = JSON.parse(text) as Json;
  copy.name = "Community Counselling (second site)";
  return [original, copy];
}
