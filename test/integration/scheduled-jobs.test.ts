/**
 * The daily jobs run once across every app process and server: each looks, one claims the job's
 * row for the period. On PostgreSQL the two "servers" are two connection pools to one database;
 * on PGlite (one process by design) two callers in the one process.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "../../db/client.server";
import { claimJob, dailyJobs, renewClaim, runDueJobs, type LeaseTiming, type ScheduledJob } from "../../app/modules/operations/scheduled-jobs.server";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let other: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  other = database.databaseUrl ? await openDatabase({ databaseUrl: database.databaseUrl, dataDir: "" }) : database;
});
afterAll(async () => {
  if (other !== database) await other?.close();
  await database?.destroy();
});

const servers = () => [database.db, other.db];

describe(`scheduled jobs across servers on ${testDriver}`, () => {
  it("gives a job to exactly one of twenty callers claiming it at once", async () => {
    const job = { name: "claim-race", everyMs: 60_000 };
    const claims = await Promise.all(Array.from({ length: 20 }, (_, n) => claimJob(servers()[n % 2]!, job)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Claimed for the period: nobody gets it again until the period has passed.
    expect(await claimJob(database.db, job)).toBeNull();
    expect(await claimJob(other.db, job)).toBeNull();
  });

  it("runs a job once per period however many servers look, and again once the period has passed", async () => {
    const runs: string[] = [];
    const job: ScheduledJob = {
      name: "counted",
      everyMs: 1_500,
      run: async () => {
        runs.push("ran");
        await new Promise((resolve) => setTimeout(resolve, 100)); // long enough for the others to look meanwhile
        return "counted";
      },
    };
    const look = () => Promise.all(servers().flatMap((db) => [runDueJobs(db, [job]), runDueJobs(db, [job])]));
    await look();
    expect(runs).toHaveLength(1);
    await look();
    expect(runs).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    await look();
    expect(runs).toHaveLength(2);
    const [row] = await queryRows<{ value: string }>(database.db, sql`select value from app_meta where key = 'job:counted'`);
    expect(row!.value).toBe("done: counted");
  });

  it("runs retention, reminders and statistics once each when two servers look at the same moment", async () => {
    const ran = (await Promise.all(servers().map((db) => runDueJobs(db)))).flat().sort();
    expect(ran).toEqual(dailyJobs.map((job) => job.name).sort());
    expect((await Promise.all(servers().map((db) => runDueJobs(db)))).flat()).toEqual([]);
  }, 90_000); // the real jobs over the demo data: 3 s on a quiet machine, 12–18 s on a loaded one

  it("records a failed run, and a failure does not stop the jobs after it", async () => {
    const after: ScheduledJob = { name: "after-failure", everyMs: 60_000, run: async () => "fine" };
    const failing: ScheduledJob = {
      name: "failing",
      everyMs: 60_000,
      run: async () => {
        throw new Error("the job broke");
      },
    };
    expect(await runDueJobs(database.db, [failing, after])).toEqual(["failing", "after-failure"]);
    const rows = await queryRows<{ key: string; value: string }>(database.db, sql`select key, value from app_meta where key in ('job:failing', 'job:after-failure') order by key`);
    expect(rows).toEqual([
      { key: "job:after-failure", value: "done: fine" },
      { key: "job:failing", value: "failed" },
    ]);
  });

  describe("a claim is a lease", () => {
    // Leases of seconds, not the real 90: long enough that a machine busy with other tests still renews in time.
    const lease: LeaseTiming = { leaseMs: 4_000, heartbeatMs: 400 };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it("is taken over by another server once its runner has died and the lease has lapsed, and not before", async () => {
      const job = { name: "dead-runner", everyMs: 86_400_000 };
      // The dead runner: on PostgreSQL a server of its own whose connections close (as when its
      // process is killed); on PGlite a claim that is never renewed.
      const doomed = database.databaseUrl ? await openDatabase({ databaseUrl: database.databaseUrl, dataDir: "" }) : null;
      const claim = await claimJob(doomed?.db ?? database.db, job, lease);
      expect(claim).not.toBeNull();
      await doomed?.close();
      expect(await claimJob(other.db, job, lease)).toBeNull(); // still within its lease
      await sleep(lease.leaseMs + 300);
      const takeover = await claimJob(other.db, job, lease);
      expect(takeover).not.toBeNull();
      // The dead claim can no longer be renewed, so a runner that was only slow learns it lost the job.
      expect(await renewClaim(database.db, job, claim!)).toBe(false);
      expect(await renewClaim(other.db, job, takeover!)).toBe(true);
    });

    it("is not taken from a live runner, whose heartbeat renews it for as long as the job runs", async () => {
      let runs = 0;
      let atOnce = 0;
      let mostAtOnce = 0;
      const job: ScheduledJob = {
        name: "long-runner",
        everyMs: 86_400_000,
        run: async () => {
          runs++;
          mostAtOnce = Math.max(mostAtOnce, ++atOnce);
          await sleep(lease.leaseMs * 3); // three leases long: only the heartbeat keeps the claim
          atOnce--;
          return "long";
        },
      };
      const runner = runDueJobs(database.db, [job], lease);
      let done = false;
      void runner.finally(() => (done = true));
      // The runner claims first: until then the other servers would race it for the claim.
      while (runs === 0) await sleep(20);
      // Both servers keep looking while it runs, as their schedules would.
      let looks = 0;
      while (!done) {
        const ran = await Promise.all(servers().map((db) => runDueJobs(db, [job], lease)));
        expect(ran.flat()).toEqual([]);
        looks++;
        await sleep(200);
      }
      expect(await runner).toEqual(["long-runner"]);
      expect(looks).toBeGreaterThan(10);
      expect(runs).toBe(1);
      expect(mostAtOnce).toBe(1);
      const [row] = await queryRows<{ value: string }>(database.db, sql`select value from app_meta where key = 'job:long-runner'`);
      expect(row!.value).toBe("done: long");
      // Done for the day: not due again once the lease would have lapsed.
      await sleep(lease.leaseMs + 300);
      expect(await claimJob(other.db, job, lease)).toBeNull();
    }, 60_000);

    it("takes over a claim made before claims had tokens once its lease has lapsed", async () => {
      await database.db.execute(sql`insert into app_meta (key, value, updated_at) values ('job:old-claim', 'running', now() - interval '2 minutes')`);
      expect(await claimJob(other.db, { name: "old-claim", everyMs: 86_400_000 })).not.toBeNull();
    });
  });
});
