/**
 * A daily job's runner killed outright (SIGKILL, as the kernel's out-of-memory killer or an
 * operator's kill -9 does) in the middle of the job: while it lives no one else can take the job,
 * however long it runs, and once it is dead another server takes the job over when its lease
 * lapses. The runner is a real process with its own connections; PostgreSQL only, since PGlite
 * serves one process.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client.server";
import { claimJob } from "../../app/modules/operations/scheduled-jobs.server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { projectRoot } from "../support/paths";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a scheduled job whose runner is killed", () => {
  it("is not taken while the runner lives, and is taken over within the lease once it is killed", async () => {
    const lease = { leaseMs: 3_000, heartbeatMs: 500 };
    const job = { name: "killed-mid-run", everyMs: 86_400_000 };
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${(await queryRows<{ name: string }>(database.db, sql`select current_database() as name`))[0]!.name}`;
    // One process (node --import tsx, not the tsx command, which runs the script in a child of its own).
    const runner = spawn(process.execPath, ["--import", "tsx", "test/support/scheduled-job-runner.ts", job.name, String(lease.leaseMs), String(lease.heartbeatMs)], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    runner.stdout.on("data", (chunk) => (output += chunk));
    runner.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise((resolve) => runner.once("exit", resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes("running") && runner.exitCode === null && Date.now() < deadline) await sleep(100);
      expect(output).toContain(`running ${runner.pid}`);

      // Alive for three leases: every claim this "server" tries is refused.
      const aliveUntil = Date.now() + lease.leaseMs * 3;
      let refused = 0;
      while (Date.now() < aliveUntil) {
        expect(await claimJob(database.db, job, lease)).toBeNull();
        refused++;
        await sleep(100);
      }
      expect(refused).toBeGreaterThan(20);

      runner.kill("SIGKILL");
      await exited;
      const killedAt = Date.now();
      let claim = await claimJob(database.db, job, lease);
      while (!claim && Date.now() - killedAt < lease.leaseMs * 3) {
        await sleep(50);
        claim = await claimJob(database.db, job, lease);
      }
      const tookOverAfterMs = Date.now() - killedAt;
      console.info(`Scheduled job taken over ${tookOverAfterMs} ms after its runner was killed (lease ${lease.leaseMs} ms, heartbeat every ${lease.heartbeatMs} ms).`);
      expect(claim).not.toBeNull();
      // Held until the lease lapsed (the last heartbeat came an interval or so before the kill), and
      // taken soon after: the time a server needs is the lease plus its next look.
      expect(tookOverAfterMs).toBeGreaterThanOrEqual(lease.leaseMs - 2 * lease.heartbeatMs);
      expect(tookOverAfterMs).toBeLessThanOrEqual(lease.leaseMs + 1_500);
    } finally {
      if (runner.exitCode === null) runner.kill("SIGKILL");
    }
  }, 90_000);
});
