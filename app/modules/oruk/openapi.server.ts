/**
 * The OpenAPI document we serve at /oruk/openapi.json: the UK profile's own (openapi.json
 * beside this file, an unchanged upstream copy) made valid and true to this feed. Every change
 * is here and in docs/oruk.md ("How our OpenAPI document differs from upstream"):
 *
 * 1. `openapi: 3.1.0`: upstream says 3.0.0 but uses 3.1's `jsonSchemaDialect` and refers to
 *    JSON Schema 2020-12 files, which only 3.1 allows.
 * 2. Parameter types that do not exist are fixed: `start_time`/`end_time` `type: time` become
 *    strings with `format: time`; `modified_after`'s `format: datetime` becomes `date-time`;
 *    `proximity` (metres) is a number.
 * 3. `/service_at_locations/{id}` answers with compiled/service_at_location.json (upstream
 *    points it at service.json).
 * 4. Each path lists exactly the parameters this feed honours (from `endpoints` in query.ts);
 *    `top_only` and `parent_id` (from the official validator's 3.0 document) are added.
 * 5. `/organizations` and `/organizations/{id}` are added, answering with the profile's
 *    compiled organization_list.json and organization.json.
 * 6. Every operation documents its 400 (a parameter that is wrong or not honoured here, named)
 *    and, for one record, its 404, as a small `Problem` schema.
 * 7. `servers` is this feed's address.
 */
import upstream from "./openapi.json";
import { endpoints, type Endpoint } from "./query";

type Json = Record<string, unknown>;

const compiledBase = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/";

const extraParameters: Record<string, Json> = {
  top_only: {
    name: "top_only",
    in: "query",
    required: false,
    description: "Only taxonomy terms at the top of their hierarchy (with no parent term).",
    schema: { type: "boolean" },
  },
  parent_id: {
    name: "parent_id",
    in: "query",
    required: false,
    description: "Only taxonomy terms whose parent is the term with this id.",
    schema: { type: "string", format: "uuid" },
  },
};

const problemResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

function withParameters(operation: Json, endpoint: Endpoint<unknown>, pathParameter: boolean): Json {
  const responses = {
    ...(operation.responses as Json),
    "400": problemResponse("A parameter is wrong, or is not one this endpoint honours: `parameter` names it."),
    ...(pathParameter ? { "404": problemResponse("No record with this id (or it is not published).") } : {}),
  };
  return {
    ...operation,
    parameters: endpoint.parameters.map((name) => ({ $ref: `#/components/parameters/${name}` })),
    responses,
  };
}

const organizationListResponse = {
  description: "A paginated list of organisations that run published services, with their one-to-one fields.",
  content: {
    "application/json": {
      schema: {
        properties: { contents: { type: "array", items: { $ref: `${compiledBase}organization_list.json` } } },
        allOf: [{ $ref: "#/components/schemas/Page" }],
      },
    },
  },
};

const organizationResponse = {
  description: "An organisation with its identifiers and its published services (fully nested with full_service=true).",
  content: { "application/json": { schema: { $ref: `${compiledBase}organization.json` } } },
};

/** The document served at /oruk/openapi.json, with `origin` as the feed's address. */
export function openapiDocument(origin: string): Json {
  const document = structuredClone(upstream) as unknown as Json & {
    paths: Record<string, Record<string, Json>>;
    components: { parameters: Record<string, Json>; schemas: Record<string, Json> };
  };
  document.openapi = "3.1.0";
  document.servers = [{ url: `${origin}/oruk`, description: "Asset Atlas Open Referral UK feed (read-only, public)" }];

  const parameters = document.components.parameters;
  for (const name of ["start_time", "end_time"]) parameters[name]!.schema = { type: "string", format: "time" };
  parameters.modified_after!.schema = { type: "string", format: "date-time" };
  parameters.proximity!.schema = { type: "number", minimum: 1 };
  Object.assign(parameters, extraParameters);
  document.components.schemas.Problem = {
    type: "object",
    required: ["status", "error", "message"],
    properties: {
      status: { type: "integer" },
      error: { type: "string" },
      parameter: { type: "string", description: "The parameter at fault, when there is one." },
      message: { type: "string", description: "What is wrong, in plain English." },
    },
  };

  document.paths["/organizations"] = { get: { summary: "Organisations", operationId: "getOrganizations", responses: { "200": organizationListResponse } } };
  document.paths["/organizations/{id}"] = {
    parameters: [{ in: "path", name: "id", required: true, description: "The id of the organisation.", schema: { type: "string" } }] as unknown as Json,
    get: { summary: "One organisation", operationId: "getOrganizationById", responses: { "200": organizationResponse } },
  };
  const salById = document.paths["/service_at_locations/{id}"]!.get!;
  ((salById.responses as Json)["200"] as { content: { "application/json": { schema: Json } } }).content["application/json"].schema = {
    $ref: `${compiledBase}service_at_location.json`,
  };

  for (const endpoint of Object.values(endpoints) as Endpoint<unknown>[]) {
    const path = document.paths[endpoint.path];
    if (!path?.get) continue;
    path.get = withParameters(path.get, endpoint, endpoint.path.includes("{id}"));
  }
  return document;
}
