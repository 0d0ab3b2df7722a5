/**
 * The matching catalogue (app/modules/matching/catalogue.server.ts) against the database it
 * mirrors: for many people over the demo directory, matching from memory gives exactly what
 * matching from the candidate statement gives (ranked matches, reasons, combination, every
 * left-out listing and why), and after each kind of change (by SQL, so by any writer: the
 * triggers are what it relies on) the next match sees it.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { taxonomyCodes, termId } from "../../db/vocabulary/taxonomy";
import { MatchingCatalogue } from "../../app/modules/matching/catalogue.server";
import { matchPerson, type MatchPerson } from "../../app/modules/matching/engine";
import { findMatches, loadCandidates, type PersonForMatching } from "../../app/modules/matching/matching.server";
import { sohamPerson } from "../support/matching-people";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let soham: PersonForMatching;
const today = "2026-11-29";

const fromDatabase = async (person: PersonForMatching) => matchPerson(person, await loadCandidates(database.db, person), { today });
const fromCatalogue = async (catalogue: MatchingCatalogue, person: PersonForMatching) => {
  const candidates = await catalogue.candidatesFor(person);
  if (!candidates) throw new Error("the catalogue stood aside");
  return matchPerson(person, candidates, { today });
};

beforeAll(async () => {
  database = await createTestDatabase();
  soham = await sohamPerson(database.db);
});
afterAll(async () => {
  await database?.destroy();
});

describe(`the matching catalogue on ${testDriver}`, () => {
  it("gives exactly what the candidate statement gives, for 60 people across the county", async () => {
    // 30 postcodes spread over East Cambridgeshire (where the demo directory is) and 30 over the
    // rest of the county (neighbours in postcode order would cluster, so every nth).
    const spread = await queryRows<{ latitude: number; longitude: number; ward_code: string; district_code: string }>(
      database.db,
      sql`select latitude, longitude, ward_code, district_code from (
            select *, row_number() over w as n, count(*) over (partition by district_code = ${soham.districtCode}) as total
            from postcodes window w as (partition by district_code = ${soham.districtCode} order by postcode)
          ) p where n % (total / 30) = 0 and n <= (total / 30) * 30 order by district_code = ${soham.districtCode}, n`,
    );
    expect(spread.length).toBe(60);
    const variants: Array<Partial<MatchPerson>> = [
      {},
      { needs: ["memory", "carer-support"], riskFactors: ["carer-burden"], preferredDays: ["MO", "WE"], preferredTimes: ["morning"], maxTravelMiles: 5 },
      { needs: ["daily-living"], ageBand: "18-24", maxHourlyRatePence: 0, maxTravelMiles: 25 },
      { needs: ["money-advice-digital", "confidence-health", "getting-out"], maxHourlyRatePence: 1500, hasDirectPayment: true, preferredTimes: ["evening"], maxTravelMiles: null },
    ];
    const catalogue = new MatchingCatalogue(database.db);
    let compared = 0;
    let matched = 0;
    let leftOut = 0;
    let someMatched = 0;
    for (const [index, place] of spread.entries()) {
      const person: PersonForMatching = {
        ...soham,
        ...variants[index % variants.length],
        latitude: Number(place.latitude),
        longitude: Number(place.longitude),
        wardCode: place.ward_code,
        districtCode: place.district_code,
      };
      const expected = await fromDatabase(person);
      expect(await fromCatalogue(catalogue, person)).toEqual(expected);
      compared++;
      matched += expected.matches.length;
      if (expected.matches.length > 0) someMatched++;
      leftOut += expected.excluded.length;
    }
    expect(compared).toBe(60);
    // The comparison meant something: plenty matched and plenty were left out, for reasons.
    // (The demo directory is in East Cambridgeshire; people elsewhere in the county find less.)
    expect(someMatched).toBeGreaterThanOrEqual(25);
    expect(matched).toBeGreaterThan(300);
    expect(leftOut).toBeGreaterThan(50);
    expect(catalogue.stats.fullLoads).toBe(1);
  });

  it("sees every kind of change on the next match, reloading only the listings changed", async () => {
    const catalogue = new MatchingCatalogue(database.db);
    const first = await fromCatalogue(catalogue, soham);
    expect(first).toEqual(await fromDatabase(soham));
    expect(first.matches.length).toBeGreaterThan(5);
    const [top, second, third, fourth, fifth] = first.matches;
    const listed = catalogue.stats.listings;

    const expectChange = async (change: SQL, check: (result: Awaited<ReturnType<typeof fromDatabase>>) => void) => {
      const reloadedBefore = catalogue.stats.reloaded;
      await database.db.execute(change);
      const result = await fromCatalogue(catalogue, soham);
      expect(result).toEqual(await fromDatabase(soham));
      check(result);
      expect(catalogue.stats.fullLoads).toBe(1);
      expect(catalogue.stats.reloaded - reloadedBefore).toBeGreaterThanOrEqual(1);
      expect(catalogue.stats.reloaded - reloadedBefore).toBeLessThan(20);
    };
    const reasonFor = (result: Awaited<ReturnType<typeof fromDatabase>>, id: string) => result.excluded.find((entry) => entry.id === id)?.reason;

    // No places and no waiting list: left out as full.
    await expectChange(sql`update services set capacity_unit = 'places', capacity_available = 0, waiting_list = false where id = ${top!.id}::uuid`, (result) =>
      expect(reasonFor(result, top!.id)).toBe("full"),
    );
    // Archived: gone altogether.
    await expectChange(sql`update services set listing_status = 'archived' where id = ${second!.id}::uuid`, (result) => {
      expect(result.matches.map((match) => match.id)).not.toContain(second!.id);
      expect(reasonFor(result, second!.id)).toBeUndefined();
    });
    // Its venue moved 50 miles north: out of reach.
    await expectChange(
      sql`update locations set latitude = latitude + 0.75 where id in (select location_id from service_at_locations where service_id = ${third!.id}::uuid)`,
      (result) => expect(result.matches.map((match) => match.id)).not.toContain(third!.id),
    );
    // Now meets none of the person's needs.
    await expectChange(
      sql`delete from attributes where link_type = 'service' and link_id = ${fourth!.id}::uuid and taxonomy_term_id in (
            select id from taxonomy_terms where taxonomy_id = (select taxonomy_id from taxonomy_terms where id = ${termId(taxonomyCodes.needs, "social-connection")}::uuid))`,
      (result) => expect(result.matches.map((match) => match.id)).not.toContain(fourth!.id),
    );
    // A schedule on Sundays only, for a person who said Tuesdays.
    const tuesdays = { ...soham, preferredDays: ["TU"] };
    await database.db.execute(sql`delete from schedules where service_id = ${fifth!.id}::uuid`);
    await database.db.execute(sql`insert into schedules (service_id, freq, byday, opens_at, closes_at) values (${fifth!.id}::uuid, 'WEEKLY', 'SU', '10:00', '12:00')`);
    const sundays = await fromCatalogue(catalogue, tuesdays);
    expect(sundays).toEqual(await fromDatabase(tuesdays));
    expect(reasonFor(sundays, fifth!.id)).toBe("schedule");
    // A session price over their budget of nothing.
    const freeOnly = { ...soham, maxHourlyRatePence: 0 };
    await database.db.execute(sql`update services set is_free = false, hourly_rate_pence = null where id = ${fifth!.id}::uuid`);
    await database.db.execute(sql`delete from schedules where service_id = ${fifth!.id}::uuid`);
    await database.db.execute(sql`insert into cost_options (service_id, amount) values (${fifth!.id}::uuid, 3.5)`);
    const priced = await fromCatalogue(catalogue, freeOnly);
    expect(priced).toEqual(await fromDatabase(freeOnly));
    expect(reasonFor(priced, fifth!.id)).toBe("cost");

    // A bulk write (the importer's path: triggers off, then search_bulk_loaded queues the lot).
    const gettingOut = termId(taxonomyCodes.needs, "getting-out");
    const others = await queryRows<{ id: string }>(
      database.db,
      sql`select s.id from services s where s.listing_status = 'published' and s.status = 'active'
            and not (s.term_ids && array[${gettingOut}]::uuid[]) order by s.id limit 3`,
    );
    expect(others.length).toBe(3);
    const ids = others.map((row) => row.id);
    const anywhere = { ...soham, needs: ["getting-out"], maxTravelMiles: 100 };
    const before = (await catalogue.candidatesFor(anywhere))!.map((candidate) => candidate.id);
    expect(before.filter((id) => ids.includes(id))).toEqual([]);
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local atlas.bulk_load = 'on'`);
      for (const id of ids) await tx.execute(sql`insert into attributes (link_id, link_type, taxonomy_term_id) values (${id}::uuid, 'service', ${gettingOut}::uuid)`);
      const list = `{${ids.join(",")}}`;
      await tx.execute(sql`select search_bulk_loaded(${list}::uuid[], ${list}::uuid[], 'test:bulk')`);
    });
    const after = (await catalogue.candidatesFor(anywhere))!.map((candidate) => candidate.id);
    expect(after.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect([...after].sort()).toEqual((await loadCandidates(database.db, anywhere)).map((candidate) => candidate.id).sort());

    // A rolled-back change is never seen.
    await database.db
      .transaction(async (tx) => {
        await tx.execute(sql`update services set listing_status = 'archived' where id = ${fifth!.id}::uuid`);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || !/rollback/i.test(error.message)) throw error;
      });
    expect(await fromCatalogue(catalogue, freeOnly)).toEqual(await fromDatabase(freeOnly));
    // What it holds is every published, active listing that meets a need, as the database says.
    const [held] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from services s where s.listing_status = 'published' and s.status = 'active'
            and exists (select 1 from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id
                        where a.link_type = 'service' and a.link_id = s.id and t.taxonomy_id = (select taxonomy_id from taxonomy_terms where id = ${gettingOut}::uuid))`,
    );
    expect(catalogue.stats.listings).toBe(Number(held!.n));
    expect(catalogue.stats.listings).toBeLessThan(listed + 3);
    expect(catalogue.stats.fullLoads).toBe(1);
  });

  it("follows deletions, closures, new service areas and listings with several places", async () => {
    const catalogue = new MatchingCatalogue(database.db);
    const county = { ...soham, maxTravelMiles: 30 };
    const held = async () => new Set((await catalogue.candidatesFor(county))!.map((candidate) => candidate.id));
    const truth = async () => new Set((await loadCandidates(database.db, county)).map((candidate) => candidate.id));
    const same = async () => {
      expect(await fromCatalogue(catalogue, county)).toEqual(await fromDatabase(county));
      expect(await held()).toEqual(await truth());
    };
    await same();
    const ranked = (await fromCatalogue(catalogue, county)).matches;
    const unreferred = await queryRows<{ id: string }>(
      database.db,
      sql`select s.id from services s where s.id = any(${`{${ranked.map((match) => match.id).join(",")}}`}::uuid[])
            and not exists (select 1 from referrals r where r.service_id = s.id) order by s.id`,
    );
    expect(unreferred.length).toBeGreaterThanOrEqual(2);
    const gone = unreferred[0]!;
    const [closed, served, twoPlaces] = ranked.filter((match) => match.id !== gone.id);
    expect(twoPlaces).toBeDefined();

    await database.db.execute(sql`delete from services where id = ${gone!.id}::uuid`);
    await database.db.execute(sql`update services set status = 'inactive' where id = ${closed!.id}::uuid`);
    expect(await held()).not.toContain(gone!.id);
    expect(await held()).not.toContain(closed!.id);
    await same();

    // A place people go to serves whoever can travel there, whatever area it names; one that
    // comes to the home, serving only another district, is left out for where the person lives.
    await database.db.execute(sql`delete from service_areas where service_id = ${served!.id}::uuid`);
    await database.db.execute(sql`insert into service_areas (service_id, district_code) select ${served!.id}::uuid, code from districts where code <> ${soham.districtCode} limit 1`);
    expect((await fromCatalogue(catalogue, county)).excluded.find((entry) => entry.id === served!.id)?.reason).not.toBe("area");
    await same();
    await database.db.execute(sql`update services set delivery = 'to_home' where id = ${served!.id}::uuid`);
    await database.db.execute(sql`delete from service_areas where service_id = ${served!.id}::uuid`);
    await database.db.execute(sql`insert into service_areas (service_id, district_code) select ${served!.id}::uuid, code from districts where code <> ${soham.districtCode} limit 1`);
    const result = await fromCatalogue(catalogue, county);
    expect(result.excluded.find((entry) => entry.id === served!.id)?.reason).toBe("area");
    await same();

    // A second place, 40 miles away and then in Soham: the nearer one counts.
    const [{ id: far }] = (await queryRows<{ id: string }>(
      database.db,
      sql`insert into locations (name, latitude, longitude) values ('Far hall', ${soham.latitude + 0.6}, ${soham.longitude}) returning id`,
    )) as [{ id: string }];
    await database.db.execute(sql`insert into service_at_locations (service_id, location_id) values (${twoPlaces!.id}::uuid, ${far}::uuid)`);
    await same();
    await database.db.execute(sql`update locations set latitude = ${soham.latitude}, longitude = ${soham.longitude} where id = ${far}::uuid`);
    await same();
    const moved = (await catalogue.candidatesFor(county))!.find((candidate) => candidate.id === twoPlaces!.id);
    expect(moved?.distanceMiles).toBe(0);
    expect(catalogue.stats.fullLoads).toBe(1);
  });

  it("loads everything again when the outbox was trimmed of rows its last look may not have seen", async () => {
    const catalogue = new MatchingCatalogue(database.db);
    await catalogue.warm();
    // A trim of old rows (written long before the last look) changes nothing …
    await database.db.execute(sql`update search_outbox_trimmed set up_to = '1'::xid8`);
    await fromCatalogue(catalogue, soham);
    expect(catalogue.stats.fullLoads).toBe(1);
    // … but rows of a transaction still running at the last look (a long one) might not have
    // been seen: the next match loads everything.
    await database.db.execute(sql`update search_outbox_trimmed set up_to = pg_current_xact_id()`);
    expect(await fromCatalogue(catalogue, soham)).toEqual(await fromDatabase(soham));
    expect(catalogue.stats.fullLoads).toBe(2);
    await fromCatalogue(catalogue, soham);
    expect(catalogue.stats.fullLoads).toBe(2);
  });

  it("loads everything again after a change too large to reload listing by listing", async () => {
    const catalogue = new MatchingCatalogue(database.db, { maxReloaded: 2 });
    expect(await fromCatalogue(catalogue, soham)).toEqual(await fromDatabase(soham));
    await database.db.execute(sql`update services set capacity_available = 0, waiting_list = false
      where id in (select id from services where listing_status = 'published' order by id limit 3)`);
    const result = await fromCatalogue(catalogue, soham);
    expect(result).toEqual(await fromDatabase(soham));
    expect(catalogue.stats.fullLoads).toBe(2);
    expect(catalogue.stats.reloaded).toBe(0);
  });

  it("stands aside for a directory larger than it will hold, and findMatches then reads the database", async () => {
    const catalogue = new MatchingCatalogue(database.db, { maxListings: 10 });
    expect(await catalogue.candidatesFor(soham)).toBeNull();
    expect(catalogue.stats.listings).toBe(0);
    // Asked again soon after, it does not count the directory again.
    expect(await catalogue.candidatesFor(soham)).toBeNull();
    expect(catalogue.stats.fullLoads).toBe(1);
  });

  it("is what findMatches uses, and gives nothing for a person with no needs", async () => {
    const result = await findMatches(database.db, soham, { today });
    expect(result.matches).toEqual((await fromDatabase(soham)).matches);
    const catalogue = new MatchingCatalogue(database.db);
    expect(await catalogue.candidatesFor({ ...soham, needs: [] })).toEqual([]);
    expect(catalogue.stats.fullLoads).toBe(0);
  });
});
