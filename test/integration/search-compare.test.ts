/**
 * The in-memory engine against the SQL reference (search/reference.server.ts), which implements
 * the same rules independently: on random queries over the demo directory (random words from the
 * listings, misspelt, cut short, the vocabulary's phrases, stop words, nonsense; random filters,
 * places, radii, orders and pages), whole results must be equal: every hit with every field, the
 * total, both facets and how the words were used (and what each result card shows). Between rounds the directory changes by SQL
 * (any writer), so the in-memory copy must follow the outbox to stay equal.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { assetKinds, type AssetKind } from "../../db/vocabulary/kinds";
import { accessibilityFeatures, needCodes, type AccessibilityFeatureCode } from "../../db/vocabulary/needs";
import { taxonomyCodes, termId } from "../../db/vocabulary/taxonomy";
import { mulberry32 } from "../../db/seed/random";
import { ListingFeed } from "../../search/listing-feed.server";
import { createMemoryEngine, SearchCatalogue } from "../../search/memory.server";
import { createReferenceEngine } from "../../search/reference.server";
import { words } from "../../search/text";
import type { AssetQuery, DayCode, SearchEngine, SortOrder } from "../../search/types";
import { needWords, stopWords, synonyms } from "../../search/vocabulary";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let memory: SearchEngine;
let catalogue: SearchCatalogue;
let reference: SearchEngine;

beforeAll(async () => {
  database = await createTestDatabase();
  catalogue = new SearchCatalogue(new ListingFeed(database.db));
  memory = createMemoryEngine(database.db, catalogue);
  reference = createReferenceEngine(database.db);
});
afterAll(async () => {
  await database?.destroy();
});

const days: DayCode[] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
const sorts: (SortOrder | undefined)[] = [undefined, "relevance", "distance", "name"];

describe(`the in-memory engine against the SQL reference, on ${testDriver}`, () => {
  it("gives the same whole results for random queries, before and after random changes", async () => {
    const random = mulberry32(20261206);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const chance = (p: number) => random() < p;

    // Edge cases the demo directory lacks: two places (one far), a place with no point, a day
    // kept on the place's schedule, a listing for 80 and over.
    const [first, second, third] = await queryRows<{ id: string }>(
      database.db,
      sql`select id from services where listing_status = 'published' order by name limit 3 offset 40`,
    );
    const [{ id: far }] = (await queryRows<{ id: string }>(
      database.db,
      sql`insert into locations (name, latitude, longitude, postcode) values ('Based in Wisbech', 52.66, 0.16, 'PE13 1AA') returning id`,
    )) as [{ id: string }];
    await database.db.execute(sql`insert into service_at_locations (service_id, location_id) values (${first!.id}::uuid, ${far}::uuid)`);
    const [{ id: nowhere }] = (await queryRows<{ id: string }>(database.db, sql`insert into locations (name) values ('Phone only') returning id`)) as [{ id: string }];
    await database.db.execute(sql`update service_at_locations set location_id = ${nowhere}::uuid where service_id = ${second!.id}::uuid`);
    const [{ id: sal }] = (await queryRows<{ id: string }>(database.db, sql`select id from service_at_locations where service_id = ${third!.id}::uuid limit 1`)) as [{ id: string }];
    await database.db.execute(sql`insert into schedules (service_at_location_id, freq, byday, opens_at, closes_at) values (${sal}::uuid, 'MONTHLY', '2SU,-1SA', '10:00', '12:00')`);
    await database.db.execute(sql`update services set minimum_age = 80, maximum_age = 110 where id = ${third!.id}::uuid`);

    const listingWords = async () => {
      const rows = await queryRows<{ text: string }>(database.db, sql`select name || ' ' || description as text from services where listing_status = 'published'`);
      return [...new Set(rows.flatMap((row) => words(row.text)))].filter((word) => word.length > 1);
    };
    let vocabulary = await listingWords();
    const phrases = [...Object.values(needWords).flat(), ...synonyms.flatMap((entry) => entry.typed.split(",").map((phrase) => phrase.trim()))];
    const postcodes = (await queryRows<{ postcode: string; latitude: number; longitude: number }>(
      database.db,
      sql`select postcode, latitude, longitude from postcodes where district_code = 'E07000009' order by postcode`,
    )).filter((_, index) => index % 37 === 0);

    const misspell = (word: string) => {
      if (word.length < 4) return word;
      const at = 1 + Math.floor(random() * (word.length - 2));
      switch (Math.floor(random() * 4)) {
        case 0:
          return word.slice(0, at) + word.slice(at + 1); // a letter dropped
        case 1:
          return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2); // two swapped
        case 2:
          return word.slice(0, at) + pick([..."aeioustnl"]) + word.slice(at + 1); // one changed
        default:
          return pick([..."bcdkmpsw"]) + word.slice(1); // the first letter changed
      }
    };
    const someText = () => {
      const parts: string[] = [];
      const count = pick([0, 1, 1, 1, 2, 2, 3, 4]);
      for (let i = 0; i < count; i++) {
        const roll = random();
        if (roll < 0.45) parts.push(pick(vocabulary));
        else if (roll < 0.6) parts.push(misspell(pick(vocabulary)));
        else if (roll < 0.75) parts.push(pick(phrases));
        else if (roll < 0.85) parts.push(pick(stopWords));
        else if (roll < 0.92) parts.push(pick(["soham", "ely", "littleport", "burwell", "fordham"]));
        else parts.push(pick(["xyzzy", "swimming", "yoga", "qwerty", "bingo"]));
      }
      if (parts.length && chance(0.2)) {
        const last = parts.pop()!;
        parts.push(last.slice(0, Math.max(2, Math.ceil(last.length * random())))); // typed so far
      }
      return parts.join(" ");
    };
    const someQuery = (): AssetQuery => {
      const place = chance(0.45) ? pick(postcodes) : null;
      return {
        text: someText(),
        page: pick([1, 1, 1, 2, 3]),
        perPage: pick([5, 10, 20, 50]),
        needs: chance(0.25) ? [pick(needCodes), ...(chance(0.3) ? [pick(needCodes)] : [])] : undefined,
        kinds: chance(0.2) ? [pick(assetKinds).code as AssetKind] : undefined,
        accessibility: chance(0.1) ? [pick(accessibilityFeatures).code as AccessibilityFeatureCode] : undefined,
        day: chance(0.15) ? pick(days) : null,
        freeOrLowCost: chance(0.15),
        directPayment: chance(0.1),
        hasCapacity: chance(0.15),
        age: chance(0.1) ? pick([20, 55, 70, 85]) : null,
        near: place ? { latitude: Number(place.latitude), longitude: Number(place.longitude), radiusMiles: pick([0.5, 2, 5, 10, 25]) } : null,
        sort: pick(sorts),
      };
    };

    const seen = { queries: 0, withHits: 0, someWords: 0, impliedNeeds: 0, none: 0, withPlace: 0 };
    const compareRound = async (rounds: number) => {
      for (let i = 0; i < rounds; i++) {
        const query = someQuery();
        const expected = await reference.searchAssets(query);
        expect(await memory.searchAssets(query), JSON.stringify(query)).toEqual(expected);
        seen.queries++;
        if (expected.hits.length) seen.withHits++;
        if (query.near) seen.withPlace++;
        if (expected.wordMatch.kind === "some-words") seen.someWords++;
        if (expected.wordMatch.kind === "implied-needs") seen.impliedNeeds++;
        if (expected.wordMatch.kind === "none") seen.none++;
      }
    };

    const changes = [
      sql`update services set name = 'Riverside Knitting Circle', description = 'Knitting, crochet and a chat by the river. Wool provided.' where id = (select id from services where listing_status = 'published' order by id limit 1 offset 7)`,
      sql`update services set listing_status = 'archived' where id in (select id from services where listing_status = 'published' order by id limit 5 offset 20)`,
      sql`update services set listing_status = 'published' where id in (select id from services where listing_status = 'draft' order by id limit 3)`,
      sql`update locations set latitude = latitude + 0.05, longitude = longitude - 0.04 where id in (select location_id from service_at_locations order by id limit 12 offset 30)`,
      sql`insert into attributes (link_id, link_type, taxonomy_term_id) select id, 'service', ${termId(taxonomyCodes.needs, "memory")}::uuid from services s
            where listing_status = 'published' and not (term_ids @> array[${termId(taxonomyCodes.needs, "memory")}::uuid]) order by id limit 4`,
      sql`delete from schedules where id in (select id from schedules order by id limit 10)`,
      sql`update services set capacity_available = 0 where id in (select id from services where capacity_available > 0 order by id limit 10)`,
      // What the result card shows: the price in words (spaces about it), a waiting list, a session's cost, the days.
      sql`update services set fees = '  £3 a session, tea included  ', waiting_list = true, waiting_list_weeks = 6 where id in (select id from services where listing_status = 'published' order by id limit 6 offset 50)`,
      sql`update cost_options set amount = amount + 2.5 where id in (select id from cost_options order by id limit 8)`,
      sql`insert into schedules (service_id, freq, byday, opens_at, closes_at) select id, 'WEEKLY', 'WE,FR', '09:00', '11:00' from services where listing_status = 'published' order by id limit 5 offset 60`,
    ];
    await compareRound(30);
    for (const change of changes) {
      await database.db.execute(change);
      vocabulary = await listingWords();
      await compareRound(10);
    }
    expect(catalogue.stats.fullLoads).toBe(1);
    expect(catalogue.stats.reloaded).toBeGreaterThan(20);
    // The comparison meant something: many queries found listings, some with a place, and each way of using the words happened.
    expect(seen.queries).toBe(30 + changes.length * 10);
    expect(seen.withHits).toBeGreaterThan(seen.queries / 3);
    expect(seen.withPlace).toBeGreaterThan(20);
    expect(seen.someWords).toBeGreaterThan(3);
    expect(seen.impliedNeeds + seen.none).toBeGreaterThan(3);
  }, 300_000);
});

