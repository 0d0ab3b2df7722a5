/**
 * Who may sign in with a council account. The identity provider says who a person is; Asset
 * Atlas decides whether they have an account here, and with which role. It never creates an
 * account or grants a role because of what the provider says.
 *
 * 1. An active account already linked to the provider's subject (`sub`) signs in.
 * 2. Otherwise, when the provider vouches for the email address (`email_verified`), an active
 *    staff account with that email and no subject yet is linked to the subject, then signs in.
 * 3. Anybody else is told to ask an administrator for an invitation.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { users } from "../../../db/schema";
import { config } from "../../env.server";
import { recordAudit } from "./audit.server";
import { anonymous, type Role } from "./permissions";
import { normaliseEmail } from "./sign-in.server";

/** Council staff: the roles whose accounts the council's identity provider may link to. */
export const councilStaffRoles: ReadonlySet<Role> = new Set(["practitioner", "coordinator", "commissioner", "administrator"]);

export interface CouncilIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
}

export type CouncilSignInResult = { ok: true; userId: string } | { ok: false; reason: "not-set-up" | "account-off" };

type User = typeof users.$inferSelect;

export async function signInWithCouncilIdentity(db: Database, identity: CouncilIdentity): Promise<CouncilSignInResult> {
  let [user] = await db.select().from(users).where(eq(users.oidcSubject, identity.subject));
  let linked = false;
  if (!user && identity.email && identity.emailVerified) {
    const candidate = await unlinkedStaffAccount(db, normaliseEmail(identity.email));
    if (candidate && !candidate.active) return { ok: false, reason: "account-off" };
    if (candidate) {
      user = await link(db, candidate, identity.subject);
      linked = user !== undefined;
    }
  }
  if (!user) return { ok: false, reason: "not-set-up" };
  if (!user.active || (user.isDemo && !config().demoMode)) return { ok: false, reason: "account-off" };

  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  const actor = { ...anonymous, role: user.role, userId: user.id };
  if (linked) {
    await recordAudit(db, actor, { action: "account.oidc-linked", subjectType: "user", subjectId: user.id });
  }
  await recordAudit(db, actor, {
    action: "account.sign-in",
    subjectType: "user",
    subjectId: user.id,
    details: { method: "oidc" },
  });
  return { ok: true, userId: user.id };
}

async function unlinkedStaffAccount(db: Database, email: string): Promise<User | undefined> {
  const [candidate] = await db.select().from(users).where(and(eq(users.email, email), isNull(users.oidcSubject)));
  return candidate && councilStaffRoles.has(candidate.role) ? candidate : undefined;
}

async function link(db: Database, candidate: User, subject: string): Promise<User | undefined> {
  // The subject is set only if nobody set one meanwhile (two callbacks racing, say).
  const [updated] = await db
    .update(users)
    .set({ oidcSubject: subject })
    .where(and(eq(users.id, candidate.id), isNull(users.oidcSubject)))
    .returning();
  if (updated) return updated;
  const [bySubject] = await db.select().from(users).where(eq(users.oidcSubject, subject));
  return bySubject;
}
