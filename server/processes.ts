/**
 * The primary process when WEB_CONCURRENCY is above 1 (Node's cluster module): it starts the app
 * processes, starts another in place of one that stops, replaces them one at a time on SIGHUP (a
 * rolling restart) and stops them all on SIGTERM. It opens no database connection of its own:
 * each app process opens its own pool, so one that dies takes only its own connections with it
 * (PostgreSQL ends their sessions, and any advisory lock they held, when the sockets close).
 */
import cluster, { type Address, type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import process from "node:process";
import client from "prom-client";
import { log } from "../app/modules/operations/log.server";
import { metrics } from "../app/modules/operations/metrics.server";

// why: in Node's default round-robin mode the primary accepts each connection and passes it to an
// app process; one passed in the instant before that process is killed is never answered nor
// closed (the primary keeps it open), so its client hangs. Letting the app processes accept from
// the shared socket themselves loses only the connections the killed process had already taken.
cluster.schedulingPolicy = cluster.SCHED_NONE;

export interface ProcessSettings {
  webConcurrency: number;
  shutdownTimeoutSeconds: number;
  /** FORM_SIGNING_KEY as the environment schema read it. */
  formSigningKey?: string;
}

/** `onFirstListening` is called once, when the first app process listens, with its address. */
export function startProcesses({ webConcurrency, shutdownTimeoutSeconds, formSigningKey }: ProcessSettings, onFirstListening: (address: Address) => void) {
  let stopping = false;
  // One form-signing key for all of this server's app processes, unless the operator set one (then
  // they inherit it): a form shown by one process may be sent to another.
  const shared = formSigningKey ? {} : { FORM_SIGNING_KEY: randomBytes(32).toString("base64url") };
  const fork = () => cluster.fork(shared);
  let everListened = false;
  /** App processes being stopped on purpose (a rolling restart): not replaced when they exit. */
  const retiring = new Set<number>();
  cluster.on("listening", (_worker, address) => {
    if (!everListened) onFirstListening(address);
    everListened = true;
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (retiring.delete(worker.id)) return;
    if (!everListened) {
      // It could not start (the port is taken, say): starting it again would fail the same way.
      console.error("Asset Atlas cannot start: an app process stopped before it could listen (its reason is above).");
      process.exit(1);
    }
    if (code === 0 && !signal) {
      // Told to stop (SIGTERM to the app process itself, one step of a rolling restart by hand).
      log.info({ stoppedPid: worker.process.pid }, `App process ${worker.process.pid} stopped; starting another in its place.`);
    } else {
      console.error(`App process ${worker.process.pid} stopped unexpectedly (${signal ?? `exit code ${code}`}); starting another.`);
    }
    fork();
  });
  for (let n = 0; n < webConcurrency; n++) fork();
  console.log(`Asset Atlas: ${webConcurrency} app processes (WEB_CONCURRENCY) are starting.`);

  let restarting = false;
  process.on("SIGHUP", () => {
    if (stopping || restarting) return;
    restarting = true;
    rollingRestart(retiring, shutdownTimeoutSeconds, () => stopping, fork).finally(() => (restarting = false));
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping the app processes once their requests are answered.`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      setTimeout(() => process.exit(1), (shutdownTimeoutSeconds + 10) * 1000).unref();
    });
  }
}

/**
 * SIGHUP: each app process in turn is replaced by a new one, which must be answering before the
 * old one is told to stop (SIGTERM: it finishes its requests), so the server never has fewer app
 * processes serving than it had, and no request is lost.
 */
async function rollingRestart(retiring: Set<number>, shutdownTimeoutSeconds: number, stopping: () => boolean, fork: () => Worker) {
  const old = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => Boolean(worker));
  console.log(`SIGHUP: restarting the ${old.length} app processes one at a time.`);
  for (const worker of old) {
    if (stopping()) return;
    const replacement = fork();
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300_000);
      replacement.once("listening", () => (clearTimeout(timer), resolve(true)));
      replacement.once("exit", () => (clearTimeout(timer), resolve(false)));
    });
    if (!ready) {
      console.error(`Rolling restart stopped: the new app process ${replacement.process.pid} did not start; app process ${worker.process.pid} keeps serving.`);
      return;
    }
    if (worker.isDead()) continue;
    retiring.add(worker.id);
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.process.kill("SIGTERM");
    const cut = setTimeout(() => worker.process.kill("SIGKILL"), (shutdownTimeoutSeconds + 10) * 1000);
    await exited;
    clearTimeout(cut);
    log.info({ stoppedPid: worker.process.pid, replacedBy: replacement.process.pid }, `App process ${worker.process.pid} replaced by ${replacement.process.pid}.`);
  }
  console.log("Rolling restart done.");
}

/**
 * In an app process: its own heap, labelled with its process id, so that a scrape (which adds up
 * every app process's figures) still shows each process's heap on its own.
 *
 * Only when Node was started with --expose-gc (the soak in `npm run bench` does; `npm start`
 * never does): also the heap just after a full collection, which shows whether memory grows or is
 * merely not yet collected. Each scrape then pauses the process for the collection, which is why
 * it is not there in production.
 */
export function registerProcessHeapGauge(): void {
  const { registry } = metrics();
  if (registry.getSingleMetric("atlas_app_process_heap_used_bytes")) return;
  new client.Gauge({
    name: "atlas_app_process_heap_used_bytes",
    help: "Heap used by each app process, by process id",
    labelNames: ["pid"],
    registers: [registry],
    collect() {
      this.set({ pid: String(process.pid) }, process.memoryUsage().heapUsed);
    },
  });
  const collectGarbage = globalThis.gc;
  if (typeof collectGarbage !== "function") return;
  new client.Gauge({
    name: "atlas_app_process_heap_after_gc_bytes",
    help: "Heap used by each app process just after a full garbage collection (only under node --expose-gc, for the soak)",
    labelNames: ["pid"],
    registers: [registry],
    collect() {
      collectGarbage();
      this.set({ pid: String(process.pid) }, process.memoryUsage().heapUsed);
    },
  });
}
