/**
 * The search outbox's writers: database triggers queue a listing in the same transaction as
 * any change to its search document, whatever wrote it (domain functions, an ORUK import, SQL).
 */
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { updateCapacity } from "../../app/modules/assets/capacity.server";
import { confirmVerified } from "../../app/modules/verification/worklist.server";
import { importOruk } from "../../app/modules/oruk/harvest.server";
import type { Actor } from "../../app/modules/accounts/permissions";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { orukFixtures } from "../support/oruk";

let database: TestDatabase;
/** A published listing with one location, its own schedule and need links. */
let listing: { id: string; location_id: string; sal_id: string };
let draft: { id: string; location_id: string };
const administrator = { role: "administrator", userId: null, organizationId: null, localities: [] } as const satisfies Actor;

const rows = (db = database.db) =>
  queryRows<{ service_id: string; reason: string }>(db, sql`select service_id, reason from search_outbox where processed_at is null order by id`);

beforeAll(async () => {
  database = await createTestDatabase();
  [listing] = (await queryRows<typeof listing>(
    database.db,
    sql`select s.id, sal.location_id, sal.id as sal_id from services s join service_at_locations sal on sal.service_id = s.id
        where s.listing_status = 'published'
          and (select count(*) from service_at_locations x where x.location_id = sal.location_id) = 1
          -- one the "deleted" case can delete: the demo evidence's referrals keep their listings
          and not exists (select 1 from referrals r where r.service_id = s.id)
        order by s.id limit 1`,
  )) as [typeof listing];
  [draft] = (await queryRows<typeof draft>(
    database.db,
    sql`select s.id, sal.location_id from services s join service_at_locations sal on sal.service_id = s.id
        where s.listing_status = 'draft' order by s.id limit 1`,
  )) as [typeof draft];
});
afterAll(async () => {
  await database?.destroy();
});
beforeEach(async () => {
  await database.db.execute(sql`delete from search_outbox`);
});

describe(`search outbox triggers on ${testDriver}`, () => {
  it("queues a listing in the same transaction as a capacity update, and not at all when it rolls back", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`update services set capacity_available = 7 where id = ${listing.id}::uuid`);
      // Inside the transaction the row is there already …
      expect(await rows(tx as never)).toEqual([{ service_id: listing.id, reason: "services:update" }]);
      tx.rollback();
    }).catch((error: unknown) => {
      if (!(error instanceof Error) || !/rollback/i.test(error.message)) throw error;
    });
    // … and a rolled-back change leaves none.
    expect(await rows()).toEqual([]);

    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`update locations set latitude = latitude + 0.01 where id = ${listing.location_id}::uuid`);
        throw new Error("the form failed after the write");
      }),
    ).rejects.toThrow(/form failed/);
    expect(await rows()).toEqual([]);

    await updateCapacity(database.db, administrator, listing.id, {
      capacityUnit: "places",
      capacityTotal: 10,
      capacityAvailable: 2,
      waitingList: "no",
      waitingListWeeks: undefined,
    } as never);
    expect(await rows()).toEqual([{ service_id: listing.id, reason: "services:update" }]);
  });

  it("queues a listing when verification confirms it (any update of a published listing)", async () => {
    await confirmVerified(database.db, administrator, listing.id, new Date("2031-01-02"));
    expect(await rows()).toEqual([{ service_id: listing.id, reason: "services:update" }]);
  });

  it.each([
    ["locations", (l: typeof listing) => sql`update locations set postcode = postcode where id = ${l.location_id}::uuid`, null],
    ["locations", (l: typeof listing) => sql`update locations set latitude = latitude + 0.001 where id = ${l.location_id}::uuid`, "locations:update"],
    ["addresses", (l: typeof listing) => sql`update addresses set city = city || ' (changed)' where location_id = ${l.location_id}::uuid`, "addresses:update"],
    ["schedules", (l: typeof listing) => sql`insert into schedules (service_id, freq, byday) values (${l.id}::uuid, 'WEEKLY', 'SA')`, "schedules:insert"],
    ["schedules at a location", (l: typeof listing) => sql`insert into schedules (service_at_location_id, freq, byday) values (${l.sal_id}::uuid, 'WEEKLY', 'SU')`, "schedules:insert"],
    ["attributes", (l: typeof listing) => sql`delete from attributes where link_id = ${l.id}::uuid`, "attributes:delete"],
    ["cost_options", (l: typeof listing) => sql`insert into cost_options (service_id, option, amount) values (${l.id}::uuid, 'Session', 2)`, "cost_options:insert"],
    ["service_areas", (l: typeof listing) => sql`insert into service_areas (service_id, name) values (${l.id}::uuid, 'Ely')`, "service_areas:insert"],
    ["service_at_locations", (l: typeof listing) => sql`delete from service_at_locations where id = ${l.sal_id}::uuid`, "service_at_locations:delete"],
    ["services (archived)", (l: typeof listing) => sql`update services set listing_status = 'archived' where id = ${l.id}::uuid`, "services:update"],
    ["services (deleted)", (l: typeof listing) => sql`delete from services where id = ${l.id}::uuid`, "services:delete"],
  ])("captures a change to %s", async (_table, statement, reason) => {
    // why a rolled-back transaction: every case starts from the same seeded listing.
    const queued = await inRolledBackTransaction(async (tx) => {
      await tx.execute(statement(listing));
      return rows(tx);
    });
    expect(queued).toEqual(reason ? [{ service_id: listing.id, reason }] : []); // an update that changes nothing queues nothing
  });

  it("queues a listing link to a location and a location-level attribute for the listings there", async () => {
    const queued = await inRolledBackTransaction(async (tx) => {
      const [{ id: locationId }] = (await queryRows<{ id: string }>(
        tx,
        sql`insert into locations (name, latitude, longitude) values ('Second place', 52.4, 0.26) returning id`,
      )) as [{ id: string }];
      await tx.execute(sql`insert into service_at_locations (service_id, location_id) values (${listing.id}::uuid, ${locationId}::uuid)`);
      await tx.execute(sql`delete from search_outbox`);
      await tx.execute(sql`insert into attributes (link_id, link_type, taxonomy_term_id)
        select ${locationId}::uuid, 'location', id from taxonomy_terms limit 1`);
      return rows(tx);
    });
    expect(queued).toEqual([{ service_id: listing.id, reason: "attributes:insert" }]);
  });

  it("queues a listing once per transaction, however many of its rows change, and again in the next", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`update services set capacity_available = 1 where id = ${listing.id}::uuid`);
      await tx.execute(sql`insert into cost_options (service_id, option, amount) values (${listing.id}::uuid, 'Tea', 1)`);
      await tx.execute(sql`update locations set latitude = latitude + 0.0001 where id = ${listing.location_id}::uuid`);
    });
    expect(await rows()).toEqual([{ service_id: listing.id, reason: "services:update" }]);
    // Another transaction's row is never reused: a worker may take it before this one commits.
    await database.db.execute(sql`update services set name = name || ' (renamed)' where id = ${listing.id}::uuid`);
    expect(await rows()).toEqual([
      { service_id: listing.id, reason: "services:update" },
      { service_id: listing.id, reason: "services:update" },
    ]);
  });

  it("ignores edits to an unpublished listing's own row, queues changes to its details, and queues it the moment it is published", async () => {
    await database.db.execute(sql`update services set name = name || ' draft edit' where id = ${draft.id}::uuid`);
    await database.db.execute(sql`update locations set latitude = latitude where id = ${draft.location_id}::uuid`);
    expect(await rows()).toEqual([]);
    // Details are queued whatever the status (migration outbox_for_matching): a transaction
    // publishing the listing at the same moment would otherwise leave this change unseen.
    await database.db.execute(sql`insert into cost_options (service_id, option, amount) values (${draft.id}::uuid, 'Tea', 1)`);
    expect(await rows()).toEqual([{ service_id: draft.id, reason: "cost_options:insert" }]);
    await database.db.execute(sql`update services set listing_status = 'published' where id = ${draft.id}::uuid`);
    expect(await rows()).toEqual([
      { service_id: draft.id, reason: "cost_options:insert" },
      { service_id: draft.id, reason: "services:update" },
    ]);
  });

  it("queues listings an ORUK import publishes", async () => {
    const report = await importOruk(database.db, path.join(orukFixtures, "examples/service_full.json"), { publish: true });
    const imported = [...report.created, ...report.updated].map((service) => service.id);
    expect(imported.length).toBeGreaterThan(0);
    const queued = new Set((await rows()).map((row) => row.service_id));
    for (const id of imported) expect(queued.has(id), id).toBe(true);
  });
});

async function inRolledBackTransaction<T>(work: (tx: TestDatabase["db"]) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await database.db
    .transaction(async (tx) => {
      result = await work(tx as unknown as TestDatabase["db"]);
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error) || !/rollback/i.test(error.message)) throw error;
    });
  return result as T;
}
