/**
 * Listings kept true by the people who run them, without an account
 * (docs/decisions/0025-verification-links.md). When a listing falls due, its contact is emailed
 * single-use, expiring links: "Still right" and "Something has changed" (one "check" link, used
 * up by either answer) and "Update places" (a "places" link). Reminders go out stage by stage
 * (due, overdue, long overdue), never more than one a fortnight, and stop when the listing is
 * verified or a change from its provider waits; a fortnight after the long-overdue reminder the
 * listing's coordinators are told and the listing is flagged on their worklist, never
 * unpublished. A coordinator can send the "update places" link at any time. Every reminder, link
 * and answer is on the listing's history (the audit trail).
 */
import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { queryRows } from "../../../db/client.server";
import { services, users, verificationLinks, verificationReminders } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { anonymous, type Actor } from "../accounts/permissions";
import { writeListings } from "../listings/writer.server";
import { hashToken } from "../accounts/session.server";
import type { CapacityUpdate } from "../assets/capacity.server";
import { updateCapacity } from "../assets/capacity.server";
import { mailTransport } from "../mail/mail.server";
import { ownListing } from "../oruk/own-listings";
import { findReferralTarget } from "../referrals/referrals.server";
import { linkBase } from "../mail/links.server";
import { stageNames, verificationStage, type VerificationStage } from "./verification";
import { inLocalities, verificationIntervals } from "./scope.server";
import { addDays, formatDate, londonDay } from "../../../db/calendar";
import { AppError } from "../errors/app-error";

const day = 86_400_000;
/** How long an emailed link works. */
export const linkDays = 28;
/** The least time between two reminders about one listing. */
export const reminderGapDays = 14;
/** How often a coordinator may send one listing's provider a new "update places" link. */
export const placesLinkEveryMinutes = 60;

/** How a link's use reads in the audit trail and on the listing's history. */
export const viaLink = "verification-link";

export type LinkPurpose = "check" | "places";
export type LinkAnswer = "still-right" | "changes" | "places";

// ── Sending ──

/** A new link for a listing, replacing any open one of the same purpose (which stops working). */
async function issueLink(tx: Database, serviceId: string, purpose: LinkPurpose, sentTo: string, sentBy: string | null, now: Date): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await tx
    .update(verificationLinks)
    .set({ replacedAt: now })
    .where(and(eq(verificationLinks.serviceId, serviceId), eq(verificationLinks.purpose, purpose), isNull(verificationLinks.usedAt), isNull(verificationLinks.replacedAt)));
  await tx.insert(verificationLinks).values({ serviceId, purpose, tokenHash: hashToken(token), sentTo, sentBy, createdAt: now, expiresAt: new Date(now.getTime() + linkDays * day) });
  return token;
}

const expiresOn = (now: Date) => formatDate(new Date(now.getTime() + linkDays * day));

const reminderOpening: Record<Exclude<VerificationStage, "current">, (name: string, checked: string) => string> = {
  due: (name, checked) => `${name} is listed in Asset Atlas, the council's directory of community support. We ask the people who run each listing to check it every few months, so that nobody is sent to a group that has moved, changed its times or closed. It was last checked ${checked}.`,
  overdue: (name, checked) => `A reminder: ${name}'s listing in Asset Atlas, the council's directory of community support, is overdue for a check. It was last checked ${checked}.`,
  "long-overdue": (name, checked) => `A last reminder: ${name}'s listing in Asset Atlas, the council's directory of community support, has not been checked for a long time (last checked ${checked}). If we do not hear from you, the council's coordinator will be in touch.`,
};

/** The reminder email: why it comes, then the three links and how they work. */
async function sendReminderEmail(
  db: Database,
  listing: { id: string; name: string; lastVerifiedAt: string | null },
  stage: Exclude<VerificationStage, "current">,
  sentTo: string,
  now: Date,
  origin: string,
) {
  const check = await issueLink(db, listing.id, "check", sentTo, null, now);
  const places = await issueLink(db, listing.id, "places", sentTo, null, now);
  const checked = listing.lastVerifiedAt ? `on ${formatDate(listing.lastVerifiedAt)}` : "never";
  await mailTransport(db).send({
    to: sentTo,
    subject: stage === "due" ? `Is ${listing.name}'s listing still right?` : `Reminder: is ${listing.name}'s listing still right?`,
    body: [
      "Hello,",
      "",
      reminderOpening[stage](listing.name, checked),
      "",
      "Is everything still right? Open this link and press “Still right” (no account needed):",
      `${origin}/listing-check/${check}`,
      "",
      "Have places or the waiting time changed? Update them here:",
      `${origin}/listing-places/${places}`,
      "",
      "Has something else changed (times, place, contact details, or it has closed)? Tell us here, and a coordinator will update the listing:",
      `${origin}/listing-check/${check}/changes`,
      "",
      `Each link works once, until ${expiresOn(now)}. Please do not forward this email: the links are for the people who run ${listing.name}.`,
    ].join("\n"),
  });
}

/**
 * A coordinator (or an administrator) sends the listing's provider a link to update places
 * and waiting time: at any time, at most once an hour per listing.
 */
export async function sendPlacesLink(db: Database, actor: Actor, serviceId: string, now = new Date()): Promise<{ sentTo: string }> {
  const target = await findReferralTarget(db, serviceId);
  if (!target) throw new AppError("There is no such listing.", { status: 409 });
  if (target.listingStatus !== "published") throw new AppError(`${target.name} is not published, so its provider cannot be sent a link. Nothing was sent.`, { status: 409 });
  if (!target.email) throw new AppError(`${target.name} has no email address, so no link can be sent. Update its places yourself, or add an email address. Nothing was sent.`, { status: 409 });
  const email = target.email;
  const [recent] = await db
    .select({ at: verificationLinks.createdAt })
    .from(verificationLinks)
    .where(
      and(
        eq(verificationLinks.serviceId, target.id),
        eq(verificationLinks.purpose, "places"),
        isNotNull(verificationLinks.sentBy),
        gt(verificationLinks.createdAt, new Date(now.getTime() - placesLinkEveryMinutes * 60_000)),
      ),
    )
    .limit(1);
  if (recent) throw new AppError(`A coordinator sent a link to update places less than ${placesLinkEveryMinutes} minutes ago. Give the provider time to find it. Nothing was sent.`, { status: 409 });
  await db.transaction(async (tx) => {
    const inside = tx as unknown as Database;
    const token = await issueLink(inside, target.id, "places", email, actor.userId, now);
    await recordAudit(tx, actor, { action: "asset.places-link-sent", subjectType: "asset", subjectId: target.id, details: { after: { "sent to": email } } });
    // In the same transaction (the outbox is a table): the old link never dies without a new one.
    await mailTransport(inside).send({
      to: email,
      subject: `Please update the places at ${target.name}`,
      body: [
        "Hello,",
        "",
        `The council's coordinator asks you to say how many places are free at ${target.name}, and whether there is a waiting list, so that people are sent where there is room.`,
        "Open this link to update them (no account needed):",
        `${linkBase()}/listing-places/${token}`,
        "",
        `The link works once, until ${expiresOn(now)}. Please do not forward this email: the link is for the people who run ${target.name}.`,
      ].join("\n"),
    });
  });
  return { sentTo: email };
}

// ── The daily reminders ──

export interface ReminderReport {
  sent: number;
  /** Due, but with no email address to send to: flagged for the coordinator instead. */
  noAddress: number;
  coordinatorsTold: number;
}

/** The job's own name in the audit trail: a system actor, not a person. */
const reminderJob: Actor = { ...anonymous, role: "administrator" };

/**
 * Sends each listing that has fallen due the reminder for its stage, claiming it first (one
 * row per listing, cycle and stage) so several app servers send it once. Skips a listing
 * reminded in the last fortnight, one whose provider has sent changes still waiting, and the
 * neighbours' harvested listings (theirs to keep true).
 */
export async function sendVerificationReminders(db: Database, options: { now?: Date; origin?: string } = {}): Promise<ReminderReport> {
  const now = options.now ?? new Date();
  const origin = options.origin ?? linkBase();
  const intervals = verificationIntervals();
  const dueBefore = addDays(londonDay(now), -intervals.dueDays);
  const gapStart = new Date(now.getTime() - reminderGapDays * day);
  const candidates = await queryRows<{ id: string; name: string; last_verified_at: string | null }>(
    db,
    sql`select s.id, s.name, s.last_verified_at::text as last_verified_at from services s
        where s.listing_status = 'published'
          and (s.last_verified_at is null or s.last_verified_at <= ${dueBefore}::date)
          and ${ownListing}
          and not exists (select 1 from verification_reminders r where r.service_id = s.id and r.sent_at > ${gapStart.toISOString()}::timestamptz)
          and not exists (select 1 from listing_changes c where c.service_id = s.id and c.status = 'pending')
        order by s.last_verified_at nulls first, s.id`,
  );
  const report: ReminderReport = { sent: 0, noAddress: 0, coordinatorsTold: 0 };
  for (const listing of candidates) {
    const stage = verificationStage(listing.last_verified_at, now, intervals);
    if (stage === "current") continue;
    const cycle = listing.last_verified_at ?? "never";
    const [longOverdue] = await db
      .select({ sentAt: verificationReminders.sentAt })
      .from(verificationReminders)
      .where(and(eq(verificationReminders.serviceId, listing.id), eq(verificationReminders.cycle, cycle), eq(verificationReminders.stage, "long-overdue")));
    // After the last reminder (sent at least a fortnight ago, or never sendable), the coordinators.
    const next = longOverdue ? ("coordinator" as const) : stage;
    const target = next === "coordinator" ? null : await findReferralTarget(db, listing.id);
    const sentTo = next === "coordinator" ? null : (target?.email ?? null);
    await db.transaction(async (tx) => {
      const inside = tx as unknown as Database;
      const claimed = await tx
        .insert(verificationReminders)
        .values({ serviceId: listing.id, cycle, stage: next, sentTo, sentAt: now })
        .onConflictDoNothing()
        .returning({ id: verificationReminders.id });
      if (claimed.length === 0) return;
      if (next === "coordinator") {
        await tellCoordinators(inside, { id: listing.id, name: listing.name, lastVerifiedAt: listing.last_verified_at }, origin);
        report.coordinatorsTold++;
        await recordAudit(tx, reminderJob, {
          action: "asset.verification-flagged",
          subjectType: "asset",
          subjectId: listing.id,
          details: { job: "verification-reminders", after: { flagged: "No answer to the reminders: coordinators told" } },
        });
        return;
      }
      if (sentTo) {
        await sendReminderEmail(inside, { id: listing.id, name: listing.name, lastVerifiedAt: listing.last_verified_at }, next, sentTo, now, origin);
        report.sent++;
      } else report.noAddress++;
      await recordAudit(tx, reminderJob, {
        action: "asset.verification-reminder",
        subjectType: "asset",
        subjectId: listing.id,
        details: { job: "verification-reminders", after: { reminder: stageNames[next], "sent to": sentTo ?? "no email address: not sent" } },
      });
    });
  }
  return report;
}

/** The coordinators whose localities hold the listing (administrators when none do). */
async function tellCoordinators(db: Database, listing: { id: string; name: string; lastVerifiedAt: string | null }, origin: string) {
  const coordinators = await queryRows<{ email: string }>(
    db,
    sql`select distinct u.email from users u join user_localities ul on ul.user_id = u.id
        join locations l on (ul.ward_code = l.ward_code or (ul.ward_code is null and ul.district_code = l.district_code))
        join service_at_locations sal on sal.location_id = l.id
        where sal.service_id = ${listing.id}::uuid and u.role = 'coordinator' and u.active`,
  );
  const recipients = coordinators.length
    ? coordinators
    : await db.select({ email: users.email }).from(users).where(and(eq(users.role, "administrator"), eq(users.active, true)));
  for (const { email } of recipients) {
    await mailTransport(db).send({
      to: email,
      subject: `No answer about ${listing.name}'s listing`,
      body: [
        `${listing.name} has not been checked ${listing.lastVerifiedAt ? `since ${formatDate(listing.lastVerifiedAt)}` : "since it was listed"}, and nobody has answered the reminders sent to it.`,
        "It is still published. It is flagged on your list of listings to check: contact the provider, then confirm it, change it or archive it.",
        "",
        `Listings to check: ${origin}/coordinator/verification`,
      ].join("\n"),
    });
  }
}

// ── Reading and answering a link ──

export type LinkState =
  | { state: "invalid" }
  | { state: "expired" }
  | { state: "replaced" }
  | { state: "used"; answer: LinkAnswer }
  | { state: "closed"; name: string }
  | { state: "ok"; linkId: string; serviceId: string; name: string; sentTo: string; expiresAt: Date };

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

export async function readLink(db: Database, token: string, purpose: LinkPurpose, now = new Date()): Promise<LinkState> {
  if (!tokenPattern.test(token)) return { state: "invalid" };
  const [row] = await db
    .select({
      id: verificationLinks.id,
      serviceId: verificationLinks.serviceId,
      sentTo: verificationLinks.sentTo,
      expiresAt: verificationLinks.expiresAt,
      usedAt: verificationLinks.usedAt,
      answer: verificationLinks.answer,
      replacedAt: verificationLinks.replacedAt,
      name: services.name,
      listingStatus: services.listingStatus,
    })
    .from(verificationLinks)
    .innerJoin(services, eq(services.id, verificationLinks.serviceId))
    .where(and(eq(verificationLinks.tokenHash, hashToken(token)), eq(verificationLinks.purpose, purpose)));
  if (!row) return { state: "invalid" };
  if (row.usedAt) return { state: "used", answer: (row.answer ?? "still-right") as LinkAnswer };
  if (row.replacedAt) return { state: "replaced" };
  if (row.expiresAt <= now) return { state: "expired" };
  if (row.listingStatus !== "published") return { state: "closed", name: row.name };
  return { state: "ok", linkId: row.id, serviceId: row.serviceId, name: row.name, sentTo: row.sentTo, expiresAt: row.expiresAt };
}

/**
 * Uses the link up, in one conditional statement (so two answers racing each other cannot
 * both count), inside the caller's transaction. False when it was no longer usable.
 */
async function claimLink(tx: Database, linkId: string, answer: LinkAnswer, now: Date): Promise<boolean> {
  const claimed = await tx
    .update(verificationLinks)
    .set({ usedAt: now, answer })
    .where(and(eq(verificationLinks.id, linkId), isNull(verificationLinks.usedAt), isNull(verificationLinks.replacedAt), gt(verificationLinks.expiresAt, now)))
    .returning({ id: verificationLinks.id });
  return claimed.length === 1;
}

export type AnswerResult = { ok: true } | { ok: false; link: Exclude<LinkState, { state: "ok" }> };

async function answered(db: Database, token: string, purpose: LinkPurpose, now: Date): Promise<AnswerResult> {
  const link = await readLink(db, token, purpose, now);
  return { ok: false, link: (link.state === "ok" ? { state: "used", answer: "still-right" } : link) as Exclude<LinkState, { state: "ok" }> };
}

/** "Still right": the listing is verified today, by its provider, through the link. */
export async function confirmStillRight(db: Database, token: string, now = new Date()): Promise<AnswerResult> {
  const link = await readLink(db, token, "check", now);
  if (link.state !== "ok") return { ok: false, link };
  const date = londonDay(now);
  const done = await db.transaction(async (tx) => {
    if (!(await claimLink(tx as unknown as Database, link.linkId, "still-right", now))) return false;
    const [before] = await tx.select({ lastVerifiedAt: services.lastVerifiedAt }).from(services).where(eq(services.id, link.serviceId));
    // why: the link is the authority (no locality to check); the audit below names the link, not an administrator.
    await writeListings(tx as unknown as Database, reminderJob, [{ rows: { service: { id: link.serviceId, lastVerifiedAt: date, assuredDate: date, lastModified: undefined } }, audit: null }], "services:update");
    await recordAudit(tx, anonymous, {
      action: "asset.verify",
      subjectType: "asset",
      subjectId: link.serviceId,
      details: { via: viaLink, sentTo: link.sentTo, before: { lastVerifiedAt: before?.lastVerifiedAt ?? null }, after: { lastVerifiedAt: date } },
    });
    return true;
  });
  return done ? { ok: true } : answered(db, token, "check", now);
}

/** "Update places": the places and waiting time, as on the listing's own capacity page. */
export async function updatePlacesByLink(db: Database, token: string, update: CapacityUpdate, now = new Date()): Promise<AnswerResult> {
  const link = await readLink(db, token, "places", now);
  if (link.state !== "ok") return { ok: false, link };
  const done = await db.transaction(async (tx) => {
    const inside = tx as unknown as Database;
    if (!(await claimLink(inside, link.linkId, "places", now))) return false;
    await updateCapacity(inside, anonymous, link.serviceId, update, { via: viaLink, sentTo: link.sentTo });
    return true;
  });
  return done ? { ok: true } : answered(db, token, "places", now);
}

/**
 * "Something has changed": stored as a provider's change, waiting for a coordinator, with
 * what else they said. `propose` writes it (the listing's own change workflow) inside this
 * transaction once the link is claimed.
 */
export async function sendChangesByLink(
  db: Database,
  token: string,
  propose: (tx: Database, link: Extract<LinkState, { state: "ok" }>) => Promise<void>,
  now = new Date(),
): Promise<AnswerResult> {
  const link = await readLink(db, token, "check", now);
  if (link.state !== "ok") return { ok: false, link };
  const done = await db.transaction(async (tx) => {
    const inside = tx as unknown as Database;
    if (!(await claimLink(inside, link.linkId, "changes", now))) return false;
    await propose(inside, link);
    return true;
  });
  return done ? { ok: true } : answered(db, token, "check", now);
}

// ── What coordinators see ──

export interface ReminderState {
  stage: string;
  sentAt: string;
  sentTo: string | null;
}

/**
 * For the worklist: each listing's latest reminder in its current cycle, whether its
 * coordinators have been told (flagged), and listings whose providers answered by link lately.
 */
export async function reminderStates(db: Database, serviceIds: string[]): Promise<Map<string, { last: ReminderState | null; flagged: boolean }>> {
  const states = new Map<string, { last: ReminderState | null; flagged: boolean }>();
  if (serviceIds.length === 0) return states;
  const rows = await db
    .select({ serviceId: verificationReminders.serviceId, stage: verificationReminders.stage, sentAt: verificationReminders.sentAt, sentTo: verificationReminders.sentTo })
    .from(verificationReminders)
    .innerJoin(services, eq(services.id, verificationReminders.serviceId))
    .where(and(inArray(verificationReminders.serviceId, serviceIds), sql`${verificationReminders.cycle} = coalesce(${services.lastVerifiedAt}::text, 'never')`))
    .orderBy(desc(verificationReminders.sentAt));
  for (const row of rows) {
    const state = states.get(row.serviceId) ?? { last: null, flagged: false };
    if (row.stage === "coordinator") state.flagged = true;
    else state.last ??= { stage: stageNames[row.stage], sentAt: row.sentAt.toISOString(), sentTo: row.sentTo };
    states.set(row.serviceId, state);
  }
  return states;
}

/** Listings in the actor's localities that their providers confirmed or changed by link in the last `days` days. */
export async function answeredByLink(db: Database, actor: Actor, now = new Date(), days = 30) {
  const rows = await queryRows<{ id: string; name: string; answer: LinkAnswer; used_at: Date | string }>(
    db,
    sql`select distinct on (v.id) s.id, s.name, v.answer, v.used_at from verification_links v
        join services s on s.id = v.service_id
        join service_at_locations sal on sal.service_id = s.id join locations on locations.id = sal.location_id
        where v.used_at >= ${new Date(now.getTime() - days * day).toISOString()}::timestamptz
          ${inLocalities(actor) ? sql`and ${inLocalities(actor)}` : sql``}
        order by v.id`,
  );
  return rows
    .map((row) => ({ id: row.id, name: row.name, answer: row.answer, at: new Date(row.used_at).toISOString() }))
    .sort((a, b) => b.at.localeCompare(a.at));
}

/** The address a listing's links go to (its email, else its contact's, else its organisation's), or null. */
export async function listingEmail(db: Database, serviceId: string): Promise<string | null> {
  return (await findReferralTarget(db, serviceId))?.email ?? null;
}

/** The job's result in one line, for the server log and the command line. */
export function describeReminders(report: ReminderReport): string {
  return `${report.sent} reminders emailed, ${report.noAddress} due without an email address, ${report.coordinatorsTold} flagged to coordinators`;
}
