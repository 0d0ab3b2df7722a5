/**
 * `npm start`: serves the built app (build/index.js) over HTTP; `npm run demo` passes --demo.
 *
 * Remix always runs in "production" mode here, so errors never reach the browser with stack
 * traces, whatever NODE_ENV says. NODE_ENV itself keeps its meaning for operators:
 * `production` needs PUBLIC_URL and refuses the development settings (app/env.server.ts).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { database } from "./app/db.server";
import { applyCommandLine, config, ConfigError } from "./app/env.server";
import { recordListeningAddress } from "./app/modules/mail/links.server";
import { applyRetention } from "./app/modules/privacy/personal-data.server";
import { configuredMeiliEngine } from "./search/index.server";
import { discardOutbox, startSearchWorker } from "./search/worker.server";
import { matchingCatalogue } from "./app/modules/matching/catalogue.server";
import { sendReferralReminders } from "./app/modules/referrals/referrals.server";
import { createHttpApp } from "./server/http";

const deployment = process.env.NODE_ENV ?? "development";
// why: React picks its production build from NODE_ENV; the operator's value is kept here.
process.env.ATLAS_DEPLOYMENT = deployment;
process.env.NODE_ENV = "production";
applyCommandLine(process.argv.slice(2));
// A bad or unsafe configuration stops the server before it listens, naming the variable.
try {
  config();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Asset Atlas cannot start: ${error.message}`);
  process.exit(1);
}
const { port, host, demoMode, devOutbox, publicUrl } = config();

installGlobals({ nativeFetch: true });

const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const app = createHttpApp(build);

const server = host ? app.listen(port, host) : app.listen(port);
server.on("listening", () => {
  recordListeningAddress(server.address());
  const listening = globalThis.__atlasListeningOrigin ?? `port ${port}`;
  console.log(`Asset Atlas is running at ${listening} (${deployment}).`);
  if (publicUrl) console.log(`Links in emails start ${publicUrl}.`);
  if (demoMode) console.log("Demo mode: the demo accounts in the README can sign in. Never use it for real people's data.");
  if (devOutbox) console.log(`Development outbox: emails are shown to administrators at ${listening}/dev/outbox.`);
  if (!demoMode && deployment !== "production") console.log("The demo is off; to try Asset Atlas with invented data and demo accounts, run npm run demo.");
});
server.on("error", (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === "EADDRINUSE"
      ? `Asset Atlas cannot start: port ${port} is already in use. Set PORT to another port.`
      : `Asset Atlas cannot start: ${error.message}`,
  );
  process.exit(1);
});
// The daily jobs run a minute after start and then daily; each is idempotent, so several app
// servers running them is harmless. `npm run atlas -- retention` (or `referral-reminders`)
// does the same by hand.
const day = 86_400_000;
const dailyJobs: Array<[name: string, run: () => Promise<string>]> = [
  [
    "Retention",
    async () => {
      const results = await applyRetention(await database());
      return Object.entries(results).map(([source, n]) => `${source} ${n}`).join(", ");
    },
  ],
  ["Referral reminders", async () => `${await sendReferralReminders(await database())} sent`],
  // PGlite has no autovacuum: refresh the planner's statistics after a day of changes and imports.
  [
    "Planner statistics",
    async () => {
      await (await database()).execute(sql`analyze`);
      return "refreshed";
    },
  ],
];
async function runDailyJobs() {
  for (const [name, run] of dailyJobs) {
    try {
      console.log(`${name}: ${await run()}`);
    } catch (error) {
      console.error(`${name} failed; it will run again tomorrow.`, error);
    }
  }
}
setTimeout(() => void runDailyJobs(), 60_000).unref();
setInterval(() => void runDailyJobs(), day).unref();

// Search sync: with MEILI_HOST every app server drains the search outbox into Meilisearch
// (safe to run on several: rows are claimed with SKIP LOCKED); without it the outbox is unused
// and trimmed hourly. `npm run atlas -- search-worker` and `reindex` do the same by hand.
const meili = configuredMeiliEngine();
if (meili) {
  startSearchWorker(database, meili);
  console.log(`Search: Meilisearch at ${process.env.MEILI_HOST} (index "${meili.indexUid}"), kept in sync by the outbox worker.`);
} else {
  const trim = () => void database().then(discardOutbox).catch((error: unknown) => console.error("Trimming the search outbox failed.", error));
  setTimeout(trim, 60_000).unref();
  setInterval(trim, 3_600_000).unref();
}

// The matching catalogue loads on a server's first match; load it now instead, so that the
// first practitioner does not wait (about a second for 50,000 listings).
void database()
  .then(async (db) => {
    const catalogue = matchingCatalogue(db);
    await catalogue.warm();
    console.log(`Matching: ${catalogue.stats.listings.toLocaleString("en-GB")} listings held for matching, loaded in ${catalogue.stats.lastFullLoadMs} ms.`);
  })
  .catch((error: unknown) => console.error("Loading the matching catalogue failed; the first match will try again.", error));

for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));
