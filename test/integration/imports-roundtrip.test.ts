/**
 * Done when, for bulk import: export in both formats → import into an empty
 * database → the same records, as each format sees them (field by field, every listing).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { seedDatabase } from "../../db/seed";
import type { Actor } from "../../app/modules/accounts/permissions";
import { checkCsv, exportCsv, writeCsvListings } from "../../app/modules/imports/csv.server";
import { exportOruk, importOrukFile } from "../../app/modules/imports/oruk.server";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

const administrator: Actor = { role: "administrator", userId: null, organizationId: null, localities: [] };

let seeded: TestDatabase;
let emptyForCsv: TestDatabase;
let emptyForOruk: TestDatabase;

async function emptyDatabase() {
  const database = await createTestDatabase({ empty: true });
  await database.migrate();
  await seedDatabase(database.db, { demo: false }); // geography and taxonomies, no listings
  return database;
}

const count = async (database: TestDatabase) => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from services`))[0]!.n;

beforeAll(async () => {
  [seeded, emptyForCsv, emptyForOruk] = await Promise.all([createTestDatabase(), emptyDatabase(), emptyDatabase()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([seeded?.destroy(), emptyForCsv?.destroy(), emptyForOruk?.destroy()]);
});

describe(`export → import into an empty database → the same records, on ${testDriver}`, () => {
  it("round-trips every listing through the CSV template", async () => {
    const exported = await exportCsv(seeded.db, administrator);
    const listings = exported.trimEnd().split("\r\n").length - 1;
    expect(listings).toBe(await count(seeded));
    expect(await count(emptyForCsv)).toBe(0);

    const checked = await checkCsv(emptyForCsv.db, administrator, exported);
    expect(checked.problems).toEqual([]);
    expect(checked.listings).toHaveLength(listings);
    const written = await writeCsvListings(emptyForCsv.db, administrator, checked.listings, { jobId: "test", fileName: "export.csv" });
    expect(written.every((listing) => listing.action === "created")).toBe(true);

    const again = await exportCsv(emptyForCsv.db, administrator);
    const before = exported.split("\r\n");
    const after = again.split("\r\n");
    // Line by line first, so a difference names its listing.
    for (let i = 0; i < before.length; i++) expect(after[i], `line ${i + 1}`).toBe(before[i]);
    expect(again).toBe(exported);
  });

  it("round-trips every listing through Open Referral UK JSON", async () => {
    const exported = await exportOruk(seeded.db, administrator);
    expect(exported.total_items).toBe(await count(seeded));
    // The dry run is the same harvest, rolled back: it finds no problems and leaves nothing behind.
    const dryRun = await importOrukFile(emptyForOruk.db, administrator, JSON.stringify(exported), { dryRun: true, publish: false, jobId: "test", fileName: "export.json" });
    expect(dryRun.problems).toEqual([]);
    expect(dryRun.listings).toHaveLength(exported.total_items as number);
    expect(await count(emptyForOruk)).toBe(0);

    const outcome = await importOrukFile(emptyForOruk.db, administrator, JSON.stringify(exported), { dryRun: false, publish: false, jobId: "test", fileName: "export.json" });
    expect(outcome.problems).toEqual([]);
    expect(outcome.listings).toHaveLength(exported.total_items as number);

    const again = await exportOruk(emptyForOruk.db, administrator);
    const before = exported.contents as Record<string, unknown>[];
    const after = again.contents as Record<string, unknown>[];
    for (let i = 0; i < before.length; i++) expect(after[i], String(before[i]!.name)).toEqual(before[i]);
    expect(again).toEqual(exported);
  }, 300_000); // why so long: the harvester writes record by record (about 40 queries each), twice

});
