/**
 * Password reset (and setting a first password after an invitation) by an emailed link. The
 * link holds a random token; the database keeps only its hash. A link works once, and only
 * until it expires. Asking for a link answers the same whether or not the email is known.
 */
import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { passwordResets, sessions, users } from "../../../db/schema";
import { linkBase } from "../mail/links.server";
import { mailTransport } from "../mail/mail.server";
import { recordAudit } from "./audit.server";
import { anonymous } from "./permissions";
import { clearRateLimits, rateLimits, takeRateLimit } from "./rate-limit.server";
import { hashToken } from "./session.server";
import { accountKeys, hashPassword, normaliseEmail } from "./sign-in.server";

import { invitationLinkDays, resetLinkMinutes } from "./password-form";

export { invitationLinkDays, resetLinkMinutes };

async function issueLink(db: Database, userId: string, validForMs: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.insert(passwordResets).values({
    tokenHash: hashToken(token),
    userId,
    expiresAt: new Date(Date.now() + validForMs),
  });
  return token;
}

export type ResetRequestResult = "sent" | "too-many-requests";

export async function requestPasswordReset(db: Database, clientAddress: string, rawEmail: string): Promise<ResetRequestResult> {
  const email = normaliseEmail(rawEmail);
  const allowed = await Promise.all([
    takeRateLimit(db, `reset:email:${email}`, rateLimits.resetPerEmail),
    takeRateLimit(db, `reset:address:${clientAddress}`, rateLimits.resetPerAddress),
  ]);
  if (!allowed.every(Boolean)) return "too-many-requests";
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user || !user.active || !user.passwordHash) return "sent"; // same answer: nothing to reveal
  const token = await issueLink(db, user.id, resetLinkMinutes * 60_000);
  await mailTransport(db).send({
    to: user.email,
    subject: "Reset your Asset Atlas password",
    body: [
      `Hello ${user.displayName},`,
      "",
      "Someone asked to reset the password for your Asset Atlas account. To choose a new password, open this link:",
      `${linkBase()}/password-reset/${token}`,
      "",
      `The link works once and expires in ${resetLinkMinutes} minutes. If you did not ask for it, you can ignore this email: your password has not changed.`,
    ].join("\n"),
  });
  await recordAudit(db, anonymous, { action: "account.password-reset-requested", subjectType: "user", subjectId: user.id });
  return "sent";
}

/** Sends an invited member of staff a link to choose their first password. */
export async function sendInvitation(db: Database, userId: string): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new Error(`No user ${userId}`);
  const token = await issueLink(db, user.id, invitationLinkDays * 86_400_000);
  await mailTransport(db).send({
    to: user.email,
    subject: "You have been invited to Asset Atlas",
    body: [
      `Hello ${user.displayName},`,
      "",
      "You have been given an Asset Atlas account. To choose your password and sign in, open this link:",
      `${linkBase()}/password-reset/${token}`,
      "",
      `The link works once and expires in ${invitationLinkDays} days.`,
    ].join("\n"),
  });
}

export type ResetLinkState = { ok: true; userId: string; email: string } | { ok: false; reason: "expired-or-used" };

/** Whether a link can still be used; used links and expired links read the same. */
export async function checkResetLink(db: Database, token: string): Promise<ResetLinkState> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: "expired-or-used" };
  const [row] = await db
    .select({ userId: passwordResets.userId, email: users.email, active: users.active })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, new Date()),
      ),
    );
  if (!row || !row.active) return { ok: false, reason: "expired-or-used" };
  return { ok: true, userId: row.userId, email: row.email };
}

/**
 * Uses the link: sets the new password, unlocks the account and ends every session it had,
 * all at once. Returns false when the link was already used or has expired.
 */
export async function completePasswordReset(db: Database, token: string, password: string): Promise<boolean> {
  const link = await checkResetLink(db, token);
  if (!link.ok) return false;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt)))
      .returning({ userId: passwordResets.userId });
    if (claimed.length === 0) return false; // used by a racing request a moment ago
    await tx
      .update(users)
      .set({ passwordHash, lockedUntil: null })
      .where(eq(users.id, link.userId));
    await clearRateLimits(tx, [accountKeys(link.email).account]);
    await tx.delete(sessions).where(eq(sessions.userId, link.userId));
    await recordAudit(tx, anonymous, { action: "account.password-reset", subjectType: "user", subjectId: link.userId });
    return true;
  });
}
