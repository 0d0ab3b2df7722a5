/**
 * Starts the real app (`remix-serve build/index.js`) on a free port with its own copy of the
 * seeded template database, as `npm start` would after `npm run db:setup`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { openDatabase, type Database } from "../../db/client.server";
import { copyPgliteTemplate } from "./database";
import { projectRoot } from "./paths";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Runs on the app's database before the app starts (PGlite allows one process at a time). */
  prepare?: (db: Database) => Promise<void>;
}

export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const dataDir = copyPgliteTemplate();
  if (options.prepare) {
    const handle = await openDatabase({ dataDir });
    try {
      await options.prepare(handle.db);
    } finally {
      await handle.close();
    }
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "server.ts"],
    {
      cwd: projectRoot,
      // The template holds the demo data; the browser tests sign in as its demo accounts and read the outbox.
      env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", DEMO_MODE: "true", DEV_OUTBOX: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (Date.now() >= deadline) throw new Error(`The app did not become healthy in 30 s:\n${output}`);
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
