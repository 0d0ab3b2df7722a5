/**
 * A PGlite data folder per size under .tmp/bench/, migrated, with the real geography and the
 * taxonomies (no demo directory), then the synthetic county written with large multi-row
 * inserts in one transaction and VACUUM ANALYZEd. Cached: a folder whose stamp matches is reused.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type Database, type DatabaseHandle } from "../db/client.server";
import { addresses, attributes, costOptions, locations, organizations, schedules, serviceAtLocations, services } from "../db/schema";
import { readPostcodes, seedGeography } from "../db/seed/geography";
import { stableId } from "../db/vocabulary/ids";
import { seedTaxonomies } from "../db/seed/taxonomy";
import { taxonomyCodes, termId } from "../db/vocabulary/taxonomy";
import { generateAssets, type BenchAsset } from "./generate";

/** Bump when the generator changes, so cached folders are rebuilt. */
const generatorVersion = "2"; // 2: services.term_ids and location_box (migrations search_denormalise, search_triggers)

export const benchRoot = path.resolve(".tmp/bench");

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

async function insertAssets(db: Database, assets: BenchAsset[]) {
  const orgs = new Map<string, typeof organizations.$inferInsert>();
  const serviceRows: (typeof services.$inferInsert)[] = [];
  const locationRows: (typeof locations.$inferInsert)[] = [];
  const addressRows: (typeof addresses.$inferInsert)[] = [];
  const salRows: (typeof serviceAtLocations.$inferInsert)[] = [];
  const scheduleRows: (typeof schedules.$inferInsert)[] = [];
  const costRows: (typeof costOptions.$inferInsert)[] = [];
  const attributeRows: (typeof attributes.$inferInsert)[] = [];
  for (const asset of assets) {
    const organizationId = stableId("organization", asset.organizationKey);
    if (!orgs.has(organizationId)) orgs.set(organizationId, { id: organizationId, name: asset.organizationName, description: "Synthetic benchmark organisation.", isDemo: true });
    const serviceId = stableId("service", asset.key);
    serviceRows.push({
      id: serviceId,
      organizationId,
      name: asset.name,
      description: asset.description,
      kind: asset.kind,
      listingStatus: "published",
      minimumAge: asset.minimumAge,
      capacityUnit: asset.capacity?.unit ?? null,
      capacityTotal: asset.capacity?.total ?? null,
      capacityAvailable: asset.capacity?.available ?? null,
      directPayment: asset.directPayment,
      hourlyRatePence: asset.hourlyRatePence,
      isFree: asset.isFree,
      lastVerifiedAt: verifiedAt,
      assuredDate: verifiedAt,
      isDemo: true,
    });
    const locationId = stableId("location", asset.key);
    locationRows.push({
      id: locationId,
      organizationId,
      locationType: "physical",
      name: asset.venue?.name ?? `Based in ${asset.postcode.wardName}`,
      latitude: asset.postcode.latitude,
      longitude: asset.postcode.longitude,
      postcode: asset.postcode.postcode,
      wardCode: asset.postcode.wardCode,
      districtCode: asset.postcode.districtCode,
    });
    if (asset.venue) {
      addressRows.push({ id: stableId("address", asset.key), locationId, address1: asset.venue.address1, city: asset.postcode.wardName, stateProvince: "Cambridgeshire", postalCode: asset.postcode.postcode, country: "GB", addressType: "physical" });
    }
    const serviceAtLocationId = stableId("service-at-location", asset.key);
    salRows.push({ id: serviceAtLocationId, serviceId, locationId });
    asset.schedules.forEach((schedule, index) =>
      scheduleRows.push({ id: stableId("schedule", `${asset.key}/${index}`), serviceId, serviceAtLocationId, interval: 1, attendingType: "in person", ...schedule }),
    );
    if (asset.costPounds !== null) {
      costRows.push({ id: stableId("cost-option", asset.key), serviceId, option: "Per session", amount: asset.costPounds, amountDescription: `£${asset.costPounds} a session` });
    }
    const link = (taxonomy: (typeof taxonomyCodes)[keyof typeof taxonomyCodes], code: string) =>
      attributeRows.push({ id: stableId("attribute", `${asset.key}/${taxonomy}/${code}`), linkId: serviceId, linkType: "service", taxonomyTermId: termId(taxonomy, code) });
    link(taxonomyCodes.kinds, asset.kind);
    for (const need of asset.needs) link(taxonomyCodes.needs, need);
    for (const feature of asset.accessibility) link(taxonomyCodes.accessibility, feature);
  }
  await db.transaction(async (tx) => {
    // A bulk load: the search-column triggers (migration search_triggers) would rewrite each service
    // twice more; switched off for the load, then the same backfill as the migration, once.
    const searchTables = ["services", "attributes", "service_at_locations"];
    for (const table of searchTables) await tx.execute(sql.raw(`alter table ${table} disable trigger user`));
    await insertInBatches(tx, organizations, [...orgs.values()]);
    await insertInBatches(tx, services, serviceRows);
    await insertInBatches(tx, locations, locationRows);
    await insertInBatches(tx, addresses, addressRows);
    await insertInBatches(tx, serviceAtLocations, salRows);
    await insertInBatches(tx, schedules, scheduleRows);
    await insertInBatches(tx, costOptions, costRows);
    await insertInBatches(tx, attributes, attributeRows);
    await tx.execute(sql`update services set term_ids = search_term_ids(id), location_box = search_location_box(id)`);
    for (const table of searchTables) await tx.execute(sql.raw(`alter table ${table} enable trigger user`));
  });
}

// why `any`: drizzle's insert() generics do not survive being passed a table union.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function insertInBatches(tx: Pick<Database, "insert">, table: any, values: unknown[], size = 1000) {
  for (let start = 0; start < values.length; start += size) {
    await tx.insert(table).values(values.slice(start, start + size));
  }
}
