import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { attributes, locations, serviceAtLocations, services } from "../../db/schema";
import { taxonomyCodes, taxonomyId, termId } from "../../db/vocabulary/taxonomy";
import { findPlace } from "../../search/index.server";
import { searchEngine } from "../../search/index.server";
import { expandSynonyms } from "../../search/synonyms";
import type { SearchEngine } from "../../search/types";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let engine: SearchEngine;

beforeAll(async () => {
  database = await createTestDatabase();
  engine = searchEngine(database.db, null);
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

describe(`embedded search: the indexed match is the defined match, on ${testDriver}`, () => {
  // The engine finds names like the words through the trigram index (`<%`); the definition is
  // word_similarity(words, name) > 0.4, strictly (a name at exactly 0.4, like "Community Hub" for
  // "club", is not a match). Checked against that definition in plain SQL.
  it.each(["club", "befriendng", "coffee mornng", "hub", "cafe"])("“%s” finds what the definition finds", async (text) => {
    expect(expandSynonyms(text).words).toEqual([]); // no synonyms, so the definition below is complete
    const rows = await queryRows<{ id: string }>(
      database.db,
      sql`select s.id from services s
        where s.listing_status = 'published'
          and (s.search_vector @@ websearch_to_tsquery('english', ${text})
            or word_similarity(${text}, s.name) > 0.4::real
            or s.id in (
              select a.link_id from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
              where t.taxonomy_id = ${taxonomyId(taxonomyCodes.needs)}::uuid
                and (word_similarity(${text}, t.name) > 0.4::real or to_tsvector('english', t.name) @@ websearch_to_tsquery('english', ${text}))
            ))`,
    );
    const results = await search(text, 1, 1000);
    expect(results.total).toBe(rows.length);
    expect(new Set(results.hits.map((hit) => hit.id))).toEqual(new Set(rows.map((row) => row.id)));
  });
});

describe(`embedded search: the search columns follow every listing change, on ${testDriver}`, () => {
  // services.term_ids and services.location_box are kept by triggers (migration search_triggers).
  const consistent = async () => {
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from services
        where term_ids is distinct from search_term_ids(id) or location_box is distinct from search_location_box(id)`,
    );
    return row!.n;
  };
  const near = async (postcode: string, radiusMiles: number) => {
    const place = await findPlace(database.db, postcode);
    if (!place.found) throw new Error(`${postcode} should be known`);
    return { latitude: place.latitude, longitude: place.longitude, radiusMiles };
  };

  it("holds for the seeded directory", async () => {
    expect(await consistent()).toBe(0);
  });

  it("follows a moved location, a second location, and one taken away", async () => {
    const [listing] = await queryRows<{ id: string; name: string; location_id: string }>(
      database.db,
      sql`select s.id, s.name, sal.location_id from services s join service_at_locations sal on sal.service_id = s.id
        where s.listing_status = 'published' and (select count(*) from service_at_locations x where x.service_id = s.id) = 1
        order by s.name limit 1`,
    );
    const wisbech = await near("PE13", 1);
    const inWisbech = async () => (await engine.searchAssets({ text: "", page: 1, perPage: 1000, near: wisbech })).hits.find((hit) => hit.id === listing!.id);
    const before = await inWisbech();
    expect(before).toBeUndefined();

    // Moved to Wisbech: found there, at no distance.
    const [old] = await database.db.select().from(locations).where(eq(locations.id, listing!.location_id));
    await database.db.update(locations).set({ latitude: wisbech.latitude, longitude: wisbech.longitude }).where(eq(locations.id, listing!.location_id));
    expect((await inWisbech())?.distanceMiles).toBe(0);

    // Moved back, then given a second place in Wisbech: found there by its nearer place.
    await database.db.update(locations).set({ latitude: old!.latitude, longitude: old!.longitude }).where(eq(locations.id, listing!.location_id));
    expect(await inWisbech()).toBeUndefined();
    const [second] = await database.db
      .insert(locations)
      .values({ name: "Second place", latitude: wisbech.latitude + 0.001, longitude: wisbech.longitude })
      .returning({ id: locations.id });
    const [link] = await database.db
      .insert(serviceAtLocations)
      .values({ serviceId: listing!.id, locationId: second!.id })
      .returning({ id: serviceAtLocations.id });
    const found = await inWisbech();
    expect(found?.distanceMiles).toBeGreaterThan(0);
    expect(found!.distanceMiles!).toBeLessThan(0.1);
    expect(await consistent()).toBe(0);

    // The second place taken away: gone from Wisbech again.
    await database.db.delete(serviceAtLocations).where(eq(serviceAtLocations.id, link!.id));
    expect(await inWisbech()).toBeUndefined();
    expect(await consistent()).toBe(0);
  });

  it("follows needs and accessibility added and taken away", async () => {
    const memory = termId(taxonomyCodes.needs, "memory");
    const [listing] = await queryRows<{ id: string }>(
      database.db,
      sql`select s.id from services s where s.listing_status = 'published'
        and not exists (select 1 from attributes a where a.link_id = s.id and a.taxonomy_term_id = ${memory}::uuid)
        order by s.name limit 1`,
    );
    const withMemory = async () =>
      (await engine.searchAssets({ text: "", page: 1, perPage: 1000, needs: ["memory"] })).hits.some((hit) => hit.id === listing!.id);
    const withLoop = async () =>
      (await engine.searchAssets({ text: "", page: 1, perPage: 1000, accessibility: ["hearing-loop"] })).hits.some((hit) => hit.id === listing!.id);
    expect(await withMemory()).toBe(false);
    const [added] = await database.db
      .insert(attributes)
      .values({ linkId: listing!.id, linkType: "service", taxonomyTermId: memory })
      .returning({ id: attributes.id });
    expect(await withMemory()).toBe(true);
    // Re-pointed at another term (an update), then removed.
    const loop = termId(taxonomyCodes.accessibility, "hearing-loop");
    const hadLoop = await withLoop();
    await database.db.update(attributes).set({ taxonomyTermId: loop }).where(eq(attributes.id, added!.id));
    expect(await withMemory()).toBe(false);
    expect(await withLoop()).toBe(true);
    await database.db.delete(attributes).where(eq(attributes.id, added!.id));
    expect(await withLoop()).toBe(hadLoop);
    expect(await consistent()).toBe(0);
  });
});
