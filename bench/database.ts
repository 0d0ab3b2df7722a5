/**
 * A PGlite data folder per size under .tmp/bench/, migrated, with the real geography and the
 * taxonomies (no demo directory), then the synthetic county written by the listing writer
 * (db/listings/write.ts, the one the app and the demo seed use) and VACUUM ANALYZEd. Cached: a folder whose stamp matches is reused.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type Database, type DatabaseHandle } from "../db/client.server";
import { listingRows, type ListingRecord } from "../db/listings/rows";
import { writeListingRows } from "../db/listings/write";
import { seedDatabase } from "../db/seed";
import { readPostcodes, seedGeography } from "../db/seed/geography";
import { stableId } from "../db/vocabulary/ids";
import { seedTaxonomies } from "../db/seed/taxonomy";
import { generateAssets, type BenchAsset } from "./generate";

/** Bump when the generator changes, so cached folders are rebuilt. */
const generatorVersion = "3"; // 2: services.term_ids and location_box (migrations search_denormalise, search_triggers); 3: written by the listing writer

export const benchRoot = path.resolve(".tmp/bench");

/** The demo directory (migrations and the seed, as a new install has it), built once under .tmp/bench and reused. */
export async function openDemoDatabase(): Promise<DatabaseHandle> {
  const dataDir = path.join(benchRoot, "relevance-demo");
  const stamp = path.join(dataDir, ".seeded");
  if (!fs.existsSync(stamp)) fs.rmSync(dataDir, { recursive: true, force: true });
  const handle = await openDatabase({ dataDir });
  await handle.migrate();
  await seedDatabase(handle.db, { demo: true });
  fs.writeFileSync(stamp, new Date().toISOString());
  return handle;
}


/**
 * The embedded (PGlite) database by default; with BENCH_DATABASE_URL, a PostgreSQL server database
 * instead (it must exist and be empty, or hold this size already: a bench_stamp table says which).
 */
export async function openBenchDatabase(size: number, log: (line: string) => void): Promise<{ handle: DatabaseHandle; assets: BenchAsset[]; built: boolean; buildSeconds: number }> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const dataDir = path.join(benchRoot, `pglite-${size}`);
  const stampFile = path.join(dataDir, ".bench-stamp");
  const stamp = `${generatorVersion}/${size}`;
  const assets = generateAssets(size, readPostcodes());
  if (databaseUrl) {
    const handle = await openDatabase({ databaseUrl, dataDir: "" });
    const [row] = await queryRows<{ stamp: string | null }>(handle.db, sql`select to_regclass('bench_stamp')::text as stamp`);
    const existing = row?.stamp ? await queryRows<{ stamp: string }>(handle.db, sql`select stamp from bench_stamp`) : [];
    if (existing[0]?.stamp === stamp) {
      log(`reusing the server database (${stamp})`);
      await handle.migrate();
      return { handle, assets, built: false, buildSeconds: 0 };
    }
    if (row?.stamp) throw new Error(`BENCH_DATABASE_URL holds ${existing[0]?.stamp ?? "another"} bench; give it an empty database`);
    const started = performance.now();
    await fill(handle, size, assets, log);
    await handle.db.execute(sql`create table bench_stamp (stamp text not null)`);
    await handle.db.execute(sql`insert into bench_stamp values (${stamp})`);
    const buildSeconds = (performance.now() - started) / 1000;
    log(`built in ${buildSeconds.toFixed(1)} s`);
    return { handle, assets, built: true, buildSeconds };
  }
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === stamp) {
    log(`reusing ${dataDir}`);
    const handle = await openDatabase({ dataDir });
    await handle.migrate(); // a folder built before the latest migrations gets them (matching_catalogue, say)
    return { handle, assets, built: false, buildSeconds: 0 };
  }
  const started = performance.now();
  fs.rmSync(dataDir, { recursive: true, force: true });
  log(`building ${dataDir}`);
  const handle = await openDatabase({ dataDir });
  await fill(handle, size, assets, log);
  await handle.db.execute(sql`checkpoint`);
  fs.writeFileSync(stampFile, stamp);
  const buildSeconds = (performance.now() - started) / 1000;
  log(`built in ${buildSeconds.toFixed(1)} s`);
  return { handle, assets, built: true, buildSeconds };
}

async function fill(handle: DatabaseHandle, size: number, assets: BenchAsset[], log: (line: string) => void) {
  log("migrate, geography, taxonomies");
  await handle.migrate();
  await seedGeography(handle.db);
  await seedTaxonomies(handle.db);
  log(`inserting ${size} listings`);
  await insertAssets(handle.db, assets);
  await handle.db.execute(sql`vacuum analyze`);
}

const verifiedAt = "2026-06-01";

/** The synthetic county through the listing writer (db/listings), as the demo seed writes the demo directory. */
async function insertAssets(db: Database, assets: BenchAsset[]) {
  const records = assets.map((asset) => {
    const record: ListingRecord = {
      key: asset.key,
      organization: { key: asset.organizationKey, name: asset.organizationName, description: "Synthetic benchmark organisation.", email: null, website: null },
      name: asset.name,
      description: asset.description,
      kind: asset.kind,
      needs: asset.needs,
      accessibility: asset.accessibility,
      town: asset.postcode.wardName,
      postcode: asset.postcode,
      venue: asset.venue,
      schedules: asset.schedules,
      isFree: asset.isFree,
      fees: null,
      hourlyRatePence: asset.hourlyRatePence,
      costOption: asset.costPounds === null ? null : { option: "Per session", amount: asset.costPounds, amountDescription: `£${asset.costPounds} a session` },
      capacity: asset.capacity ? { ...asset.capacity, waitingList: false, waitingListWeeks: null } : null,
      directPayment: asset.directPayment,
      regulated: false,
      regulator: null,
      minimumAge: asset.minimumAge,
      maximumAge: null,
      contact: null,
      listingStatus: "published",
      lastVerifiedAt: verifiedAt,
      serviceArea: null,
    };
    return listingRows(record, { service: stableId("service", asset.key), organization: stableId("organization", asset.organizationKey), child: stableId, isDemo: true });
  });
  // One transaction per 5,000 listings: the writer's statements stay a manageable size.
  for (let start = 0; start < records.length; start += 5000) {
    await db.transaction((tx) => writeListingRows(tx, records.slice(start, start + 5000), "bench"));
  }
  // A built county is not waiting to be sent anywhere.
  await db.execute(sql`delete from search_outbox`);
}
