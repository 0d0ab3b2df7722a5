/**
 * `npm start`: serves the built app (build/index.js) over HTTP; `npm run demo` passes --demo.
 *
 * With DATABASE_URL, WEB_CONCURRENCY app processes (default: one per core) share the port through
 * Node's cluster module; the first process (the primary) only starts them, replaces one that
 * stops, replaces them one at a time on SIGHUP (a rolling restart) and adds up their metrics
 * (server/processes.ts). The embedded database serves one process.
 *
 * On SIGTERM (or Ctrl+C) each process stops accepting connections, answers the requests in
 * progress and any sent meanwhile on a kept-alive connection (at most SHUTDOWN_TIMEOUT_SECONDS,
 * server/drain.ts), lets a scheduled job in progress finish, closes the database and exits.
 *
 * `npm run dev` runs this same server under `remix dev`, which starts it again after each rebuild;
 * once listening it tells remix dev (REMIX_DEV_ORIGIN), which then reloads the page.
 *
 * Remix always runs in "production" mode here, so errors never reach the browser with stack
 * traces, whatever NODE_ENV says. NODE_ENV itself keeps its meaning for operators:
 * `production` needs PUBLIC_URL and refuses the development settings (app/env.server.ts).
 */
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import { database, databaseHandle } from "./app/db.server";
import { applyCommandLine, config, ConfigError, type AppConfig } from "./app/env.server";
import { recordListeningAddress } from "./app/modules/mail/links.server";
import { serveBackups } from "./app/modules/operations/backup.server";
import { log, routeConsoleToLog } from "./app/modules/operations/log.server";
import { serveClusterMetrics } from "./app/modules/operations/metrics.server";
import { startScheduledJobs } from "./app/modules/operations/scheduled-jobs.server";
import { configuredMeiliEngine } from "./search/index.server";
import { discardOutbox, startSearchWorker } from "./search/worker.server";
import { matchingCatalogue } from "./app/modules/matching/catalogue.server";
import { listingFeed } from "./search/listing-feed.server";
import { searchCatalogue } from "./search/memory.server";
import { drainable } from "./server/drain";
import { createHttpApp } from "./server/http";
import { registerProcessHeapGauge, startProcesses } from "./server/processes";

// A worker process inherits the primary's environment, in which NODE_ENV has already been changed.
const deployment = (cluster.isWorker ? process.env.ATLAS_DEPLOYMENT : process.env.NODE_ENV) ?? "development";
// why: React picks its production build from NODE_ENV; the operator's value is kept here.
process.env.ATLAS_DEPLOYMENT = deployment;
applyCommandLine(process.argv.slice(2));
// A bad or unsafe configuration stops the server before it listens, naming the variable.
try {
  config();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Asset Atlas cannot start: ${error.message}`);
  process.exit(1);
}
const settings = config();
// Under npm run dev (remix dev) React and Remix stay in development mode, for live reload.
if (!settings.devOrigin) process.env.NODE_ENV = "production";
log.level = settings.logLevel;
routeConsoleToLog();

if (cluster.isPrimary && settings.webConcurrency > 1) {
  serveClusterMetrics();
  // The primary says the once-per-server things, once, when the first app process listens.
  startProcesses(settings, (address) => {
    // why ??: the cluster reports a null address for a port on every interface.
    if (address.addressType !== -1) recordListeningAddress({ address: address.address ?? "", port: address.port });
    announceServer(settings, `, ${settings.webConcurrency} app processes`);
  });
} else await serve(settings);

/**
 * The lines an operator reads once per server (where it listens, the demo, the outbox, the search
 * engine): from the primary when there are several app processes, or from the one process.
 */
function announceServer({ port, demoMode, devOutbox, publicUrl, meili }: AppConfig, processes = "") {
  const listening = globalThis.__atlasListeningOrigin ?? `port ${port}`;
  console.log(`Asset Atlas is running at ${listening} (${deployment}${processes}).`);
  if (publicUrl) console.log(`Links in emails start ${publicUrl}.`);
  if (demoMode) console.log("Demo mode: the demo accounts in the README can sign in. Never use it for real people's data.");
  if (devOutbox) console.log(`Development outbox: emails are shown to administrators at ${listening}/dev/outbox.`);
  if (!demoMode && deployment !== "production") console.log("The demo is off; to try Asset Atlas with invented data and demo accounts, run npm run demo.");
  if (meili) console.log(`Search: Meilisearch at ${meili.host} (index "${meili.indexUid}"), kept in sync by the outbox worker.`);
}

/** One app process: the HTTP server, the scheduled jobs, the search worker and the matching catalogue. */
async function serve(appConfig: AppConfig) {
  const { port, host, shutdownTimeoutSeconds, databaseUrl, dataDir, devOrigin } = appConfig;
  installGlobals({ nativeFetch: true });
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const app = createHttpApp(build);

  const server = host ? app.listen(port, host) : app.listen(port);
  const drain = drainable(server);
  registerProcessHeapGauge();
  server.on("listening", () => {
    recordListeningAddress(server.address());
    const listening = globalThis.__atlasListeningOrigin ?? `port ${port}`;
    // Each app process says it has started (its pid, and its worker id under the cluster, are on
    // every log line); the once-per-server lines come from the primary, or from here when alone.
    log.info({ appProcess: "listening", address: listening }, `App process ${process.pid} is listening at ${listening}.`);
    if (!cluster.isWorker) announceServer(appConfig);
    if (devOrigin) broadcastDevReady(build, devOrigin).catch((error: unknown) => console.error("Live reload: remix dev could not be told the app is ready.", error));
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `Asset Atlas cannot start: port ${port} is already in use. Set PORT to another port.`
        : `Asset Atlas cannot start: ${error.message}`,
    );
    process.exit(1);
  });

  // `npm run atlas -- backup <file>` asks this process for the embedded database's backup.
  const stopBackups = databaseUrl ? () => {} : serveBackups(dataDir, databaseHandle, (message, error) => (error ? console.error(message, error) : console.log(message)));

  // The daily jobs (retention, referral reminders, planner statistics): every process looks, and
  // one process on one server runs each job each day (app/modules/operations/scheduled-jobs.server.ts).
  // `npm run atlas -- retention` (or `referral-reminders`) does the same by hand.
  const stopJobs = settings.scheduledJobs ? startScheduledJobs(database) : async () => {};

  // Search sync: with MEILI_HOST every app process drains the search outbox into Meilisearch
  // (safe to run on several: rows are claimed with SKIP LOCKED); without it the outbox is unused
  // and trimmed hourly. `npm run atlas -- search-worker` and `reindex` do the same by hand.
  const meili = configuredMeiliEngine(settings.meili);
  let stopSearch = () => {};
  if (meili) {
    stopSearch = startSearchWorker(database, meili);
  } else {
    const trim = () => void database().then(discardOutbox).catch((error: unknown) => console.error("Trimming the search outbox failed.", error));
    const first = setTimeout(trim, 60_000);
    const every = setInterval(trim, 3_600_000);
    first.unref();
    every.unref();
    stopSearch = () => (clearTimeout(first), clearInterval(every));
  }

  // The listings held in memory (the search catalogue, unless Meilisearch searches, and the
  // matching catalogue) load on first use; load them now instead, in one pass, so that the first
  // resident or practitioner does not wait (a second or two for 50,000 listings).
  void database()
    .then(async (db) => {
      const search = meili ? null : searchCatalogue(db);
      const matching = matchingCatalogue(db);
      await listingFeed(db).current();
      if (search) console.log(`Search: ${search.stats.listings.toLocaleString("en-GB")} listings held in memory, loaded in ${search.stats.lastFullLoadMs} ms.`);
      console.log(`Matching: ${matching.stats.listings.toLocaleString("en-GB")} listings held for matching, loaded in ${matching.stats.lastFullLoadMs} ms.`);
    })
    .catch((error: unknown) => console.error("Loading the listings held in memory failed; the first search or match will try again.", error));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: no new connections; finishing the requests in progress (at most ${shutdownTimeoutSeconds} s).`);
    const { cut } = await drain.stop(shutdownTimeoutSeconds);
    if (cut) console.warn(`Requests still running after ${shutdownTimeoutSeconds} s were cut off.`);
    stopSearch();
    await stopJobs(); // a job in progress finishes (each is one transaction or idempotent)
    stopBackups();
    const handle = globalThis.__atlasDatabase;
    if (handle) await (await handle.catch(() => null))?.close().catch(() => {});
    console.log("Stopped.");
    process.exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal));
}
