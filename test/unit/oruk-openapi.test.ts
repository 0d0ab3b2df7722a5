/**
 * The OpenAPI document we serve, against the OpenAPI specification's own schemas: the
 * profile's copy is not valid as it stands, ours is (how they differ: docs/oruk.md).
 */
import { describe, expect, it } from "vitest";
import upstream from "../../app/modules/oruk/openapi.json";
import { openapiDocument } from "../../app/modules/oruk/openapi.server";
import { readFixture, validateOpenApi } from "../support/oruk";

describe("the served OpenAPI document", () => {
  it("starts from an unchanged copy of the profile's", () => {
    expect(upstream).toEqual(readFixture("schema/openapi.json"));
  });

  it("is not valid as upstream has it: 3.0.0 with 3.1's jsonSchemaDialect", async () => {
    expect((await validateOpenApi(upstream)).join()).toMatch(/jsonSchemaDialect/);
  });

  it("is still not valid as 3.1 while it keeps type: time", async () => {
    expect((await validateOpenApi({ ...upstream, openapi: "3.1.0" })).join()).toMatch(/type/);
  });

  it("is valid OpenAPI 3.1 as we serve it", async () => {
    const document = openapiDocument("https://atlas.example.gov.uk");
    expect(await validateOpenApi(document)).toEqual([]);
    expect(document.servers).toEqual([{ url: "https://atlas.example.gov.uk/oruk", description: expect.any(String) }]);
  });
});
