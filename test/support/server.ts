/**
 * Starts the real app (`tsx server.ts`, as `npm start` does after `npm run db:setup`) on a free
 * port: on its own copy of the seeded PGlite template, or on a PostgreSQL database given by URL.
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
  /** Everything the app has written to standard output and error so far. */
  output(): string;
  /** Sends a signal and resolves with the exit code once the app has stopped. */
  signal(name: NodeJS.Signals): Promise<number | null>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Runs on the app's database before the app starts (PGlite allows one process at a time); `url` is where it will listen. */
  prepare?: (db: Database, url: string) => Promise<void>;
  /** A PostgreSQL database to serve from instead of a copy of the PGlite template. */
  databaseUrl?: string;
  /** An embedded data folder to serve (the caller removes it) instead of a copy of the template. */
  dataDir?: string;
  /** More settings for the app (WEB_CONCURRENCY, METRICS, …). */
  env?: Record<string, string>;
  /** How long to wait for /healthz; several processes on a busy machine take a while. */
  startTimeoutMs?: number;
}

export async function startApp(options: StartOptions = {}): Promise<RunningApp> {
  const dataDir = options.databaseUrl ? "" : (options.dataDir ?? copyPgliteTemplate());
  const port = await freePort();
  if (options.prepare) {
    const handle = await openDatabase({ dataDir, databaseUrl: options.databaseUrl });
    try {
      await options.prepare(handle.db, `http://127.0.0.1:${port}`);
    } finally {
      await handle.close();
    }
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "server.ts"],
    {
      cwd: projectRoot,
      // The template holds the demo data; the browser tests sign in as its demo accounts and read the outbox.
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir || "./data",
        DATABASE_URL: options.databaseUrl ?? "",
        WEB_CONCURRENCY: "1",
        DEMO_MODE: "true",
        DEV_OUTBOX: "true",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so that a failed start can stop tsx, the app and any app processes together.
      detached: true,
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + startTimeoutMs;
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
  if (Date.now() >= deadline) {
    process.kill(-child.pid!, "SIGKILL");
    throw new Error(`The app did not become healthy in ${startTimeoutMs / 1000} s:\n${output}`);
  }
  const exited = new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
  return {
    url,
    output: () => output,
    async signal(name) {
      child.kill(name);
      return exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      if (dataDir && !options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
