/**
 * `npm run bench -- --soak`: a day's mixed traffic against one app server running several app
 * processes (WEB_CONCURRENCY, Node's cluster) on PostgreSQL, at a steady rate, for a while. Part
 * way through one app process is killed (SIGKILL) and later every app process is replaced in turn
 * (SIGHUP to the primary: the rolling restart of docs/operations.md). Not a test: it reports what
 * happened, to bench/results/<date>-soak.md.
 *
 *   BENCH_SOAK_DATABASE_URL=postgres://…/atlas_soak nice npm run bench -- --soak --rate 100 --minutes 10
 *
 * Options: --rate (requests a second, default 100), --minutes (default 10; --seconds for short
 * trials), --processes (WEB_CONCURRENCY, default 2), --steady (no kill and no rolling restart: the
 * same app processes serve the whole run, to show their memory over all of it; written to
 * <date>-soak-steady.md). The database is set up first with the demo
 * data (`db:setup --demo`: migrations, reference data and the demo directory; a no-op if done).
 *
 * Traffic (open loop: requests start on schedule whether or not earlier ones have finished):
 * residents searching (45%), reading listings (15%) and the home page (8%); practitioners
 * matching (15%) and reading a person's page (5%); coordinators reading their queue (4%), listings'
 * edit pages (4%) and saving a listing (4%); and one CSV import (upload, check, import) a fifth
 * of the way in. Failures are counted by route and kind, and by when they happened: while an app
 * process was being killed and replaced, during the rolling restart, or at any other time.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { eq, sql } from "drizzle-orm";
import { openDatabase, queryRows } from "../db/client.server";
import { sessions, users } from "../db/schema";
import { hashToken, startSession } from "../app/modules/accounts/session.server";

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const rate = option("rate", 100);
const seconds = argv.includes("--seconds") ? option("seconds", 600) : option("minutes", 10) * 60;
const processes = option("processes", 2);
const steady = argv.includes("--steady");
const databaseUrl = process.env.BENCH_SOAK_DATABASE_URL;
if (!databaseUrl) {
  console.error("Set BENCH_SOAK_DATABASE_URL to a PostgreSQL database for the soak (it is set up with the demo data first).");
  process.exit(2);
}
const startedAt = new Date();
const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tsx = "node_modules/tsx/dist/cli.mjs";

// ─── The database ───────────────────────────────────────────────────────────────────────────
log("setting the database up (migrations, reference data, demo directory)");
await new Promise<void>((resolve, reject) => {
  const setup = spawn(process.execPath, [tsx, "app/setup.ts", "--demo"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ["ignore", "inherit", "inherit"] });
  setup.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`db:setup --demo failed (exit code ${code})`))));
});
const handle = await openDatabase({ databaseUrl, dataDir: "" });
const [{ server_version: postgresVersion } = { server_version: "?" }] = await queryRows<{ server_version: string }>(handle.db, sql`show server_version`);
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
const signIn = async (email: string) => {
  const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No demo account ${email}: the database was not set up with --demo.`);
  const cookie = (await startSession(handle.db, new Request("http://localhost/sign-in"), user.id)).split(";")[0]!;
  const token = JSON.parse(Buffer.from(decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)), "base64").toString("utf8")) as string;
  const [session] = await handle.db.select({ csrf: sessions.csrfToken }).from(sessions).where(eq(sessions.id, hashToken(token)));
  return { userId: user.id, cookie, csrf: session!.csrf };
};
const practitioner = await signIn("practitioner@demo.example.org");
const coordinator = await signIn("coordinator@demo.example.org");
const personIds = (await queryRows<{ id: string }>(handle.db, sql`select id from persons where owner_id = ${practitioner.userId} and ward_code is not null limit 50`)).map((row) => row.id);
if (listingIds.length === 0 || personIds.length === 0 || editableIds.length === 0) throw new Error("The database has no published listings, no people for the demo practitioner or no listings in the demo coordinator's wards.");

// ─── What to ask for ────────────────────────────────────────────────────────────────────────
interface Ask {
  path: string;
  session?: { cookie: string; csrf: string };
  form?: Record<string, string | string[]>;
}
const stamp = startedAt.toISOString().slice(0, 16);
const listingForm = (name: string, description: string) => ({
  name,
  description,
  kind: "vcs_group",
  delivery: "at_venue",
  organisation: "Soak Test Friends",
  postcode: "CB75AB",
  address1: "The Pavilion, Recreation Ground",
  town: "Soham",
  days0: ["TU"],
  opens0: "14:00",
  closes0: "16:00",
  isFree: "yes",
  capacityUnit: "places",
  capacityTotal: "30",
  capacityAvailable: "12",
  waitingList: "no",
  needs: ["social-connection"],
  accessibility: ["step-free"],
  directPayment: "no",
  phone: "01632 960124",
});
const words = ["lunch", "walking", "dementia", "carers", "memory", "exercise", "befriending", "singing", "advice", "transport", "garden", "tea"];
const places = ["CB7 5AA", "Ely", "Soham", "CB6 1AA", "Littleport", "Burwell"];
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const draftIds: string[] = []; // the coordinator's own drafts, made before the run, saved during it
let saves = 0;
const mix: Array<{ route: string; weight: number; ask: () => Ask }> = [
  { route: "search", weight: 45, ask: () => ({ path: `/search?q=${encodeURIComponent(pick(words))}${Math.random() < 0.5 ? `&near=${encodeURIComponent(pick(places))}` : ""}` }) },
  { route: "listing", weight: 15, ask: () => ({ path: `/assets/${pick(listingIds)}` }) },
  { route: "home", weight: 8, ask: () => ({ path: "/" }) },
  { route: "matching", weight: 15, ask: () => ({ path: `/people/${pick(personIds)}/matches`, session: practitioner }) },
  { route: "person", weight: 5, ask: () => ({ path: `/people/${pick(personIds)}`, session: practitioner }) },
  { route: "coordinator queue", weight: 4, ask: () => ({ path: "/coordinator/queue", session: coordinator }) },
  { route: "edit page", weight: 4, ask: () => ({ path: `/assets/${pick(editableIds)}/edit`, session: coordinator }) },
  {
    route: "save listing",
    weight: 4,
    ask: () => {
      const id = pick(draftIds);
      return { path: `/assets/${id}/edit`, session: coordinator, form: { intent: "save", ...listingForm(`Soak Tea Dance ${id.slice(0, 8)}`, `Tea, cake and a gentle dance, every week (saved ${++saves} times in the soak).`) } };
    },
  },
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
const t = () => performance.now();
/** What the server's log says, read line by line as it comes (request lines are counted, not kept). */
const server = {
  primaryPid: 0,
  running: [] as Array<{ pid: number; at: number }>,
  firstRequestAt: new Map<number, number>(),
  requestsByPid: new Map<number, number>(),
  rollingDoneAt: 0,
  notes: [] as string[],
};
const child = spawn(process.execPath, [tsx, "server.ts"], {
  // --expose-gc: each app process then also reports its heap just after a full collection (bench only).
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc`.trim(), DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", WEB_CONCURRENCY: String(processes), DEMO_MODE: "true", METRICS: "true", COOKIE_SECURE: "false", SCHEDULED_JOBS: "false" },
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
let partial = "";
const readLog = (chunk: Buffer) => {
  const lines = (partial + chunk.toString("utf8")).split("\n");
  partial = lines.pop()!;
  for (const line of lines) {
    let entry: { pid?: number; msg?: string; level?: string; appProcess?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      server.notes.push(line);
      continue;
    }
    const pid = entry.pid ?? 0;
    if (entry.msg === "request") {
      server.requestsByPid.set(pid, (server.requestsByPid.get(pid) ?? 0) + 1);
      if (!server.firstRequestAt.has(pid)) server.firstRequestAt.set(pid, t());
      continue;
    }
    if (entry.msg?.includes("app processes (WEB_CONCURRENCY) are starting")) server.primaryPid = pid;
    if (entry.appProcess === "listening") server.running.push({ pid, at: t() });
    if (entry.msg === "Rolling restart done.") server.rollingDoneAt = t();
    server.notes.push(`${entry.level ?? ""} ${pid} ${entry.msg ?? line}`.slice(0, 300));
  }
};
child.stdout.on("data", readLog);
child.stderr.on("data", readLog);
const stopped = new Set<number>(); // app processes this soak has killed or had replaced
const livePids = () => server.running.map((entry) => entry.pid).filter((pid) => !stopped.has(pid));
const startDeadline = Date.now() + 300_000;
while (server.running.length < processes && Date.now() < startDeadline) {
  if (child.exitCode !== null) break;
  await sleep(500);
}
if (server.running.length < processes) throw new Error(`The server did not start:\n${server.notes.join("\n")}`);
log(`${processes} app processes on ${origin} (primary ${server.primaryPid}); preparing`);

const send = (ask: Ask, timeoutMs = 30_000) => {
  const headers: Record<string, string> = {};
  if (ask.session) headers.cookie = ask.session.cookie;
  let body: URLSearchParams | undefined;
  if (ask.form) {
    body = new URLSearchParams({ csrf: ask.session!.csrf });
    for (const [key, value] of Object.entries(ask.form)) for (const item of [value].flat()) body.append(key, item);
    headers.origin = origin;
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  return fetch(origin + ask.path, { method: body ? "POST" : "GET", headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
};
// The coordinator's drafts to save during the run, made the way the page makes them.
for (let n = 0; n < 5; n++) {
  const made = await send({ path: "/assets/new", session: coordinator, form: listingForm(`Soak Tea Dance ${stamp} ${n}`, "Tea, cake and a gentle dance, every week.") });
  const id = /\/assets\/([0-9a-f-]{36})\/edit/.exec(made.headers.get("location") ?? "")?.[1];
  if (made.status !== 303 || !id) throw new Error(`Could not make a draft listing to edit (${made.status}).`);
  draftIds.push(id);
}
for (const entry of mix) {
  const answer = await send(entry.ask(), 120_000);
  await answer.arrayBuffer();
  if (answer.status >= 400) throw new Error(`Warming up: ${entry.route} answered ${answer.status}.`);
}

/**
 * Each app process's heap, as it stands (atlas_app_process_heap_used_bytes) and just after a full
 * collection (atlas_app_process_heap_after_gc_bytes, there because the app runs under
 * --expose-gc), and the load average, every 15 s.
 */
const sampleEveryMs = 15_000;
const samples: Array<{ second: number; heap: Map<number, number>; afterGc: Map<number, number>; load: number }> = [];
const sample = async () => {
  const heap = new Map<number, number>();
  const afterGc = new Map<number, number>();
  try {
    const text = await (await fetch(`${origin}/metrics`, { signal: AbortSignal.timeout(30_000) })).text();
    for (const match of text.matchAll(/^atlas_app_process_heap_used_bytes\{pid="(\d+)"\} (\S+)/gm)) heap.set(Number(match[1]), Number(match[2]));
    for (const match of text.matchAll(/^atlas_app_process_heap_after_gc_bytes\{pid="(\d+)"\} (\S+)/gm)) afterGc.set(Number(match[1]), Number(match[2]));
  } catch {
    // a scrape while an app process is being replaced may time out: the next one counts
  }
  samples.push({ second: Math.round((t() - started) / 1000), heap, afterGc, load: os.loadavg()[0]! });
};

// ─── The run ────────────────────────────────────────────────────────────────────────────────
interface Failure {
  route: string;
  what: string;
  sentAt: number;
  failedAt: number;
}
const timings = new Map<string, number[]>([...mix.map((entry) => entry.route), "import upload", "import status", "import confirm"].map((route) => [route, []]));
const failures: Failure[] = [];
let sent = 0;
let inFlight = 0;
const loadStart = os.loadavg();
let started = t();
await sample();
started = t();
const fire = (route: string, ask: Ask, ok: (status: number) => boolean = (status) => status < 400) => {
  sent++;
  inFlight++;
  const begin = t();
  return send(ask)
    .then(async (response) => {
      await response.arrayBuffer();
      if (ok(response.status)) timings.get(route)!.push(t() - begin);
      else failures.push({ route, what: `HTTP ${response.status}`, sentAt: begin, failedAt: t() });
      return response;
    })
    .catch((error: Error) => {
      const what = error.name === "TimeoutError" ? "no answer in 30 s" : error.cause instanceof Error ? error.cause.message : error.message;
      failures.push({ route, what, sentAt: begin, failedAt: t() });
      return null;
    })
    .finally(() => inFlight--);
};

/** The one CSV import: the example file with this run's names, uploaded, checked, then imported. */
const csvImport = { startedAt: 0, checkedAt: 0, doneAt: 0, status: "not started", rows: 0 };
const importExample = async () => {
  csvImport.startedAt = t();
  const [header, ...rows] = parse(fs.readFileSync("public/downloads/asset-atlas-listings-example.csv", "utf8")) as string[][];
  const name = header!.indexOf("name");
  for (const row of rows) row[name] = `${row[name]} (soak ${stamp})`;
  csvImport.rows = rows.length;
  const form = new FormData();
  form.append("csrf", coordinator.csrf);
  form.append("file", new Blob([stringify([header!, ...rows])], { type: "text/csv" }), `soak-${stamp}.csv`);
  sent++;
  const begin = t();
  const uploaded = await fetch(`${origin}/coordinator/imports`, { method: "POST", headers: { cookie: coordinator.cookie, origin }, body: form, redirect: "manual", signal: AbortSignal.timeout(60_000) }).catch(() => null);
  const id = /\/coordinator\/imports\/([0-9a-f-]{36})/.exec(uploaded?.headers.get("location") ?? "")?.[1];
  if (!uploaded || uploaded.status !== 303 || !id) {
    failures.push({ route: "import upload", what: uploaded ? `HTTP ${uploaded.status}` : "no answer", sentAt: begin, failedAt: t() });
    csvImport.status = "upload failed";
    return;
  }
  timings.get("import upload")!.push(t() - begin);
  const statusOf = async () => (await queryRows<{ status: string }>(handle.db, sql`select status from import_jobs where id = ${id}`))[0]?.status ?? "missing";
  const until = async (done: (status: string) => boolean) => {
    const deadline = t() + 300_000;
    let status = await statusOf();
    while (!done(status) && t() < deadline) {
      await fire("import status", { path: `/coordinator/imports/${id}?refresh=off`, session: coordinator });
      await sleep(2000);
      status = await statusOf();
    }
    return status;
  };
  const checked = await until((status) => status !== "queued" && status !== "running");
  csvImport.checkedAt = t();
  if (checked !== "checked") {
    csvImport.status = `check ended ${checked}`;
    return;
  }
  const confirmed = await fire("import confirm", { path: `/coordinator/imports/${id}`, session: coordinator, form: {} });
  if (confirmed?.status !== 303) {
    csvImport.status = `import refused (${confirmed?.status ?? "no answer"})`;
    return;
  }
  csvImport.status = await until((status) => status !== "queued" && status !== "running");
  csvImport.doneAt = t();
};

const at = { import: 0.2, kill: 0.4, restart: 0.7 };
const kill = { pid: 0, at: 0, newPid: 0, runningAt: 0, servingAt: 0 };
const restart = { at: 0 };
let importing: Promise<void> | null = null;
const watchReplacement = async () => {
  const before = new Set(server.running.map((entry) => entry.pid));
  while (t() - kill.at < 300_000) {
    const fresh = server.running.find((entry) => !before.has(entry.pid) && entry.at >= kill.at);
    if (fresh) {
      kill.newPid = fresh.pid;
      kill.runningAt = fresh.at;
      while (!server.firstRequestAt.has(fresh.pid) && t() - kill.at < 300_000) await sleep(100);
      kill.servingAt = server.firstRequestAt.get(fresh.pid) ?? 0;
      return;
    }
    await sleep(100);
  }
};
let nextSample = started + 30_000;
let next = t();
// The load goes on past the time asked for (by up to five minutes) until the replaced app processes serve.
const over = () => t() - started >= seconds * 1000 && (steady || (restart.at > 0 && server.rollingDoneAt > 0 && (!kill.at || kill.servingAt > 0)) || t() - started >= seconds * 1000 + 300_000);
while (!over()) {
  next += 1000 / rate;
  const entry = choose();
  void fire(entry.route, entry.ask(), entry.route === "save listing" ? (status) => status === 303 : undefined);
  const elapsed = (t() - started) / (seconds * 1000);
  if (!importing && elapsed >= at.import) {
    log("uploading the CSV import");
    importing = importExample().catch((error: Error) => void (csvImport.status = `failed: ${error.message}`));
  }
  if (!steady && !kill.at && elapsed >= at.kill) {
    kill.pid = livePids().at(-1)!;
    kill.at = t();
    stopped.add(kill.pid);
    process.kill(kill.pid, "SIGKILL");
    void watchReplacement();
    log(`killed app process ${kill.pid} (SIGKILL)`);
  }
  if (!steady && !restart.at && elapsed >= at.restart) {
    restart.at = t();
    for (const pid of livePids()) stopped.add(pid); // all of them are to be replaced
    process.kill(server.primaryPid, "SIGHUP");
    log(`rolling restart (SIGHUP to the primary, ${server.primaryPid})`);
  }
  if (t() >= nextSample) {
    nextSample += sampleEveryMs;
    void sample();
  }
  const wait = next - t();
  if (wait > 0) await sleep(wait);
}
const endedAt = t();
const drainBy = Date.now() + 35_000;
while (inFlight > 0 && Date.now() < drainBy) await sleep(100);
const unanswered = inFlight;
await sample();
const loadEnd = os.loadavg();
await Promise.race([importing, sleep(30_000)]);
process.kill(-child.pid!, "SIGTERM");
await handle.close();

// ─── Report ─────────────────────────────────────────────────────────────────────────────────
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
};
const mb = (bytes: number | undefined) => (bytes === undefined ? "–" : `${(bytes / 1_048_576).toFixed(0)} MB`);
const sec = (from: number, to: number) => (to && from ? `${((to - from) / 1000).toFixed(1)} s` : "not seen");
const at_s = (when: number) => `${((when - started) / 1000).toFixed(0)} s`;
const elapsed = (endedAt - started) / 1000;
// Which failures belong to which event: those that failed between the event and 10 s after it was over.
const killWindow = [kill.at, (kill.servingAt || endedAt) + 10_000];
const restartWindow = [restart.at, (server.rollingDoneAt || endedAt) + 10_000];
const within = (failure: Failure, [from, to]: number[]) => from! > 0 && failure.failedAt >= from! && failure.failedAt <= to!;
/** Failures by kind: cut off (the connection closed under the request), too slow, refused, or an HTTP error. */
const kind = (what: string) =>
  /other side closed|ECONNRESET|socket hang up|terminated/i.test(what) ? "cut off" : /no answer|Timeout/i.test(what) ? "too slow (no answer in 30 s, or no connection in 10 s)" : /ECONNREFUSED/.test(what) ? "refused" : what;
const describe = (list: Failure[]) => {
  if (list.length === 0) return "none";
  const counts = new Map<string, number>();
  for (const failure of list) counts.set(kind(failure.what), (counts.get(kind(failure.what)) ?? 0) + 1);
  return [...counts.entries()].map(([what, n]) => `${what} × ${n}`).join("; ");
};
const duringKill = failures.filter((failure) => within(failure, killWindow));
const duringRestart = failures.filter((failure) => within(failure, restartWindow) && !duringKill.includes(failure));
const otherwise = failures.filter((failure) => !duringKill.includes(failure) && !duringRestart.includes(failure));
const pids = [...new Set(samples.flatMap((entry) => [...entry.heap.keys()]))];
/** Least-squares slope of bytes against seconds, in MB a minute; null with under three points. */
const trend = (points: Array<[number, number]>) => {
  if (points.length < 3) return null;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const slope = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0) / points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return (slope * 60) / 1_048_576;
};
const perMinute = (slope: number | null) => (slope === null ? "–" : `${slope >= 0 ? "+" : ""}${slope.toFixed(1)} MB/min`);
const trends: number[] = [];
const heapRows = pids.map((pid) => {
  const seen = samples.filter((entry) => entry.heap.has(pid));
  const first = seen[0]!;
  const last = seen.at(-1)!;
  // The first minute of a process started during the run is its warm-up (catalogues loaded, code
  // compiled): its trend starts after that. Those there at the start were warmed up before it.
  const warmedAt = samples[0]!.heap.has(pid) ? 0 : first.second + 60;
  const settled = seen.filter((entry) => entry.afterGc.has(pid) && entry.second >= warmedAt).map((entry): [number, number] => [entry.second, entry.afterGc.get(pid)!]);
  const span = settled.length ? settled.at(-1)![0] - settled[0]![0] : 0;
  const slope = trend(settled);
  if (slope !== null) trends.push(slope);
  const fate = pid === kill.pid ? "killed (SIGKILL)" : pid === kill.newPid ? "replaced the killed one" : server.running.some((entry) => entry.pid === pid && entry.at >= restart.at && restart.at > 0) ? "started by the rolling restart" : "";
  return `| ${pid} | ${first.second} s | ${mb(first.afterGc.get(pid))} | ${last.second} s | ${mb(last.afterGc.get(pid))} | ${perMinute(slope)} (${settled.length} samples over ${span} s) | ${mb(Math.max(...seen.map((entry) => entry.heap.get(pid)!)))} | ${server.requestsByPid.get(pid) ?? 0} | ${fate} |`;
});
const lines = [
  `# Soak: ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
  "",
  `\`BENCH_SOAK_DATABASE_URL=… npm run bench -- --soak ${argv.filter((arg) => arg !== "--soak").join(" ")}\``,
  "",
  `${processes} app processes (WEB_CONCURRENCY) on PostgreSQL ${postgresVersion}, the demo directory (${listingIds.length}${listingIds.length === 200 ? "+" : ""} published listings); ${rate} req/s asked for ${(seconds / 60).toFixed(1)} minutes, ran for ${(elapsed / 60).toFixed(1)}${steady ? "." : " (the load goes on until the rolling restart is done)."}`,
  `**${sent} requests sent, ${(sent / elapsed).toFixed(1)} req/s achieved; ${failures.length} failed** (${duringKill.length} while an app process was killed and replaced, ${duringRestart.length} during the rolling restart, ${otherwise.length} at other times).`,
  `Machine: ${os.cpus().length} cores, ${mb(os.totalmem())}; load average ${loadStart.map((n) => n.toFixed(1)).join(" ")} at the start, ${loadEnd.map((n) => n.toFixed(1)).join(" ")} at the end, 1-minute average at most ${Math.max(...samples.map((entry) => entry.load)).toFixed(1)} during the run.`,
  "",
  "| route | answered | p50 ms | p95 ms | p99 ms | failed |",
  "|---|---|---|---|---|---|",
  ...[...timings.entries()].map(([route, values]) => {
    const failed = failures.filter((failure) => failure.route === route).length;
    return `| ${route} | ${values.length} | ${percentile(values, 50).toFixed(0)} | ${percentile(values, 95).toFixed(0)} | ${percentile(values, 99).toFixed(0)} | ${failed} |`;
  }),
  "",
  "**Killing an app process.** " +
    (kill.at
      ? `App process ${kill.pid} killed (SIGKILL) at ${at_s(kill.at)}; the primary's replacement ${kill.newPid || "(none seen)"} was listening ${sec(kill.at, kill.runningAt)} later and answered its first request ${sec(kill.at, kill.servingAt)} after the kill. Failed meanwhile: ${describe(duringKill)}.`
      : steady ? "not asked for (--steady)." : "not reached."),
  "",
  "**Rolling restart under load** (SIGHUP to the primary: each app process replaced in turn). " +
    (restart.at ? `Started at ${at_s(restart.at)}, done ${sec(restart.at, server.rollingDoneAt)} later. Failed meanwhile: ${describe(duringRestart)}.` : steady ? "not asked for (--steady)." : "not reached."),
  "",
  `**The CSV import** (${csvImport.rows} rows, uploaded at ${csvImport.startedAt ? at_s(csvImport.startedAt) : "–"}): ${csvImport.status}; checked ${sec(csvImport.startedAt, csvImport.checkedAt)} after the upload, imported ${sec(csvImport.checkedAt, csvImport.doneAt)} after that.`,
  "",
  `**Other failures:** ${describe(otherwise)}.`,
  unanswered ? `${unanswered} requests had no answer 35 s after the run ended.` : "",
  "",
  `**Memory.** Each app process's heap just after a full garbage collection (atlas_app_process_heap_after_gc_bytes, sampled every ${sampleEveryMs / 1000} s), its trend (least-squares slope over its samples, leaving out the first minute of a process started during the run: flat is near 0; steady growth is a leak), the most heap in use between collections (atlas_app_process_heap_used_bytes, which rises until the collector runs and says little about leaks), and the requests each answered. ` +
    (trends.length ? `Trends: ${trends.map(perMinute).join(", ")}.` : "Too short for a trend (it needs three samples after warm-up)."),
  "",
  "| process | first seen | heap after GC | last seen | heap after GC | trend | most in use | requests | |",
  "|---|---|---|---|---|---|---|---|---|",
  ...heapRows,
];
const report = lines.filter((line, index) => line !== "" || lines[index - 1] !== "").join("\n");
console.log(report);
const file = path.join("bench/results", `${startedAt.toISOString().slice(0, 10)}-soak${steady ? "-steady" : ""}.md`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${report}\n`);
log(`written to ${file}`);
process.exit(0);
