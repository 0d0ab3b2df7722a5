/**
 * Candidate loading against the demo directory: the SQL narrows but never decides. Skipping the
 * details of listings that fail the engine's column-only rules must give exactly the same
 * matches, combination and left-out listings (with their reasons) as fetching everything; distances agree with the
 * great circle; listings outside the limit, unpublished or meeting none of the needs never load.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { postcodes, serviceAreas, services } from "../../db/schema";
import { matchPerson, type MatchPerson } from "../../app/modules/matching/engine";
import { loadCandidates, whyLeftOut, type PersonForMatching } from "../../app/modules/matching/matching.server";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let soham: { latitude: number; longitude: number; wardCode: string; districtCode: string };

beforeAll(async () => {
  database = await createTestDatabase();
  const [place] = await database.db.select().from(postcodes).where(eq(postcodes.postcode, "CB7 5AA"));
  soham = { latitude: place!.latitude, longitude: place!.longitude, wardCode: place!.wardCode, districtCode: place!.districtCode };
});
afterAll(async () => {
  await database?.destroy();
});

const base: Omit<MatchPerson, "wardCode" | "districtCode"> = {
  needs: ["social-connection", "falls-home-safety"],
  riskFactors: ["loneliness", "fall"],
  ageBand: "75-84",
  preferredDays: ["TU"],
  preferredTimes: [],
  maxTravelMiles: null,
  maxHourlyRatePence: 0,
  hasDirectPayment: false,
};

const people: Array<[string, Partial<MatchPerson>]> = [
  ["free only, Tuesdays", {}],
  ["up to £12 an hour with a Direct Payment", { maxHourlyRatePence: 1200, hasDirectPayment: true, needs: ["daily-living", "getting-out"] }],
  ["aged 18 to 24, any cost, evenings", { ageBand: "18-24", maxHourlyRatePence: null, preferredDays: [], preferredTimes: ["evening"] }],
  ["every need, 15 miles, any day", { needs: ["social-connection", "carer-support", "falls-home-safety", "getting-out", "daily-living", "memory", "confidence-health", "money-advice-digital"], maxTravelMiles: 15, preferredDays: [], maxHourlyRatePence: null }],
];

describe(`candidate loading on ${testDriver}`, () => {
  for (const [label, changes] of people) {
    it(`gives the same result with or without the details it skips: ${label}`, async () => {
      const person: PersonForMatching = { ...base, ...soham, ...changes };
      const options = { today: "2026-11-29" };
      const skipping = await loadCandidates(database.db, person);
      const everything = await loadCandidates(database.db, person, { allDetails: true });
      expect(skipping.map((c) => c.id).sort()).toEqual(everything.map((c) => c.id).sort());
      const fast = matchPerson(person, skipping, options);
      const full = matchPerson(person, everything, options);
      expect(fast.matches).toEqual(full.matches);
      expect(fast.combination).toEqual(full.combination);
      // Every listing left out, with the same reason (the first rule it fails).
      expect(fast.excluded).toEqual(full.excluded);
      expect(full.matches.length).toBeGreaterThan(0);
    });
  }

  it("loads only published listings within the limit (or coming to the home) that meet a need, with great-circle distances", async () => {
    const person: PersonForMatching = { ...base, ...soham, maxTravelMiles: 3 };
    const candidates = await loadCandidates(database.db, person);
    expect(candidates.length).toBeGreaterThan(5);
    const ids = candidates.map((c) => c.id);
    const statuses = await database.db.select({ id: services.id, status: services.listingStatus }).from(services);
    const status = new Map(statuses.map((row) => [row.id, row.status]));
    for (const candidate of candidates) {
      expect(status.get(candidate.id)).toBe("published");
      expect(candidate.needs.some((need) => person.needs.includes(need))).toBe(true);
      if (candidate.distanceMiles !== null) expect(candidate.distanceMiles).toBeLessThanOrEqual(3);
      else expect(candidate.comesToHome).toBe(true);
    }
    const exact = await queryRows<{ id: string; miles: number }>(
      database.db,
      sql`select sal.service_id as id, min(earth_distance(ll_to_earth(${person.latitude}::float8, ${person.longitude}::float8), ll_to_earth(l.latitude, l.longitude))) / 1609.344 as miles
          from locations l join service_at_locations sal on sal.location_id = l.id
          where sal.service_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) group by sal.service_id`,
    );
    for (const row of exact) {
      const loaded = candidates.find((c) => c.id === row.id)!;
      // The great circle itself, rounded to hundredths of a mile.
      if (loaded.distanceMiles !== null) expect(Math.abs(loaded.distanceMiles - Number(row.miles))).toBeLessThanOrEqual(0.005 + 1e-9);
    }
  });

  it("lets distance decide for a place people go to, and the declared area for a service that comes to the home", async () => {
    const person: PersonForMatching = { ...base, ...soham, preferredDays: [], maxTravelMiles: 3 };
    const today = "2026-11-29";
    const venue = matchPerson(person, await loadCandidates(database.db, person), { today }).matches.find((match) => match.distanceMiles !== null)!;
    expect(venue).toBeDefined();
    // Its only declared area is another ward (Ely East): as a listing form's default would make it.
    await database.db.delete(serviceAreas).where(eq(serviceAreas.serviceId, venue.id));
    await database.db.insert(serviceAreas).values({ serviceId: venue.id, wardCode: "E05011563", districtCode: "E07000009" });
    const asVenue = matchPerson(person, await loadCandidates(database.db, person), { today });
    expect(asVenue.matches.map((match) => match.id)).toContain(venue.id);
    expect(await whyLeftOut(database.db, person, venue.id, today)).toBeNull();

    await database.db.update(services).set({ delivery: "to_home" }).where(eq(services.id, venue.id));
    const asHomeService = matchPerson(person, await loadCandidates(database.db, person), { today });
    expect(asHomeService.matches.map((match) => match.id)).not.toContain(venue.id);
    expect(asHomeService.excluded.find((entry) => entry.id === venue.id)).toMatchObject({ reason: "area" });
    expect(await whyLeftOut(database.db, person, venue.id, today)).toMatchObject({ reason: "area" });
    // Serving Soham South again, it fits.
    await database.db.insert(serviceAreas).values({ serviceId: venue.id, wardCode: soham.wardCode, districtCode: soham.districtCode });
    expect(matchPerson(person, await loadCandidates(database.db, person), { today }).matches.map((match) => match.id)).toContain(venue.id);
  });

  it("loads nothing for a person with no needs", async () => {
    expect(await loadCandidates(database.db, { ...base, ...soham, needs: [] })).toEqual([]);
  });
});
