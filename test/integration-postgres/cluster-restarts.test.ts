/**
 * One app server running two app processes (WEB_CONCURRENCY=2) on PostgreSQL, under a steady
 * load: an app process killed outright (SIGKILL) leaves no client hanging, the other keeps
 * answering and the primary starts a new one; a rolling restart (SIGHUP to the primary) replaces
 * every app process without losing a request.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startApp, type RunningApp } from "../support/server";

let database: TestDatabase;
let app: RunningApp;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startApp({ databaseUrl: database.databaseUrl, env: { WEB_CONCURRENCY: "2" }, startTimeoutMs: 240_000 });
}, 300_000);
afterAll(async () => {
  await app?.stop();
  await database?.destroy();
});

const logLines = () =>
  app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { pid: number; worker?: number; msg: string; appProcess?: string });
const runningPids = () => logLines().filter((line) => line.appProcess === "listening").map((line) => line.pid);
const primaryPid = () => logLines().find((line) => line.msg.includes("app processes (WEB_CONCURRENCY) are starting"))!.pid;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(what: string, done: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(250);
  if (!done()) throw new Error(`${what} did not happen in ${ms / 1000} s:\n${app.output().slice(-3000)}`);
}

type Outcome = "answered" | "refused" | "cut" | "hung";
/** One request on a connection of its own; "hung" if nothing at all comes back in 20 s. */
function onNewConnection(url: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode === 200 ? "answered" : "cut"));
    });
    request.setTimeout(20_000, () => {
      resolve("hung");
      request.destroy();
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED" ? "refused" : "cut"));
  });
}

describe("two app processes under load on PostgreSQL", () => {
  it("has each app process log its own start, and the primary say the once-per-server things once", async () => {
    await waitFor("both app processes running", () => runningPids().length === 2, 120_000);
    const started = logLines().filter((line) => line.appProcess === "listening");
    expect(started.map((line) => line.msg)).toEqual(started.map((line) => `App process ${line.pid} is listening at ${app.url}.`));
    expect(new Set(started.map((line) => line.worker))).toEqual(new Set([1, 2]));
    const once = ["Asset Atlas is running at", "Demo mode:", "Development outbox:"];
    for (const start of once) {
      const lines = logLines().filter((line) => line.msg.startsWith(start));
      expect(lines.map((line) => line.pid), start).toEqual([primaryPid()]);
    }
    const running = logLines().find((line) => line.msg.startsWith("Asset Atlas is running at"))!.msg;
    expect(running.startsWith(`Asset Atlas is running at ${app.url} (`)).toBe(true);
    expect(running.endsWith(", 2 app processes).")).toBe(true);
  }, 150_000);

  it("when one is killed (SIGKILL) no client is left hanging, the other keeps answering, and a new one starts", async () => {
    await waitFor("both app processes running", () => runningPids().length === 2, 120_000);
    const [victim] = runningPids();
    // Six clients, each opening a new connection for every request, the way connections arrive
    // from many browsers; one app process is killed while they run.
    const outcomes: Array<{ outcome: Outcome; afterKill: boolean }> = [];
    let killedAt = 0;
    const until = Date.now() + 8_000;
    const client = async () => {
      while (Date.now() < until) {
        const sentAt = Date.now();
        const outcome = await onNewConnection(`${app.url}/healthz`);
        outcomes.push({ outcome, afterKill: killedAt > 0 && sentAt > killedAt + 2_000 });
      }
    };
    const clients = Array.from({ length: 6 }, client);
    await sleep(2_000);
    process.kill(victim!, "SIGKILL");
    killedAt = Date.now();
    await Promise.all(clients);

    const count = (outcome: Outcome) => outcomes.filter((entry) => entry.outcome === outcome).length;
    console.info(`SIGKILL under load: ${count("answered")} answered, ${count("cut")} cut off, ${count("hung")} left hanging, ${count("refused")} refused.`);
    expect(count("hung")).toBe(0);
    expect(count("refused")).toBe(0);
    // Only a request the killed process had already taken can be lost: at most one per client.
    expect(count("cut")).toBeLessThanOrEqual(6);
    const afterwards = outcomes.filter((entry) => entry.afterKill);
    expect(afterwards.length).toBeGreaterThan(0);
    expect(afterwards.every((entry) => entry.outcome === "answered")).toBe(true);

    expect(app.output()).toContain(`App process ${victim} stopped unexpectedly (SIGKILL); starting another.`);
    await waitFor("a new app process", () => runningPids().length === 3, 120_000);
    expect(await onNewConnection(`${app.url}/healthz`)).toBe("answered");
  }, 180_000);

  it("restarts every app process in turn on SIGHUP without losing a request", async () => {
    const before = runningPids().filter((pid) => pid !== runningPids()[0]); // the first was killed above
    expect(before).toHaveLength(2);
    // A steady load on kept-alive connections, as a load balancer sends: every request must be answered.
    const failures: string[] = [];
    let answered = 0;
    let loading = true;
    const load = (async () => {
      const pending: Array<Promise<void>> = [];
      while (loading) {
        pending.push(
          fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(60_000) })
            .then(async (response) => {
              await response.arrayBuffer();
              if (response.status === 200) answered++;
              else failures.push(`HTTP ${response.status}`);
            })
            .catch((error: Error) => void failures.push(error.cause instanceof Error ? error.cause.message : error.message)),
        );
        await sleep(100);
      }
      await Promise.all(pending);
    })();
    await sleep(1_000);
    process.kill(primaryPid(), "SIGHUP");
    await waitFor("the rolling restart", () => app.output().includes("Rolling restart done."), 240_000);
    await sleep(2_000);
    loading = false;
    await load;

    console.info(`Rolling restart under load: ${answered} answered, ${failures.length} failed.`);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(20);
    for (const pid of before) expect(app.output()).toMatch(new RegExp(`App process ${pid} replaced by \\d+`));
    expect(app.output()).not.toContain("stopped unexpectedly (exit code 0)");
    expect(runningPids()).toHaveLength(5); // two at the start, the one after the kill, two from the restart
    // The new app processes did not repeat the once-per-server lines.
    expect(logLines().filter((line) => line.msg.startsWith("Asset Atlas is running at") || line.msg.startsWith("Demo mode:"))).toHaveLength(2);
  }, 300_000);
});
