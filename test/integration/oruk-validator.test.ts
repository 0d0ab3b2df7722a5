/**
 * The official ORUK validator's 3.0 checks (test/support/oruk-validator.ts), re-run against the
 * running app: required endpoints, the first, middle and last pages of every list, ten random
 * ids of each kind of record, and the optional endpoints, which we implement.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { runOrukValidator, type ValidatorReport } from "../support/oruk-validator";

let database: TestDatabase;
let report: ValidatorReport;

beforeAll(async () => {
  database = await createTestDatabase();
  const app = await createTestApp(database);
  report = await runOrukValidator(`${app.origin}/oruk`);
}, 120_000);
afterAll(async () => {
  await database?.destroy();
});

const summary = (endpoint: ValidatorReport["endpoints"][number]) =>
  `${endpoint.path}: ${endpoint.outcome} ${JSON.stringify(endpoint.requests.filter((r) => r.errors.length || r.status >= 300).slice(0, 2))}`;

describe(`the official ORUK validator's 3.0 checks on ${testDriver}`, () => {
  it("reads version 3.0 from /", () => {
    expect(report.version).toBe("3.0");
  });

  it("passes every required endpoint", () => {
    const required = report.endpoints.filter((endpoint) => !endpoint.optional);
    expect(required.map((endpoint) => endpoint.path).sort()).toEqual(["/", "/services", "/services/{id}"]);
    for (const endpoint of required) expect(endpoint.outcome, summary(endpoint)).toBe("passed");
  });

  it("implements and passes every optional endpoint", () => {
    const optional = report.endpoints.filter((endpoint) => endpoint.optional);
    expect(optional.map((endpoint) => endpoint.path).sort()).toEqual([
      "/organizations",
      "/organizations/{id}",
      "/service_at_locations",
      "/service_at_locations/{id}",
      "/taxonomies",
      "/taxonomies/{id}",
      "/taxonomy_terms",
      "/taxonomy_terms/{id}",
    ]);
    for (const endpoint of optional) expect(endpoint.outcome, summary(endpoint)).toBe("passed");
  });

  it("asks for the first, middle and last pages of a list of several pages", () => {
    const services = report.endpoints.find((endpoint) => endpoint.path === "/services")!;
    const pages = services.requests.map((request) => Number(new URL(request.url).searchParams.get("page")));
    expect(pages[0]).toBe(1);
    expect(pages).toHaveLength(3);
    expect(pages[1]).toBe(Math.floor(pages[2]! / 2));
    expect(pages[2]).toBeGreaterThan(2);
  });

  it("fetches ten records of each kind by id", () => {
    for (const path of ["/services/{id}", "/service_at_locations/{id}", "/organizations/{id}", "/taxonomy_terms/{id}"]) {
      const endpoint = report.endpoints.find((item) => item.path === path)!;
      expect(endpoint.requests, path).toHaveLength(10);
      expect(new Set(endpoint.requests.map((request) => request.url)).size, path).toBe(10);
    }
    // Only three taxonomies: each of them.
    expect(report.endpoints.find((item) => item.path === "/taxonomies/{id}")!.requests.length).toBeGreaterThanOrEqual(3);
  });

  it("names the slip in the validator's document it worked around", () => {
    expect(report.workarounds).toEqual([expect.stringContaining("/organizations")]);
  });
});
