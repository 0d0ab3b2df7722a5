/**
 * A CSV import writes with the search triggers switched off for its transaction
 * (atlas.bulk_load, migration bulk_load_switch) and owes what they would have done: the search
 * columns (services.term_ids, location_box) of every imported listing, and one outbox row per
 * published listing, plus one for a listing that was published and is no longer. Checked here
 * against the triggers' own functions, through the real job path (check, queue, import).
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import type { Actor } from "../../app/modules/accounts/permissions";
import { csvColumnNames } from "../../app/modules/imports/csv-columns";
import { csvLine } from "../../app/modules/imports/csv.server";
import { createImportJob, findImportJob, queueImport, runImportJob } from "../../app/modules/imports/jobs.server";
import { createTestDatabase, type TestDatabase } from "../support/database";

let database: TestDatabase;
const administrator: Actor = { role: "administrator", userId: null, organizationId: null, localities: [] };

function csv(listings: { id?: string; name: string; status: string; postcode: string }[]): string {
  let out = csvLine(csvColumnNames);
  for (const listing of listings) {
    const cells: Record<string, string> = {
      id: listing.id ?? "",
      organisation: "Outbox Test Group",
      name: listing.name,
      description: "A lunch club for the search outbox test, with a warm welcome for older people.",
      kind: "vcs_group",
      listing_status: listing.status,
      needs: "social-connection;confidence-health",
      accessibility: "step-free",
      postcode: listing.postcode,
      venue: "Village Hall",
      address: "1 High Street",
      town: "Soham",
      opening_times: "Tue 12:00-14:00",
      free: "yes",
      minimum_age: "18",
      last_verified: "2026-09-14",
    };
    out += csvLine(csvColumnNames.map((name) => cells[name] ?? ""));
  }
  return out;
}

async function importCsv(content: string) {
  const id = await createImportJob(database.db, administrator, { fileName: "outbox.csv", content, bytes: Buffer.byteLength(content), publish: false });
  await runImportJob(database.db, id);
  const checked = (await findImportJob(database.db, administrator, id))!;
  expect(checked.report?.problems).toEqual([]);
  expect(await queueImport(database.db, administrator, checked)).toBe(true);
  await runImportJob(database.db, id);
  const imported = (await findImportJob(database.db, administrator, id))!;
  expect(imported.status).toBe("imported");
  return imported.report!.listings.map((listing) => listing.id);
}

const pending = (ids: string[]) =>
  queryRows<{ service_id: string; n: number }>(
    database.db,
    sql`select service_id, count(*)::int as n from search_outbox
        where processed_at is null and service_id = any(array(select json_array_elements_text(${JSON.stringify(ids)}::json)::uuid))
        group by service_id order by service_id`,
  );

/** Imported listings whose stored search columns differ from what the triggers' functions compute now. */
const stale = (ids: string[]) =>
  queryRows<{ id: string }>(
    database.db,
    sql`select id from services
        where id = any(array(select json_array_elements_text(${JSON.stringify(ids)}::json)::uuid))
          and (term_ids is distinct from search_term_ids(id) or location_box is distinct from search_location_box(id)
               or cardinality(term_ids) = 0 or location_box is null)`,
  );

let postcode: string;
beforeAll(async () => {
  database = await createTestDatabase();
  [{ postcode }] = (await queryRows<{ postcode: string }>(database.db, sql`select postcode from postcodes where district_code = 'E07000009' order by postcode limit 1`)) as [
    { postcode: string },
  ];
});
afterAll(async () => {
  await database?.close();
});

it("writes the search columns of every imported listing and queues each once, whatever its status", async () => {
  await database.db.execute(sql`update search_outbox set processed_at = now() where processed_at is null`);
  const ids = await importCsv(
    csv([
      { name: "Outbox Published One", status: "published", postcode },
      { name: "Outbox Published Two", status: "published", postcode },
      { name: "Outbox Draft", status: "draft", postcode },
    ]),
  );
  expect(ids).toHaveLength(3);
  expect(await stale(ids)).toEqual([]);
  // A draft is queued too: a transaction publishing it at the same moment must not miss this write (ADR 0016).
  expect(await pending(ids)).toEqual([...ids].sort().map((id) => ({ service_id: id, n: 1 })));

  // The switch ended with the import: a later write is queued by the triggers again.
  const [{ bulk }] = (await queryRows<{ bulk: string | null }>(database.db, sql`select current_setting('atlas.bulk_load', true) as bulk`)) as [{ bulk: string | null }];
  expect(bulk === null || bulk === "" || bulk === "off").toBe(true);
  await database.db.execute(sql`update search_outbox set processed_at = now() where processed_at is null`);
  await database.db.execute(sql`update services set name = 'Outbox Draft Renamed' where id = ${ids[2]!}::uuid or id = ${ids[0]!}::uuid`);
  expect(await pending(ids)).toEqual([{ service_id: ids[0]!, n: 1 }]);
});

it("queues a listing the import takes out of 'published', and recomputes the columns of an updated one", async () => {
  const [published, draft] = await importCsv(
    csv([
      { name: "Outbox Leaving", status: "published", postcode },
      { name: "Outbox Joining", status: "draft", postcode },
    ]),
  );
  await database.db.execute(sql`update search_outbox set processed_at = now() where processed_at is null`);
  const [other] = (await queryRows<{ postcode: string }>(
    database.db,
    sql`select postcode from postcodes where district_code = 'E07000009' and postcode <> ${postcode} order by postcode desc limit 1`,
  )) as [{ postcode: string }];
  const boxBefore = await queryRows<{ box: string }>(database.db, sql`select location_box::text as box from services where id = ${published!}::uuid`);
  const ids = await importCsv(
    csv([
      { id: published!, name: "Outbox Leaving", status: "draft", postcode: other.postcode },
      { id: draft!, name: "Outbox Joining", status: "published", postcode },
    ]),
  );
  expect(ids).toEqual([published, draft]);
  expect(await stale(ids)).toEqual([]);
  expect(await queryRows<{ box: string }>(database.db, sql`select location_box::text as box from services where id = ${published!}::uuid`)).not.toEqual(boxBefore);
  expect(await pending(ids)).toEqual([published!, draft!].sort().map((id) => ({ service_id: id, n: 1 })));
});
