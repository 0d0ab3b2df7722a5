/**
 * `npm start`: serves the built app (build/index.js) over HTTP.
 *
 * Remix always runs in "production" mode here, so errors never reach the browser with stack
 * traces, whatever NODE_ENV says. NODE_ENV itself keeps its meaning for operators:
 * `production` turns the demo accounts off.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import { database } from "./app/db.server";
import { applyRetention } from "./app/modules/privacy/personal-data.server";
import { configuredMeiliEngine } from "./search/index.server";
import { discardOutbox, startSearchWorker } from "./search/worker.server";
import { matchingCatalogue } from "./app/modules/matching/catalogue.server";
import { listingFeed } from "./search/listing-feed.server";
import { searchCatalogue } from "./search/memory.server";
import { sendReferralReminders } from "./app/modules/referrals/referrals.server";
import { createHttpApp } from "./server/http";

const deployment = process.env.NODE_ENV ?? "development";
// why: React picks its production build from NODE_ENV; the operator's value is kept here.
process.env.ATLAS_DEPLOYMENT = deployment;
process.env.NODE_ENV = "production";

installGlobals({ nativeFetch: true });

const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const app = createHttpApp(build);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
const server = host ? app.listen(port, host) : app.listen(port);
server.on("listening", () => console.log(`Asset Atlas is running at http://localhost:${port} (${deployment})`));
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

for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));
