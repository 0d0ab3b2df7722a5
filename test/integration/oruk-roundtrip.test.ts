/**
 * Done when: the official examples, harvested into an empty database, come back out
 * of our own feed the same — every ORUK field of the example, field by field — and valid.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOruk } from "../../app/modules/oruk/harvest.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { orukSchemas, readFixture, schemaErrors } from "../support/oruk";
import { exampleServices, serveExampleFeed, type ExampleFeed } from "../support/oruk-feed-server";

let database: TestDatabase;
let feed: ExampleFeed;
let app: Awaited<ReturnType<typeof createTestApp>>;

/** Every field of `expected` is in `actual` with the same value (our feed may add ids and links). */
function differences(actual: unknown, expected: unknown, at = ""): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${at}: expected ${expected.length} items, got ${JSON.stringify(actual)}`];
    return expected.flatMap((item, index) => differences(actual[index], item, `${at}[${index}]`));
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null) return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) => differences((actual as Record<string, unknown>)[key], value, `${at}.${key}`));
  }
  return actual === expected ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

async function get(pathAndQuery: string) {
  const response = await app.request(pathAndQuery);
  expect(response.status, pathAndQuery).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  await database.migrate();
  feed = await serveExampleFeed(exampleServices());
  app = await createTestApp(database);
});
afterAll(async () => {
  await feed?.close();
  await database?.destroy();
});

describe(`ORUK round trip on ${testDriver}`, () => {
  it("harvests the official examples into an empty database and serves the same services back", async () => {
    const report = await importOruk(database.db, feed.url, { publish: true });
    expect(report.created).toHaveLength(2);
    expect(report.skipped).toEqual([]);

    for (const example of exampleServices()) {
      const served = await get(`/oruk/services/${example.id as string}`);
      expect(schemaErrors(orukSchemas.service, served)).toEqual([]);
      expect(differences(served, example)).toEqual([]);
    }
  });

  it("lists them as the list example has them", async () => {
    const page = (await get("/oruk/services?per_page=1")) as { contents: Record<string, unknown>[]; total_items: number };
    expect(schemaErrors(orukSchemas.serviceList, page)).toEqual([]);
    expect(page.total_items).toBe(2);
    const listExample = readFixture<{ contents: Record<string, unknown>[] }>("examples/service_list.json").contents[0]!;
    const all = (await get("/oruk/services?per_page=10")) as { contents: Record<string, unknown>[] };
    const item = all.contents.find((s) => s.id === listExample.id);
    expect(differences(item, listExample)).toEqual([]);
  });

  it("serves the service at location, the taxonomy term and its taxonomy as the examples have them", async () => {
    const salExample = readFixture<Record<string, unknown>>("examples/service_at_location_full.json");
    const sal = await get(`/oruk/service_at_locations/${salExample.id as string}`);
    expect(schemaErrors(orukSchemas.serviceAtLocation, sal)).toEqual([]);
    expect(differences(sal, salExample)).toEqual([]);
    const salList = await get("/oruk/service_at_locations?per_page=1");
    expect(schemaErrors(orukSchemas.serviceAtLocationList, salList)).toEqual([]);

    const termExample = readFixture<Record<string, unknown>>("examples/taxonomy_term.json");
    const term = await get(`/oruk/taxonomy_terms/${termExample.id as string}`);
    expect(schemaErrors(orukSchemas.taxonomyTerm, term)).toEqual([]);
    expect(differences(term, termExample)).toEqual([]);
    const taxonomy = await get(`/oruk/taxonomies/${term.taxonomy_id as string}`);
    expect(schemaErrors(orukSchemas.taxonomy, taxonomy)).toEqual([]);
    expect(taxonomy.name).toBe(termExample.taxonomy);
  });

  it("keeps the same identifiers through a second harvest", async () => {
    const again = await importOruk(database.db, feed.url, { publish: true });
    expect(again.created).toEqual([]);
    expect(again.updated).toHaveLength(2);
    const [example] = exampleServices();
    expect(differences(await get(`/oruk/services/${example!.id as string}`), example)).toEqual([]);
  });
});
