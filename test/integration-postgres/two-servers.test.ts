/**
 * Two app servers on one PostgreSQL database, as behind a load balancer: server A runs two app
 * processes (WEB_CONCURRENCY=2, Node's cluster), server B one. A listing a coordinator publishes
 * through A is found by search and by matching on B within two seconds: search reads the
 * database, and B's in-memory matching catalogue (already loaded before the change) follows the
 * outbox on its next match.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertPerson, practitionerId } from "../support/caseload-people";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { startApp, type RunningApp } from "../support/server";
import { sessionFor, sessionForUser, type TestSession } from "../support/sessions";

let database: TestDatabase;
let serverA: RunningApp;
let serverB: RunningApp;
let coordinator: TestSession;
let practitioner: TestSession;
let personId = "";

const stated = { findWithinMs: 2_000 };

beforeAll(async () => {
  database = await createTestDatabase();
  coordinator = await sessionFor(database, "coordinator");
  const owner = await practitionerId(database.db);
  practitioner = await sessionForUser(database, owner);
  personId = (await insertPerson(database.db, owner, { needs: ["social-connection"], preferredDays: [], wardCode: "E05011570", districtCode: "E07000009" })).id;
  [serverA, serverB] = await Promise.all([
    startApp({ databaseUrl: database.databaseUrl, env: { WEB_CONCURRENCY: "2" }, startTimeoutMs: 240_000 }),
    startApp({ databaseUrl: database.databaseUrl, startTimeoutMs: 240_000 }),
  ]);
}, 300_000);
afterAll(async () => {
  await Promise.all([serverA?.stop(), serverB?.stop()]);
  await database?.destroy();
});

function post(server: RunningApp, path: string, session: TestSession, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ csrf: session.csrf });
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
  return fetch(new URL(path, server.url), {
    method: "POST",
    headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded", cookie: session.cookie },
    body,
    redirect: "manual",
  });
}
const runningPids = (server: RunningApp) =>
  server
    .output()
    .split("\n")
    .filter((line) => line.includes('"appProcess":"listening"'))
    .map((line) => (JSON.parse(line) as { pid: number }).pid);

/** A request on a new connection each time (a kept-alive one may lead to a killed process), given 10 s. */
function statusOnNewConnection(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    http
      .get(url, { agent: false, timeout: 10_000 }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on("timeout", function (this: http.ClientRequest) {
        this.destroy(new Error("no answer in 10 s"));
      })
      .on("error", (error) => resolve(error.message));
  });
}

const page = async (server: RunningApp, path: string, session?: TestSession) =>
  (await fetch(new URL(path, server.url), { headers: session ? { cookie: session.cookie } : {} })).text();

describe("two app servers on one PostgreSQL database", () => {
  it("runs server A as two app processes sharing its port", async () => {
    expect(serverA.output()).toContain("2 app processes (WEB_CONCURRENCY) are starting");
    // Each process says it is running, with its own process id (the second may still be starting).
    const deadline = Date.now() + 60_000;
    while (runningPids(serverA).length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(new Set(runningPids(serverA)).size).toBe(2);
  }, 90_000);

  it("finds a listing published through A by search and by matching on B within two seconds", async () => {
    const name = `Soham Cluster Tea Dance ${Date.now().toString(36)}`;
    // B has matched before the change, so its catalogue is in memory and must follow the outbox.
    const before = await page(serverB, `/people/${personId}/matches`, practitioner);
    expect(before).toContain("Ranked matches");
    expect(before).not.toContain(name);

    const created = await post(serverA, "/assets/new", coordinator, {
      name,
      description: "Tea, cake and a gentle dance, every week.",
      kind: "vcs_group",
      delivery: "at_venue",
      organisation: "Friends of Soham Tea Dance",
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
    expect(created.status).toBe(303);
    const id = /\/assets\/([0-9a-f-]{36})\/edit/.exec(created.headers.get("location") ?? "")![1]!;
    expect((await post(serverA, `/assets/${id}/edit`, coordinator, { intent: "submit" })).status).toBe(303);
    expect((await post(serverA, `/assets/${id}/edit`, coordinator, { intent: "publish" })).status).toBe(303);
    const published = performance.now();

    let foundBySearch = Number.NaN;
    let foundByMatching = Number.NaN;
    while (performance.now() - published < stated.findWithinMs && (Number.isNaN(foundBySearch) || Number.isNaN(foundByMatching))) {
      if (Number.isNaN(foundBySearch) && (await page(serverB, `/search?q=${encodeURIComponent(name)}`)).includes(`/assets/${id}`)) {
        foundBySearch = performance.now() - published;
      }
      if (Number.isNaN(foundByMatching) && (await page(serverB, `/people/${personId}/matches`, practitioner)).includes(name)) {
        foundByMatching = performance.now() - published;
      }
    }
    console.info(`Found on server B: by search after ${Math.round(foundBySearch)} ms, by matching after ${Math.round(foundByMatching)} ms.`);
    expect(foundBySearch).toBeLessThan(stated.findWithinMs);
    expect(foundByMatching).toBeLessThan(stated.findWithinMs);
  });

  it("serves on A while one of its app processes is killed, and starts another in its place", async () => {
    const pids = () => runningPids(serverA);
    const [victim] = pids();
    process.kill(victim!, "SIGKILL");
    // Once the primary knows, the other process answers every new connection meanwhile (what a
    // killed process loses, and that no client is left hanging: cluster-restarts.test.ts).
    const noticed = Date.now() + 30_000;
    while (!serverA.output().includes(`App process ${victim} stopped unexpectedly`) && Date.now() < noticed) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(serverA.output()).toContain(`App process ${victim} stopped unexpectedly (SIGKILL); starting another.`);
    const answers: Array<number | string> = [];
    for (let n = 0; n < 5; n++) answers.push(await statusOnNewConnection(`${serverA.url}/healthz`));
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    const deadline = Date.now() + 90_000;
    while (pids().length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pids(), serverA.output().slice(-3000)).toHaveLength(3);
    expect(await statusOnNewConnection(`${serverA.url}/healthz`)).toBe(200);
  }, 150_000);
});
