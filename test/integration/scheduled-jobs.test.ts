/**
 * The daily jobs run once across every app process and server: each looks, one claims the job's
 * row for the period. On PostgreSQL the two "servers" are two connection pools to one database;
 * on PGlite (one process by design) two callers in the one process.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "../../db/client.server";
import { claimJob, dailyJobs, runDueJobs, type ScheduledJob } from "../../app/modules/operations/scheduled-jobs.server";
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
    expect(await claimJob(database.db, job)).toBe(false);
    expect(await claimJob(other.db, job)).toBe(false);
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
  });

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
});
