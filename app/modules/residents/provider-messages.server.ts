/**
 * Messages from residents to providers through the site. The provider gets the question by
 * email with a single-use link; the resident gets the answer by email. Neither sees the other's
 * email address. Messages are personal data: kept until answered or for messageRetentionDays,
 * whichever is sooner after the reply, then deleted by the retention job; every send and reply
 * is audited (ids only, never the words).
 */
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { contacts, providerMessages, services } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { anonymous } from "../accounts/permissions";
import type { RateLimit } from "../accounts/rate-limit.server";
import { hashToken } from "../accounts/session.server";
import { mailTransport } from "../mail/mail.server";
import type { PersonalDataSource } from "../privacy/personal-data.server";
import { linkBase } from "../mail/links.server";
import type { z } from "zod";
import type { askProviderSchema } from "./message-form";

/** The provider's link works once, for this long. */
export const replyLinkDays = 30;
/** A message is deleted this long after it was sent, answered or not. */
export const messageRetentionDays = 60;
/** From one address: a few an hour. */
export const askRateLimit: RateLimit = { limit: 10, windowSeconds: 60 * 60 };
/** From one email: fewer, across all listings (a person asks a handful of places, not dozens). */
export const askPerEmailRateLimit: RateLimit = { limit: 5, windowSeconds: 60 * 60 };

const day = 86_400_000;

/** The listing's own email, else its first contact's: where the question goes (never shown to the resident by this flow). */
export async function providerEmail(db: Database, serviceId: string): Promise<string | null> {
  const [row] = await db
    .select({ own: services.email, contact: contacts.email })
    .from(services)
    .leftJoin(contacts, and(eq(contacts.serviceId, services.id), sql`${contacts.email} is not null`))
    .where(eq(services.id, serviceId))
    .limit(1);
  return row?.own ?? row?.contact ?? null;
}

export function messageFingerprint(email: string, serviceId: string, message: string): string {
  return createHash("sha256").update(`${email}\n${serviceId}\n${message.replace(/\s+/g, " ").trim()}`).digest("hex");
}

export type AskResult = { sent: true } | { sent: false; reason: "duplicate" | "no-email" };

export async function askProvider(
  db: Database,
  listing: { id: string; name: string },
  input: z.output<typeof askProviderSchema>,
  now = new Date(),
): Promise<AskResult> {
  const to = await providerEmail(db, listing.id);
  if (!to) return { sent: false, reason: "no-email" };
  const fingerprint = messageFingerprint(input.email, listing.id, input.message);
  const token = randomBytes(32).toString("base64url");
  const stored = await db.transaction(async (tx) => {
    // why: twenty presses of Send at once must store and send one message, not twenty.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`provider-message:${fingerprint}`}))`);
    const [earlier] = await tx
      .select({ id: providerMessages.id })
      .from(providerMessages)
      .where(and(eq(providerMessages.fingerprint, fingerprint), gt(providerMessages.createdAt, new Date(now.getTime() - messageRetentionDays * day))));
    if (earlier) return null;
    const [row] = await tx
      .insert(providerMessages)
      .values({
        serviceId: listing.id,
        residentEmail: input.email,
        residentName: input.name,
        message: input.message,
        fingerprint,
        consentAt: now,
        replyTokenHash: hashToken(token),
        replyExpiresAt: new Date(now.getTime() + replyLinkDays * day),
        createdAt: now,
      })
      .returning({ id: providerMessages.id });
    await recordAudit(tx, anonymous, { action: "provider-message.send", subjectType: "asset", subjectId: listing.id, details: { message: row!.id } });
    return row!;
  });
  if (!stored) return { sent: false, reason: "duplicate" };
  await mailTransport(db).send({
    to,
    subject: `A question about ${listing.name}`,
    body: [
      "Hello,",
      "",
      `${input.name ?? "Someone"} has asked about ${listing.name} through Asset Atlas:`,
      "",
      input.message,
      "",
      "To answer, open this link and write your reply. We email it to them; they do not see your email address, and you do not see theirs.",
      `${linkBase()}/messages/reply/${token}`,
      "",
      `The link works once and expires in ${replyLinkDays} days. Please do not forward it.`,
    ].join("\n"),
  });
  return { sent: true };
}

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export type ReplyLink =
  | { state: "invalid" }
  | { state: "expired" }
  | { state: "used" }
  | { state: "ok"; id: string; message: string; name: string | null; sentAt: Date; listing: { id: string; name: string } };

/** What the provider's link shows: the question and the listing; never the resident's email. */
export async function readReplyLink(db: Database, token: string, now = new Date()): Promise<ReplyLink> {
  if (!tokenPattern.test(token)) return { state: "invalid" };
  const [row] = await db
    .select({ message: providerMessages, listingName: services.name })
    .from(providerMessages)
    .innerJoin(services, eq(services.id, providerMessages.serviceId))
    .where(eq(providerMessages.replyTokenHash, hashToken(token)));
  if (!row) return { state: "invalid" };
  if (row.message.repliedAt) return { state: "used" };
  if (row.message.replyExpiresAt <= now) return { state: "expired" };
  return {
    state: "ok",
    id: row.message.id,
    message: row.message.message,
    name: row.message.residentName,
    sentAt: row.message.createdAt,
    listing: { id: row.message.serviceId, name: row.listingName },
  };
}

/** The provider answers: the link is claimed in one statement (two answers racing cannot both go), then the answer is emailed to the resident. */
export async function replyToResident(db: Database, token: string, reply: string, now = new Date()): Promise<Exclude<ReplyLink["state"], "ok"> | "sent"> {
  const link = await readReplyLink(db, token, now);
  if (link.state !== "ok") return link.state;
  const [claimed] = await db
    .update(providerMessages)
    .set({ repliedAt: now })
    .where(and(eq(providerMessages.replyTokenHash, hashToken(token)), isNull(providerMessages.repliedAt), gt(providerMessages.replyExpiresAt, now)))
    .returning({ id: providerMessages.id, email: providerMessages.residentEmail });
  if (!claimed) {
    const again = (await readReplyLink(db, token, now)).state;
    return again === "ok" ? "used" : again;
  }
  await recordAudit(db, anonymous, { action: "provider-message.reply", subjectType: "asset", subjectId: link.listing.id, details: { message: claimed.id } });
  await mailTransport(db).send({
    to: claimed.email,
    subject: `${link.listing.name} has answered your question`,
    body: [
      `You asked ${link.listing.name}:`,
      "",
      link.message,
      "",
      "They answered:",
      "",
      reply,
      "",
      `Do not reply to this email: it comes from Asset Atlas, not from them. To get in touch again, use the details on their listing: ${linkBase()}/assets/${link.listing.id}`,
      `We delete your message ${messageRetentionDays} days after you sent it.`,
    ].join("\n"),
  });
  return "sent";
}

/** Residents' messages to providers, for retention, export and erasure. */
export const providerMessageSource: PersonalDataSource = {
  name: "messages to providers",
  description: `Questions residents sent providers through the site ("Ask about a place"), with their email for the reply; deleted ${messageRetentionDays} days after they were sent.`,
  async applyRetention(db, _policy, now) {
    const removed = await db
      .delete(providerMessages)
      .where(lt(providerMessages.createdAt, new Date(now.getTime() - messageRetentionDays * day)))
      .returning({ id: providerMessages.id });
    return removed.length;
  },
  async exportSubject(db, subject) {
    if (!subject.email) return [];
    const rows = await db.select().from(providerMessages).where(eq(providerMessages.residentEmail, subject.email.trim().toLowerCase()));
    return rows.map(({ replyTokenHash: _secret, fingerprint: _fingerprint, ...row }) => row);
  },
  async eraseSubject(db, subject) {
    if (!subject.email) return 0;
    const removed = await db
      .delete(providerMessages)
      .where(eq(providerMessages.residentEmail, subject.email.trim().toLowerCase()))
      .returning({ id: providerMessages.id });
    return removed.length;
  },
};
