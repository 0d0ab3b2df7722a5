/**
 * Imports: how fast, and whether the site keeps answering meanwhile. Part of `npm run bench`
 * (after the search benchmark), or alone (after `npm run build`):
 *
 *   node --import tsx bench/import.ts [--rows 10000] [--oruk-records 2000] [--connections 8]
 *
 * On a fresh PGlite (migrated, real geography and taxonomies, the demo directory) served by the
 * built app, it writes a synthetic CSV of East Cambridgeshire listings and runs it through the
 * real job path (upload row, dry run, import), timing each step, while a separate process keeps
 * `connections` requests to /search and / in flight and records how long each waited; the same
 * requests with nothing else running are the same-run baseline. Then the imported listings are
 * exported as Open Referral UK and imported into a fresh database through the upload page's job,
 * and harvested into another as the command line does (records in memory, no HTTP).
 * Results go to bench/results/<date>-import.json and .md.
 */
import { fork } from "node:child_process";
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { openDatabase, queryRows, type Database, type DatabaseHandle } from "../db/client.server";
import { buildDemoDirectory } from "../db/seed/demo-directory";
import { insertDemoDirectory } from "../db/seed/demo-insert";
import { readPostcodes, seedGeography } from "../db/seed/geography";
import { seedTaxonomies } from "../db/seed/taxonomy";
import type { Actor } from "../app/modules/accounts/permissions";
import { assetKinds } from "../db/vocabulary/kinds";
import { csvColumnNames } from "../app/modules/imports/csv-columns";
import { csvLine } from "../app/modules/imports/csv.server";
import { createImportJob, findImportJob, queueImport, runImportJob } from "../app/modules/imports/jobs.server";
import { exportOruk } from "../app/modules/imports/oruk.server";
import { harvestServices } from "../app/modules/oruk/harvest.server";
import { accessibilityFeatures, needs } from "../db/vocabulary/needs";
import { createHttpApp } from "../server/http";
import { mulberry32 } from "../db/seed/random";

const administrator: Actor = { role: "administrator", userId: null, organizationId: null, localities: [] };
const target = { rows: 10_000, seconds: 60 };

export function syntheticCsv(rows: number, postcodes: string[]): string {
  // Seeded, so every run imports the same file.
  const next = mulberry32(20_261_129);
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

/** p50, p95, p99 and the longest of a list of milliseconds. */
export function waits(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!) : 0);
  return { requests: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) };
}

const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

/** A fresh embedded database with the real geography and taxonomies (and, if asked, the demo directory). */
async function freshDatabase(dataDir: string, options: { demo?: boolean } = {}) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  const handle = await openDatabase({ dataDir });
  await handle.migrate();
  await seedGeography(handle.db);
  await seedTaxonomies(handle.db);
  if (options.demo) {
    const postcodes = readPostcodes().filter((row) => row.districtCode === "E07000009");
    await insertDemoDirectory(handle.db, buildDemoDirectory(postcodes));
  }
  return handle;
}

/** The built app (build/index.js) on this database, on a loopback port, as `npm start` serves it. */
async function serveApp(handle: DatabaseHandle) {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  globalThis.__atlasDatabase = Promise.resolve(handle);
  const server = createHttpApp(build).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Requests to /search and / from a separate process while `work` runs: every request's wait. */
async function whileServing<T>(origin: string, connections: number, work: () => Promise<T>): Promise<{ result: T; latencies: number[]; failures: number }> {
  const paths = ["/search?q=lunch&postcode=CB7+5BX", "/", "/search?q=befriending", "/search?need=memory"];
  const probe = fork(path.resolve("bench/probe.ts"), [JSON.stringify({ origin, paths, connections })], { execArgv: ["--import", "tsx"] });
  await new Promise<void>((resolve) => probe.once("message", () => resolve()));
  const result = await work();
  const report = new Promise<{ latencies: number[]; failures: number }>((resolve) => probe.once("message", (message) => resolve(message as { latencies: number[]; failures: number })));
  probe.send("stop");
  return { result, ...(await report) };
}

/** Uploads a file as a job, checks it, imports it; seconds for each. */
async function runJob(db: Database, fileName: string, content: string) {
  const jobId = await createImportJob(db, administrator, { fileName, content, bytes: Buffer.byteLength(content), publish: false });
  let started = performance.now();
  await runImportJob(db, jobId);
  const checkSeconds = (performance.now() - started) / 1000;
  const checked = (await findImportJob(db, administrator, jobId))!;
  if (checked.report?.problems.length) throw new Error(`${fileName} has problems: ${JSON.stringify(checked.report.problems.slice(0, 3))}`);
  if (!(await queueImport(db, administrator, checked))) throw new Error("the checked job could not be queued");
  started = performance.now();
  await runImportJob(db, jobId);
  const importSeconds = (performance.now() - started) / 1000;
  const imported = (await findImportJob(db, administrator, jobId))!;
  if (imported.status !== "imported") throw new Error(`import ended as ${imported.status}: ${imported.report?.error}`);
  return { checkSeconds, importSeconds };
}

export async function benchImport(options: { rows?: number; orukRecords?: number; connections?: number; log?: (line: string) => void } = {}) {
  const rows = options.rows ?? target.rows;
  const orukRecords = options.orukRecords ?? 2000;
  const connections = options.connections ?? 8;
  const log = options.log ?? ((line: string) => console.log(`[bench import ${new Date().toISOString().slice(11, 19)}] ${line}`));
  if (!fs.existsSync("build/index.js")) throw new Error("build/index.js is missing: run `npm run build` first");
  const dataDir = path.resolve(".tmp/bench", `import-${process.pid}`);
  log(`fresh database with the demo directory in ${dataDir}`);
  const handle = await freshDatabase(dataDir, { demo: true });
  const app = await serveApp(handle);
  try {
    const db = handle.db;
    const postcodes = (await queryRows<{ postcode: string }>(db, sql`select postcode from postcodes where district_code = 'E07000009' order by postcode`)).map((r) => r.postcode);
    const content = syntheticCsv(rows, postcodes);
    log(`${rows} rows, ${(Buffer.byteLength(content) / 1024 / 1024).toFixed(1)} MB of CSV`);

    // The same requests with nothing else running, then while the file is checked and imported.
    const quiet = await whileServing(app.origin, connections, () => new Promise((resolve) => setTimeout(resolve, 8000)));
    log(`site alone: ${JSON.stringify(waits(quiet.latencies))}`);
    const busy = await whileServing(app.origin, connections, () => runJob(db, "bench.csv", content));
    const { checkSeconds, importSeconds } = busy.result;
    const loadDuringImport = loadAverage();
    log(`dry run ${round(checkSeconds)} s, import ${round(importSeconds)} s; site meanwhile: ${JSON.stringify(waits(busy.latencies))}`);
    const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from services`);
    log(`${count!.n} listings in the database`);

    // ORUK: the imported listings, exported, then imported into a fresh database through the
    // job (the upload page), and harvested into another (the command line's path, without HTTP).
    const oruk = await exportOruk(db, administrator);
    const records = (oruk.contents as unknown[]).slice(0, orukRecords);
    const orukFile = JSON.stringify({ ...oruk, contents: records, total_items: records.length, size: records.length });
    const second = await freshDatabase(`${dataDir}-oruk`);
    let orukJob: { checkSeconds: number; importSeconds: number };
    let harvestSeconds = 0;
    try {
      orukJob = await runJob(second.db, "bench.json", orukFile);
      log(`ORUK file of ${records.length} records: check ${round(orukJob.checkSeconds)} s, import ${round(orukJob.importSeconds)} s`);
    } finally {
      await second.close();
      fs.rmSync(`${dataDir}-oruk`, { recursive: true, force: true });
    }
    const third = await freshDatabase(`${dataDir}-harvest`);
    try {
      const started = performance.now();
      const report = await harvestServices(third.db, records, { source: "bench" });
      harvestSeconds = (performance.now() - started) / 1000;
      if (report.created.length !== records.length) throw new Error(`harvest created ${report.created.length} of ${records.length}: ${JSON.stringify(report.skipped.slice(0, 3))}`);
      log(`harvest of ${records.length} records: ${round(harvestSeconds)} s`);
    } finally {
      await third.close();
      fs.rmSync(`${dataDir}-harvest`, { recursive: true, force: true });
    }

    const result = {
      machine: { date: new Date().toISOString(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, loadAverage: loadAverage(), loadAverageDuringImport: loadDuringImport },
      csv: {
        rows,
        megabytes: round(Buffer.byteLength(content) / 1024 / 1024),
        dryRunSeconds: round(checkSeconds),
        importSeconds: round(importSeconds),
        rowsPerSecond: Math.round(rows / importSeconds),
        target: `${target.rows.toLocaleString("en-GB")} rows in under ${target.seconds} s`,
        met: rows >= target.rows ? importSeconds < target.seconds : null,
      },
      site: {
        connections,
        paths: "/search (three queries) and / in turn",
        alone: { ...waits(quiet.latencies), failures: quiet.failures },
        duringImport: { ...waits(busy.latencies), failures: busy.failures },
        target: "p99 ≤ 1,000 ms while the import runs",
        met: waits(busy.latencies).p99 <= 1000,
      },
      oruk: {
        records: records.length,
        fileCheckSeconds: round(orukJob!.checkSeconds),
        fileImportSeconds: round(orukJob!.importSeconds),
        fileRecordsPerSecond: Math.round(records.length / orukJob!.importSeconds),
        harvestSeconds: round(harvestSeconds),
        harvestRecordsPerSecond: Math.round(records.length / harvestSeconds),
        target: "≥ 500 records/s",
      },
    };
    fs.mkdirSync("bench/results", { recursive: true });
    const stem = path.join("bench/results", `${result.machine.date.slice(0, 10)}-import`);
    fs.writeFileSync(`${stem}.json`, JSON.stringify(result, null, 2) + "\n");
    const wait = (w: ReturnType<typeof waits>) => `p50 ${w.p50} ms, p95 ${w.p95} ms, p99 ${w.p99} ms, longest ${w.max} ms (${w.requests} requests)`;
    fs.writeFileSync(
      `${stem}.md`,
      [
        "# Import benchmark",
        "",
        `Run ${result.machine.date} on ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, embedded PGlite; load average ${result.machine.loadAverageDuringImport.join(", ")} (1, 5, 15 min) as the import ended, ${result.machine.loadAverage.join(", ")} at the end. Generated by \`npm run bench\` (bench/import.ts).`,
        "",
        "| what | figure |",
        "|---|---|",
        `| CSV rows | ${rows.toLocaleString("en-GB")} (${result.csv.megabytes} MB), into the demo directory |`,
        `| dry run (every row checked, nothing written) | ${result.csv.dryRunSeconds} s |`,
        `| import (checked again, then written by the listing writer in short transactions of about 100 ms each, each followed by a pause twice as long for the site) | ${result.csv.importSeconds} s |`,
        `| throughput | ${result.csv.rowsPerSecond.toLocaleString("en-GB")} rows/s |`,
        `| target: ${result.csv.target} | ${result.csv.met === null ? "not measured at this size" : result.csv.met ? "met" : "**not met**"} |`,
        `| the site alone: ${connections} requests at a time to /search and / | ${wait(result.site.alone)} |`,
        `| the site while the file is checked and imported | ${wait(result.site.duringImport)}; ${result.site.duringImport.failures} failed |`,
        `| target: p99 ≤ 1 s during the import | ${result.site.met ? "met" : "**not met**"} |`,
        `| Open Referral UK file (upload page), ${records.length} records | check ${result.oruk.fileCheckSeconds} s, import ${result.oruk.fileImportSeconds} s (${result.oruk.fileRecordsPerSecond} records/s) |`,
        `| Open Referral UK harvest (command line's path, records in memory), ${records.length} records | ${result.oruk.harvestSeconds} s (${result.oruk.harvestRecordsPerSecond} records/s; target ≥ 500) |`,
        "",
      ].join("\n"),
    );
    log(`wrote ${stem}.json and ${stem}.md`);
    const verdict = (met: boolean | null) => (met === null ? "not measured at this size" : met ? "met" : "NOT MET");
    log(`CSV import: ${result.csv.rowsPerSecond} rows/s (${result.csv.importSeconds} s for ${rows} rows; target ${result.csv.target}: ${verdict(result.csv.met)})`);
    log(`site while importing: p99 ${result.site.duringImport.p99} ms, longest ${result.site.duringImport.max} ms (alone: p99 ${result.site.alone.p99} ms; target p99 ≤ 1,000 ms: ${verdict(result.site.met)})`);
    log(`ORUK harvest: ${result.oruk.harvestRecordsPerSecond} records/s (target ≥ 500: ${verdict(result.oruk.harvestRecordsPerSecond >= 500)}); ORUK file: ${result.oruk.fileRecordsPerSecond} records/s`);
    log(`load average ${result.machine.loadAverageDuringImport.join(", ")} as the import ended, ${result.machine.loadAverage.join(", ")} at the end`);
    return result;
  } finally {
    await app.close();
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
  await benchImport({ rows: option("rows"), orukRecords: option("oruk-records"), connections: option("connections") });
  process.exit(0);
}
