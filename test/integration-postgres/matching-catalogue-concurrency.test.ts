/**
 * The matching catalogue with writers running side by side (PostgreSQL server only: PGlite is
 * one session). A transaction that began writing before another, but commits after it, is the
 * case a "read the outbox past the last row seen" design misses: the later one's rows are seen
 * first, and the earlier one's rows then land behind the cursor. The catalogue instead asks for
 * rows written by transactions not finished when it last looked, so it must see both.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "../../db/client.server";
import { MatchingCatalogue } from "../../app/modules/matching/catalogue.server";
import { matchPerson } from "../../app/modules/matching/engine";
import { loadCandidates, type PersonForMatching } from "../../app/modules/matching/matching.server";
import { sohamPerson } from "../support/matching-people";
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
  person = await sohamPerson(database.db);
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

  it("sees a change to a listing's details made while another transaction was publishing it", async () => {
    // The case migration outbox_for_matching closes: the details' writer saw a draft.
    const tuesdays = { ...person, preferredDays: ["TU"] };
    const catalogue = new MatchingCatalogue(database.db);
    const match = async () => matchPerson(tuesdays, (await catalogue.candidatesFor(tuesdays))!, { today });
    const truth = async () => matchPerson(tuesdays, await loadCandidates(database.db, tuesdays), { today });
    const listing = (await match()).matches[2]!;
    await database.db.execute(sql`update services set listing_status = 'draft' where id = ${listing.id}::uuid`);
    expect((await match()).matches.map((m) => m.id)).not.toContain(listing.id);

    let published!: () => void;
    const publishing = new Promise<void>((resolve) => (published = resolve));
    let commitPublish!: () => void;
    const publishCommits = new Promise<void>((resolve) => (commitPublish = resolve));
    const publisher = writer.db.transaction(async (tx) => {
      await tx.execute(sql`update services set listing_status = 'published' where id = ${listing.id}::uuid`);
      published();
      await publishCommits;
    });
    await publishing;
    let scheduled!: () => void;
    const scheduling = new Promise<void>((resolve) => (scheduled = resolve));
    let commitSchedule!: () => void;
    const scheduleCommits = new Promise<void>((resolve) => (commitSchedule = resolve));
    const scheduler = database.db.transaction(async (tx) => {
      await tx.execute(sql`delete from schedules where service_id = ${listing.id}::uuid`);
      await tx.execute(sql`insert into schedules (service_id, freq, byday, opens_at, closes_at) values (${listing.id}::uuid, 'WEEKLY', 'SU', '10:00', '12:00')`);
      scheduled();
      await scheduleCommits;
    });
    await scheduling;
    commitPublish();
    await publisher;
    const published_ = await match();
    expect(published_).toEqual(await truth());
    expect(published_.matches.map((m) => m.id)).toContain(listing.id);
    commitSchedule();
    await scheduler;
    const after = await match();
    expect(after).toEqual(await truth());
    expect(after.excluded.find((entry) => entry.id === listing.id)?.reason).toBe("schedule");
    expect(catalogue.stats.fullLoads).toBe(1);
  });

  it("does not reload the same listings on every match while a long transaction stays open", async () => {
    const catalogue = new MatchingCatalogue(database.db);
    await catalogue.warm();
    let opened!: () => void;
    const open = new Promise<void>((resolve) => (opened = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    // Holds a transaction id (so the oldest running transaction, the snapshot's xmin) open.
    const idle = writer.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_current_xact_id()`);
      opened();
      await finished;
    });
    await open;
    try {
      await database.db.execute(sql`update services set capacity_available = coalesce(capacity_available, 0) + 1
        where id = (select id from services where listing_status = 'published' order by id limit 1)`);
      await catalogue.candidatesFor(person);
      expect(catalogue.stats.reloaded).toBe(1);
      for (let i = 0; i < 3; i++) await catalogue.candidatesFor(person);
      expect(catalogue.stats.reloaded).toBe(1);
    } finally {
      finish();
      await idle;
    }
  });

  it("gives matches running side by side the same answers as one at a time", async () => {
    const catalogue = new MatchingCatalogue(database.db);
    const people = [5, 10, 15, 25].map((miles) => ({ ...person, maxTravelMiles: miles }));
    const together = await Promise.all(people.map(async (who) => matchPerson(who, (await catalogue.candidatesFor(who))!, { today })));
    for (const [index, who] of people.entries()) expect(together[index]).toEqual(matchPerson(who, await loadCandidates(database.db, who), { today }));
    expect(catalogue.stats.fullLoads).toBe(1);
  });
});
