/**
 * A PGlite data folder per size under .tmp/bench/, migrated, with the real geography and the
 * taxonomies (no demo directory), then the synthetic county written with large multi-row
 * inserts in one transaction and VACUUM ANALYZEd. Cached: a folder whose stamp matches is reused.
 */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type Database, type DatabaseHandle } from "../db/client.server";
import { seedDatabase } from "../db/seed";
import { readPostcodes, seedGeography } from "../db/seed/geography";
import { stableId } from "../db/vocabulary/ids";
import { seedTaxonomies } from "../db/seed/taxonomy";
import { taxonomyCodes, termId } from "../db/vocabulary/taxonomy";
import { generateAssets, type BenchAsset } from "./generate";

/** Bump when the generator changes, so cached folders are rebuilt. */
const generatorVersion = "3"; // 3: loaded as JSON with triggers and secondary indexes off (same rows as 2)

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
export async function openBenchDatabase(size: number, log: (line: string) => void): Promise<{ handle: DatabaseHandle; assets: BenchAsset[]; built: boolean; buildSeconds: number; cpuSeconds?: number }> {
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
  const cpuBefore = process.cpuUsage();
  fs.rmSync(dataDir, { recursive: true, force: true });
  log(`building ${dataDir}`);
  const handle = await openDatabase({ dataDir });
  await fill(handle, size, assets, log);
  await handle.db.execute(sql`checkpoint`);
  fs.writeFileSync(stampFile, stamp);
  const buildSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  log(`built in ${buildSeconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU: PGlite runs in this process)`);
  return { handle, assets, built: true, buildSeconds, cpuSeconds };
}

async function fill(handle: DatabaseHandle, size: number, assets: BenchAsset[], log: (line: string) => void) {
  log("migrate, geography, taxonomies");
  await handle.migrate();
  await seedGeography(handle.db);
  await seedTaxonomies(handle.db);
  log(`inserting ${size} listings`);
  await insertAssets(handle.db, assets, log);
  const analysed = performance.now();
  await handle.db.execute(sql`vacuum analyze`);
  log(`vacuum analyze in ${((performance.now() - analysed) / 1000).toFixed(1)} s`);
}

const verifiedAt = "2026-06-01";

type Row = Record<string, unknown>;

/**
 * The synthetic county as rows (database column names), inserted table by table as JSON
 * (json_populate_recordset: one parameter per batch of thousands of rows, instead of one per
 * value), with triggers (and so foreign-key checks) off and secondary indexes dropped during the load and rebuilt once
 * after: the way a bulk load is done in PostgreSQL. The search columns are then filled by the
 * same backfill as their migration, and the outbox is left empty (every reader loads in full).
 */
async function insertAssets(db: Database, assets: BenchAsset[], log: (line: string) => void) {
  const orgs = new Map<string, Row>();
  const serviceRows: Row[] = [];
  const locationRows: Row[] = [];
  const addressRows: Row[] = [];
  const salRows: Row[] = [];
  const scheduleRows: Row[] = [];
  const costRows: Row[] = [];
  const attributeRows: Row[] = [];
  for (const asset of assets) {
    const organizationId = stableId("organization", asset.organizationKey);
    if (!orgs.has(organizationId)) orgs.set(organizationId, { id: organizationId, name: asset.organizationName, description: "Synthetic benchmark organisation.", is_demo: true });
    const serviceId = stableId("service", asset.key);
    const termIds = [
      termId(taxonomyCodes.kinds, asset.kind),
      ...asset.needs.map((need) => termId(taxonomyCodes.needs, need)),
      ...asset.accessibility.map((feature) => termId(taxonomyCodes.accessibility, feature)),
    ];
    serviceRows.push({
      id: serviceId,
      organization_id: organizationId,
      name: asset.name,
      description: asset.description,
      kind: asset.kind,
      listing_status: "published",
      minimum_age: asset.minimumAge,
      capacity_unit: asset.capacity?.unit ?? null,
      capacity_total: asset.capacity?.total ?? null,
      capacity_available: asset.capacity?.available ?? null,
      direct_payment: asset.directPayment,
      hourly_rate_pence: asset.hourlyRatePence,
      is_free: asset.isFree,
      last_verified_at: verifiedAt,
      assured_date: verifiedAt,
      is_demo: true,
      // The search columns, as their triggers would write them (search_term_ids, search_location_box: one place).
      term_ids: [...new Set(termIds)].sort(),
      latitude: asset.postcode.latitude,
      longitude: asset.postcode.longitude,
    });
    const locationId = stableId("location", asset.key);
    locationRows.push({
      id: locationId,
      organization_id: organizationId,
      location_type: "physical",
      name: asset.venue?.name ?? `Based in ${asset.postcode.wardName}`,
      latitude: asset.postcode.latitude,
      longitude: asset.postcode.longitude,
      postcode: asset.postcode.postcode,
      ward_code: asset.postcode.wardCode,
      district_code: asset.postcode.districtCode,
    });
    if (asset.venue) {
      addressRows.push({ id: stableId("address", asset.key), location_id: locationId, address_1: asset.venue.address1, city: asset.postcode.wardName, state_province: "Cambridgeshire", postal_code: asset.postcode.postcode, country: "GB", address_type: "physical" });
    }
    const serviceAtLocationId = stableId("service-at-location", asset.key);
    salRows.push({ id: serviceAtLocationId, service_id: serviceId, location_id: locationId });
    asset.schedules.forEach((schedule, index) =>
      scheduleRows.push({
        id: stableId("schedule", `${asset.key}/${index}`),
        service_id: serviceId,
        service_at_location_id: serviceAtLocationId,
        interval: 1,
        attending_type: "in person",
        freq: schedule.freq,
        byday: schedule.byday,
        opens_at: schedule.opensAt,
        closes_at: schedule.closesAt,
        description: schedule.description,
      }),
    );
    if (asset.costPounds !== null) {
      costRows.push({ id: stableId("cost-option", asset.key), service_id: serviceId, option: "Per session", amount: asset.costPounds, amount_description: `£${asset.costPounds} a session` });
    }
    const link = (taxonomy: (typeof taxonomyCodes)[keyof typeof taxonomyCodes], code: string) =>
      attributeRows.push({ id: stableId("attribute", `${asset.key}/${taxonomy}/${code}`), link_id: serviceId, link_type: "service", taxonomy_term_id: termId(taxonomy, code) });
    link(taxonomyCodes.kinds, asset.kind);
    for (const need of asset.needs) link(taxonomyCodes.needs, need);
    for (const feature of asset.accessibility) link(taxonomyCodes.accessibility, feature);
  }
  const loads: [table: string, rows: Row[]][] = [
    ["organizations", [...orgs.values()]],
    ["services", serviceRows],
    ["locations", locationRows],
    ["addresses", addressRows],
    ["service_at_locations", salRows],
    ["schedules", scheduleRows],
    ["cost_options", costRows],
    ["attributes", attributeRows],
  ];
  const tables = loads.map(([table]) => table);
  await db.transaction(async (tx) => {
    const secondary = await queryRows<{ name: string; definition: string }>(
      tx as unknown as Database,
      sql`select i.indexname as name, i.indexdef as definition from pg_indexes i
          join pg_class c on c.relname = i.indexname join pg_index x on x.indexrelid = c.oid
          where i.schemaname = 'public' and i.tablename = any(${`{${tables.join(",")}}`}::text[]) and not x.indisprimary and not x.indisunique`,
    );
    // As pg_restore --disable-triggers: no triggers (the search ones, the foreign-key checks) while
    // rows that are consistent by construction go in.
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const index of secondary) await tx.execute(sql.raw(`drop index ${index.name}`));
    for (const [table, rows] of loads) {
      const startedAt = performance.now();
      await insertJson(tx as unknown as Database, table, rows);
      log(`  ${table}: ${rows.length} rows in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    }
    const indexesAt = performance.now();
    for (const index of secondary) await tx.execute(sql.raw(index.definition));
    log(`  ${secondary.length} indexes in ${((performance.now() - indexesAt) / 1000).toFixed(1)} s`);
  });
}

/** Rows as JSON, a batch at a time. A service's latitude and longitude become its location_box (ll_to_earth, as for one place). */
async function insertJson(db: Database, table: string, rows: Row[], size = 10_000) {
  if (!rows.length) return;
  const keys = Object.keys(rows[0]!).filter((key) => key !== "latitude" || table !== "services").filter((key) => key !== "longitude" || table !== "services");
  const columns = keys.join(", ");
  const values = keys.map((key) => `(p).${key}`).join(", ");
  const box = table === "services" ? sql`, ll_to_earth((r->>'latitude')::float8, (r->>'longitude')::float8)` : sql``;
  for (let start = 0; start < rows.length; start += size) {
    const batch = JSON.stringify(rows.slice(start, start + size));
    await db.execute(sql`insert into ${sql.raw(table)} (${sql.raw(columns)}${table === "services" ? sql.raw(", location_box") : sql``})
      select ${sql.raw(values)}${box}
      from (select r, json_populate_record(null::${sql.raw(table)}, r) as p from json_array_elements(${batch}::json) r) x`);
  }
}
