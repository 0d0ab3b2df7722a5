import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { services } from "../../db/schema";
import { searchEngine } from "../../search/index.server";
import type { SearchEngine } from "../../search/types";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let engine: SearchEngine;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = searchEngine(database.db);
});
afterAll(async () => {
  await database?.destroy();
});

const search = (text: string, page = 1, perPage = 20) => engine.searchAssets({ text, page, perPage });

describe(`embedded search on ${testDriver}`, () => {
  it("finds befriending by a word in the name or description", async () => {
    const results = await search("befriending");
    expect(results.total).toBeGreaterThan(0);
    expect(results.hits[0]!.name.toLowerCase() + results.hits[0]!.summary.toLowerCase()).toMatch(/befriend/);
  });

  it("forgives a typo", async () => {
    const exact = await search("befriending");
    const typo = await search("befriendng");
    expect(typo.total).toBeGreaterThan(0);
    const exactIds = new Set(exact.hits.map((hit) => hit.id));
    expect(typo.hits.some((hit) => exactIds.has(hit.id))).toBe(true);
  });

  it("finds assets by the need they meet", async () => {
    const results = await search("memory");
    expect(results.hits.some((hit) => hit.needs.includes("memory"))).toBe(true);
  });

  it("lists every published asset, and only those, when the query is empty", async () => {
    const [published] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from services where listing_status = 'published'`,
    );
    const results = await search("");
    expect(results.total).toBe(published!.n);
    expect(results.hits).toHaveLength(20);
  });

  it("never returns a listing that is not published", async () => {
    const [draft] = await database.db
      .select({ id: services.id, name: services.name })
      .from(services)
      .where(eq(services.listingStatus, "draft"))
      .limit(1);
    expect(draft).toBeDefined();
    const results = await search(draft!.name, 1, 100);
    expect(results.hits.map((hit) => hit.id)).not.toContain(draft!.id);
  });

  it("pages through results without overlap, and counts past the last page", async () => {
    const first = await search("", 1, 10);
    const second = await search("", 2, 10);
    const firstIds = new Set(first.hits.map((hit) => hit.id));
    expect(second.hits.some((hit) => firstIds.has(hit.id))).toBe(false);
    const beyond = await search("", 9999, 10);
    expect(beyond.hits).toEqual([]);
    expect(beyond.total).toBe(first.total);
  });

  it("treats SQL and HTML in the query as words", async () => {
    for (const text of ["'; drop table services; --", "<script>alert(1)</script>", "\\", "%_%", "a & | ! ( :*"]) {
      const results = await search(text);
      expect(results.total).toBeGreaterThanOrEqual(0);
    }
    const [still] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from services`);
    expect(still!.n).toBeGreaterThanOrEqual(300);
  });

  it("returns the town and postcode of each hit", async () => {
    const results = await search("lunch");
    expect(results.total).toBeGreaterThan(0);
    for (const hit of results.hits) {
      expect(hit.postcode).toMatch(/^(CB|PE)\d+ \d[A-Z]{2}$/);
      expect(hit.town).toBeTruthy();
    }
  });
});
