/**
 * The app as an operator runs it (`tsx server.ts`, on PGlite or PostgreSQL by TEST_DRIVER):
 * its log is JSON lines with a request id on each request's lines and nothing personal in it,
 * however a person's details were sent; and on SIGTERM it stops taking connections but finishes
 * a request already in progress, closes the database and exits cleanly.
 */
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { startApp, type RunningApp } from "../support/server";
import { sessionForUser, type TestSession } from "../support/sessions";
import { practitionerId } from "../support/caseload-people";

let database: TestDatabase | undefined;
let app: RunningApp;
let practitioner: TestSession;

beforeAll(async () => {
  // On PostgreSQL the app serves a database of its own; on PGlite a copy of the template it alone opens.
  database = testDriver === "postgres" ? await createTestDatabase() : undefined;
  app = await startApp({
    databaseUrl: database?.databaseUrl,
    startTimeoutMs: 90_000,
    prepare: async (db) => {
      practitioner = await sessionForUser({ db } as Parameters<typeof sessionForUser>[0], await practitionerId(db));
    },
  });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await database?.destroy();
});

const personal = {
  reference: "ZQX-4471",
  postcode: "cb7 5aa",
  whatMatters: "Marigold Featherstonehaugh misses her allotment friends since the fall.",
  email: "marigold.private@example.org",
};

function post(path: string, fields: Record<string, string | string[]>, session?: TestSession) {
  const body = new URLSearchParams(session ? { csrf: session.csrf } : {});
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
  return fetch(new URL(path, app.url), {
    method: "POST",
    headers: { origin: app.url, "content-type": "application/x-www-form-urlencoded", ...(session ? { cookie: session.cookie } : {}) },
    body,
    redirect: "manual",
  });
}

const logLines = () =>
  app
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg: string; pid: number; worker?: number; appProcess?: string; requestId?: string; level: string; route?: string; status?: number });

describe(`the app's log on ${testDriver}`, () => {
  it("says once that the one app process is listening, and once where the server runs", () => {
    const started = logLines().filter((line) => line.appProcess === "listening");
    expect(started).toHaveLength(1);
    expect(started[0]!.msg).toBe(`App process ${started[0]!.pid} is listening at ${app.url}.`);
    expect(started[0]!.worker).toBeUndefined(); // one process: no cluster
    const running = logLines().filter((line) => line.msg.startsWith("Asset Atlas is running at"));
    expect(running.map((line) => [line.pid, line.msg.startsWith(`Asset Atlas is running at ${app.url} (`)])).toEqual([[started[0]!.pid, true]]);
    expect(logLines().filter((line) => line.msg.startsWith("Demo mode:"))).toHaveLength(1);
  });

  it("writes JSON lines, one per request with its id, and nothing a person typed", async () => {
    const saved = await post(
      "/people/new",
      {
        reference: personal.reference,
        ageBand: "75-84",
        postcode: personal.postcode,
        whatMatters: personal.whatMatters,
        involved: "",
        contactName: "",
        contactPhone: "",
        needs: ["social-connection"],
        riskFactors: ["loneliness"],
        maxTravelMiles: "5",
        budget: "free",
        hasDirectPayment: "no",
        source: "gp",
        receivedOn: "2026-01-05",
        conversation: "c1",
        lawfulBasis: "public_task",
        consentGiven: "yes",
      },
      practitioner,
    );
    expect(saved.status).toBe(302);
    // Saving a person records their request too, and lands on the request's page.
    const requestPath = saved.headers.get("location")!.split("?")[0]!;
    expect(requestPath).toMatch(/^\/requests\/[0-9a-f-]{36}$/);
    expect((await fetch(new URL(requestPath, app.url), { headers: { cookie: practitioner.cookie } })).status).toBe(200);
    expect((await fetch(new URL(`/search?near=${encodeURIComponent("CB7 5AA")}&q=allotment`, app.url))).status).toBe(200);
    const signIn = await post("/sign-in", { email: personal.email, password: "not the password" });
    expect(signIn.status).toBe(400);
    const requestId = saved.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    await new Promise((resolve) => setTimeout(resolve, 300)); // the last line is written as the response closes
    const lines = logLines();
    const requests = lines.filter((line) => line.msg === "request");
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.every((line) => typeof line.requestId === "string" && line.requestId.length >= 8)).toBe(true);
    expect(requests.find((line) => line.requestId === requestId)).toMatchObject({ route: "/people/new", status: 302 });
    expect(requests.some((line) => line.route === "/requests/:id")).toBe(true);
    const everything = app.output().toLowerCase();
    for (const secret of [personal.reference, "featherstonehaugh", "allotment", "cb7 5aa", "cb7+5aa", "cb7%205aa", "cb75aa", "marigold", "private@example"]) {
      expect(everything, `the log holds "${secret}"`).not.toContain(secret.toLowerCase());
    }
  });
});

/** Opens a connection and sends a form's headers and the first half of its body. */
function startSlowPost(path: string, body: string) {
  const socket = net.connect(Number(new URL(app.url).port), "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk.toString()));
  const ended = new Promise<string>((resolve) => socket.on("close", () => resolve(answer)));
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${new URL(app.url).host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n` +
      body.slice(0, 10),
  );
  return { finish: () => socket.write(body.slice(10)), ended };
}

function newConnection(): Promise<string> {
  return new Promise((resolve) => {
    http
      .get(`${app.url}/healthz`, { agent: false }, (response) => {
        response.resume();
        resolve(`answered ${response.statusCode}`);
      })
      .on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe(`stopping on SIGTERM on ${testDriver}`, () => {
  it("refuses new connections, finishes the request in progress, closes the database and exits 0", async () => {
    expect(await newConnection()).toBe("answered 200");
    const slow = startSlowPost("/sign-in", new URLSearchParams({ email: "nobody@example.org", password: "wrong password here" }).toString());
    await new Promise((resolve) => setTimeout(resolve, 500)); // the app has the headers and waits for the rest
    const exited = app.signal("SIGTERM");
    const deadline = Date.now() + 15_000;
    while (!app.output().includes("SIGTERM: no new connections") && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await newConnection()).toBe("ECONNREFUSED");
    slow.finish();
    const answer = await slow.ended;
    expect(answer).toMatch(/^HTTP\/1\.1 400 /); // the wrong password's page: the request was answered in full
    expect(answer).toContain("The email address or password is not right");
    expect(await exited).toBe(0);
    expect(app.output()).toContain("Stopped.");
  }, 60_000);
});
