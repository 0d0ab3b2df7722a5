/**
 * Harvest (`npm run atlas -- import-oruk`): a feed served by the tests from the official
 * examples, read page by page into an empty database; files holding a service, a list page or
 * an array; what is created, updated and skipped, and why.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attributes, organizationIdentifiers, schedules, services, taxonomies, taxonomyTerms } from "../../db/schema";
import { describeHarvest, importOruk } from "../../app/modules/oruk/harvest.server";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { exampleServices, serveExampleFeed, type ExampleFeed } from "../support/oruk-feed-server";
import { orukFixtures } from "../support/oruk";

let database: TestDatabase;
let feed: ExampleFeed;
const [original, copy] = exampleServices() as [Record<string, unknown>, Record<string, unknown>];
const missingId = "0d9e8c57-1111-4222-8333-444455556666";

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  await database.migrate();
  feed = await serveExampleFeed([original, copy], { missingIds: [missingId] });
});
afterAll(async () => {
  await feed?.close();
  await database?.destroy();
});

describe(`import-oruk on ${testDriver}`, () => {
  it("reads every page of a feed, fetches each full record, and creates drafts", async () => {
    const report = await importOruk(database.db, `${feed.url}/`);
    expect(report.created.map((s) => s.id).sort()).toEqual([original.id, copy.id].sort());
    expect(report.updated).toEqual([]);
    expect(report.skipped).toEqual([{ id: missingId, name: "Withdrawn service", reason: expect.stringMatching(/could not be fetched.*404/) }]);
    expect(feed.requests).toEqual(expect.arrayContaining(["/services?page=1", "/services?page=2", "/services?page=3", `/services/${original.id as string}`]));
    const rows = await database.db.select().from(services).where(inArray(services.id, [original.id as string, copy.id as string]));
    expect(rows.map((row) => row.listingStatus)).toEqual(["draft", "draft"]);
    expect(await database.db.select().from(organizationIdentifiers)).toHaveLength(2);
  });

  it("creates unknown taxonomy terms in their own taxonomy", async () => {
    const [term] = await database.db.select().from(taxonomyTerms).where(eq(taxonomyTerms.id, "3f7b145d-84af-42d7-8fae-eaca714b02b2"));
    expect(term).toMatchObject({ name: "name", code: "name", parentId: "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2" });
    const [taxonomy] = await database.db.select().from(taxonomies).where(eq(taxonomies.id, term!.taxonomyId));
    expect(taxonomy!.name).toBe("taxonomy");
    const links = await database.db.select().from(attributes).where(eq(attributes.taxonomyTermId, term!.id));
    expect(links.map((link) => link.linkId)).toEqual([original.id]);
    // The second service's term (another id) joins the same harvested taxonomy, found by its name.
    const terms = await database.db.select().from(taxonomyTerms).where(eq(taxonomyTerms.taxonomyId, taxonomy!.id));
    expect(terms).toHaveLength(2);
  });

  it("skips what has not changed, and updates (and publishes) when told", async () => {
    const again = await importOruk(database.db, `${feed.url}/services`);
    expect(again.created).toEqual([]);
    expect(again.skipped.filter((s) => /unchanged/.test(s.reason))).toHaveLength(2);
    const published = await importOruk(database.db, `${feed.url}/services`, { publish: true });
    expect(published.updated).toHaveLength(2);
    const rows = await database.db.select().from(services).where(eq(services.id, original.id as string));
    expect(rows[0]!.listingStatus).toBe("published");
    expect(describeHarvest(published, true)).toMatch(/0 services created, 2 updated, 1 skipped/);
  });

  it("reads a file holding a list page, an array or one service, and says why it skips a record", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "oruk-"));
    const file = path.join(folder, "services.json");
    fs.writeFileSync(file, JSON.stringify([{ id: "8e0c5a1e-0000-4000-8000-000000000001", status: "active" }, { ...copy, name: "Renamed", last_modified: "2024-01-01T00:00:00.000Z" }]));
    const report = await importOruk(database.db, file);
    expect(report.skipped).toEqual([{ id: "8e0c5a1e-0000-4000-8000-000000000001", reason: "it has no name" }]);
    expect(report.updated).toEqual([{ id: copy.id, name: "Renamed" }]);
    const listPage = await importOruk(database.db, path.join(orukFixtures, "examples/service_list.json"));
    expect(listPage.skipped).toEqual([{ id: original.id, name: original.name, reason: expect.stringMatching(/unchanged/) }]);
    // A list item carries no schedules, contacts …: a forced update from it keeps the full record's.
    const forced = await importOruk(database.db, path.join(orukFixtures, "examples/service_list.json"), { publish: true });
    expect(forced.updated.map((s) => s.id)).toEqual([original.id]);
    expect(await database.db.select().from(schedules).where(eq(schedules.serviceId, original.id as string))).toHaveLength(1);
    fs.rmSync(folder, { recursive: true, force: true });
    await expect(importOruk(database.db, path.join(folder, "missing.json"))).rejects.toThrow(/There is no file/);
  });

  it("skips a record whose schedule starts on 30 February, saying why, and keeps the rest", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "oruk-"));
    const file = path.join(folder, "services.json");
    const badId = "8e0c5a1e-0000-4000-8000-000000000230";
    const bad = { ...copy, id: badId, name: "Leap lunch", schedules: [{ id: "8e0c5a1e-0000-4000-8000-000000000231", freq: "MONTHLY", bymonthday: "30", valid_from: "2026-02-30" }] };
    fs.writeFileSync(file, JSON.stringify([bad]));
    const report = await importOruk(database.db, file);
    fs.rmSync(folder, { recursive: true, force: true });
    expect(report.skipped).toEqual([{ id: badId, name: "Leap lunch", reason: expect.stringMatching(/^schedules\.0\.valid_from: is not a real date/) }]);
    expect(await database.db.select().from(services).where(eq(services.id, badId))).toHaveLength(0);
  });
});
