import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../support/server";
import { projectRoot } from "../support/paths";

const setupScript = () => [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), path.join(projectRoot, "app/setup.ts")];

// These start the setup command as a process, as `npm start` does.
describe("start-up with bad configuration", () => {
  it("stops with one clear line when DATABASE_URL cannot be reached", async () => {
    const port = await freePort(); // nothing listens here
    const result = spawnSync(process.execPath, setupScript(), {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: `postgres://atlas:secret@127.0.0.1:${port}/atlas` },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Asset Atlas cannot start: Cannot reach the database at DATABASE_URL/);
    expect(lines[0]).toContain(`127.0.0.1:${port}`);
    expect(lines[0]).toMatch(/ECONNREFUSED/);
    expect(lines[0]).not.toContain("secret"); // the password is never printed
  });

  it("stops with one clear line when DATABASE_URL is not a PostgreSQL URL", () => {
    const result = spawnSync(process.execPath, setupScript(), {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: "mysql://localhost/atlas" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      "Asset Atlas cannot start: Configuration problem: DATABASE_URL must start with postgres:// or postgresql://",
    );
  });
});

describe("start-up in production", () => {
  const serverScript = () => [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), path.join(projectRoot, "server.ts")];
  const run = (script: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, script, {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: "", DEMO_MODE: "", DEV_OUTBOX: "", PUBLIC_URL: "", ...env },
      encoding: "utf8",
      timeout: 30_000,
    });

  it("stops, naming PUBLIC_URL, when it is not set", () => {
    for (const script of [setupScript(), serverScript()]) {
      const result = run(script, { NODE_ENV: "production" });
      expect(result.status, result.stderr).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(/^Asset Atlas cannot start: Configuration problem: PUBLIC_URL is not set/);
    }
  });

  // Four processes start and stop in turn; each takes several seconds on a busy machine.
  it("refuses to start with the demo or the development outbox switched on", { timeout: 120_000 }, () => {
    for (const script of [setupScript(), serverScript()]) {
      for (const setting of ["DEMO_MODE", "DEV_OUTBOX"]) {
        const result = run(script, { NODE_ENV: "production", PUBLIC_URL: "https://atlas.example.gov.uk", [setting]: "true" });
        expect(result.status, result.stderr).toBe(1);
        expect(result.stderr).toMatch(new RegExp(`^Asset Atlas cannot start: Configuration problem: ${setting} `));
      }
    }
  });
});
