/**
 * The daily jobs (retention, referral reminders, planner statistics) and how several app
 * processes and servers agree that only one of them runs each job each day: every process looks
 * every minute, and the first to claim the job's row in app_meta for the day runs it. The claim
 * is a lease its runner renews while the job runs, so a claim whose runner was killed lapses and
 * another process takes the job over (docs/decisions: scheduled job leases).
 */
import { randomUUID } from "node:crypto";
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

/** How long a claim lasts without a heartbeat, and how often a running job renews it. */
export interface LeaseTiming {
  leaseMs: number;
  heartbeatMs: number;
}

/**
 * A claim lapses 90 s after its runner's last heartbeat (one every 30 s): a runner killed
 * outright stops beating, and with every process looking each minute, another takes the job
 * over within about two and a half minutes. A live runner would have to miss three heartbeats
 * in a row (the database unreachable for 90 s) before another could take its job.
 */
export const defaultLease: LeaseTiming = { leaseMs: 90_000, heartbeatMs: 30_000 };

export interface Claim {
  /** Unique to this claim: only its holder can renew it or record the outcome. */
  token: string;
  /** When it was claimed, by the database's clock (text, exact to the microsecond). */
  claimedAt: string;
}

/**
 * Claims `job` for this period: a claim for exactly one caller across all servers, or null.
 * The job's row in app_meta says `running:<token>` while a runner holds it, with updated_at its
 * last heartbeat; once done it says the outcome, with updated_at when that run was claimed. A job
 * is due when its last run was claimed `everyMs` ago, or when its runner has not beaten for the
 * lease (it died: a kill -9, a lost server). One INSERT … ON CONFLICT DO UPDATE … WHERE, which
 * PostgreSQL (and PGlite) make atomic, so two servers looking at the same moment cannot both win;
 * every time comes from the database's clock, so the servers' clocks need not agree.
 */
export async function claimJob(db: Database, job: Pick<ScheduledJob, "name" | "everyMs">, lease: Pick<LeaseTiming, "leaseMs"> = defaultLease): Promise<Claim | null> {
  const key = `job:${job.name}`;
  const token = `running:${randomUUID()}`;
  const rows = await queryRows<{ claimed_at: string }>(
    db,
    sql`insert into app_meta (key, value, updated_at) values (${key}, ${token}, now())
        on conflict (key) do update set value = excluded.value, updated_at = now()
        where case when app_meta.value like 'running%' -- also a claim made before claims had tokens
                then app_meta.updated_at <= now() - make_interval(secs => ${lease.leaseMs / 1000})
                else app_meta.updated_at <= now() - make_interval(secs => ${job.everyMs / 1000}) end
        returning updated_at::text as claimed_at`,
  );
  return rows.length === 1 ? { token, claimedAt: rows[0]!.claimed_at } : null;
}

/** Renews a claim's lease; false once another runner has taken the job over. */
export async function renewClaim(db: Database, job: Pick<ScheduledJob, "name">, claim: Claim): Promise<boolean> {
  const rows = await queryRows<{ key: string }>(db, sql`update app_meta set updated_at = now() where key = ${`job:${job.name}`} and value = ${claim.token} returning key`);
  return rows.length === 1;
}

/** Records the outcome (unless the job was taken over meanwhile); the next period counts from the claim. */
async function recordOutcome(db: Database, job: ScheduledJob, claim: Claim, outcome: string) {
  await db.execute(sql`update app_meta set value = ${outcome.slice(0, 500)}, updated_at = ${claim.claimedAt}::timestamptz
                       where key = ${`job:${job.name}`} and value = ${claim.token}`);
}

/**
 * Beats for `claim` every `heartbeatMs` until the returned function is called; that resolves once
 * a renewal already sent has come back, so that it cannot land after the outcome is recorded.
 */
function heartbeat(db: Database, job: ScheduledJob, claim: Claim, { heartbeatMs }: LeaseTiming) {
  let lost = false;
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewClaim(db, job, claim)
      .then((held) => {
        if (held || lost) return;
        lost = true;
        log.error({ job: job.name }, `Scheduled job ${job.name} ran past its lease and another process has taken it over; its outcome here will not be recorded.`);
      })
      .catch((error: unknown) => log.warn({ job: job.name, err: error }, `Scheduled job ${job.name}: renewing its claim failed; will try again.`));
  }, heartbeatMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await renewing;
  };
}

/** Runs every job this process can claim now; returns the names of those it ran. */
export async function runDueJobs(db: Database, jobs: ScheduledJob[] = dailyJobs, lease: LeaseTiming = defaultLease): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    let claim: Claim | null = null;
    let stopBeating = async () => {};
    try {
      claim = await claimJob(db, job, lease);
      if (!claim) continue;
      stopBeating = heartbeat(db, job, claim, lease);
      ran.push(job.name);
      const started = performance.now();
      const outcome = await job.run(db);
      log.info({ job: job.name, ms: Math.round(performance.now() - started) }, `Scheduled job ${job.name}: ${outcome}`);
      await stopBeating();
      await recordOutcome(db, job, claim, `done: ${outcome}`);
      metrics().scheduledJobs.inc({ job: job.name, outcome: "done" });
    } catch (error) {
      await stopBeating();
      log.error({ job: job.name, err: error }, `Scheduled job ${job.name} failed; it will run again next period.`);
      if (claim) await recordOutcome(db, job, claim, "failed").catch(() => {});
      metrics().scheduledJobs.inc({ job: job.name, outcome: "failed" });
    }
  }
  return ran;
}

/**
 * Looks for due jobs a minute after start and then every `checkEveryMs` (a minute), so that a
 * job whose runner died is taken over soon after its lease lapses; a look still running (a long
 * job) is not overlapped. Returns a function that stops looking and resolves once a job in
 * progress has finished (for a graceful shutdown).
 */
export function startScheduledJobs(database: () => Promise<Database>, options: { firstAfterMs?: number; checkEveryMs?: number; lease?: LeaseTiming } = {}) {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const look = () => {
    if (stopped || running) return;
    running = database()
      .then((db) => runDueJobs(db, dailyJobs, options.lease))
      .catch((error: unknown) => log.error({ err: error }, "Looking for scheduled jobs failed; will look again."))
      .finally(() => (running = null));
  };
  const first = setTimeout(look, options.firstAfterMs ?? 60_000);
  const every = setInterval(look, options.checkEveryMs ?? 60_000);
  first.unref();
  every.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(every);
    await running;
  };
}
