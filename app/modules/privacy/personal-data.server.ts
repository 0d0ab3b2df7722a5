/**
 * The machinery for people's data under UK GDPR: retention (delete or anonymise what has been
 * kept long enough), and a data subject's requests (export everything held about them; erase
 * it). Each kind of personal data registers one source here; the matching work adds people's
 * records as another source, and the commands and tests below then cover it without change.
 */
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import {
  auditEvents,
  listingSuggestions,
  mailOutbox,
  passwordResets,
  rateLimits,
  sessions,
  userLocalities,
  users,
} from "../../../db/schema";
import { config } from "../../env.server";
import { recordAudit } from "../accounts/audit.server";
import { importJobSource } from "../imports/retention.server";
import type { Actor } from "../accounts/permissions";
import { personSource } from "../people/personal-data.server";
import { providerMessageSource } from "../residents/provider-messages.server";
import { savedListSource } from "../shortlist/shortlist.server";
import { requestSource } from "../requests/personal-data.server";

/**
 * Who a request is about: a staff or resident account, identified by email, or a person on a
 * practitioner's caseload, identified by their reference (e.g. "SOH-0142"). One of the two.
 * Each source answers for the kind of subject it holds and returns nothing for the other.
 */
export interface DataSubject {
  email?: string;
  reference?: string;
}

/** "the account a@b" or "the person SOH-0142", for exports and the audit trail. */
export function describeSubject(subject: DataSubject): string {
  return subject.email ?? subject.reference ?? "";
}

export interface RetentionPolicy {
  /** Days to keep people's records after their last activity (RETENTION_DAYS). */
  recordDays: number;
  /** Days to keep the audit trail (AUDIT_RETENTION_DAYS). */
  auditDays: number;
}

export interface PersonalDataSource {
  name: string;
  /** What the source holds, in plain English (shown in exports and the README). */
  description: string;
  applyRetention(db: Database, policy: RetentionPolicy, now: Date): Promise<number>;
  exportSubject(db: Database, subject: DataSubject): Promise<unknown[]>;
  eraseSubject(db: Database, subject: DataSubject): Promise<number>;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

async function findUser(db: Database, subject: DataSubject) {
  if (!subject.email) return null;
  const [user] = await db.select().from(users).where(eq(users.email, subject.email.trim().toLowerCase()));
  return user ?? null;
}

/** Staff and resident accounts, their sessions, reset links and localities. */
export const accountSource: PersonalDataSource = {
  name: "accounts",
  description: "Accounts: name, email, role, organisation and localities, sign-in times; sessions and reset links.",
  async applyRetention(db, _policy, now) {
    const ended = await db
      .delete(sessions)
      .where(lt(sessions.expiresAt, now))
      .returning({ id: sessions.id });
    const links = await db
      .delete(passwordResets)
      .where(or(lt(passwordResets.expiresAt, daysBefore(now, 1)), lt(passwordResets.usedAt, daysBefore(now, 1))))
      .returning({ id: passwordResets.tokenHash });
    const counters = await db
      .delete(rateLimits)
      .where(lt(rateLimits.windowStart, daysBefore(now, 1)))
      .returning({ key: rateLimits.key });
    return ended.length + links.length + counters.length;
  },
  async exportSubject(db, subject) {
    const user = await findUser(db, subject);
    if (!user) return [];
    const localities = await db.select().from(userLocalities).where(eq(userLocalities.userId, user.id));
    const { passwordHash: _secret, ...account } = user;
    return [{ account: { ...account, hasPassword: _secret !== null }, localities }];
  },
  async eraseSubject(db, subject) {
    const user = await findUser(db, subject);
    if (!user) return 0;
    await db.transaction(async (tx) => {
      await tx.delete(sessions).where(eq(sessions.userId, user.id));
      await tx.delete(passwordResets).where(eq(passwordResets.userId, user.id));
      await tx.delete(userLocalities).where(eq(userLocalities.userId, user.id));
      // The row stays (the audit trail points at it) but says nothing about the person.
      await tx
        .update(users)
        .set({
          email: `erased-${user.id}@invalid`,
          displayName: "Erased account",
          passwordHash: null,
          oidcSubject: null,
          active: false,
          organizationId: null,
        })
        .where(eq(users.id, user.id));
    });
    return 1;
  },
};

/** Mail the development outbox kept: useful for a day or two, then gone. */
export const outboxSource: PersonalDataSource = {
  name: "mail outbox",
  description: "Emails written to the development outbox (password resets and invitations).",
  async applyRetention(db, _policy, now) {
    const removed = await db
      .delete(mailOutbox)
      .where(lt(mailOutbox.createdAt, daysBefore(now, 30)))
      .returning({ id: mailOutbox.id });
    return removed.length;
  },
  async exportSubject(db, subject) {
    if (!subject.email) return [];
    return db.select().from(mailOutbox).where(eq(mailOutbox.to, subject.email.trim().toLowerCase()));
  },
  async eraseSubject(db, subject) {
    if (!subject.email) return 0;
    const removed = await db
      .delete(mailOutbox)
      .where(eq(mailOutbox.to, subject.email.trim().toLowerCase()))
      .returning({ id: mailOutbox.id });
    return removed.length;
  },
};

/** Suggestion emails are personal data: kept until the suggestion is dealt with, then for the retention period. */
export const suggestionSource: PersonalDataSource = {
  name: "listing suggestions",
  description: "Emails left with suggestions and problem reports about listings, so that we can reply, and what was written.",
  async applyRetention(db, policy, now) {
    const cleared = await db
      .update(listingSuggestions)
      .set({ email: null })
      .where(
        and(
          inArray(listingSuggestions.status, ["accepted", "rejected"]),
          lt(listingSuggestions.resolvedAt, new Date(now.getTime() - policy.recordDays * 86_400_000)),
          sql`${listingSuggestions.email} is not null`,
        ),
      )
      .returning({ id: listingSuggestions.id });
    return cleared.length;
  },
  async exportSubject(db, subject) {
    if (!subject.email) return [];
    return db.select().from(listingSuggestions).where(eq(listingSuggestions.email, subject.email.trim().toLowerCase()));
  },
  async eraseSubject(db, subject) {
    if (!subject.email) return 0;
    const erased = await db
      .update(listingSuggestions)
      .set({ email: null, message: "(erased at the person's request)" })
      .where(eq(listingSuggestions.email, subject.email.trim().toLowerCase()))
      .returning({ id: listingSuggestions.id });
    return erased.length;
  },
};

/** The audit trail: kept longer than the records it describes, then removed. */
export const auditSource: PersonalDataSource = {
  name: "audit trail",
  description: "Who viewed or changed what, and when.",
  async applyRetention(db, policy, now) {
    const removed = await db
      .delete(auditEvents)
      .where(lt(auditEvents.at, daysBefore(now, policy.auditDays)))
      .returning({ id: auditEvents.id });
    return removed.length;
  },
  async exportSubject(db, subject) {
    const user = await findUser(db, subject);
    if (!user) return [];
    return db
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.actorId, user.id), and(eq(auditEvents.subjectType, "user"), eq(auditEvents.subjectId, user.id))));
  },
  async eraseSubject() {
    // why nothing: the trail must show who did what; it holds ids, not names, and the account
    // row it points to is anonymised by the accounts source.
    return 0;
  },
};

const sources: PersonalDataSource[] = [accountSource, outboxSource, suggestionSource, auditSource, importJobSource, personSource, requestSource, providerMessageSource, savedListSource];

/** Later features (people's records, referrals) add their source here. */
export function registerPersonalDataSource(source: PersonalDataSource): void {
  if (!sources.some((existing) => existing.name === source.name)) sources.push(source);
}

export function personalDataSources(): readonly PersonalDataSource[] {
  return sources;
}

export function retentionPolicy(): RetentionPolicy {
  return { recordDays: config().retentionDays, auditDays: config().auditRetentionDays };
}

export async function applyRetention(db: Database, now = new Date(), policy = retentionPolicy()) {
  const results: Record<string, number> = {};
  for (const source of sources) results[source.name] = await source.applyRetention(db, policy, now);
  return results;
}

function requireOneSubject(subject: DataSubject) {
  if (Boolean(subject.email?.trim()) === Boolean(subject.reference?.trim())) {
    throw new Error("Say whose data: an email address or a person's reference, not both.");
  }
}

export async function exportSubject(db: Database, actor: Actor, subject: DataSubject) {
  requireOneSubject(subject);
  const data: Record<string, unknown[]> = {};
  for (const source of sources) data[source.name] = await source.exportSubject(db, subject);
  await recordAudit(db, actor, { action: "privacy.export", subjectType: "data-subject", subjectId: null, details: { sources: Object.keys(data) } });
  return { subject: describeSubject(subject), exportedAt: new Date().toISOString(), data };
}

export async function eraseSubject(db: Database, actor: Actor, subject: DataSubject) {
  requireOneSubject(subject);
  const erased: Record<string, number> = {};
  // The account last: it changes the account's email, and sources that find their rows through
  // the account by email (the saved shortlist and searches) would find nothing afterwards.
  for (const source of [...sources.filter((source) => source !== accountSource), accountSource]) erased[source.name] = await source.eraseSubject(db, subject);
  await recordAudit(db, actor, { action: "privacy.erase", subjectType: "data-subject", subjectId: null, details: { erased } });
  return erased;
}

