/**
 * The search contract: what every engine behind search/types.ts must do, checked against the
 * seeded demo directory with SQL as the source of truth. test/integration/search-contract.test.ts
 * runs it for every engine that is available (the embedded one always; Meilisearch whenever
 * MEILI_HOST is set).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { findPlace, type FoundPlace } from "../../search/postcodes.server";
import { words } from "../../search/text";
import type { AssetQuery, AssetResults, SearchEngine } from "../../search/types";
import type { NeedCode } from "../../db/vocabulary/needs";
import { createTestDatabase, testDriver, type TestDatabase } from "./database";

export type EngineFactory = (database: TestDatabase) => Promise<SearchEngine>;

export function describeSearchContract(engineName: string, createEngine: EngineFactory) {
  describe(`search contract: ${engineName} engine on ${testDriver}`, () => {
    let database: TestDatabase;
    let engine: SearchEngine;
    let ely: FoundPlace;

    beforeAll(async () => {
      database = await createTestDatabase();
      engine = await createEngine(database);
      const place = await findPlace(database.db, "CB7 4");
      if (!place.found) throw new Error("CB7 4 should be a known sector");
      ely = place;
    });
    afterAll(async () => {
      await database?.destroy();
    });

    const search = (query: Partial<AssetQuery>): Promise<AssetResults> =>
      engine.searchAssets({ text: "", page: 1, perPage: 20, ...query });
    const count = async (where: string) => {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql.raw(`select count(*)::int as n from services s where s.listing_status = 'published' and (${where})`),
      );
      return row!.n;
    };
    const publishedIds = async () =>
      new Set(
        (await queryRows<{ id: string }>(database.db, sql`select id from services where listing_status = 'published'`)).map((row) => row.id),
      );
    const near = (radiusMiles = 5) => ({ latitude: ely.latitude, longitude: ely.longitude, radiusMiles });

    it("forgives typos: “befriendng” finds befriending, “lonley” is lonely", async () => {
      const results = await search({ text: "befriendng" });
      expect(results.total).toBeGreaterThan(0);
      expect(results.hits[0]!.name).toMatch(/befriend/i);
      expect((await search({ text: "lunch clb" })).hits.some((hit) => /lunch club/i.test(hit.name))).toBe(true);
      const lonely = await search({ text: "lonely" });
      const typo = await search({ text: "lonley" });
      expect(typo.total).toBeGreaterThan(lonely.total * 0.9); // the same needs and words, less the listings that say "lonely" itself
    });

    it("maps plain English to needs: “lonely” near CB7 4 finds befriending and lunch clubs nearby", async () => {
      const results = await search({ text: "lonely", near: near() });
      const names = results.hits.map((hit) => hit.name);
      expect(names.some((name) => /befriend/i.test(name)), names.join("\n")).toBe(true);
      expect(names.some((name) => /lunch/i.test(name)), names.join("\n")).toBe(true);
      for (const hit of results.hits) {
        expect(hit.distanceMiles).not.toBeNull();
        expect(hit.distanceMiles!).toBeLessThanOrEqual(5);
      }
    });

    it.each<[string, NeedCode]>([
      ["someone to talk to", "social-connection"],
      ["help with the garden", "falls-home-safety"],
      ["lift to the doctor", "getting-out"],
      ["memory problems", "memory"],
    ])("finds listings for “%s” (%s)", async (text, need) => {
      const results = await search({ text });
      expect(results.total).toBeGreaterThan(0);
      expect(results.hits.filter((hit) => hit.needs.includes(need)).length).toBeGreaterThan(results.hits.length / 2);
    });

    it("counts facets consistently with the results", async () => {
      for (const query of [{}, { text: "lunch" }, { text: "lonely", near: near() }] as Partial<AssetQuery>[]) {
        const all = await search(query);
        expect(all.facets.kinds.reduce((sum, facet) => sum + facet.count, 0)).toBe(all.total);
        for (const facet of all.facets.kinds) expect((await search({ ...query, kinds: [facet.code] })).total).toBe(facet.count);
        for (const facet of all.facets.needs) {
          const filtered = await search({ ...query, needs: [facet.code] });
          expect(filtered.total).toBe(facet.count);
          expect(filtered.hits.every((hit) => hit.needs.includes(facet.code))).toBe(true);
        }
      }
      // Within a facet, values widen the list; across facets, they narrow it.
      const one = await search({ needs: ["memory"] });
      const two = await search({ needs: ["memory", "carer-support"] });
      expect(two.total).toBeGreaterThan(one.total);
      expect(two.facets.needs.find((facet) => facet.code === "memory")!.count).toBe(one.total);
      const narrowed = await search({ needs: ["memory"], kinds: ["vcs_group"] });
      expect(narrowed.total).toBeLessThan(one.total);
      expect(one.facets.kinds.find((facet) => facet.code === "vcs_group")!.count).toBe(narrowed.total);
    });

    it("filters by need and kind, as SQL counts them", async () => {
      expect((await search({ kinds: ["personal_assistant"] })).total).toBe(await count("s.kind = 'personal_assistant'"));
      const results = await search({ needs: ["getting-out"], perPage: 200 });
      expect(results.total).toBeGreaterThan(0);
      expect(results.hits.every((hit) => hit.needs.includes("getting-out"))).toBe(true);
    });

    it("filters by each of the other filters, as SQL counts them", async () => {
      const all = (await search({})).total;
      const cases: [Partial<AssetQuery>, string][] = [
        [{ directPayment: true }, "s.direct_payment"],
        [{ hasCapacity: true }, "s.capacity_available > 0"],
        [{ freeOrLowCost: true }, "s.is_free or s.id in (select service_id from cost_options where amount <= 5)"],
        [{ age: 20 }, "(s.minimum_age is null or s.minimum_age <= 20) and (s.maximum_age is null or s.maximum_age >= 20)"],
        [{ age: 70 }, "(s.minimum_age is null or s.minimum_age <= 70) and (s.maximum_age is null or s.maximum_age >= 70)"],
        [{ day: "SA" }, "s.id in (select service_id from schedules where byday ~ '(^|,)[+-]?[0-9]*SA(,|$)')"],
        [{ day: "MO" }, "s.id in (select service_id from schedules where byday ~ '(^|,)[+-]?[0-9]*MO(,|$)')"],
        [
          { accessibility: ["hearing-loop"] },
          "s.id in (select a.link_id from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id where t.code = 'hearing-loop')",
        ],
      ];
      for (const [query, where] of cases) {
        const expected = await count(where);
        expect(expected, where).toBeGreaterThan(0);
        expect(expected, where).toBeLessThan(all);
        expect((await search(query)).total, where).toBe(expected);
      }
      const combined = await search({ directPayment: true, hasCapacity: true });
      expect(combined.total).toBe(await count("s.direct_payment and s.capacity_available > 0"));
    });

    it("finds a full postcode, a sector and an outward code in any case and spacing", async () => {
      for (const [typed, kind, label] of [
        ["CB7 4AA", "postcode", "CB7 4AA"],
        ["cb74aa", "postcode", "CB7 4AA"],
        ["cb7 5", "sector", "CB7 5"],
        [" CB7  4 ", "sector", "CB7 4"],
        ["cb7", "outcode", "CB7"],
      ] as const) {
        const place = await findPlace(database.db, typed);
        expect(place, typed).toMatchObject({ found: true, kind, label });
      }
      const outcode = (await findPlace(database.db, "CB7")) as FoundPlace;
      const [mean] = await queryRows<{ latitude: number; longitude: number }>(
        database.db,
        sql`select avg(latitude) as latitude, avg(longitude) as longitude from postcode_sectors where outcode = 'CB7'`,
      );
      expect(outcode.latitude).toBeCloseTo(Number(mean!.latitude), 6);
      expect(outcode.longitude).toBeCloseTo(Number(mean!.longitude), 6);
    });

    it("does not find unknown postcodes, and suggests similar known ones", async () => {
      const unknown = await findPlace(database.db, "XX1 1XX");
      expect(unknown.found).toBe(false);
      const nearly = await findPlace(database.db, "CB7 4ZZ");
      expect(nearly).toMatchObject({ found: false, typed: "CB7 4ZZ" });
      expect(nearly.found ? [] : nearly.suggestions.slice(0, 2)).toEqual(["CB7 4", "CB7"]);
      for (const typed of ["'; drop table postcodes; --", "<script>", "", "ZZ99"]) {
        expect((await findPlace(database.db, typed)).found, typed).toBe(false);
      }
    });

    it("keeps to the radius, in miles, and clamps silly radii instead of failing", async () => {
      const narrow = await search({ near: near(1), perPage: 200 });
      const wide = await search({ near: near(10), perPage: 200 });
      expect(narrow.total).toBeGreaterThan(0);
      expect(wide.total).toBeGreaterThan(narrow.total);
      expect(narrow.hits.every((hit) => hit.distanceMiles! <= 1)).toBe(true);
      expect(wide.hits.some((hit) => hit.distanceMiles! > 1)).toBe(true);
      const negative = await search({ near: near(-5) });
      expect(negative.hits.every((hit) => hit.distanceMiles! <= 0.1)).toBe(true);
      const huge = await search({ near: near(10_000) });
      expect(huge.total).toBe((await search({ near: near(50) })).total);
      expect(huge.total).toBeLessThanOrEqual((await search({})).total);
    });

    it("sorts by distance, nearest first, across pages", async () => {
      const first = await search({ text: "lonely", near: near(10), sort: "distance" });
      const second = await search({ text: "lonely", near: near(10), sort: "distance", page: 2 });
      const distances = [...first.hits, ...second.hits].map((hit) => hit.distanceMiles!);
      expect(distances.length).toBeGreaterThan(20);
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
    });

    it("returns distances only when there is a point", async () => {
      expect((await search({ text: "lunch" })).hits.every((hit) => hit.distanceMiles === null)).toBe(true);
      expect((await search({ sort: "distance" })).total).toBe((await search({})).total);
    });

    it("never returns a listing that is not published", async () => {
      const published = await publishedIds();
      const unpublished = await queryRows<{ name: string }>(
        database.db,
        sql`select name from services where listing_status <> 'published' limit 10`,
      );
      for (const { name } of unpublished) {
        const results = await search({ text: name, perPage: 100 });
        expect(results.hits.every((hit) => published.has(hit.id)), name).toBe(true);
      }
      const everything = await search({ perPage: 1000 });
      expect(everything.total).toBe(published.size);
      expect(everything.hits.every((hit) => published.has(hit.id))).toBe(true);
    });

    it("answers a page past the end with no hits and the right total", async () => {
      const first = await search({ text: "lunch" });
      const beyond = await search({ text: "lunch", page: 99_999 });
      expect(beyond.hits).toEqual([]);
      expect(beyond.total).toBe(first.total);
      expect(beyond.facets).toEqual(first.facets);
    });

    it("copes with a 2,000-character query, and SQL or HTML in the words", async () => {
      // The same word over and over finds what the word alone finds, however much of it is read.
      const lunch = await search({ text: "lunch", perPage: 400 });
      expect(lunch.total).toBeGreaterThan(0);
      const long = await search({ text: "lunch ".repeat(334).slice(0, 2000), perPage: 400 });
      expect(long.total).toBe(lunch.total);
      expect(new Set(long.hits.map((hit) => hit.id))).toEqual(new Set(lunch.hits.map((hit) => hit.id)));
      // Punctuation and markup are not words: the same total as the words in them alone.
      for (const text of ["'; drop table services; --", "<script>alert(1)</script>", "\\", "%_%", "a & | ! ( :*", "\u0000x", "\"unclosed"]) {
        expect((await search({ text })).total, text).toBe((await search({ text: words(text).join(" ") })).total);
      }
      expect(await count("true")).toBe((await publishedIds()).size);
    });

    it("gives each hit what its card shows: places or waiting list, price, the days it runs", async () => {
      const results = await search({ perPage: 400 });
      expect(results.hits.length).toBe(results.total);
      const rows = await queryRows<{
        id: string;
        capacity_unit: string | null;
        capacity_available: number | null;
        waiting_list: boolean;
        waiting_list_weeks: number | null;
        fees: string | null;
        price_pence: number | null;
        bydays: string | null;
      }>(
        database.db,
        sql`select s.id, s.capacity_unit::text, s.capacity_available, s.waiting_list, s.waiting_list_weeks, nullif(btrim(s.fees), '') as fees,
              (select (min(c.amount) * 100)::int from cost_options c where c.service_id = s.id) as price_pence,
              (select string_agg(distinct sc.byday, '|' order by sc.byday) from schedules sc
                 left join service_at_locations sal on sal.id = sc.service_at_location_id
                 where (sc.service_id = s.id or sal.service_id = s.id) and sc.byday <> '') as bydays
            from services s where s.listing_status = 'published'`,
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const hit of results.hits) {
        const row = byId.get(hit.id)!;
        expect(
          {
            capacityUnit: hit.capacityUnit,
            capacityAvailable: hit.capacityAvailable,
            waitingList: hit.waitingList,
            waitingListWeeks: hit.waitingListWeeks,
            fees: hit.fees,
            sessionPricePence: hit.sessionPricePence,
            bydays: hit.bydays.join("|") || null,
          },
          hit.name,
        ).toEqual({
          capacityUnit: row.capacity_unit,
          capacityAvailable: row.capacity_available,
          waitingList: row.waiting_list,
          waitingListWeeks: row.waiting_list_weeks,
          fees: row.fees,
          sessionPricePence: row.price_pence,
          bydays: row.bydays,
        });
      }
      // The demo directory has each case the cards must tell apart.
      expect(results.hits.some((hit) => hit.capacityAvailable === 0 && hit.waitingList && hit.waitingListWeeks !== null)).toBe(true);
      expect(results.hits.some((hit) => (hit.capacityAvailable ?? 0) > 0)).toBe(true);
      expect(results.hits.some((hit) => !hit.isFree && hit.sessionPricePence !== null)).toBe(true);
      expect(results.hits.some((hit) => hit.bydays.some((byday) => /^-?\d[A-Z]{2}$/.test(byday)))).toBe(true);
    });

    it("ignores unknown facet values", async () => {
      const all = await search({});
      const odd = await search({
        needs: ["unicorns" as NeedCode],
        kinds: ["castle" as never],
        accessibility: ["jetpack" as never],
      });
      expect(odd.total).toBe(all.total);
    });
  });
}
