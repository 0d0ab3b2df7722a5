/**
 * Validators for Open Referral UK responses, from the official UK profile files copied into
 * test/fixtures/oruk (JSON Schema draft 2020-12, checked with ajv): the compiled schemas for
 * records and list items, and openapi.json's Page component for the list envelope.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { Validator } from "@seriousme/openapi-schema-validator";
import { projectRoot } from "./paths";

export const orukFixtures = path.join(projectRoot, "test/fixtures/oruk");

export function readFixture<T = unknown>(relativePath: string): T {
  return JSON.parse(fs.readFileSync(path.join(orukFixtures, relativePath), "utf8")) as T;
}

// why strict: false: the profile's schemas carry Frictionless keys (constraints, tabular_required …).
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

type Schema = Record<string, unknown>;
const compiled = (name: string) => readFixture<Schema>(`schema/compiled/${name}.json`);

const pageComponent = readFixture<{ components: { schemas: { Page: Schema } } }>("schema/openapi.json").components.schemas.Page;
const pageFields = Object.keys(pageComponent.properties as Schema);

/** openapi.json's list response: the Page envelope, with `contents` items of the given schema. */
function pageOf(itemSchema: Schema): Schema {
  return {
    allOf: [pageComponent],
    required: [...pageFields, "contents"],
    properties: { contents: { type: "array", items: itemSchema } },
  };
}

// The plain schemas refer to each other by file name ("taxonomy_term.json"): give them a common base.
const schemaBase = "https://oruk.test/schema/";
for (const file of fs.readdirSync(path.join(orukFixtures, "schema")).filter((name) => name.endsWith(".json") && name !== "openapi.json")) {
  ajv.addSchema(readFixture<Schema>(`schema/${file}`), `${schemaBase}${file}`);
}
const plain = (name: string) => ({ $ref: `${schemaBase}${name}.json` });

export const orukSchemas = {
  service: ajv.compile(compiled("service")),
  serviceList: ajv.compile(pageOf(compiled("service_list"))),
  serviceAtLocation: ajv.compile(compiled("service_at_location")),
  serviceAtLocationList: ajv.compile(pageOf(compiled("service_at_location_list"))),
  organization: ajv.compile(compiled("organization")),
  organizationList: ajv.compile(pageOf(compiled("organization_list"))),
  taxonomy: ajv.compile(plain("taxonomy")),
  taxonomyList: ajv.compile(pageOf(plain("taxonomy"))),
  taxonomyTerm: ajv.compile(plain("taxonomy_term")),
  taxonomyTermList: ajv.compile(pageOf(plain("taxonomy_term"))),
  meta: ajv.compile(
    (readFixture<{ paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }> }>(
      "schema/openapi.json",
    ).paths["/"]!.get.responses["200"]!.content["application/json"]!.schema),
  ),
} satisfies Record<string, ValidateFunction>;

/** The errors, readable in a failed expectation; an empty list when the JSON is valid. */
export function schemaErrors(validate: ValidateFunction, json: unknown): string[] {
  if (validate(json)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message} ${JSON.stringify(error.params)}`);
}

/**
 * Problems with an OpenAPI document, checked against the OpenAPI specification's own schema
 * (its version's). The profile's schemas it refers to by URL are read from the fixtures.
 */
export async function validateOpenApi(document: unknown): Promise<string[]> {
  const validator = new Validator();
  const bases = new Set<string>();
  JSON.stringify(document, (key, value: unknown) => {
    if (key === "$ref" && typeof value === "string" && /^https?:/.test(value)) bases.add(value.replace(/(compiled\/)?[a-z_]+\.json$/, ""));
    return value;
  });
  // Every schema file under each base; the plain ones refer to each other by file name, which
  // this validator does not resolve against a base, so those references are made absolute.
  for (const base of bases) {
    for (const folder of ["", "compiled/"]) {
      for (const file of fs.readdirSync(path.join(orukFixtures, "schema", folder)).filter((name) => name.endsWith(".json") && name !== "openapi.json")) {
        const text = fs.readFileSync(path.join(orukFixtures, "schema", folder, file), "utf8").replace(/"\$ref":\s*"([a-z_]+\.json)"/g, `"$ref": "${base}$1"`);
        await validator.addSpecRef(JSON.parse(text) as Record<string, unknown>, `${base}${folder}${file}`);
      }
    }
  }
  const result = await validator.validate(structuredClone(document) as Record<string, unknown>);
  if (!result.valid) return [JSON.stringify(result.errors).slice(0, 2000)];
  // OpenAPI 3.1 leaves schema objects to their dialect (JSON Schema 2020-12): check those too.
  const problems: string[] = [];
  const schemas = (value: unknown, where: string): void => {
    if (Array.isArray(value)) return value.forEach((item, index) => schemas(item, `${where}/${index}`));
    if (typeof value !== "object" || value === null) return;
    for (const [key, item] of Object.entries(value)) {
      if (key === "schema" && typeof item === "object" && item !== null && !("$ref" in item) && !metaSchemaAjv.validateSchema(item as Schema)) {
        problems.push(`${where}/schema ${metaSchemaAjv.errorsText(metaSchemaAjv.errors)}`);
      } else schemas(item, `${where}/${key}`);
    }
  };
  schemas(document, "");
  return problems;
}

const metaSchemaAjv = new Ajv2020({ strict: false });
