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
import { database } from "./app/db.server";
import { applyRetention } from "./app/modules/privacy/personal-data.server";
import { configuredMeiliEngine } from "./search/index.server";
import { discardOutbox, startSearchWorker } from "./search/worker.server";
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
// Retention runs a minute after start and then daily; it is idempotent, so several app
// servers running it is harmless. `npm run atlas -- retention` does the same by hand.
const day = 86_400_000;
async function retain() {
  try {
    const results = await applyRetention(await database());
    console.log(`Retention: ${Object.entries(results).map(([source, n]) => `${source} ${n}`).join(", ")}`);
  } catch (error) {
    console.error("Retention failed; it will run again tomorrow.", error);
  }
}
setTimeout(() => void retain(), 60_000).unref();
setInterval(() => void retain(), day).unref();

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

for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));
