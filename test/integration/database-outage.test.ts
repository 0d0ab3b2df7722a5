/**
 * While the database cannot be reached the app answers 503 with Retry-After and a plain page
 * (JSON on the Open Referral UK feed), not a 500; once the database is back it serves again
 * without a restart. On PostgreSQL a relay between the app and the server is cut and restored;
 * on the embedded database its folder cannot be opened, then can.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client.server";
import { config } from "../../app/env.server";
import { appSuite } from "../support/app";
import { useConfig } from "../support/config";
import { copyPgliteTemplate, testDriver } from "../support/database";
import { tmpRoot } from "../support/paths";
import { postForm, rawRequest } from "../support/raw-http";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const suite = appSuite();
const cleanups: Array<() => Promise<void> | void> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function expectUnavailable() {
  const page = await rawRequest(suite.app.origin, "/search?q=lunch");
  expect(page.status).toBe(503);
  expect(Number(page.headers["retry-after"])).toBeGreaterThan(0);
  expect(page.headers["content-type"]).toMatch(/^text\/html/);
  expect(page.headers["cache-control"]).toBe("no-store");
  expect(page.body).toContain("Sorry, the service is unavailable");
  expect(page.body).toMatch(/try again in a few minutes/i);
  expect(page.body).not.toMatch(/ECONNREFUSED|CONNECTION_|postgres|pglite|at [\w.<>]+ \(.*:\d+:\d+\)/i);

  const form = await postForm(suite.app.origin, "/suggest", { name: "A group", description: "Meets on Mondays." });
  expect(form.status).toBe(503);

  const feed = await rawRequest(suite.app.origin, "/oruk/services");
  expect(feed.status).toBe(503);
  expect(feed.headers["access-control-allow-origin"]).toBe("*");
  expect(JSON.parse(feed.body)).toMatchObject({ status: 503, error: "Service Unavailable" });

  // A client-side navigation asks for data: the page's error boundary gets a 503 it can show.
  const data = await rawRequest(suite.app.origin, "/search?q=lunch&_data=routes%2Fsearch");
  expect(data.status).toBe(503);
  expect(data.headers["x-remix-catch"]).toBe("yes");

  expect((await rawRequest(suite.app.origin, "/healthz")).status).toBe(503);
}

async function expectServing() {
  const page = await rawRequest(suite.app.origin, "/search?q=lunch");
  expect(page.status).toBe(200);
  expect((await rawRequest(suite.app.origin, "/healthz")).status).toBe(200);
}

describe.runIf(testDriver === "postgres")("a PostgreSQL outage", () => {
  let proxy: TcpProxy;
  let proxiedUrl = "";

  beforeAll(async () => {
    const target = new URL(suite.database.databaseUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanups.push(() => proxy.close());
    target.hostname = "127.0.0.1";
    target.port = String(proxy.port);
    proxiedUrl = target.toString();
  });

  it("answers 503 while the server cannot be reached, and serves again when it can", async () => {
    const handle = await openDatabase({ databaseUrl: proxiedUrl, dataDir: "" });
    cleanups.push(() => handle.close());
    globalThis.__atlasDatabase = Promise.resolve(handle);
    await expectServing();
    await proxy.cut();
    await expectUnavailable();
    await proxy.restore();
    await expectServing();
  });

  it("answers 503 when the server is down at the first request, and opens it when it is back", async () => {
    await proxy.cut();
    useConfig({ DATABASE_URL: proxiedUrl });
    globalThis.__atlasDatabase = undefined;
    await expectUnavailable();
    await proxy.restore();
    await expectServing();
    const opened = await globalThis.__atlasDatabase!;
    cleanups.push(() => opened.close());
    expect(config().databaseUrl).toBe(proxiedUrl);
  });
});

describe.runIf(testDriver === "pglite")("the embedded database cannot be opened", () => {
  it("answers 503 while its folder cannot be opened, and serves again once it can", async () => {
    const blocked = path.join(tmpRoot, "databases", `not-a-folder-${process.pid}`);
    fs.mkdirSync(path.dirname(blocked), { recursive: true });
    fs.writeFileSync(blocked, "a file where the database folder should be");
    cleanups.push(() => fs.rmSync(blocked, { force: true }));
    useConfig({ DATA_DIR: blocked });
    globalThis.__atlasDatabase = undefined;
    await expectUnavailable();

    const dataDir = copyPgliteTemplate();
    useConfig({ DATA_DIR: dataDir });
    await expectServing();
    const opened: DatabaseHandle = await globalThis.__atlasDatabase!;
    cleanups.push(async () => {
      await opened.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
  });
});
