/**
 * The real, built Remix app (build/index.js, from `npm run build`) answering requests in
 * process, on the test's own database.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { DatabaseHandle } from "../../db/client.server";
import { projectRoot } from "./paths";

export async function createTestApp(database: DatabaseHandle) {
  const buildFile = path.join(projectRoot, "build/index.js");
  if (!fs.existsSync(buildFile)) throw new Error("build/index.js is missing: run `npm run build` first (npm test does).");
  const build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  globalThis.__atlasDatabase = Promise.resolve(database);
  const handle = createRequestHandler(build, "production");
  return {
    request(pathAndQuery: string, init?: RequestInit) {
      return handle(new Request(new URL(pathAndQuery, "http://localhost"), init));
    },
  };
}
