/**
 * The listing writer (app/modules/listings/writer.server.ts) on its own: the locality rule it
 * applies to every writer, and an import written in batches that fails part-way, which must
 * leave every listing as it was.
 */
import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { listingRows, type ListingRows } from "../../db/listings/rows";
import { readListingRows } from "../../db/listings/write";
import { services, userLocalities, users } from "../../db/schema";
import { stableId } from "../../db/vocabulary/ids";
import type { Actor } from "../../app/modules/accounts/permissions";
import { scopeProblems, writeListingsInBatches, type ListingWrite } from "../../app/modules/listings/writer.server";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let coordinator: Actor;
const administrator: Actor = { role: "administrator", userId: null, organizationId: null, localities: [] };

beforeAll(async () => {
  database = await createTestDatabase();
  const [user] = await database.db.select().from(users).where(eq(users.role, "coordinator"));
  const localities = await database.db.select({ wardCode: userLocalities.wardCode, districtCode: userLocalities.districtCode }).from(userLocalities).where(eq(userLocalities.userId, user!.id));
  coordinator = { role: "coordinator", userId: user!.id, organizationId: null, localities };
});
afterAll(async () => {
  await database?.destroy();
});

/** A new listing at a postcode, as the CSV import would write it. */
async function newListing(postcode: string, name: string): Promise<ListingWrite> {
  const [place] = await queryRows<{ latitude: number; longitude: number; ward_code: string; district_code: string }>(
    database.db,
    sql`select latitude, longitude, ward_code, district_code from postcodes where postcode = ${postcode}`,
  );
  const id = randomUUID();
  const [organisation] = await database.db.select({ id: services.organizationId }).from(services).limit(1);
  const rows = listingRows(
    {
      key: id,
      organization: { key: id, name: "Writer Test", description: "", email: null, website: null },
      name,
      description: "A listing written by the writer's test.",
      kind: "vcs_group",
      needs: ["social-connection"],
      accessibility: [],
      town: "Soham",
      postcode: { postcode, latitude: Number(place!.latitude), longitude: Number(place!.longitude), wardCode: place!.ward_code, districtCode: place!.district_code },
      venue: null,
      schedules: [{ freq: "WEEKLY", byday: "TU", opensAt: "10:00", closesAt: "12:00", description: null }],
      isFree: true,
      fees: null,
      hourlyRatePence: null,
      costOption: null,
      capacity: null,
      directPayment: false,
      regulated: false,
      regulator: null,
      minimumAge: null,
      maximumAge: null,
      contact: { name: "Test", title: null, phone: "01632 960000", email: null },
      listingStatus: "published",
      lastVerifiedAt: "2026-06-01",
      serviceArea: null,
    },
    { service: id, organization: organisation!.id, child: () => randomUUID() },
  );
  delete rows.organization;
  return { rows, audit: { action: "asset.import", details: { test: true } } };
}

describe(`the listing writer on ${testDriver}`, () => {
  it("applies the locality rule to where a listing is and where it would be", async () => {
    const sohamPostcode = "CB7 5BX"; // Soham South: one of the demo coordinator's wards
    const elyPostcode = "CB7 4BX"; // Ely West: not
    const inside = await newListing(sohamPostcode, "Inside");
    const outside = await newListing(elyPostcode, "Outside");
    expect(await scopeProblems(database.db, coordinator, [inside])).toEqual([]);
    expect(await scopeProblems(database.db, coordinator, [outside])).toEqual([{ index: 0, kind: "place", message: expect.stringMatching(/^CB7 4BX is outside your localities/) }]);
    expect(await scopeProblems(database.db, administrator, [outside])).toEqual([]);
    // An existing listing in Ely may not be changed at all, even to move it into Soham.
    const [ely] = await queryRows<{ id: string }>(
      database.db,
      sql`select s.id from services s join service_at_locations sal on sal.service_id = s.id join locations l on l.id = sal.location_id
          join wards w on w.code = l.ward_code where w.name = 'Ely West' limit 1`,
    );
    const intoSoham = { ...inside, rows: { ...inside.rows, service: { ...inside.rows.service, id: ely!.id } } };
    expect((await scopeProblems(database.db, coordinator, [intoSoham])).map((problem) => problem.kind)).toEqual(["listing"]);
  });

  it("puts back every listing an import had written when a later batch fails, and deletes the new ones", async () => {
    const [existing] = await queryRows<{ id: string }>(database.db, sql`select id from services where listing_status = 'published' order by name limit 1`);
    const [before] = await readListingRows(database.db, [existing!.id]);
    const changed: ListingRows = { ...before!, service: { ...before!.service, name: "Renamed by the import" }, schedules: [] };
    const fresh = [await newListing("CB7 5BX", "New one"), await newListing("CB7 5BX", "New two")];
    const broken = await newListing("CB7 5BX", "Broken");
    broken.rows.attributes = [{ id: randomUUID(), linkId: broken.rows.service.id, linkType: "service", taxonomyTermId: stableId("no-such", "term") }];
    const writes: ListingWrite[] = [{ rows: changed, audit: null }, fresh[0]!, fresh[1]!, broken];
    await expect(writeListingsInBatches(database.db, administrator, writes, "test", { batchSize: 2 })).rejects.toThrow();
    const [after] = await readListingRows(database.db, [existing!.id]);
    expect(after).toEqual(before);
    const ids = [...fresh, broken].map((write) => write.rows.service.id);
    expect(await database.db.select({ id: services.id }).from(services).where(inArray(services.id, ids))).toEqual([]);
    const [columns] = await queryRows<{ stale: boolean }>(
      database.db,
      sql`select term_ids is distinct from search_term_ids(id) or location_box is distinct from search_location_box(id) as stale from services where id = ${existing!.id}::uuid`,
    );
    expect(columns!.stale).toBe(false);
  });

  it("writes a large batch of new listings whole, with their search columns and one outbox row each", async () => {
    const writes = await Promise.all(Array.from({ length: 30 }, (_, index) => newListing("CB7 5BX", `Batch ${index}`)));
    await database.db.execute(sql`update search_outbox set processed_at = now() where processed_at is null`);
    expect(await writeListingsInBatches(database.db, coordinator, writes, "test", { batchSize: 7 })).toEqual({ problems: [] });
    const ids = writes.map((write) => write.rows.service.id);
    const [written] = await queryRows<{ n: number; indexed: number; queued: number }>(
      database.db,
      sql`select count(*)::int as n,
                 count(*) filter (where cardinality(term_ids) > 0 and location_box is not null)::int as indexed,
                 (select count(*)::int from search_outbox o where o.processed_at is null and o.service_id = any(array(select json_array_elements_text(${JSON.stringify(ids)}::json)::uuid))) as queued
          from services where id = any(array(select json_array_elements_text(${JSON.stringify(ids)}::json)::uuid))`,
    );
    expect(written).toEqual({ n: 30, indexed: 30, queued: 30 });
  });
});
