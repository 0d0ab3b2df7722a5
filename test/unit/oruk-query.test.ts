import { describe, expect, it } from "vitest";
import { endpoints, normalisePostcode, pageEnvelope, pageQuerySchema, parseDay, parseEndpointQuery, parseQuery, serviceQuerySchema } from "../../app/modules/oruk/query";
import { compact } from "../../app/modules/oruk/records.server";
import openapiCopy from "../../app/modules/oruk/openapi.json";
import { readFixture } from "../support/oruk";

const parse = (query: string) => parseQuery(serviceQuerySchema, new URLSearchParams(query));

describe("ORUK query parameters", () => {
  it("defaults to the first page of 50", () => {
    expect(parse("")).toEqual({ ok: true, query: { page: 1 } });
  });

  it.each([
    ["per_page=0", "per_page"],
    ["per_page=100000", "per_page"],
    ["page=1.5", "page"],
    ["postcode=hello", "postcode"],
    ["postcode=CB7+4AA&proximity=-1", "proximity"],
    ["proximity=10", "proximity"],
    ["day=Funday", "day"],
    ["modified_after=yesterday", "modified_after"],
    ["modified_after=2026-13-45", "modified_after"],
    ["modified_after=2023-02-29", "modified_after"],
    ["modified_after=0000-01-01", "modified_after"],
    ["modified_after=0001-01-01T00:00:00%2B01:00", "modified_after"],
    ["modified_after=9999-12-31T23:00:00-01:00", "modified_after"],
    ["taxonomy_term_id=abc", "taxonomy_term_id"],
    ["minimum_age=70&maximum_age=18", "maximum_age"],
    ["end_time=9am", "end_time"],
  ])("%s names %s", (query, parameter) => {
    const result = parse(query);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.parameter).toBe(parameter);
  });

  it.each([
    [endpoints.services, "search=a%00b", "search"],
    [endpoints.services, "page=2&postcode=CB7%004AA", "postcode"],
    [endpoints.taxonomyTerms, "search=%00", "search"],
    [endpoints.organizations, "per_page=10&search=lunch%00club", "search"],
  ])("a NUL character in %# is refused, naming the parameter", (endpoint, query, parameter) => {
    expect(parseEndpointQuery(endpoint, new URLSearchParams(query))).toEqual({
      ok: false,
      problem: { parameter, message: `${parameter} must not contain a NUL character (%00).` },
    });
  });

  it("leaves a NUL character in a parameter outside the profile alone, as it ignores the parameter", () => {
    expect(parseEndpointQuery(endpoints.services, new URLSearchParams("cachebuster=a%00b&search=lunch"))).toEqual({ ok: true, query: { page: 1, search: "lunch" } });
  });

  it("normalises what it accepts", () => {
    const result = parse("postcode=cb74aa&proximity=1500&day=tuesday&start_time=09:30&modified_after=2026-01-31&search=+lunch+");
    expect(result).toMatchObject({
      ok: true,
      query: { postcode: "CB7 4AA", proximity: 1500, day: "TU", start_time: "09:30:00", search: "lunch" },
    });
    if (result.ok) expect(result.query.modified_after!.toISOString()).toBe("2026-01-31T00:00:00.000Z");
    const leap = parse("modified_after=2024-02-29T09:00:00%2B01:00");
    if (leap.ok) expect(leap.query.modified_after!.toISOString()).toBe("2024-02-29T08:00:00.000Z");
    else expect.fail(leap.problem.message);
  });

  it("reads postcodes and days in any case and spacing", () => {
    expect(normalisePostcode(" cb7  4aa ")).toBe("CB7 4AA");
    expect(normalisePostcode("PE11AA")).toBe("PE1 1AA");
    expect(normalisePostcode("CB7")).toBeNull();
    expect(parseDay("mo")).toBe("MO");
    expect(parseDay("Sunday")).toBe("SU");
    expect(parseDay("Funday")).toBeNull();
  });

  it("treats empty values as absent", () => {
    expect(parseQuery(pageQuerySchema, new URLSearchParams("page=&per_page="))).toEqual({ ok: true, query: { page: 1 } });
  });
});

describe("the Page envelope", () => {
  it("has the standard's totals, and marks the first, last and empty pages", () => {
    expect(pageEnvelope(["a", "b"], 5, { page: 1, perPage: 2 })).toEqual({
      total_items: 5, total_pages: 3, page_number: 1, size: 2, first_page: true, last_page: false, empty: false, contents: ["a", "b"],
    });
    expect(pageEnvelope(["e"], 5, { page: 3, perPage: 2 })).toMatchObject({ last_page: true, size: 1 });
    expect(pageEnvelope([], 0, { page: 1, perPage: 2 })).toMatchObject({ total_pages: 0, first_page: true, last_page: true, empty: true });
  });
});

describe("ORUK records", () => {
  it("leave out null values and an empty extension", () => {
    expect(compact({ id: "1", url: null, x_atlas: { value: null } })).toEqual({ id: "1" });
    expect(compact({ id: "1", x_atlas: { value: "3", other: undefined } })).toEqual({ id: "1", x_atlas: { value: "3" } });
  });

  it("serve the UK profile's own openapi.json (the app's copy equals the fixture)", () => {
    expect(openapiCopy).toEqual(readFixture("schema/openapi.json"));
  });
});
