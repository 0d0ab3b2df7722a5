import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { attributes, locations, serviceAtLocations, services } from "../../db/schema";
import { taxonomyCodes, termId } from "../../db/vocabulary/taxonomy";
import { findPlace } from "../../search/index.server";
import { searchEngine } from "../../search/index.server";
import { words } from "../../search/text";
import type { AssetQuery, SearchEngine } from "../../search/types";
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

const search = (text: string, page = 1, perPage = 20, more: Partial<AssetQuery> = {}) => engine.searchAssets({ text, page, perPage, ...more });
const near = async (postcode: string, radiusMiles = 5) => {
  const place = await findPlace(database.db, postcode);
  if (!place.found) throw new Error(`${postcode} should be known`);
  return { latitude: place.latitude, longitude: place.longitude, radiusMiles };
};

describe(`search (the default, in-memory engine) on ${testDriver}`, () => {
  it("is the in-memory engine", () => {
    expect(engine.name).toBe("memory");
  });

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

  it("treats SQL and HTML in the query as words: the same results as the words alone", async () => {
    const everything = (await search("")).total;
    for (const text of ["'; drop table services; --", "<script>alert(1)</script>", "\\", "%_%", "a & | ! ( :*", "lunch'; --"]) {
      const results = await search(text);
      expect(results, text).toEqual(await search(words(text).join(" ")));
    }
    // Nothing but punctuation and stop words: no words at all, so everything.
    expect((await search("a & | ! ( :*")).total).toBe(everything);
    expect((await search("lunch'; --")).total).toBe((await search("lunch")).total);
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

describe(`search: what people reported, on ${testDriver}`, () => {
  it("“lunch club” near CB7 5BX puts Soham (under a mile) before Burwell (about 4 miles)", async () => {
    const results = await search("lunch club", 1, 20, { near: await near("CB7 5BX", 10) });
    const towns = results.hits.map((hit) => hit.town);
    expect(towns).toContain("Soham");
    expect(towns).toContain("Burwell");
    expect(towns.indexOf("Soham")).toBeLessThan(towns.indexOf("Burwell"));
    expect(results.hits[0]!.name).toMatch(/lunch club/i);
    expect(results.hits[0]!.town).toBe("Soham");
    // Among listings that match the words equally, nearer first.
    const lunchClubs = results.hits.filter((hit) => /lunch club/i.test(hit.name)).map((hit) => hit.distanceMiles!);
    expect(lunchClubs).toEqual([...lunchClubs].sort((a, b) => a - b));
  });

  it("“knitting” finds knitting and crafts, never sitting services or taxis", async () => {
    const results = await search("knitting", 1, 50);
    expect(results.hits[0]!.name).toMatch(/knit/i);
    expect(results.hits.length).toBeGreaterThan(0);
    expect(results.hits.every((hit) => /knit|craft/i.test(hit.name))).toBe(true);
    expect(results.hits.some((hit) => /sitting|taxi/i.test(hit.name))).toBe(false);
  });

  it("“swimming” (nothing here) shows listings for staying well, never a coffee morning, and says so", async () => {
    const results = await search("swimming", 1, 50);
    expect(results.wordMatch).toEqual({ kind: "implied-needs", needs: ["confidence-health"] });
    expect(results.total).toBeGreaterThan(0);
    expect(results.hits.every((hit) => hit.needs.includes("confidence-health"))).toBe(true);
    expect(results.hits.some((hit) => /coffee morning/i.test(hit.name))).toBe(false);
  });

  it("“walking group” puts health walks first", async () => {
    const results = await search("walking group");
    expect(results.hits.slice(0, 5).every((hit) => /walk|stroll/i.test(hit.name))).toBe(true);
    expect(results.hits.some((hit) => /health walk/i.test(hit.name))).toBe(true);
    // A chapel on Willow Walk is not a walking group.
    expect(results.hits.some((hit) => /willow walk chapel/i.test(hit.name))).toBe(false);
  });

  it("“need help getting washed and dressed” finds personal care at home", async () => {
    const results = await search("need help getting washed and dressed");
    expect(results.total).toBeGreaterThan(0);
    expect(results.wordMatch.kind).toBe("every-word");
    expect(results.hits[0]!.name).toMatch(/care at home|personal assistant/i);
    expect(results.hits.every((hit) => hit.needs.includes("daily-living"))).toBe(true);
  });

  it("drops the last words when no listing has them all, and says which words it used", async () => {
    const results = await search("lunch club zzyzx");
    expect(results.wordMatch).toEqual({ kind: "some-words", used: "lunch club", dropped: "zzyzx" });
    expect(results.total).toBe((await search("lunch club")).total);
  });

  it("finds nothing only when the words mean nothing it knows, and says so", async () => {
    const results = await search("zzyzx qwxqwx");
    expect(results).toMatchObject({ total: 0, hits: [], wordMatch: { kind: "none", needs: [] } });
    // Within reach of nothing: the needs are named, the list is empty.
    const far = await search("swimming", 1, 20, { near: { latitude: 54.9, longitude: -1.6, radiusMiles: 1 } });
    expect(far).toMatchObject({ total: 0, wordMatch: { kind: "none", needs: ["confidence-health"] } });
  });

  it("sorts by name when asked", async () => {
    const names = (await search("lunch", 1, 50, { sort: "name" })).hits.map((hit) => hit.name);
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});

describe(`search: the listings' search columns and the in-memory copy follow every change, on ${testDriver}`, () => {
  // services.term_ids and services.location_box are kept by triggers (migration search_triggers).
  const consistent = async () => {
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from services
        where term_ids is distinct from search_term_ids(id) or location_box is distinct from search_location_box(id)`,
    );
    return row!.n;
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
