/**
 * The daily jobs (retention, referral reminders, planner statistics) and how several app
 * processes and servers agree that only one of them runs each job each day: every process looks
 * every few minutes, and the first to claim the job's row in app_meta for the day runs it. The
 * claim is one INSERT … ON CONFLICT DO UPDATE … WHERE, which PostgreSQL (and PGlite) make atomic,
 * so two servers looking at the same moment cannot both win.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { applyRetention } from "../privacy/personal-data.server";
import { describeNeighbourHarvests, harvestNeighbours } from "../oruk/neighbours.server";
import { sendReferralReminders } from "../referrals/referrals.server";
import { describeReminders, sendVerificationReminders } from "../verification/links.server";
import { log } from "./log.server";
import { metrics } from "./metrics.server";

export interface ScheduledJob {
  name: string;
  /** Claimed at most once in this many milliseconds across every server. */
  everyMs: number;
  run(db: Database): Promise<string>;
}

const day = 86_400_000;

export const dailyJobs: ScheduledJob[] = [
  {
    name: "retention",
    everyMs: day,
    async run(db) {
      const results = await applyRetention(db);
      return Object.entries(results)
        .map(([source, n]) => `${source} ${n}`)
        .join(", ");
    },
  },
  { name: "referral-reminders", everyMs: day, run: async (db) => `${await sendReferralReminders(db)} sent` },
  { name: "verification-reminders", everyMs: day, run: async (db) => describeReminders(await sendVerificationReminders(db)) },
  { name: "neighbour-feeds", everyMs: day, run: async (db) => describeNeighbourHarvests(await harvestNeighbours(db)) },
  // PGlite has no autovacuum: refresh the planner's statistics after a day of changes and imports.
  {
    name: "planner-statistics",
    everyMs: day,
    async run(db) {
      await db.execute(sql`analyze`);
      return "refreshed";
    },
  },
];

/**
 * Claims `job` for this period: true for exactly one caller across all servers until `everyMs`
 * has passed since the last claim. The row keeps when it was claimed and, afterwards, the outcome.
 */
export async function claimJob(db: Database, job: Pick<ScheduledJob, "name" | "everyMs">): Promise<boolean> {
  const key = `job:${job.name}`;
  const seconds = Math.floor(job.everyMs / 1000);
  const rows = await queryRows<{ key: string }>(
    db,
    sql`insert into app_meta (key, value, updated_at) values (${key}, 'running', now())
        on conflict (key) do update set value = 'running', updated_at = now()
        where app_meta.updated_at <= now() - make_interval(secs => ${seconds})
        returning key`,
  );
  return rows.length === 1;
}

async function recordOutcome(db: Database, job: ScheduledJob, outcome: string) {
  await db.execute(sql`update app_meta set value = ${outcome.slice(0, 500)} where key = ${`job:${job.name}`}`);
}

/** Runs every job this process can claim now; returns the names of those it ran. */
export async function runDueJobs(db: Database, jobs: ScheduledJob[] = dailyJobs): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    let claimed = false;
    try {
      claimed = await claimJob(db, job);
      if (!claimed) continue;
      ran.push(job.name);
      const started = performance.now();
      const outcome = await job.run(db);
      log.info({ job: job.name, ms: Math.round(performance.now() - started) }, `Scheduled job ${job.name}: ${outcome}`);
      await recordOutcome(db, job, `done: ${outcome}`);
      metrics().scheduledJobs.inc({ job: job.name, outcome: "done" });
    } catch (error) {
      log.error({ job: job.name, err: error }, `Scheduled job ${job.name} failed; it will run again next period.`);
      if (claimed) await recordOutcome(db, job, "failed").catch(() => {});
      metrics().scheduledJobs.inc({ job: job.name, outcome: "failed" });
    }
  }
  return ran;
}

/**
 * Looks for due jobs a minute after start and then every `checkEveryMs`; returns a function that
 * stops looking and resolves once a job in progress has finished (for a graceful shutdown).
 */
export function startScheduledJobs(database: () => Promise<Database>, options: { firstAfterMs?: number; checkEveryMs?: number } = {}) {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const look = () => {
    if (stopped) return;
    running = database()
      .then((db) => runDueJobs(db))
      .catch((error: unknown) => log.error({ err: error }, "Looking for scheduled jobs failed; will look again."));
  };
  const first = setTimeout(look, options.firstAfterMs ?? 60_000);
  const every = setInterval(look, options.checkEveryMs ?? 10 * 60_000);
  first.unref();
  every.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(every);
    await running;
  };
}
