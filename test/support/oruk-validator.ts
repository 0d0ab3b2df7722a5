/**
 * The official Open Referral UK validator's checks for a 3.0 feed, re-run here against a
 * running app. Written from reading the validator (OpenReferralUK/oruk-validator), not copied:
 *
 * 1. Discovery: `/` gives the standard's version; 3.0 selects the validator's 3.0 OpenAPI
 *    document (test/fixtures/oruk-validator/open_api.json).
 * 2. Endpoints are grouped by their first path segment; in each group the collections are
 *    tested first, then the endpoints with an `{id}`.
 * 3. A collection with a `page` parameter is asked for page 1; no items is a warning ("empty
 *    feed"); with more than one page the last page is asked for too, and with more than two
 *    the middle one (total_pages / 2, rounded down).
 * 4. An `{id}` endpoint is asked for up to 10 ids, chosen at random, from its collection's
 *    first page.
 * 5. Every answer is checked against the response schema the document gives for its status.
 * 6. An endpoint tagged `Optional` may answer 404, 501 or 503 (not implemented, which passes);
 *    if it answers 2xx it must meet its schema like any other. A required endpoint must answer
 *    2xx.
 *
 * One slip in the validator's document is worked around, and reported: `/organizations`
 * points its 200 at an organisation's schema rather than a page of them, so that schema is
 * applied to each item of `contents` (as for every other list).
 */
import fs from "node:fs";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { projectRoot } from "./paths";

const fixtures = path.join(projectRoot, "test/fixtures/oruk-validator");
type Json = Record<string, unknown>;
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(fixtures, file), "utf8")) as Json;

interface Operation {
  tags?: string[];
  parameters?: { $ref?: string; name?: string }[];
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface RequestResult {
  url: string;
  status: number;
  errors: string[];
}

export interface EndpointResult {
  path: string;
  optional: boolean;
  outcome: "passed" | "passed with warnings" | "not implemented" | "failed" | "not tested";
  requests: RequestResult[];
  warnings: string[];
}

export interface ValidatorReport {
  version: string;
  endpoints: EndpointResult[];
  /** The slips in the validator's document this run worked around. */
  workarounds: string[];
}

function validatorAjv() {
  // why strict: false: the schemas carry Frictionless keys (constraints, datapackage_type …).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of fs.readdirSync(fixtures).filter((name) => name.endsWith(".json") && name !== "open_api.json")) {
    ajv.addSchema(readJson(file), `https://raw.githubusercontent.com/tpximpact/OpenReferralApi/refs/heads/main/OpenReferralApi/Schemas/V3.0-UK/${file}`);
  }
  return ajv;
}

const rootOf = (endpointPath: string) => `/${endpointPath.split("/")[1] ?? ""}`;
const isPage = (body: unknown): body is Json & { contents: unknown[] } => typeof body === "object" && body !== null && Array.isArray((body as Json).contents);

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Runs the validator's 3.0 checks against the feed at `baseUrl` (e.g. http://127.0.0.1:1234/oruk). */
export async function runOrukValidator(baseUrl: string): Promise<ValidatorReport> {
  const meta = (await (await fetch(`${baseUrl}/`)).json()) as { version?: string };
  const version = String(meta.version ?? "");
  if (!/^(HSDS-UK-)?v?3(\.0)?$/i.test(version)) throw new Error(`The feed says version ${version}: these are the 3.0 checks.`);
  const document = readJson("open_api.json") as Json & { paths: Record<string, Record<string, Operation>>; components: Json };
  const ajv = validatorAjv();
  const workarounds: string[] = [];
  const resolve = (value: Json): Json => {
    const ref = value.$ref as string | undefined;
    if (!ref?.startsWith("#/")) return value;
    return ref.slice(2).split("/").reduce<Json>((node, key) => node[key] as Json, document);
  };
  const validators = new Map<string, ValidateFunction>();
  const schemaFor = (operationPath: string, operation: Operation, status: number): ValidateFunction | null => {
    const response = operation.responses[String(status)] ?? operation.responses.default;
    const schema = response?.content?.["application/json"]?.schema;
    if (!schema) return null;
    const key = `${operationPath} ${status}`;
    if (!validators.has(key)) validators.set(key, ajv.compile({ ...resolveLocal(schema, resolve) }));
    return validators.get(key)!;
  };
  const check = (operationPath: string, operation: Operation, status: number, body: unknown): string[] => {
    const validate = schemaFor(operationPath, operation, status);
    if (!validate) return [];
    const answer: unknown = body;
    if (validate(answer)) return [];
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
    // The slip: an item's schema given for a page (it asks the page for an item's required fields).
    if (isPage(body) && (validate.errors ?? []).every((e) => e.keyword === "required" && e.instancePath === "")) {
      const note = `${operationPath}: the validator's document gives an item's schema for the whole page; applied to each item of contents instead.`;
      if (!workarounds.includes(note)) workarounds.push(note);
      return body.contents.flatMap((item, index) =>
        validate(item) ? [] : (validate.errors ?? []).map((e) => `/contents/${index}${e.instancePath} ${e.message}`),
      );
    }
    return errors;
  };
  const get = async (operationPath: string, operation: Operation, url: string): Promise<RequestResult & { body: unknown }> => {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      return { url, status: response.status, errors: ["the answer is not JSON"], body };
    }
    const errors = response.ok ? check(operationPath, operation, response.status, body) : [];
    return { url, status: response.status, errors, body };
  };

  const endpoints: EndpointResult[] = [];
  const idsByRoot = new Map<string, string[]>();
  const groups = new Map<string, string[]>();
  for (const endpointPath of Object.keys(document.paths)) {
    const root = rootOf(endpointPath);
    groups.set(root, [...(groups.get(root) ?? []), endpointPath]);
  }
  for (const paths of groups.values()) {
    const ordered = [...paths.filter((p) => !p.includes("{")), ...paths.filter((p) => p.includes("{"))];
    for (const endpointPath of ordered) {
      const operation = document.paths[endpointPath]!.get;
      if (!operation) continue;
      const optional = (operation.tags ?? []).some((tag) => tag.toLowerCase() === "optional");
      const result: EndpointResult = { path: endpointPath, optional, outcome: "passed", requests: [], warnings: [] };
      endpoints.push(result);
      const judge = (status: number) => {
        if (status >= 200 && status < 300) return true;
        result.outcome = optional && [404, 501, 503].includes(status) ? "not implemented" : "failed";
        return false;
      };
      if (endpointPath.includes("{")) {
        const ids = idsByRoot.get(rootOf(endpointPath)) ?? [];
        if (ids.length === 0) {
          result.outcome = "not tested";
          continue;
        }
        for (const id of shuffled(ids).slice(0, 10)) {
          const answer = await get(endpointPath, operation, `${baseUrl}${endpointPath.replace(/\{[^}]+\}/, encodeURIComponent(id))}`);
          result.requests.push({ url: answer.url, status: answer.status, errors: answer.errors });
          if (!judge(answer.status)) break;
        }
      } else {
        const paged = (operation.parameters ?? []).some((parameter) => (parameter.name ?? resolve(parameter as Json).name) === "page");
        const first = await get(endpointPath, operation, `${baseUrl}${endpointPath}${paged ? "?page=1" : ""}`);
        result.requests.push({ url: first.url, status: first.status, errors: first.errors });
        if (judge(first.status) && paged && isPage(first.body)) {
          idsByRoot.set(
            rootOf(endpointPath),
            first.body.contents.map((item) => (item as Json).id).filter((id): id is string => typeof id === "string"),
          );
          const totalPages = Number(first.body.total_pages ?? 1);
          if (first.body.contents.length === 0) result.warnings.push(`${endpointPath} returned 0 items (empty feed)`);
          const more = totalPages > 2 ? [Math.floor(totalPages / 2), totalPages] : totalPages > 1 ? [totalPages] : [];
          for (const page of more) {
            const answer = await get(endpointPath, operation, `${baseUrl}${endpointPath}?page=${page}`);
            result.requests.push({ url: answer.url, status: answer.status, errors: answer.errors });
            if (!judge(answer.status)) break;
          }
        }
      }
      if (result.outcome === "passed" && result.requests.some((request) => request.errors.length)) result.outcome = "failed";
      if (result.outcome === "passed" && result.warnings.length) result.outcome = "passed with warnings";
    }
  }
  return { version, endpoints, workarounds };
}

/** A response schema with its local references (#/components/…) put in place. */
function resolveLocal(schema: Json, resolve: (value: Json) => Json): Json {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== "object" || value === null) return value;
    const object = value as Json;
    if (typeof object.$ref === "string" && object.$ref.startsWith("#/")) return walk(resolve(object));
    return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, walk(item)]));
  };
  return walk(schema) as Json;
}
