/**
 * Email-and-password sign-in for the embedded default. Wrong password and unknown email get
 * the same answer, in about the same time. Failures are limited per account and address, per
 * account and per address (rate-limit.server.ts), so guessing stops without one person being
 * able to lock out an account's owner, or everyone.
 */
import argon2 from "argon2";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { config } from "../../env.server";
import { users } from "../../../db/schema";
import { recordAudit } from "./audit.server";
import { anonymous } from "./permissions";
import { countAttempt, rateLimits, takeRateLimit, withinRateLimit } from "./rate-limit.server";

/** How long an account stays locked once wrong passwords for it came from many addresses. */
export const lockMinutes = 15;

/** The rate-limit key for every sign-in attempt from one address. */
export const addressKey = (address: string) => `sign-in:address:${address}`;

/** The rate-limit keys for one account; a password reset clears them. */
export const accountKeys = (email: string) => ({
  account: `sign-in:account:${email}`,
  accountAndAddress: (address: string) => `sign-in:account-address:${address}|${email}`,
});

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "wrong-details" | "too-many-attempts" | "demo-account-off" };

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

let dummyHash: Promise<string> | undefined;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function signIn(
  db: Database,
  clientAddress: string,
  credentials: { email: string; password: string },
): Promise<SignInResult> {
  const email = normaliseEmail(credentials.email);
  const keys = accountKeys(email);
  const pairKey = keys.accountAndAddress(clientAddress);
  const allowed = await Promise.all([
    withinRateLimit(db, pairKey, rateLimits.signInFailuresPerAccountAndAddress),
    withinRateLimit(db, keys.account, rateLimits.signInFailuresPerAccount),
    takeRateLimit(db, addressKey(clientAddress), rateLimits.signInPerAddress),
  ]);
  if (!allowed.every(Boolean)) return { ok: false, reason: "too-many-attempts" };
  // Unknown addresses count too, so that they answer exactly as known ones do.
  const failed = async (user?: typeof users.$inferSelect): Promise<SignInResult> => {
    await countAttempt(db, pairKey, rateLimits.signInFailuresPerAccountAndAddress);
    const failures = await countAttempt(db, keys.account, rateLimits.signInFailuresPerAccount);
    if (user && failures === rateLimits.signInFailuresPerAccount.limit) {
      await db
        .update(users)
        .set({ lockedUntil: sql`now() + make_interval(mins => ${lockMinutes})` })
        .where(eq(users.id, user.id));
      await recordAudit(db, anonymous, { action: "account.locked", subjectType: "user", subjectId: user.id });
    }
    return { ok: false, reason: "wrong-details" };
  };

  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user || !user.passwordHash || !user.active) {
    // why: verify against a throwaway hash so an unknown email takes as long as a wrong password.
    dummyHash ??= hashPassword("not-a-real-password");
    await argon2.verify(await dummyHash, credentials.password).catch(() => false);
    return failed();
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) return { ok: false, reason: "too-many-attempts" };

  if (user.isDemo && !config().demoMode) return { ok: false, reason: "demo-account-off" };

  const matches = await argon2.verify(user.passwordHash, credentials.password).catch(() => false);
  if (!matches) return failed(user);
  await db
    .update(users)
    .set({ lockedUntil: null, lastSignInAt: new Date() })
    .where(eq(users.id, user.id));
  await recordAudit(db, { ...anonymous, role: user.role, userId: user.id }, {
    action: "account.sign-in",
    subjectType: "user",
    subjectId: user.id,
  });
  return { ok: true, userId: user.id };
}
