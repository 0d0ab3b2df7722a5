/**
 * `npm run bench`: the search benchmark. Not a test. `npm run bench -- --soak` runs bench/soak.ts instead.
 *
 *   npm run bench                      # 50,000 assets
 *   npm run bench -- --stress          # 250,000 assets
 *   npm run bench -- --sizes 50000,250000 --samples 300 --seconds 10
 *   BENCH_DATABASE_URL=postgres://… npm run bench   # the same on a PostgreSQL server (an empty database)
 *
 * For each size: build (or reuse) a synthetic county in PGlite under .tmp/bench/, then time
 * (a) the embedded engine's searchAssets, (b) the whole search page through the real HTTP stack
 * (server time per request, then requests per second at 50 connections with autocannon in a
 * separate process), and (c) Orama, an in-process JS engine, on the same data as the baseline.
 * Results go to bench/results/<date>-<size>.json and .md.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { queryRows } from "../db/client.server";
import { findPlace, searchEngine, type AssetQuery } from "../search/index.server";
import { assetStatement, withSearchSettings } from "../search/embedded.server";
import type { NeedCode } from "../db/vocabulary/needs";
import { createHttpApp } from "../server/http";
import { openBenchDatabase } from "./database";
import { benchMatching, writeMatchingResults } from "./matching";
import { buildOramaIndex, searchOrama } from "./orama";

// ─── Options ────────────────────────────────────────────────────────────────────────────────

const argv = process.argv.slice(2);
// The soak (several app processes on PostgreSQL for minutes) is its own script: bench/soak.ts.
if (argv.includes("--soak")) await import("./soak");
const option = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
};
const sizes = option("sizes")?.split(",").map(Number) ?? (argv.includes("--stress") ? [250_000] : [50_000]);
const samples = Number(option("samples") ?? 200);
const warmup = Number(option("warmup") ?? 20);
const loadSeconds = Number(option("seconds") ?? 10);
const connections = Number(option("connections") ?? 50);
const skipHttp = argv.includes("--no-http");

const targets = { engineP95: 20, pageP95: 80, requestsPerSecond: 200 };

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

// ─── Queries ────────────────────────────────────────────────────────────────────────────────

interface Scenario {
  text: string;
  needs?: NeedCode[];
  postcode?: string;
  radiusMiles?: number;
}

const typical: Scenario[] = [
  { text: "lunch", needs: ["social-connection"], postcode: "CB7 4", radiusMiles: 5 },
  { text: "befriending", postcode: "PE13", radiusMiles: 5 },
  { text: "memory cafe", needs: ["memory"], postcode: "CB1 3", radiusMiles: 3 },
  { text: "gardening", needs: ["daily-living"], postcode: "PE27 5", radiusMiles: 5 },
  { text: "walking group", needs: ["getting-out"], postcode: "CB6", radiusMiles: 10 },
  { text: "carers", needs: ["carer-support"], postcode: "PE19 1", radiusMiles: 5 },
];
const broad: Scenario[] = [{ text: "club" }, { text: "help" }, { text: "support" }];

const perPage = 20;

function pagePath(scenario: Scenario): string {
  const params = new URLSearchParams({ q: scenario.text });
  for (const need of scenario.needs ?? []) params.append("need", need);
  if (scenario.postcode) {
    params.set("postcode", scenario.postcode);
    params.set("radius", String(scenario.radiusMiles ?? 5));
  }
  return `/search?${params.toString()}`;
}

// ─── Statistics ─────────────────────────────────────────────────────────────────────────────

export interface Summary {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

function summarise(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    samples: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((sum, n) => sum + n, 0) / sorted.length),
    max: round(sorted[sorted.length - 1]!),
  };
}

async function timeRotating<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await run(items[i % items.length]!);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run(items[i % items.length]!);
    times.push(performance.now() - started);
  }
  return summarise(times);
}

const heapMb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

// ─── Pieces ─────────────────────────────────────────────────────────────────────────────────

async function ensureBuild(): Promise<ServerBuild> {
  const buildFile = path.resolve("build/index.js");
  if (!fs.existsSync(buildFile)) {
    log("build/index.js is missing: running npm run build");
    execFileSync("npm", ["run", "build"], { stdio: "inherit" });
  }
  return (await import(pathToFileURL(buildFile).href)) as ServerBuild;
}

async function loadTest(origin: string, paths: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("bench/load.ts"), JSON.stringify({ origin, paths, connections, seconds: loadSeconds })], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`bench/load.ts exited with ${code}`);
  const result = JSON.parse(output) as {
    requests: { average: number; mean: number; total: number };
    latency: { p50: number; p90: number; p97_5: number; p99: number; average: number; max: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    total: number;
    duration: number;
  };
  return {
    requestsPerSecond: Math.round((result.total / result.duration) * 10) / 10,
    totalRequests: result.total,
    seconds: result.duration,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
  };
}

// ─── One size ───────────────────────────────────────────────────────────────────────────────

async function benchSize(size: number, build: ServerBuild | null) {
  const { handle, assets, built, buildSeconds } = await openBenchDatabase(size, log);
  const counted = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from services where listing_status = 'published'`);
  log(`${counted[0]?.n} published listings`);

  // Places, resolved once, as the page does before calling the engine.
  const places = new Map<string, { latitude: number; longitude: number }>();
  for (const scenario of typical) {
    const place = await findPlace(handle.db, scenario.postcode!);
    if (!place.found) throw new Error(`postcode ${scenario.postcode} not found`);
    places.set(scenario.postcode!, place);
  }
  const toQuery = (scenario: Scenario): AssetQuery => ({
    text: scenario.text,
    page: 1,
    perPage,
    needs: scenario.needs,
    near: scenario.postcode ? { ...places.get(scenario.postcode)!, radiusMiles: scenario.radiusMiles ?? 5 } : null,
  });

  // (a) the engine
  const engine = searchEngine(handle.db, null);
  const totals: Record<string, number> = {};
  for (const scenario of [...typical, ...broad]) totals[pagePath(scenario)] = (await engine.searchAssets(toQuery(scenario))).total;
  log("engine: typical");
  const engineTypical = await timeRotating(typical, (s) => engine.searchAssets(toQuery(s)));
  log("engine: broad");
  const engineBroad = await timeRotating(broad, (s) => engine.searchAssets(toQuery(s)));
  const explain: Record<string, string> = {};
  for (const scenario of [typical[0]!, broad[1]!]) {
    const { statement } = assetStatement(toQuery(scenario));
    const rows = await withSearchSettings(handle.db, (tx) => queryRows<Record<string, string>>(tx, sql`explain (analyze, buffers, costs off) ${statement}`));
    explain[pagePath(scenario)] = rows.map((row) => Object.values(row)[0]).join("\n");
  }

  // (c) Orama, same data, comparable queries
  log("orama: indexing");
  const heapBefore = heapMb();
  const indexStarted = performance.now();
  const orama = await buildOramaIndex(assets);
  const oramaIndexSeconds = (performance.now() - indexStarted) / 1000;
  const oramaHeapMb = Math.round(heapMb() - heapBefore);
  const oramaTotals: Record<string, number> = {};
  const oramaQuery = (scenario: Scenario) => searchOrama(orama, { text: scenario.text, needs: scenario.needs, near: toQuery(scenario).near ?? null, perPage });
  for (const scenario of [...typical, ...broad]) oramaTotals[pagePath(scenario)] = (await oramaQuery(scenario)).count;
  log("orama: typical");
  const oramaTypical = await timeRotating(typical, oramaQuery);
  log("orama: broad");
  const oramaBroad = await timeRotating(broad, oramaQuery);

  // (b) the page, through the real HTTP stack
  let page: Record<string, unknown> | null = null;
  if (build) {
    globalThis.__atlasDatabase = Promise.resolve(handle);
    const app = createHttpApp(build);
    const serverTimes: number[] = [];
    let recording = false;
    const server = http.createServer((request, response) => {
      const started = performance.now();
      if (recording) response.on("finish", () => serverTimes.push(performance.now() - started));
      app(request, response);
    });
    server.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (scenario: Scenario) => {
      const response = await fetch(origin + pagePath(scenario));
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${pagePath(scenario)} answered ${response.status}`);
    };
    const serverTimed = async (list: Scenario[]) => {
      serverTimes.length = 0;
      for (let i = 0; i < warmup; i++) await get(list[i % list.length]!);
      recording = true;
      const client = await timeRotating(list, get);
      recording = false;
      return { server: summarise(serverTimes.slice(-samples)), client };
    };
    log("page: typical");
    const pageTypical = await serverTimed(typical);
    log("page: broad");
    const pageBroad = await serverTimed(broad);
    log(`load: typical, ${connections} connections, ${loadSeconds} s`);
    const loadTypical = await loadTest(origin, typical.map(pagePath));
    log(`load: broad, ${connections} connections, ${loadSeconds} s`);
    const loadBroad = await loadTest(origin, broad.map(pagePath));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    page = { typical: pageTypical, broad: pageBroad, load: { typical: loadTypical, broad: loadBroad } };
  }
  await handle.close();

  return {
    size,
    built,
    buildSeconds: Math.round(buildSeconds),
    queries: { typical: typical.map(pagePath), broad: broad.map(pagePath) },
    totals: { embedded: totals, orama: oramaTotals },
    engine: { typical: engineTypical, broad: engineBroad },
    page,
    orama: { typical: oramaTypical, broad: oramaBroad, heapMb: oramaHeapMb, indexSeconds: Math.round(oramaIndexSeconds * 10) / 10 },
    explain,
  };
}

// ─── Report ─────────────────────────────────────────────────────────────────────────────────

type SizeResult = Awaited<ReturnType<typeof benchSize>>;

interface PageFigures {
  typical: { server: Summary; client: Summary };
  broad: { server: Summary; client: Summary };
  load: Record<"typical" | "broad", Awaited<ReturnType<typeof loadTest>>>;
}

function verdicts(result: SizeResult) {
  const page = result.page as PageFigures | null;
  const rows = [
    { target: `engine p95 ≤ ${targets.engineP95} ms (typical)`, value: result.engine.typical.p95, met: result.engine.typical.p95 <= targets.engineP95 },
    { target: `engine p95 ≤ ${targets.engineP95} ms (broad)`, value: result.engine.broad.p95, met: result.engine.broad.p95 <= targets.engineP95 },
  ];
  if (page) {
    rows.push(
      { target: `page p95 ≤ ${targets.pageP95} ms, server time (typical)`, value: page.typical.server.p95, met: page.typical.server.p95 <= targets.pageP95 },
      { target: `page p95 ≤ ${targets.pageP95} ms, server time (broad)`, value: page.broad.server.p95, met: page.broad.server.p95 <= targets.pageP95 },
    );
    for (const kind of ["typical", "broad"] as const) {
      const load = page.load[kind];
      const failures = load.errors + load.timeouts + load.non2xx;
      rows.push({
        target: `≥ ${targets.requestsPerSecond} req/s at ${connections} connections, no errors (${kind})`,
        value: load.requestsPerSecond,
        met: load.requestsPerSecond >= targets.requestsPerSecond && failures === 0,
      });
    }
  }
  return rows;
}

function markdown(result: SizeResult, machine: Record<string, unknown>): string {
  const page = result.page as PageFigures | null;
  const line = (name: string, s: Summary) => `| ${name} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.samples} |`;
  const out: string[] = [];
  const where = process.env.BENCH_DATABASE_URL ? "PostgreSQL server (BENCH_DATABASE_URL)" : "embedded PGlite";
  out.push(`# Search benchmark: ${result.size.toLocaleString("en-GB")} assets, ${where}`, "");
  out.push(`Run ${machine.date} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage} at the start (${machine.cpus} cores; other work on the machine inflates every figure). ${samples} samples per figure after ${warmup} warm-up calls; load for ${loadSeconds} s at ${connections} connections (autocannon, separate process, loopback). Generated by \`npm run bench\`.`, "");
  out.push("## Targets (embedded engine)", "", "| target | measured | met? |", "|---|---|---|");
  for (const row of verdicts(result)) out.push(`| ${row.target} | ${row.value} | ${row.met ? "met" : "**not met**"} |`);
  out.push("", "## Latency (ms)", "", "| what | p50 | p95 | p99 | samples |", "|---|---|---|---|---|");
  out.push(line("embedded engine, typical", result.engine.typical), line("embedded engine, broad", result.engine.broad));
  if (page) {
    out.push(line("search page, server time, typical", page.typical.server), line("search page, server time, broad", page.broad.server));
    out.push(line("search page, client round trip, typical", page.typical.client), line("search page, client round trip, broad", page.broad.client));
  }
  out.push(line("Orama 3 (in-process JS), typical", result.orama.typical), line("Orama 3 (in-process JS), broad", result.orama.broad));
  out.push("", `Orama: index built in ${result.orama.indexSeconds} s, heap ${result.orama.heapMb} MB. Its typical query is words + need (enum[] containsAny) + geo radius; it has no stemming-equivalent synonyms, typo pass or facet counts beyond what its \`facets\` option gives, so it does less work per query than the embedded engine.`);
  if (page) {
    out.push("", "## Load: search page at " + connections + " connections", "", "| queries | req/s | requests | errors | timeouts | non-2xx | latency p50 | p99 |", "|---|---|---|---|---|---|---|---|");
    for (const kind of ["typical", "broad"] as const) {
      const load = page.load[kind];
      out.push(`| ${kind} | ${load.requestsPerSecond} | ${load.totalRequests} | ${load.errors} | ${load.timeouts} | ${load.non2xx} | ${load.latencyMs.p50} | ${load.latencyMs.p99} |`);
    }
  }
  out.push("", "## Queries and result counts", "", "| query | embedded total | Orama total |", "|---|---|---|");
  for (const query of [...result.queries.typical, ...result.queries.broad]) out.push(`| \`${query}\` | ${result.totals.embedded[query]} | ${result.totals.orama[query]} |`);
  out.push("", "## EXPLAIN ANALYZE", "");
  for (const [query, plan] of Object.entries(result.explain)) out.push(`\`${query}\``, "", "```", plan, "```", "");
  return out.join("\n") + "\n";
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────

const started = performance.now();
const build = skipHttp ? null : await ensureBuild();
const machine = {
  date: new Date().toISOString(),
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  node: process.version,
  /** 1-minute load average when the run started (the figures are only comparable on a quiet machine). */
  loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
};
fs.mkdirSync("bench/results", { recursive: true });
for (const size of sizes) {
  log(`size ${size}`);
  const result = await benchSize(size, build);
  const stem = path.join("bench/results", `${machine.date.slice(0, 10)}-${size}${process.env.BENCH_DATABASE_URL ? "-postgres" : ""}`);
  fs.writeFileSync(`${stem}.json`, JSON.stringify({ machine, options: { samples, warmup, loadSeconds, connections }, targets, verdicts: verdicts(result), ...result }, null, 2) + "\n");
  fs.writeFileSync(`${stem}.md`, markdown(result, machine));
  console.log("");
  console.table(verdicts(result).map((row) => ({ target: row.target, measured: row.value, result: row.met ? "met" : "NOT MET" })));
  const table = (name: string, s: Summary) => ({ what: name, p50: s.p50, p95: s.p95, p99: s.p99 });
  const page = result.page as PageFigures | null;
  console.table([
    table("embedded engine, typical", result.engine.typical),
    table("embedded engine, broad", result.engine.broad),
    ...(page ? [table("page server time, typical", page.typical.server), table("page server time, broad", page.broad.server)] : []),
    table("orama, typical", result.orama.typical),
    table("orama, broad", result.orama.broad),
  ]);
  log(`wrote ${stem}.json and ${stem}.md`);
  writeMatchingResults(await benchMatching(size, log, { samples, warmup }), log);
}
if (!argv.includes("--no-import")) await (await import("./import")).benchImport({ log });
log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
process.exit(0);
