/**
 * Fixed-window rate limits kept in the database, so they hold across every app server behind
 * a load balancer. One upsert per check.
 */
import type { AppLoadContext } from "@remix-run/node";
import { inArray, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { rateLimits as rateLimitRows } from "../../../db/schema";

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

const quarterHour = 15 * 60;

/**
 * Sign-in follows OWASP's authentication cheat sheet: failures count per account, so guessing
 * from many addresses still stops; but one address can spend only a few of an account's
 * failures, so a single person cannot lock its owner out; and every attempt counts against the
 * address, so one person cannot guess across all accounts either.
 */
export const rateLimits = {
  /** Wrong passwords for one account from one address: that address may not try it again for a while. */
  signInFailuresPerAccountAndAddress: { limit: 5, windowSeconds: quarterHour },
  /** Wrong passwords for one account from anywhere: the account is locked for everyone (several addresses at once). */
  signInFailuresPerAccount: { limit: 20, windowSeconds: quarterHour },
  /** Every attempt from one address, whichever account. */
  signInPerAddress: { limit: 50, windowSeconds: quarterHour },
  resetPerEmail: { limit: 3, windowSeconds: 60 * 60 },
  resetPerAddress: { limit: 20, windowSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimit>;

/** Counts one attempt against `key` and returns how many this window holds now. */
export async function countAttempt(db: Database, key: string, rule: RateLimit): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`insert into rate_limits (key, window_start, count) values (${key}, now(), 1)
        on conflict (key) do update set
          count = case when rate_limits.window_start < now() - make_interval(secs => ${rule.windowSeconds})
                       then 1 else rate_limits.count + 1 end,
          window_start = case when rate_limits.window_start < now() - make_interval(secs => ${rule.windowSeconds})
                       then now() else rate_limits.window_start end
        returning count::int as count`,
  );
  return row?.count ?? 0;
}

/** Counts one attempt against `key`; true while the attempts in this window are within the limit. */
export async function takeRateLimit(db: Database, key: string, rule: RateLimit): Promise<boolean> {
  return (await countAttempt(db, key, rule)) <= rule.limit;
}

/** Whether `key` is still within its limit, without counting an attempt. */
export async function withinRateLimit(db: Database, key: string, rule: RateLimit): Promise<boolean> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count::int as count from rate_limits
        where key = ${key} and window_start >= now() - make_interval(secs => ${rule.windowSeconds})`,
  );
  return (row?.count ?? 0) < rule.limit;
}

/** Forgets the attempts counted against `keys` (a password reset ends an account's lock-out). */
export async function clearRateLimits(db: Pick<Database, "delete">, keys: string[]): Promise<void> {
  await db.delete(rateLimitRows).where(inArray(rateLimitRows.key, keys));
}

/**
 * The client's address, as server/http.ts worked it out from the socket (or, with TRUST_PROXY,
 * the proxy's own hop) and passed in the load context; a client cannot write it.
 */
export function clientAddress(context: AppLoadContext | undefined): string {
  const address = (context as { clientAddress?: unknown } | undefined)?.clientAddress;
  return typeof address === "string" && address ? address : "unknown";
}
