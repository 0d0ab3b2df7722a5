/**
 * The first-version Open Referral UK fixture feed (test/fixtures/oruk-v1), served by the tests
 * as a v1 API on 127.0.0.1: `/services` a page at a time in v1's envelope (`content`,
 * `totalElements`, `totalPages`, `number` …), pages counted from `firstPage` (v1 APIs count from
 * 1; some from 0), each item as a list item (its one-to-one fields and organisation) whose full
 * record is at `/services/{id}`. `/` answers 404, as many v1 APIs do.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { projectRoot } from "./paths";

type Json = Record<string, unknown>;
export const v1Fixtures = path.join(projectRoot, "test/fixtures/oruk-v1");

export function v1Services(): Json[] {
  return JSON.parse(fs.readFileSync(path.join(v1Fixtures, "services.json"), "utf8")) as Json[];
}

/** v1's list item: the service without its nested collections. */
function listItemOf(service: Json): Json {
  const item: Json = {};
  for (const [key, value] of Object.entries(service)) if (!Array.isArray(value)) item[key] = value;
  return item;
}

export interface V1Feed {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function serveV1Feed(services: Json[], options: { perPage?: number; firstPage?: 0 | 1 } = {}): Promise<V1Feed> {
  const perPage = options.perPage ?? 2;
  const firstPage = options.firstPage ?? 1;
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === "/services") {
      const number = Number(url.searchParams.get("page") ?? String(firstPage));
      const index = number - firstPage;
      const content = services.slice(index * perPage, (index + 1) * perPage).map(listItemOf);
      const totalPages = Math.ceil(services.length / perPage);
      return send(200, {
        totalElements: services.length,
        totalPages,
        number,
        size: content.length,
        first: index === 0,
        last: index >= totalPages - 1,
        empty: content.length === 0,
        content,
      });
    }
    const match = /^\/services\/([^/]+)$/.exec(url.pathname);
    const service = match && services.find((s) => String(s.id) === decodeURIComponent(match[1]!));
    if (service) return send(200, service);
    return send(404, { message: "Not found" });
  });
  // why: a kept-alive connection the server times out just as the client reuses it resets (ECONNRESET).
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The v1 schemas (draft-07): a service as the v1 API returns it, and the list page around it. */
export function v1Validators() {
  // why strict: false: the v1 schemas carry descriptions ajv's strict mode does not know.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // why: opening times are local ("12:00:00"), as v1 feeds give them; ajv-formats' "time" insists on RFC 3339's UTC offset.
  ajv.addFormat("time", /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/);
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(v1Fixtures, "schema", file), "utf8")) as Json;
  const service = ajv.compile(read("service.schema.verbose.json"));
  const location = ajv.compile(read("location.schema.verbose.json"));
  const openapi = read("open_api.json") as { components: { schemas: { page: Json } } };
  const page = ajv.compile({ ...openapi.components.schemas.page, required: ["totalElements", "totalPages", "number", "size", "first", "last", "empty", "content"], properties: { ...(openapi.components.schemas.page.properties as Json), content: { type: "array" } } });
  return { service, location, page };
}
