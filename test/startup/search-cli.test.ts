/**
 * `npm run atlas -- search-worker --once` and `reindex` as an operator runs them: a real
 * process, against a Meilisearch stand-in (see test/support/meili-standin.ts for why).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyPgliteTemplate } from "../support/database";
import { startMeiliStandin, type MeiliStandin } from "../support/meili-standin";
import { projectRoot } from "../support/paths";

const run = promisify(execFile);
let meili: MeiliStandin;
let dataDir: string;

// why async execFile: the stand-in answers from this process, so it must not be blocked.
async function atlas(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "app/cli.ts", ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", MEILI_HOST: "", MEILI_MASTER_KEY: "", ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  meili = await startMeiliStandin();
  dataDir = copyPgliteTemplate();
});
afterAll(async () => {
  await meili?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("the search commands", () => {
  it("say what to set when Meilisearch is not configured", async () => {
    for (const command of [["search-worker", "--once"], ["reindex"]]) {
      const result = await atlas(command, {});
      expect(result.status, command.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/set MEILI_HOST/);
    }
  });

  it("build a missing index, drain the outbox once (the seeded listings wait in it), then rebuild and report counts", async () => {
    const env = { MEILI_HOST: meili.host, MEILI_MASTER_KEY: "cli-key" };
    const drained = await atlas(["search-worker", "--once", "--json"], env);
    expect(drained.stderr).toBe("");
    expect(drained.status).toBe(0);
    const report = JSON.parse(drained.stdout) as { built: number | null; indexed: number; deleted: number; pending: number; errors: string[] };
    // No index yet: it is built in full first, then the outbox is drained into it.
    expect(report.built).toBeGreaterThan(300);
    expect(report.indexed).toBe(report.built);
    expect(report).toMatchObject({ pending: 0, errors: [] });
    expect(meili.indexes.get("assets")!.documents.size).toBe(report.built);

    const again = await atlas(["search-worker", "--once"], env);
    expect(again.stdout).toMatch(/0 changes in 0 batches/);

    const rebuilt = await atlas(["reindex"], env);
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(new RegExp(`${report.indexed} published listings sent, ${report.indexed} in the index`));
    expect([...meili.indexes.keys()]).toEqual(["assets"]);
    expect(meili.requests.every((request) => request.authorization === "Bearer cli-key")).toBe(true);
    expect(meili.requests.every((request) => request.client?.startsWith("Meilisearch JavaScript"))).toBe(true);
  }, 120_000); // three processes, each opening the database
});
