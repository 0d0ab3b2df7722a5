/**
 * Import throughput (issue 4, item 5: "10,000 rows import in under a minute"). Part of
 * `npm run bench` (after the search benchmark), or alone:
 *
 *   node --import tsx bench/import.ts [--rows 10000] [--oruk-records 200]
 *
 * On a fresh PGlite (migrated, real geography and taxonomies, no listings) it writes a
 * synthetic CSV of East Cambridgeshire listings, then runs it through the real job path —
 * upload row, dry run, import in one transaction — and times each step. It also times the
 * Open Referral UK import (the harvester, record by record) on a smaller file of the same
 * listings exported back out. Results go to bench/results/<date>-import.json and .md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../db/client.server";
import { seedGeography } from "../db/seed/geography";
import { seedTaxonomies } from "../db/seed/taxonomy";
import type { Actor } from "../app/modules/accounts/permissions";
import { assetKinds } from "../db/vocabulary/kinds";
import { csvColumnNames } from "../app/modules/imports/csv-columns";
import { csvLine } from "../app/modules/imports/csv.server";
import { createImportJob, findImportJob, queueImport, runImportJob } from "../app/modules/imports/jobs.server";
import { exportOruk } from "../app/modules/imports/oruk.server";
import { accessibilityFeatures, needs } from "../db/vocabulary/needs";

const administrator: Actor = { role: "administrator", userId: null, organizationId: null, localities: [] };
const target = { rows: 10_000, seconds: 60 };

/** A deterministic PRNG (mulberry32), so every run imports the same file. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticCsv(rows: number, postcodes: string[]): string {
  const next = random(20_261_129);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const towns = ["Soham", "Ely", "Littleport", "Burwell", "Sutton", "Haddenham", "Bottisham", "Fordham", "Isleham", "Witchford"];
  const activities = ["Lunch Club", "Befriending", "Memory Café", "Carers' Group", "Strength and Balance", "Community Transport", "Digital Help", "Good Neighbours", "Walking Group", "Coffee Morning"];
  let out = csvLine(csvColumnNames);
  for (let i = 0; i < rows; i++) {
    const town = pick(towns);
    const activity = pick(activities);
    const total = 5 + Math.floor(next() * 40);
    const paid = next() < 0.4;
    const cells: Record<string, string> = {
      organisation: `${town} ${activity} Group ${1 + Math.floor(i / 7)}`,
      name: `${town} ${activity} ${i + 1}`,
      description: `A synthetic ${activity.toLowerCase()} in ${town} for the import benchmark: company, a warm drink and a friendly welcome for older people and their carers.`,
      kind: pick(assetKinds).code,
      listing_status: pick(["published", "published", "published", "draft", "in_review"]),
      needs: [pick(needs).code, pick(needs).code].join(";"),
      accessibility: [pick(accessibilityFeatures).code, pick(accessibilityFeatures).code].join(";"),
      postcode: pick(postcodes),
      venue: `${town} Village Hall`,
      address: `${1 + Math.floor(next() * 120)} High Street`,
      town,
      opening_times: pick(["Tue,Thu 10:00-12:00", "Mon 14:00-16:00", "1st Wed 10:30-12:30", "Mon,Tue,Wed,Thu,Fri 09:00-17:00; Sat 09:00-12:00"]),
      free: paid ? "no" : "yes",
      hourly_rate: paid ? (10 + Math.floor(next() * 1500) / 100).toFixed(2) : "",
      fees: paid ? "" : "Donations welcome",
      capacity_unit: "places",
      capacity_total: String(total),
      capacity_available: String(Math.floor(next() * total)),
      waiting_list: next() < 0.2 ? "yes" : "no",
      minimum_age: "18",
      direct_payment: paid ? "yes" : "no",
      contact_name: "Bench Contact",
      contact_phone: `01632 96${String(i % 10_000).padStart(4, "0")}`,
      contact_email: `listing${i + 1}@example.org`,
      website: "https://example.org",
      last_verified: "2026-06-01",
    };
    out += csvLine(csvColumnNames.map((name) => cells[name] ?? ""));
  }
  return out;
}

const round = (n: number) => Math.round(n * 10) / 10;

export async function benchImport(options: { rows?: number; orukRecords?: number; log?: (line: string) => void } = {}) {
  const rows = options.rows ?? target.rows;
  const orukRecords = options.orukRecords ?? 200;
  const log = options.log ?? ((line: string) => console.log(`[bench import ${new Date().toISOString().slice(11, 19)}] ${line}`));
  const dataDir = path.resolve(".tmp/bench", `import-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  log(`fresh database in ${dataDir}`);
  const handle = await openDatabase({ dataDir });
  try {
    await handle.migrate();
    await seedGeography(handle.db);
    await seedTaxonomies(handle.db);
    const db = handle.db;
    const postcodes = (await queryRows<{ postcode: string }>(db, sql`select postcode from postcodes where district_code = 'E07000009' order by postcode`)).map((r) => r.postcode);
    const content = syntheticCsv(rows, postcodes);
    log(`${rows} rows, ${(Buffer.byteLength(content) / 1024 / 1024).toFixed(1)} MB of CSV`);

    const jobId = await createImportJob(db, administrator, { fileName: "bench.csv", content, bytes: Buffer.byteLength(content), publish: false });
    let started = performance.now();
    await runImportJob(db, jobId);
    const checkSeconds = (performance.now() - started) / 1000;
    const checked = (await findImportJob(db, administrator, jobId))!;
    if (checked.report?.problems.length) throw new Error(`the synthetic file has problems: ${JSON.stringify(checked.report.problems.slice(0, 3))}`);
    log(`dry run: ${round(checkSeconds)} s`);
    if (!(await queueImport(db, administrator, checked))) throw new Error("the checked job could not be queued");
    started = performance.now();
    await runImportJob(db, jobId);
    const importSeconds = (performance.now() - started) / 1000;
    const imported = (await findImportJob(db, administrator, jobId))!;
    if (imported.status !== "imported") throw new Error(`import ended as ${imported.status}: ${imported.report?.error}`);
    const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from services`);
    log(`import: ${round(importSeconds)} s, ${count!.n} listings in the database`);

    // ORUK: the same listings, exported, then harvested into a second fresh database.
    const oruk = await exportOruk(db, administrator);
    const records = (oruk.contents as unknown[]).slice(0, orukRecords);
    const orukFile = JSON.stringify({ ...oruk, contents: records, total_items: records.length, size: records.length });
    const orukDir = `${dataDir}-oruk`;
    fs.rmSync(orukDir, { recursive: true, force: true });
    const second = await openDatabase({ dataDir: orukDir });
    let orukSeconds = 0;
    try {
      await second.migrate();
      await seedGeography(second.db);
      await seedTaxonomies(second.db);
      const orukJob = await createImportJob(second.db, administrator, { fileName: "bench.json", content: orukFile, bytes: Buffer.byteLength(orukFile), publish: false });
      await runImportJob(second.db, orukJob);
      const orukChecked = (await findImportJob(second.db, administrator, orukJob))!;
      if (orukChecked.report?.problems.length) throw new Error(`ORUK file has problems: ${JSON.stringify(orukChecked.report.problems.slice(0, 3))}`);
      await queueImport(second.db, administrator, orukChecked);
      started = performance.now();
      await runImportJob(second.db, orukJob);
      orukSeconds = (performance.now() - started) / 1000;
      log(`ORUK import of ${records.length} records: ${round(orukSeconds)} s`);
    } finally {
      await second.close();
      fs.rmSync(orukDir, { recursive: true, force: true });
    }

    const result = {
      machine: { date: new Date().toISOString(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100) },
      csv: {
        rows,
        megabytes: round(Buffer.byteLength(content) / 1024 / 1024),
        dryRunSeconds: round(checkSeconds),
        importSeconds: round(importSeconds),
        rowsPerSecond: Math.round(rows / importSeconds),
        target: `${target.rows.toLocaleString("en-GB")} rows in under ${target.seconds} s`,
        met: rows >= target.rows ? importSeconds < target.seconds : null,
      },
      oruk: { records: records.length, importSeconds: round(orukSeconds), recordsPerSecond: round(records.length / orukSeconds) },
    };
    fs.mkdirSync("bench/results", { recursive: true });
    const stem = path.join("bench/results", `${result.machine.date.slice(0, 10)}-import`);
    fs.writeFileSync(`${stem}.json`, JSON.stringify(result, null, 2) + "\n");
    fs.writeFileSync(
      `${stem}.md`,
      [
        "# Import benchmark",
        "",
        `Run ${result.machine.date} on ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, embedded PGlite, load average ${result.machine.loadAverage.join(", ")} (1, 5, 15 min) at the end. Generated by \`npm run bench\` (bench/import.ts).`,
        "",
        "| what | figure |",
        "|---|---|",
        `| CSV rows | ${rows.toLocaleString("en-GB")} (${result.csv.megabytes} MB) |`,
        `| dry run (every row checked, nothing written) | ${result.csv.dryRunSeconds} s |`,
        `| import (checked again, then one transaction: one insert per table per 5,000 rows, an audit entry per listing; search triggers off, search columns and outbox written once) | ${result.csv.importSeconds} s |`,
        `| throughput | ${result.csv.rowsPerSecond.toLocaleString("en-GB")} rows/s |`,
        `| target: ${result.csv.target} | ${result.csv.met === null ? "not measured at this size" : result.csv.met ? "met" : "**not met**"} |`,
        `| Open Referral UK import (harvester, record by record), ${records.length} records | ${result.oruk.importSeconds} s (${result.oruk.recordsPerSecond} records/s) |`,
        "",
      ].join("\n"),
    );
    log(`wrote ${stem}.json and ${stem}.md`);
    console.table([
      { what: `CSV dry run, ${rows} rows`, seconds: result.csv.dryRunSeconds },
      { what: `CSV import, ${rows} rows`, seconds: result.csv.importSeconds },
      { what: `ORUK import, ${records.length} records`, seconds: result.oruk.importSeconds },
    ]);
    return result;
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? Number(argv[index + 1]) : undefined;
  };
  await benchImport({ rows: option("rows"), orukRecords: option("oruk-records") });
  process.exit(0);
}
