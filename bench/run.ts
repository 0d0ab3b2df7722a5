/**
 * `npm run bench`: the search benchmark. Not a test. `npm run bench -- --soak` runs bench/soak.ts instead.
 *
 *   npm run bench                      # the demo directory's pages, then 50,000 listings
 *   npm run bench -- --stress          # 250,000 listings (engine, memory; no pages)
 *   npm run bench -- --sizes 50000,250000 --samples 300 --seconds 10 --no-http --no-baselines
 *   BENCH_DATABASE_URL=postgres://… npm run bench   # the same on a PostgreSQL server (an empty database)
 *
 * For each size: build (or reuse) a synthetic county under .tmp/bench/ (the time to build it is
 * a figure), load the in-memory search catalogue (time and heap), then time (a) the engine's
 * searchAssets as the page calls it (with its look at the outbox) and the index alone, (b) Orama 3
 * and MiniSearch 7 on the same data and comparable queries, and (c) the search page through the
 * real HTTP stack: server time per request, then requests per second at 50 connections with
 * autocannon in a separate process, against the home page in the same run. The demo directory's
 * pages are measured the same way first. The machine's load average is printed with every figure:
 * other work on a shared machine inflates them all. Results: bench/results/<date>-<size>.json and .md.
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
import { queryRows, type DatabaseHandle } from "../db/client.server";
import type { NeedCode } from "../db/vocabulary/needs";
import { findPlace, type AssetQuery } from "../search/index.server";
import { ListingFeed } from "../search/listing-feed.server";
import { createMemoryEngine, SearchCatalogue } from "../search/memory.server";
import { createHttpApp } from "../server/http";
import { openBenchDatabase, openDemoDatabase } from "./database";
import type { BenchAsset } from "./generate";
import { benchMatching, writeMatchingResults } from "./matching";
import { buildMiniSearchIndex, searchMiniSearch } from "./minisearch";
import { buildOramaIndex, searchOrama } from "./orama";

// ─── Options ────────────────────────────────────────────────────────────────────────────────

const argv = process.argv.slice(2);
// The soak (several app processes on PostgreSQL for minutes) is its own script: bench/soak.ts.
if (argv.includes("--soak")) await import("./soak");
const option = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
};
const stress = argv.includes("--stress");
const sizes = option("sizes")?.split(",").map(Number) ?? (stress ? [250_000] : [50_000]);
const samples = Number(option("samples") ?? 200);
// A few hundred calls before timing: with 20, the first engine figure timed V8 still compiling the
// index's code (p95 8 ms, where the same calls a moment later gave 1.2 ms).
const warmup = Number(option("warmup") ?? 300);
const loadSeconds = Number(option("seconds") ?? 10);
const connections = Number(option("connections") ?? 50);
const skipHttp = argv.includes("--no-http") || stress;
const skipBaselines = argv.includes("--no-baselines");
const skipDemo = argv.includes("--no-demo") || stress;

const targets = {
  engineTypicalP95: 5,
  /** Broad queries: 15 ms at 50,000 listings, 20 ms at 250,000. */
  engineBroadP95: (size: number) => (size > 100_000 ? 20 : 15),
  requestsPerSecond: 200,
  /** The search page's req/s against the home page's in the same run. */
  homeShare: 0.7,
  heapMb: 300,
  buildSeconds: 180,
};

const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)} load ${loadAverage()}] ${line}`);
const loadAverage = () => Math.round(os.loadavg()[0]! * 100) / 100;

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
const demoPages: Scenario[] = [
  { text: "lunch club", postcode: "CB7 5BX", radiusMiles: 5 },
  { text: "lonely", postcode: "CB7 4", radiusMiles: 5 },
  { text: "need help getting washed and dressed" },
  { text: "memory cafe", needs: ["memory"] },
  { text: "knitting" },
  { text: "" },
];

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
  /** 1-minute load average when the figure was taken. */
  load: number;
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
    load: loadAverage(),
  };
}

async function timeRotating<T>(items: T[], run: (item: T) => unknown): Promise<Summary> {
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
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    load: loadAverage(),
  };
}

type Load = Awaited<ReturnType<typeof loadTest>>;

/** The pages through the real HTTP stack: server time per request, then load against the home page. */
async function benchPages(handle: DatabaseHandle, build: ServerBuild, pages: Record<string, Scenario[]>) {
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
  const get = async (route: string) => {
    const response = await fetch(origin + route);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
  };
  const serverTimed = async (routes: string[]) => {
    serverTimes.length = 0;
    for (let i = 0; i < warmup; i++) await get(routes[i % routes.length]!);
    recording = true;
    const client = await timeRotating(routes, get);
    recording = false;
    return { server: summarise(serverTimes.slice(-samples)), client };
  };
  const latency: Record<string, { server: Summary; client: Summary }> = {};
  const load: Record<string, Load> = {};
  log(`load: home page, ${connections} connections, ${loadSeconds} s`);
  load.home = await loadTest(origin, ["/"]);
  for (const [name, list] of Object.entries(pages)) {
    log(`page: ${name}`);
    latency[name] = await serverTimed(list.map(pagePath));
    log(`load: ${name}, ${connections} connections, ${loadSeconds} s`);
    load[name] = await loadTest(origin, list.map(pagePath));
  }
  log(`load: home page again, ${connections} connections, ${loadSeconds} s`);
  load.homeAfter = await loadTest(origin, ["/"]);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { latency, load };
}

// ─── The demo directory ─────────────────────────────────────────────────────────────────────

async function benchDemo(build: ServerBuild) {
  const handle = await openDemoDatabase();
  const pages = await benchPages(handle, build, { demo: demoPages });
  await handle.close();
  return pages;
}

// ─── One size ───────────────────────────────────────────────────────────────────────────────

async function benchSize(size: number, build: ServerBuild | null) {
  const { handle, assets, built, buildSeconds } = await openBenchDatabase(size, log);
  const cpuSeconds: number | undefined = undefined;
  const buildLoad = loadAverage();
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

  // The in-memory catalogue: its first load, and the heap it holds.
  const heapBefore = heapMb();
  const catalogue = new SearchCatalogue(new ListingFeed(handle.db));
  const loadStarted = performance.now();
  await catalogue.warm();
  const catalogueLoad = { seconds: Math.round((performance.now() - loadStarted) / 100) / 10, heapMb: Math.round(heapMb() - heapBefore), listings: catalogue.stats.listings, load: loadAverage() };
  log(`catalogue: ${catalogueLoad.listings} listings in ${catalogueLoad.seconds} s, ${catalogueLoad.heapMb} MB of heap`);

  // (a) the engine, as the page calls it (a look at the outbox first), and the index alone
  const engine = createMemoryEngine(handle.db, catalogue);
  const totals: Record<string, number> = {};
  for (const scenario of [...typical, ...broad]) totals[pagePath(scenario)] = (await engine.searchAssets(toQuery(scenario))).total;
  log("engine: typical");
  const engineTypical = await timeRotating(typical, (s) => engine.searchAssets(toQuery(s)));
  log("engine: broad");
  const engineBroad = await timeRotating(broad, (s) => engine.searchAssets(toQuery(s)));
  const indexTypical = await timeRotating(typical, (s) => catalogue.searchHeld(toQuery(s)));
  const indexBroad = await timeRotating(broad, (s) => catalogue.searchHeld(toQuery(s)));

  // (b) Orama and MiniSearch, same data, comparable queries
  const baselines = skipBaselines ? null : await benchBaselines(assets, toQuery, totals);

  // (c) the page, through the real HTTP stack (after the baselines: their heaps are garbage by then)
  let pages: Awaited<ReturnType<typeof benchPages>> | null = null;
  if (build) pages = await benchPages(handle, build, { typical, broad });
  const processHeapMb = Math.round(heapMb());
  await handle.close();

  return {
    size,
    built,
    buildSeconds: Math.round(buildSeconds),
    buildCpuSeconds: cpuSeconds === undefined ? null : Math.round(cpuSeconds),
    buildLoad,
    catalogue: catalogueLoad,
    processHeapMb,
    queries: { typical: typical.map(pagePath), broad: broad.map(pagePath) },
    totals,
    engine: { typical: engineTypical, broad: engineBroad },
    index: { typical: indexTypical, broad: indexBroad },
    baselines,
    pages,
  };
}

async function benchBaselines(assets: BenchAsset[], toQuery: (scenario: Scenario) => AssetQuery, totals: Record<string, number>) {
  log("orama: indexing");
  let before = heapMb();
  let started = performance.now();
  const orama = await buildOramaIndex(assets);
  const oramaBuild = { seconds: Math.round((performance.now() - started) / 100) / 10, heapMb: Math.round(heapMb() - before) };
  const oramaQuery = (scenario: Scenario) => searchOrama(orama, { text: scenario.text, needs: scenario.needs, near: toQuery(scenario).near ?? null, perPage });
  const oramaTotals: Record<string, number> = {};
  for (const scenario of [...typical, ...broad]) oramaTotals[pagePath(scenario)] = (await oramaQuery(scenario)).count;
  log("orama: typical, broad");
  const oramaTypical = await timeRotating(typical, oramaQuery);
  const oramaBroad = await timeRotating(broad, oramaQuery);

  log("minisearch: indexing");
  before = heapMb();
  started = performance.now();
  const mini = buildMiniSearchIndex(assets);
  const miniBuild = { seconds: Math.round((performance.now() - started) / 100) / 10, heapMb: Math.round(heapMb() - before) };
  const miniQuery = (scenario: Scenario) => searchMiniSearch(mini, { text: scenario.text, needs: scenario.needs, near: toQuery(scenario).near ?? null, perPage });
  const miniTotals: Record<string, number> = {};
  for (const scenario of [...typical, ...broad]) miniTotals[pagePath(scenario)] = miniQuery(scenario).count;
  log("minisearch: typical, broad");
  const miniTypical = await timeRotating(typical, miniQuery);
  const miniBroad = await timeRotating(broad, miniQuery);
  return {
    orama: { typical: oramaTypical, broad: oramaBroad, ...oramaBuild, totals: oramaTotals },
    minisearch: { typical: miniTypical, broad: miniBroad, ...miniBuild, totals: miniTotals },
    ours: totals,
  };
}

// ─── Report ─────────────────────────────────────────────────────────────────────────────────

type SizeResult = Awaited<ReturnType<typeof benchSize>>;
type DemoResult = Awaited<ReturnType<typeof benchDemo>> | null;

function verdicts(result: SizeResult, demo: DemoResult) {
  const rows: { target: string; value: number | string; met: boolean; load: number }[] = [
    { target: `engine p95 ≤ ${targets.engineTypicalP95} ms (typical)`, value: result.engine.typical.p95, met: result.engine.typical.p95 <= targets.engineTypicalP95, load: result.engine.typical.load },
    {
      target: `engine p95 ≤ ${targets.engineBroadP95(result.size)} ms (broad)`,
      value: result.engine.broad.p95,
      met: result.engine.broad.p95 <= targets.engineBroadP95(result.size),
      load: result.engine.broad.load,
    },
    { target: `search catalogue heap ≤ ${targets.heapMb} MB`, value: result.catalogue.heapMb, met: result.catalogue.heapMb <= targets.heapMb, load: result.catalogue.load },
  ];
  if (result.built) {
    rows.push({
      target: `database built in ≤ ${targets.buildSeconds} s (CPU time in brackets)`,
      value: `${result.buildSeconds} (${result.buildCpuSeconds ?? "?"})`,
      met: result.buildSeconds <= targets.buildSeconds,
      load: result.buildLoad,
    });
  }
  const pageRows = (name: string, pages: NonNullable<SizeResult["pages"]>, kinds: string[]) => {
    const home = Math.max(pages.load.home!.requestsPerSecond, pages.load.homeAfter!.requestsPerSecond);
    for (const kind of kinds) {
      const load = pages.load[kind]!;
      const failures = load.errors + load.timeouts + load.non2xx;
      rows.push({
        target: `${name} ${kind}: ≥ ${targets.requestsPerSecond} req/s at ${connections} connections, no errors`,
        value: load.requestsPerSecond,
        met: load.requestsPerSecond >= targets.requestsPerSecond && failures === 0,
        load: load.load,
      });
      rows.push({
        target: `${name} ${kind}: ≥ ${targets.homeShare * 100}% of the home page's req/s (${home})`,
        value: `${Math.round((load.requestsPerSecond / home) * 100)}%`,
        met: load.requestsPerSecond >= targets.homeShare * home,
        load: load.load,
      });
    }
  };
  if (demo) pageRows("demo directory", demo, ["demo"]);
  if (result.pages) pageRows(`${result.size.toLocaleString("en-GB")} listings`, result.pages, ["typical", "broad"]);
  return rows;
}

function markdown(result: SizeResult, demo: DemoResult, machine: Record<string, unknown>): string {
  const line = (name: string, s: Summary) => `| ${name} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.samples} | ${s.load} |`;
  const out: string[] = [];
  const where = process.env.BENCH_DATABASE_URL ? "PostgreSQL server (BENCH_DATABASE_URL)" : "embedded PGlite";
  out.push(`# Search benchmark: ${result.size.toLocaleString("en-GB")} listings, ${where}`, "");
  out.push(
    `Run ${machine.date} on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}. The machine is shared: the 1-minute load average is given with every figure (${machine.cpus} cores; other work inflates the figures). ${samples} samples per figure after ${warmup} warm-up calls; load for ${loadSeconds} s at ${connections} connections (autocannon, separate process, loopback). Generated by \`npm run bench\`.`,
    "",
  );
  out.push("## Targets", "", "| target | measured | met? | load average |", "|---|---|---|---|");
  for (const row of verdicts(result, demo)) out.push(`| ${row.target} | ${row.value} | ${row.met ? "met" : "**not met**"} | ${row.load} |`);
  out.push("", "## Latency (ms)", "", "| what | p50 | p95 | p99 | samples | load average |", "|---|---|---|---|---|---|");
  out.push(line("in-memory engine (with its look at the outbox), typical", result.engine.typical), line("in-memory engine (with its look at the outbox), broad", result.engine.broad));
  out.push(line("the index alone, typical", result.index.typical), line("the index alone, broad", result.index.broad));
  const baselines = result.baselines;
  if (baselines) {
    out.push(line("Orama 3, typical", baselines.orama.typical), line("Orama 3, broad", baselines.orama.broad));
    out.push(line("MiniSearch 7, typical", baselines.minisearch.typical), line("MiniSearch 7, broad", baselines.minisearch.broad));
  }
  for (const [name, pages] of [["demo directory", demo], [`${result.size} listings`, result.pages]] as const) {
    if (!pages) continue;
    for (const [kind, figures] of Object.entries(pages.latency)) {
      out.push(line(`${name}: search page, server time, ${kind}`, figures.server), line(`${name}: search page, client round trip, ${kind}`, figures.client));
    }
  }
  if (baselines) {
    // Two significant figures: ours is often hundreds of times faster, which two decimals showed as 0.
    const ratio = (ours: Summary, theirs: Summary) => `${Number((ours.p95 / theirs.p95).toPrecision(2))}`;
    out.push("", "## Against Orama and MiniSearch (same data, same run)", "", "| | typical p95 | broad p95 | index built | heap |", "|---|---|---|---|---|");
    out.push(`| in-memory engine | ${result.engine.typical.p95} ms | ${result.engine.broad.p95} ms | ${result.catalogue.seconds} s (from the database) | ${result.catalogue.heapMb} MB |`);
    out.push(`| Orama 3 | ${baselines.orama.typical.p95} ms | ${baselines.orama.broad.p95} ms | ${baselines.orama.seconds} s | ${baselines.orama.heapMb} MB |`);
    out.push(`| MiniSearch 7 | ${baselines.minisearch.typical.p95} ms | ${baselines.minisearch.broad.p95} ms | ${baselines.minisearch.seconds} s | ${baselines.minisearch.heapMb} MB |`);
    out.push(`| p95 ratio, ours ÷ Orama | ${ratio(result.engine.typical, baselines.orama.typical)} | ${ratio(result.engine.broad, baselines.orama.broad)} | | |`);
    out.push(`| p95 ratio, ours ÷ MiniSearch | ${ratio(result.engine.typical, baselines.minisearch.typical)} | ${ratio(result.engine.broad, baselines.minisearch.broad)} | | |`);
    out.push(
      "",
      "Comparable, not equal, work: both baselines get the words (Orama: typo tolerance 1; MiniSearch: prefix and fuzzy 0.2, every word), the need filter and the radius, and give 20 hits and need and kind counts (MiniSearch's counted here over its matches). Neither applies the vocabulary, stop words, phrases, Meilisearch's typo rules or the order of docs/search.md, and MiniSearch measures each match's distance in its filter.",
    );
  }
  for (const [name, pages] of [["demo directory", demo], [`${result.size} listings`, result.pages]] as const) {
    if (!pages) continue;
    out.push("", `## Load: ${name}, ${connections} connections`, "", "| pages | req/s | requests | errors | timeouts | non-2xx | latency p50 | p99 | load average |", "|---|---|---|---|---|---|---|---|---|");
    for (const [kind, load] of Object.entries(pages.load)) {
      out.push(`| ${kind} | ${load.requestsPerSecond} | ${load.totalRequests} | ${load.errors} | ${load.timeouts} | ${load.non2xx} | ${load.latencyMs.p50} | ${load.latencyMs.p99} | ${load.load} |`);
    }
  }
  out.push("", "## Memory", "", `The search catalogue for ${result.catalogue.listings.toLocaleString("en-GB")} listings: loaded in ${result.catalogue.seconds} s, ${result.catalogue.heapMb} MB of JavaScript heap (heap used after loading it, less before, garbage collected both times). The whole benchmark process after the pages: ${result.processHeapMb} MB of heap.`);
  out.push("", "## Queries and result counts", "", "| query | in-memory | Orama | MiniSearch |", "|---|---|---|---|");
  for (const query of [...result.queries.typical, ...result.queries.broad]) {
    out.push(`| \`${query}\` | ${result.totals[query]} | ${result.baselines?.orama.totals[query] ?? "–"} | ${result.baselines?.minisearch.totals[query] ?? "–"} |`);
  }
  return out.join("\n") + "\n";
}

// ─── Main ───────────────────────────────────────────────────────────────────────────────────

const started = performance.now();
// As server.ts does: React's production build (NODE_ENV), the operator's value kept for the app.
process.env.ATLAS_DEPLOYMENT ??= process.env.NODE_ENV ?? "development";
process.env.NODE_ENV = "production";
const build = skipHttp ? null : await ensureBuild();
const machine = {
  date: new Date().toISOString(),
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  node: process.version,
  loadAverageAtStart: loadAverage(),
};
fs.mkdirSync("bench/results", { recursive: true });
let demo: DemoResult = null;
if (build && !skipDemo) {
  log("the demo directory's pages");
  demo = await benchDemo(build);
}
for (const size of sizes) {
  log(`size ${size}`);
  const result = await benchSize(size, build);
  const stem = path.join("bench/results", `${machine.date.slice(0, 10)}-${size}${process.env.BENCH_DATABASE_URL ? "-postgres" : ""}`);
  fs.writeFileSync(`${stem}.json`, JSON.stringify({ machine, options: { samples, warmup, loadSeconds, connections }, verdicts: verdicts(result, demo), demo, ...result }, null, 2) + "\n");
  fs.writeFileSync(`${stem}.md`, markdown(result, demo, machine));
  console.log("");
  console.table(verdicts(result, demo).map((row) => ({ target: row.target, measured: row.value, result: row.met ? "met" : "NOT MET", load: row.load })));
  log(`wrote ${stem}.json and ${stem}.md`);
  if (!argv.includes("--no-matching")) writeMatchingResults(await benchMatching(size, log, { samples, warmup }), log);
}
if (!argv.includes("--no-import") && !stress) await (await import("./import")).benchImport({ log });
log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
process.exit(0);
