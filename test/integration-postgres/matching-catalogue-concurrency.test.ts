/**
 * The matching catalogue with writers running side by side (PostgreSQL server only: PGlite is
 * one session). A transaction that began writing before another, but commits after it, is the
 * case a "read the outbox past the last row seen" design misses: the later one's rows are seen
 * first, and the earlier one's rows then land behind the cursor. The catalogue instead asks for
 * rows written by transactions not finished when it last looked, so it must see both.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "../../db/client.server";
import { postcodes } from "../../db/schema";
import { MatchingCatalogue } from "../../app/modules/matching/catalogue.server";
import { matchPerson } from "../../app/modules/matching/engine";
import { loadCandidates, type PersonForMatching } from "../../app/modules/matching/matching.server";
import { createTestDatabase, type TestDatabase } from "../support/database";

let database: TestDatabase;
let writer: DatabaseHandle;
let person: PersonForMatching;
const today = "2026-11-29";

beforeAll(async () => {
  database = await createTestDatabase();
  const [{ name }] = (await queryRows<{ name: string }>(database.db, sql`select current_database() as name`)) as [{ name: string }];
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  writer = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
  const [place] = await database.db.select().from(postcodes).where(eq(postcodes.postcode, "CB7 5AA"));
  person = {
    needs: ["social-connection", "falls-home-safety", "getting-out"],
    riskFactors: ["loneliness", "fall"],
    ageBand: "75-84",
    preferredDays: [],
    preferredTimes: [],
    maxTravelMiles: 10,
    maxHourlyRatePence: null,
    hasDirectPayment: false,
    latitude: place!.latitude,
    longitude: place!.longitude,
    wardCode: place!.wardCode,
    districtCode: place!.districtCode,
  };
});
afterAll(async () => {
  await writer?.close();
  await database?.destroy();
});

describe("the matching catalogue with concurrent writers", () => {
  it("sees a change committed after a later transaction's change was already seen", async () => {
    const catalogue = new MatchingCatalogue(database.db);
    const match = async () => matchPerson(person, (await catalogue.candidatesFor(person))!, { today });
    const truth = async () => matchPerson(person, await loadCandidates(database.db, person), { today });
    const first = await match();
    const [early, late] = first.matches;
    expect(early && late).toBeTruthy();

    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // The early transaction writes first (so has the lower transaction id) and stays open …
    const earlyTransaction = writer.db.transaction(async (tx) => {
      await tx.execute(sql`update services set capacity_unit = 'places', capacity_available = 0, waiting_list = false where id = ${early!.id}::uuid`);
      wrote();
      await released;
    });
    await written;
    // … while a later one commits.
    await database.db.execute(sql`update services set listing_status = 'archived' where id = ${late!.id}::uuid`);
    const between = await match();
    expect(between).toEqual(await truth());
    expect(between.matches.map((m) => m.id)).not.toContain(late!.id);
    expect(between.matches.map((m) => m.id)).toContain(early!.id);

    release();
    await earlyTransaction;
    const after = await match();
    expect(after).toEqual(await truth());
    expect(after.excluded.find((entry) => entry.id === early!.id)?.reason).toBe("full");
    expect(catalogue.stats.fullLoads).toBe(1);
  });

  it("gives matches running side by side the same answers as one at a time", async () => {
    const catalogue = new MatchingCatalogue(database.db);
    const people = [5, 10, 15, 25].map((miles) => ({ ...person, maxTravelMiles: miles }));
    const together = await Promise.all(people.map(async (who) => matchPerson(who, (await catalogue.candidatesFor(who))!, { today })));
    for (const [index, who] of people.entries()) expect(together[index]).toEqual(matchPerson(who, await loadCandidates(database.db, who), { today }));
    expect(catalogue.stats.fullLoads).toBe(1);
  });
});
