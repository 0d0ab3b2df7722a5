/**
 * Prometheus metrics (prom-client), served at /metrics when METRICS is on and the caller's
 * address is in METRICS_ALLOW. With several processes (WEB_CONCURRENCY) each keeps its own
 * figures and the primary process adds them up (prom-client's AggregatorRegistry), so one scrape
 * through any worker sees the whole server.
 *
 * Kept on globalThis: the built app and server.ts each load this file and must share the metrics.
 */
import cluster from "node:cluster";
import { sql } from "drizzle-orm";
import client from "prom-client";
import { queryRows, type Database } from "../../../db/client.server";
import { matchingCatalogue } from "../matching/catalogue.server";

function create() {
  const registry = client.register;
  // why: prom-client's worker side answers the primary's requests only once an AggregatorRegistry exists.
  if (cluster.isWorker) new client.AggregatorRegistry();
  client.collectDefaultMetrics({ register: registry, prefix: "atlas_process_" });
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    requests: new client.Counter({ name: "atlas_http_requests_total", help: "HTTP requests answered, by method, route and status", labelNames: ["method", "route", "status"] as const }),
    requestSeconds: new client.Histogram({ name: "atlas_http_request_duration_seconds", help: "Time to answer an HTTP request, by method and route", labelNames: ["method", "route"] as const, buckets: seconds }),
    inFlight: new client.Gauge({ name: "atlas_http_requests_in_flight", help: "Requests being answered now" }),
    searchSeconds: new client.Histogram({ name: "atlas_search_duration_seconds", help: "Time to answer a directory search, by engine", labelNames: ["engine"] as const, buckets: seconds }),
    matchingSeconds: new client.Histogram({ name: "atlas_matching_duration_seconds", help: "Time to load candidates and match one person", buckets: seconds }),
    scheduledJobs: new client.Counter({ name: "atlas_scheduled_jobs_total", help: "Scheduled jobs run by this process, by job and outcome", labelNames: ["job", "outcome"] as const }),
  };
}

export type AtlasMetrics = ReturnType<typeof create>;

declare global {
  var __atlasMetrics: AtlasMetrics | undefined;
}

export function metrics(): AtlasMetrics {
  globalThis.__atlasMetrics ??= create();
  return globalThis.__atlasMetrics;
}

/** Times `work` into `histogram` (seconds), whether it succeeds or fails. */
export async function timed<T>(observe: (seconds: number) => void, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    observe((performance.now() - started) / 1000);
  }
}

/**
 * The route a request took, with ids, codes and tokens replaced, so that there are a few dozen
 * label values, not one per listing or person: /assets/:id/edit, /people/:id/matches.
 */
export function routeLabel(pathname: string): string {
  if (pathname.startsWith("/build/")) return "/build/*";
  const segments = pathname.split("/").map((segment) => (/\d/.test(segment) || segment.length > 40 ? ":id" : segment));
  return segments.join("/").slice(0, 80) || "/";
}

/**
 * Database figures read at scrape time (one process answers for the database): the search
 * outbox's backlog and the age of its oldest row, import jobs by status, connections in use.
 */
export function registerDatabaseGauges(database: () => Promise<Database>): void {
  const registry = metrics().registry;
  if (registry.getSingleMetric("atlas_search_outbox_backlog")) return;
  const read = async <Row>(query: ReturnType<typeof sql>) => queryRows<Row>(await database(), query);
  new client.Gauge({
    name: "atlas_search_outbox_backlog",
    help: "Listing changes waiting in the search outbox (sent to Meilisearch when MEILI_HOST is set)",
    aggregator: "max",
    async collect() {
      const [row] = await read<{ n: number }>(sql`select count(*)::int as n from search_outbox`);
      this.set(row?.n ?? 0);
    },
  });
  new client.Gauge({
    name: "atlas_search_outbox_lag_seconds",
    help: "Age of the oldest change waiting in the search outbox",
    aggregator: "max",
    async collect() {
      const [row] = await read<{ s: number | null }>(sql`select extract(epoch from now() - min(enqueued_at))::float8 as s from search_outbox`);
      this.set(row?.s ?? 0);
    },
  });
  new client.Gauge({
    name: "atlas_matching_catalogue",
    help: "This process's matching catalogue: listings held, full loads, listings reloaded one by one from the outbox",
    labelNames: ["figure"],
    aggregator: "sum",
    async collect() {
      const { stats } = matchingCatalogue(await database());
      this.set({ figure: "listings" }, stats.listings);
      this.set({ figure: "full_loads" }, stats.fullLoads);
      this.set({ figure: "reloaded" }, stats.reloaded);
    },
  });
  new client.Gauge({
    name: "atlas_import_jobs",
    help: "Import jobs by status",
    labelNames: ["status"],
    aggregator: "max",
    async collect() {
      this.reset();
      for (const row of await read<{ status: string; n: number }>(sql`select status, count(*)::int as n from import_jobs group by status`)) this.set({ status: row.status }, row.n);
    },
  });
  new client.Gauge({
    name: "atlas_database_connections",
    help: "Connections to this database by state (all app servers; embedded: one)",
    labelNames: ["state"],
    aggregator: "max",
    async collect() {
      this.reset();
      for (const row of await read<{ state: string; n: number }>(
        sql`select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity where datname = current_database() group by 1`,
      ))
        this.set({ state: row.state }, row.n);
    },
  });
}

/** The metrics text: this process's, or every worker's added up when running under cluster. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  if (!cluster.isWorker || !process.send) return { contentType: registry.contentType, body: await registry.metrics() };
  const body = await new Promise<string>((resolve, reject) => {
    const id = `${process.pid}-${Date.now()}-${Math.random()}`;
    const timer = setTimeout(() => {
      process.off("message", answer);
      reject(new Error("The primary process did not answer for metrics in 5 s."));
    }, 5000);
    const answer = (message: unknown) => {
      const reply = message as { type?: string; id?: string; body?: string; error?: string };
      if (reply?.type !== "atlas:metrics" || reply.id !== id) return;
      clearTimeout(timer);
      process.off("message", answer);
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply.body ?? "");
    };
    process.on("message", answer);
    process.send!({ type: "atlas:metrics-request", id });
  });
  return { contentType: registry.contentType, body };
}

/**
 * In the primary process: answers workers' requests for the whole server's metrics, adding up
 * the app processes that are listening. One still starting (or just killed) is left out rather
 * than waited for: prom-client's own clusterMetrics() asks every process and fails after 5 s if
 * one does not answer, so every scrape failed while an app process was being started or replaced.
 */
export function serveClusterMetrics(): void {
  const listening = new Set<number>();
  cluster.on("listening", (worker) => listening.add(worker.id));
  cluster.on("exit", (worker) => listening.delete(worker.id));
  let counter = 0;
  const pending = new Map<number, { waiting: Set<number>; responses: unknown[]; done: (error: Error | null) => void }>();
  // why these message types: they are prom-client's own, which its worker side answers (see create()).
  cluster.on("message", (worker, message: { type?: string; requestId?: number; metrics?: unknown[]; error?: string }) => {
    if (message?.type !== "prom-client:getMetricsRes" || message.requestId === undefined) return;
    const request = pending.get(message.requestId);
    if (!request) return;
    if (message.error) return request.done(new Error(message.error));
    request.responses.push(...(message.metrics ?? []));
    request.waiting.delete(worker.id);
    if (request.waiting.size === 0) request.done(null);
  });
  const clusterMetrics = () =>
    new Promise<string>((resolve, reject) => {
      const requestId = ++counter;
      const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker && listening.has(worker.id) && worker.isConnected());
      const request = {
        waiting: new Set(workers.map((worker) => worker!.id)),
        responses: [] as unknown[],
        done: (error: Error | null) => {
          pending.delete(requestId);
          clearTimeout(timer);
          if (error) return reject(error);
          Promise.resolve(client.AggregatorRegistry.aggregate(request.responses as object[]).metrics()).then(resolve, reject);
        },
      };
      // A process that dies while asked is left out too.
      const timer = setTimeout(() => request.done(null), 3000);
      pending.set(requestId, request);
      for (const worker of workers) worker!.send({ type: "prom-client:getMetricsReq", requestId });
      if (workers.length === 0) request.done(null);
    });
  cluster.on("message", (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== "atlas:metrics-request") return;
    clusterMetrics().then(
      (body) => worker.send({ type: "atlas:metrics", id: message.id, body }),
      (error: Error) => worker.send({ type: "atlas:metrics", id: message.id, error: error.message }),
    );
  });
}
