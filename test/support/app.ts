/**
 * The real, built Remix app (build/index.js, from `npm run build`) behind the same HTTP stack
 * as `npm start` (server/http.ts), listening on a free loopback port, on the test's database.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { reloadConfigForTests } from "../../app/env.server";
import type { DatabaseHandle } from "../../db/client.server";
import { recordListeningAddress } from "../../app/modules/mail/links.server";
import { createHttpApp } from "../../server/http";
import { createTestDatabase, type TestDatabase } from "./database";
import { projectRoot } from "./paths";

export async function createTestApp(database: DatabaseHandle) {
  const buildFile = path.join(projectRoot, "build/index.js");
  if (!fs.existsSync(buildFile)) throw new Error("build/index.js is missing: run `npm run build` first (npm test does).");
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  globalThis.__atlasDatabase = Promise.resolve(database);
  const server = createHttpApp(build).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  recordListeningAddress(server.address()); // as server.ts does: emailed links point here
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    request(pathAndQuery: string, init?: RequestInit) {
      return fetch(new URL(pathAndQuery, origin), init);
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * A fresh database and the app on it for one test file; after each test the configuration is
 * read again from the environment and the app is back on this database (for tests that change
 * either). Read `suite.app` and `suite.database` inside tests.
 */
export function appSuite(): { app: TestApp; database: TestDatabase } {
  const suite = {} as { app: TestApp; database: TestDatabase };
  beforeAll(async () => {
    suite.database = await createTestDatabase();
    suite.app = await createTestApp(suite.database);
  });
  afterEach(() => {
    reloadConfigForTests();
    globalThis.__atlasDatabase = Promise.resolve(suite.database);
  });
  afterAll(async () => {
    await suite.database?.destroy();
  });
  return suite;
}
