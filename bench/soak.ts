/**
 * `npm run bench -- --soak`: a day's mixed traffic against one app server running several app
 * processes (WEB_CONCURRENCY, Node's cluster) on PostgreSQL, at a steady rate, for a while; one
 * app process is killed half-way. Not a test: it reports p95 per route, errors, the processes'
 * heap at start and end, and the machine's load average, to bench/results/<date>-soak.md.
 *
 *   BENCH_SOAK_DATABASE_URL=postgres://…/db npm run bench -- --soak --rate 100 --seconds 600 --processes 2
 *
 * The database must be set up with the demo data first (`DATABASE_URL=… npm run db:setup -- --demo`).
 * Traffic (open loop: requests start on schedule whether or not earlier ones have finished):
 * residents searching (50%) and reading listings (15%), the home page (10%), practitioners
 * matching (15%), coordinators reading their queue and edit pages (10%).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../db/client.server";
import { users } from "../db/schema";
import { startSession } from "../app/modules/accounts/session.server";

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? Number(argv[index + 1]) : fallback;
};
const rate = option("rate", 100);
const seconds = option("seconds", 600);
const processes = option("processes", 2);
const databaseUrl = process.env.BENCH_SOAK_DATABASE_URL;
if (!databaseUrl) {
  console.error("Set BENCH_SOAK_DATABASE_URL to a PostgreSQL database set up with the demo data (npm run db:setup -- --demo).");
  process.exit(2);
}
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

// ─── What to ask for ────────────────────────────────────────────────────────────────────────
const handle = await openDatabase({ databaseUrl, dataDir: "" });
const listingIds = (await queryRows<{ id: string }>(handle.db, sql`select id from services where listing_status = 'published' order by id limit 200`)).map((row) => row.id);
// A coordinator may edit only the listings in their wards: ask for those.
const editableIds = (
  await queryRows<{ id: string }>(
    handle.db,
    sql`select distinct s.id from services s join service_at_locations sal on sal.service_id = s.id join locations l on l.id = sal.location_id
        join user_localities ul on ul.ward_code = l.ward_code join users u on u.id = ul.user_id
        where u.email = 'coordinator@demo.example.org' and s.listing_status = 'published' order by s.id limit 100`,
  )
).map((row) => row.id);
const sessionCookie = async (email: string) => {
  const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No demo account ${email}: set the database up with --demo.`);
  return (await startSession(handle.db, new Request("http://localhost/sign-in"), user.id)).split(";")[0]!;
};
const practitioner = await sessionCookie("practitioner@demo.example.org");
const coordinator = await sessionCookie("coordinator@demo.example.org");
const [owner] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "practitioner@demo.example.org"));
const personIds = (await queryRows<{ id: string }>(handle.db, sql`select id from persons where owner_id = ${owner!.id} and ward_code is not null limit 50`)).map((row) => row.id);
await handle.close();
if (listingIds.length === 0 || personIds.length === 0 || editableIds.length === 0) throw new Error("The database has no published listings or no people for the demo practitioner.");

const words = ["lunch", "walking", "dementia", "carers", "memory", "exercise", "befriending", "singing", "advice", "transport", "garden", "tea"];
const places = ["CB7 5AA", "Ely", "Soham", "CB6 1AA", "Littleport", "Burwell"];
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const mix: Array<{ route: string; weight: number; request: () => { path: string; cookie?: string } }> = [
  { route: "search", weight: 50, request: () => ({ path: `/search?q=${encodeURIComponent(pick(words))}${Math.random() < 0.5 ? `&near=${encodeURIComponent(pick(places))}` : ""}` }) },
  { route: "listing", weight: 15, request: () => ({ path: `/assets/${pick(listingIds)}` }) },
  { route: "home", weight: 10, request: () => ({ path: "/" }) },
  { route: "matching", weight: 15, request: () => ({ path: `/people/${pick(personIds)}/matches`, cookie: practitioner }) },
  { route: "coordinator queue", weight: 5, request: () => ({ path: "/coordinator/queue", cookie: coordinator }) },
  { route: "edit page", weight: 5, request: () => ({ path: `/assets/${pick(editableIds)}/edit`, cookie: coordinator }) },
];
const totalWeight = mix.reduce((sum, entry) => sum + entry.weight, 0);
const choose = () => {
  let n = Math.random() * totalWeight;
  for (const entry of mix) if ((n -= entry.weight) < 0) return entry;
  return mix[0]!;
};

// ─── The server ─────────────────────────────────────────────────────────────────────────────
const port = 3900 + Math.floor(Math.random() * 90);
const origin = `http://127.0.0.1:${port}`;
let output = "";
const server = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "server.ts"], {
  env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", WEB_CONCURRENCY: String(processes), DEMO_MODE: "true", METRICS: "true", COOKIE_SECURE: "false", SCHEDULED_JOBS: "false" },
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
server.stdout.on("data", (chunk) => (output += chunk));
server.stderr.on("data", (chunk) => (output += chunk));
const running = () => output.split("\n").filter((line) => line.includes("Asset Atlas is running")).map((line) => (JSON.parse(line) as { pid: number }).pid);
const startDeadline = Date.now() + 300_000;
while (running().length < processes && Date.now() < startDeadline) await new Promise((resolve) => setTimeout(resolve, 500));
if (running().length < processes) throw new Error(`The server did not start:\n${output}`);
log(`${processes} app processes on ${origin}; warming up`);
for (const entry of mix) await fetch(origin + entry.request().path, { headers: entry.request().cookie ? { cookie: entry.request().cookie! } : {} }).then((r) => r.text());

const heapBytes = async () => {
  const text = await (await fetch(`${origin}/metrics`)).text();
  return Number(/^atlas_process_nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? Number.NaN);
};

// ─── The run ────────────────────────────────────────────────────────────────────────────────
const timings = new Map<string, number[]>(mix.map((entry) => [entry.route, []]));
const errors = new Map<string, number>();
let sent = 0;
let inFlight = 0;
const heapStart = await heapBytes();
const loadStart = os.loadavg();
const started = performance.now();
let killed: { pid: number; atSecond: number; replacedAfterMs: number | null } | null = null;
const fire = () => {
  const entry = choose();
  const { path: requestPath, cookie } = entry.request();
  sent++;
  inFlight++;
  const begin = performance.now();
  fetch(origin + requestPath, { headers: cookie ? { cookie } : {}, redirect: "manual", signal: AbortSignal.timeout(30_000) })
    .then(async (response) => {
      await response.arrayBuffer();
      if (response.status >= 400) errors.set(`${entry.route} ${response.status}`, (errors.get(`${entry.route} ${response.status}`) ?? 0) + 1);
      else timings.get(entry.route)!.push(performance.now() - begin);
    })
    .catch((error: Error) => {
      const what = `${entry.route} ${error.cause instanceof Error ? error.cause.message : error.message}`;
      errors.set(what, (errors.get(what) ?? 0) + 1);
    })
    .finally(() => inFlight--);
};
let next = performance.now();
while (performance.now() - started < seconds * 1000) {
  next += 1000 / rate;
  fire();
  if (!killed && performance.now() - started > (seconds * 1000) / 2) {
    const pid = running()[0]!;
    process.kill(pid, "SIGKILL");
    killed = { pid, atSecond: Math.round((performance.now() - started) / 1000), replacedAfterMs: null };
    const before = running().length;
    const since = performance.now();
    void (async () => {
      while (running().length === before) await new Promise((resolve) => setTimeout(resolve, 200));
      killed!.replacedAfterMs = Math.round(performance.now() - since);
    })();
    log(`killed app process ${pid} (SIGKILL) at ${killed.atSecond} s`);
  }
  const wait = next - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
const drainBy = Date.now() + 35_000;
while (inFlight > 0 && Date.now() < drainBy) await new Promise((resolve) => setTimeout(resolve, 100));
const unanswered = inFlight;
const elapsed = (performance.now() - started) / 1000;
const heapEnd = await heapBytes().catch(() => Number.NaN);
const loadEnd = os.loadavg();
process.kill(-server.pid!, "SIGTERM");

// ─── Report ─────────────────────────────────────────────────────────────────────────────────
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
};
const errorCount = [...errors.values()].reduce((sum, n) => sum + n, 0);
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const lines = [
  `# Soak: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `${processes} app processes (WEB_CONCURRENCY) on PostgreSQL, ${rate} req/s asked for ${seconds} s; ${sent} requests sent (${(sent / elapsed).toFixed(1)} req/s achieved), ${errorCount} errors.`,
  `Machine: ${os.cpus().length} cores, ${mb(os.totalmem())}; load average ${loadStart.map((n) => n.toFixed(1)).join(" ")} at the start, ${loadEnd.map((n) => n.toFixed(1)).join(" ")} at the end (other work shares this machine).`,
  `Heap used, all app processes together: ${mb(heapStart)} at the start, ${mb(heapEnd)} at the end.`,
  killed ? `App process ${killed.pid} killed at ${killed.atSecond} s; a new one was serving ${killed.replacedAfterMs === null ? "(not before the end)" : `${(killed.replacedAfterMs / 1000).toFixed(1)} s later`}.` : "",
  "",
  "| route | requests | p50 ms | p95 ms | p99 ms |",
  "|---|---|---|---|---|",
  ...mix.map((entry) => {
    const values = timings.get(entry.route)!;
    return `| ${entry.route} | ${values.length} | ${percentile(values, 50).toFixed(0)} | ${percentile(values, 95).toFixed(0)} | ${percentile(values, 99).toFixed(0)} |`;
  }),
  "",
  unanswered ? `${unanswered} requests had no answer 35 s after the run ended.` : "",
  errorCount ? `Errors: ${[...errors.entries()].map(([what, n]) => `${what} × ${n}`).join("; ")}.` : "Errors: none.",
];
const report = lines.filter((line, index) => line !== "" || lines[index - 1] !== "").join("\n");
console.log(report);
const file = path.join("bench/results", `${new Date().toISOString().slice(0, 10)}-soak.md`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${report}\n`);
log(`written to ${file}`);
process.exit(0);
