/**
 * Our own feed, harvested over HTTP from the running app into an empty database (geography and
 * taxonomies only, as `npm run db:setup` without DEMO_MODE leaves it), gives back the same
 * services: every published service, field by field, our x_atlas extension included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getService } from "../../app/modules/oruk/feed.server";
import { importOruk } from "../../app/modules/oruk/harvest.server";
import { seedDatabase } from "../../db/seed";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let source: TestDatabase;
let target: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

// Migrating and seeding a database from nothing (the gazetteer included) takes over a minute on a busy machine.
beforeAll(async () => {
  source = await createTestDatabase();
  app = await createTestApp(source);
  target = await createTestDatabase({ empty: true });
  await target.migrate();
  await seedDatabase(target.db, { demo: false });
}, 180_000);
afterAll(async () => {
  await source?.destroy();
  await target?.destroy();
});

describe(`harvesting our own feed on ${testDriver}`, () => {
  it("gives back the same services", { timeout: 180_000 }, async () => {
    const list = (await (await app.request("/oruk/services?per_page=500")).json()) as { total_items: number; contents: { id: string }[] };
    expect(list.total_items).toBeGreaterThan(100);

    const served = new Map<string, unknown>();
    for (const { id } of list.contents) served.set(id, await (await app.request(`/oruk/services/${id}`)).json());

    const report = await importOruk(target.db, `${app.origin}/oruk`, { publish: true });
    expect(report.skipped).toEqual([]);
    expect(report.created.map((s) => s.id).sort()).toEqual([...served.keys()].sort());

    for (const [id, record] of served) {
      const harvested: unknown = JSON.parse(JSON.stringify(await getService(target.db, id)));
      expect(harvested, id).toEqual(record);
    }
  });
});
