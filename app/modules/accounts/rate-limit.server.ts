/**
 * Fixed-window rate limits kept in the database, so they hold across every app server behind
 * a load balancer. One upsert per check.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export const rateLimits = {
  signInPerEmail: { limit: 5, windowSeconds: 15 * 60 },
  signInPerClient: { limit: 50, windowSeconds: 15 * 60 },
  resetPerEmail: { limit: 3, windowSeconds: 60 * 60 },
  resetPerClient: { limit: 20, windowSeconds: 60 * 60 },
} as const satisfies Record<string, RateLimit>;

/** Counts one attempt against `key`; true while the attempts in this window are within the limit. */
export async function takeRateLimit(db: Database, key: string, rule: RateLimit): Promise<boolean> {
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
  return (row?.count ?? 0) <= rule.limit;
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

/** The client's address as the load balancer saw it (first X-Forwarded-For hop), if any. */
export function clientKey(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || "direct";
}
