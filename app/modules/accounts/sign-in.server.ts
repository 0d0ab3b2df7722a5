/**
 * Email-and-password sign-in for the embedded default. Wrong password and unknown email get
 * the same answer, in about the same time; repeated failures lock the account for a while and
 * rate limits slow down guessing across accounts.
 */
import argon2 from "argon2";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { config } from "../../env.server";
import { users } from "../../../db/schema";
import { recordAudit } from "./audit.server";
import { anonymous } from "./permissions";
import { clientKey, rateLimits, takeRateLimit, withinRateLimit } from "./rate-limit.server";

export const lockAfterFailures = 5;
export const lockMinutes = 15;

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
  request: Request,
  credentials: { email: string; password: string },
): Promise<SignInResult> {
  const email = normaliseEmail(credentials.email);
  // Failed attempts count against the email address; every attempt counts against the client.
  const emailKey = `sign-in:email:${email}`;
  const allowed = await Promise.all([
    withinRateLimit(db, emailKey, rateLimits.signInPerEmail),
    takeRateLimit(db, `sign-in:client:${clientKey(request)}`, rateLimits.signInPerClient),
  ]);
  if (!allowed.every(Boolean)) return { ok: false, reason: "too-many-attempts" };
  const failed = async (reason: "wrong-details"): Promise<SignInResult> => {
    await takeRateLimit(db, emailKey, rateLimits.signInPerEmail);
    return { ok: false, reason };
  };

  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user || !user.passwordHash || !user.active) {
    // why: verify against a throwaway hash so an unknown email takes as long as a wrong password.
    dummyHash ??= hashPassword("not-a-real-password");
    await argon2.verify(await dummyHash, credentials.password).catch(() => false);
    return failed("wrong-details");
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) return { ok: false, reason: "too-many-attempts" };

  if (user.isDemo && config().nodeEnv === "production") return { ok: false, reason: "demo-account-off" };

  const matches = await argon2.verify(user.passwordHash, credentials.password).catch(() => false);
  if (!matches) {
    const failures = user.failedSignIns + 1;
    const lock = failures >= lockAfterFailures;
    await db
      .update(users)
      .set({
        failedSignIns: lock ? 0 : failures,
        lockedUntil: lock ? sql`now() + make_interval(mins => ${lockMinutes})` : user.lockedUntil,
      })
      .where(eq(users.id, user.id));
    if (lock) {
      await recordAudit(db, anonymous, { action: "account.locked", subjectType: "user", subjectId: user.id });
    }
    // The same answer as for an unknown address: the next attempt meets the limit for both.
    return failed("wrong-details");
  }
  await db
    .update(users)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date() })
    .where(eq(users.id, user.id));
  await recordAudit(db, { ...anonymous, role: user.role, userId: user.id }, {
    action: "account.sign-in",
    subjectType: "user",
    subjectId: user.id,
  });
  return { ok: true, userId: user.id };
}
