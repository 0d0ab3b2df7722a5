/**
 * The listing feed (search/listing-feed.server.ts) shared by the search and matching catalogues:
 * one load for both, one look at the outbox for searches side by side, and a change seen by the
 * next search and the next match alike.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MatchingCatalogue } from "../../app/modules/matching/catalogue.server";
import { ListingFeed } from "../../search/listing-feed.server";
import { SearchCatalogue } from "../../search/memory.server";
import { sohamPerson } from "../support/matching-people";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

describe(`the listing feed on ${testDriver}`, () => {
  it("loads the search and matching catalogues together, once, and keeps both current", async () => {
    const feed = new ListingFeed(database.db);
    const search = new SearchCatalogue(feed);
    const matching = new MatchingCatalogue(database.db, { feed });
    const person = await sohamPerson(database.db);
    const before = await matching.candidatesFor(person);
    expect(feed.stats.fullLoads).toBe(1);
    expect(search.stats.fullLoads).toBe(1);
    expect(matching.stats.fullLoads).toBe(1);
    const listing = before!.find((candidate) => candidate.name.length > 0)!;
    expect((await search.search({ text: listing.name, page: 1, perPage: 50 })).hits.map((hit) => hit.id)).toContain(listing.id);

    await database.db.execute(sql`update services set listing_status = 'archived' where id = ${listing.id}::uuid`);
    expect((await search.search({ text: listing.name, page: 1, perPage: 50 })).hits.map((hit) => hit.id)).not.toContain(listing.id);
    expect((await matching.candidatesFor(person))!.map((candidate) => candidate.id)).not.toContain(listing.id);
    expect(feed.stats.fullLoads).toBe(1);
    expect(search.stats.reloaded).toBe(1);
    expect(matching.stats.reloaded).toBe(1);
  });

  it("gives searches side by side one look at the outbox between them", async () => {
    const feed = new ListingFeed(database.db);
    const search = new SearchCatalogue(feed);
    await search.warm();
    const refreshes = feed.stats.refreshes;
    const answers = await Promise.all(Array.from({ length: 20 }, () => search.search({ text: "lunch", page: 1, perPage: 5 })));
    expect(new Set(answers.map((answer) => answer.total)).size).toBe(1);
    // The first starts a look; the other nineteen arrive while it runs and share the next one.
    expect(feed.stats.refreshes - refreshes).toBeLessThanOrEqual(2);
  });

  it(
    testDriver === "pglite"
      ? "asks the embedded database nothing while nothing is written, and sees a write at once"
      : "looks at the outbox before every search on a server",
    async () => {
      const feed = new ListingFeed(database.db);
      const search = new SearchCatalogue(feed);
      await search.warm();
      // The first searches may look once more: commits before the feed listened were told to nobody.
      await search.search({ text: "lunch", page: 1, perPage: 5 });
      await search.search({ text: "lunch", page: 1, perPage: 5 });
      const refreshes = feed.stats.refreshes;
      for (let i = 0; i < 5; i++) await search.search({ text: "lunch", page: 1, perPage: 5 });
      expect(feed.stats.refreshes - refreshes).toBe(testDriver === "pglite" ? 0 : 5);

      // A write outside the listing writer, straight to the table: the outbox's trigger still tells.
      const [listing] = (await search.search({ text: "lunch", page: 1, perPage: 1 })).hits;
      await database.db.execute(sql`update services set name = 'Quokka appreciation society' where id = ${listing!.id}::uuid`);
      const found = await search.search({ text: "quokka", page: 1, perPage: 5 });
      expect(found.hits.map((hit) => hit.id)).toEqual([listing!.id]);
      expect(feed.stats.refreshes - refreshes).toBe(testDriver === "pglite" ? 1 : 7);
    },
  );
});
