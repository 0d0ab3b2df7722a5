/**
 * Referrals with a closed loop: a practitioner refers a person (with their consent, sharing a
 * summary they wrote) or just signposts; the provider answers through a secret link that works
 * once; every change of status is recorded; referrals left waiting too long are flagged and the
 * practitioner is reminded once. See docs/decisions/0014-referral-links.md.
 */
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { contacts, organizations, persons, referralEvents, referrals, services, users } from "../../../db/schema";
import { config } from "../../env.server";
import { recordAudit } from "../accounts/audit.server";
import { anonymous, type Actor } from "../accounts/permissions";
import { hashToken } from "../accounts/session.server";
import { linkBase } from "../mail/links.server";
import { mailTransport } from "../mail/mail.server";
import type { ExclusionReason } from "../matching/engine";
import { openRequestFor } from "../requests/requests.server";
import { overruleReasonMissing, type ReferInput } from "./referral-forms";
import { canMove, providerLinkDays, statusNames, type ReferralStatus } from "./referral-status";
import { AppError } from "../errors/app-error";

const day = 86_400_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ── The listing being referred to ──

export interface ReferralTarget {
  id: string;
  name: string;
  description: string;
  organizationName: string;
  listingStatus: string;
  serviceStatus: string;
  email: string | null;
}

export async function findReferralTarget(db: Database, serviceId: string): Promise<ReferralTarget | null> {
  if (!uuidPattern.test(serviceId)) return null;
  const [row] = await db
    .select({
      id: services.id,
      name: services.name,
      description: services.description,
      organizationName: organizations.name,
      listingStatus: services.listingStatus,
      serviceStatus: services.status,
      serviceEmail: services.email,
      organizationEmail: organizations.email,
    })
    .from(services)
    .innerJoin(organizations, eq(organizations.id, services.organizationId))
    .where(eq(services.id, serviceId.toLowerCase()));
  if (!row) return null;
  const [contact] = await db
    .select({ email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.serviceId, row.id), sql`${contacts.email} is not null`))
    .limit(1);
  const { serviceEmail, organizationEmail, ...target } = row;
  return { ...target, email: serviceEmail ?? contact?.email ?? organizationEmail ?? null };
}

/** Why this listing cannot be referred to (or signposted), or null when it can. */
export function refusalFor(target: ReferralTarget, kind: "referral" | "signpost"): string | null {
  if (target.listingStatus === "archived") {
    return `${target.name} has been archived, so you cannot refer or signpost to it. Go back to the matches and choose other support.`;
  }
  if (target.listingStatus !== "published") {
    return `${target.name} is not published yet, so you cannot refer or signpost to it. Go back to the matches and choose other support.`;
  }
  if (target.serviceStatus === "defunct" || target.serviceStatus === "inactive") {
    return `${target.name} is no longer running, so you cannot refer or signpost to it. Go back to the matches and choose other support.`;
  }
  if (kind === "referral" && !target.email) {
    return `${target.name} has no email address for referrals. Signpost the person instead, or contact the provider by phone.`;
  }
  return null;
}

// ── Referring and signposting ──

const activeStatuses: ReferralStatus[] = ["suggested", "referred", "accepted", "started"];

/**
 * `leftOut`: the rule by which matching left this listing out for the person (null when it
 * matches, or was already referred). Referring or signposting anyway needs a reason, recorded
 * with the rule on the referral and in the audit trail.
 */
export async function createReferral(
  db: Database,
  actor: Actor,
  personId: string,
  target: ReferralTarget,
  input: ReferInput,
  leftOut: ExclusionReason | null = null,
): Promise<{ referralId: string }> {
  const refusal = refusalFor(target, input.kind);
  if (refusal) throw new AppError(refusal, { status: 409 });
  if (leftOut && !input.overruleReason) throw new AppError(overruleReasonMissing, { field: "overruleReason" });
  const [open] = await db
    .select({ id: referrals.id, status: referrals.status })
    .from(referrals)
    .where(and(eq(referrals.personId, personId), eq(referrals.serviceId, target.id), inArray(referrals.status, activeStatuses)));
  if (open) {
    throw new AppError(
      `This person already has a ${open.status === "suggested" ? "signpost" : "referral"} to ${target.name} (${statusNames[open.status].toLowerCase()}). Update it on their support page instead.`, { status: 409 },
    );
  }
  const isReferral = input.kind === "referral";
  const token = isReferral ? randomBytes(32).toString("base64url") : null;
  const status: ReferralStatus = isReferral ? "referred" : "suggested";
  const now = new Date();
  const openRequest = await openRequestFor(db, personId);
  const referralId = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(referrals)
      .values({
        personId,
        serviceId: target.id,
        requestId: openRequest?.id ?? null,
        kind: input.kind,
        status,
        needs: input.needs,
        matchReasons: input.matchReasons,
        sharedSummary: isReferral ? input.sharedSummary : "",
        consentToShare: isReferral,
        personWants: isReferral ? input.personWants : null,
        referrerName: isReferral ? input.referrerName : null,
        referrerTeam: isReferral ? input.referrerTeam : null,
        referrerContact: isReferral ? input.referrerContact : null,
        overruledRule: leftOut,
        overruleReason: leftOut ? input.overruleReason : null,
        providerTokenHash: token ? hashToken(token) : null,
        providerTokenExpiresAt: token ? new Date(now.getTime() + providerLinkDays * day) : null,
        createdBy: actor.userId,
        createdAt: now,
        statusChangedAt: now,
      })
      .returning({ id: referrals.id });
    await tx.insert(referralEvents).values({ referralId: row!.id, fromStatus: null, toStatus: status, actorId: actor.userId, at: now });
    await tx.update(persons).set({ lastActivityAt: now, updatedAt: now }).where(eq(persons.id, personId));
    await recordAudit(tx, actor, {
      action: isReferral ? "referral.create" : "referral.signpost",
      subjectType: "referral",
      subjectId: row!.id,
      details: { personId, serviceId: target.id, consentToShare: isReferral, ...(openRequest ? { requestId: openRequest.id } : {}), ...(leftOut ? { overruledRule: leftOut } : {}) },
    });
    return row!.id;
  });
  if (token && target.email) {
    await sendProviderLink(db, { ...target, email: target.email }, token, {
      subject: `A referral to ${target.name}`,
      lines: [
        `A practitioner from the council's adult social care team would like to refer someone to ${target.name}.`,
        "To read what they have shared and to accept or decline, open this link (no account needed):",
      ],
    });
  }
  return { referralId };
}

/** A new link may be sent this long after the last one, and not sooner (no flooding a provider's inbox). */
export const resendAfterMinutes = 60;

/**
 * A provider lost or never got the email: a new secret link replaces the old one (which stops
 * working), with a fresh 30 days, sent to the listing's email as it is now. Only for a referral
 * still waiting for the provider's answer, to a listing that is still published and running.
 */
export async function resendProviderLink(db: Database, actor: Actor, personId: string, referralId: string, now = new Date()): Promise<{ sentTo: string }> {
  if (!uuidPattern.test(referralId)) throw new AppError("That referral is not one of this person's.", { status: 409 });
  const token = randomBytes(32).toString("base64url");
  const target = await db.transaction(async (tx) => {
    const [referral] = await tx
      .select({ id: referrals.id, kind: referrals.kind, status: referrals.status, serviceId: referrals.serviceId, respondedAt: referrals.providerRespondedAt, expiresAt: referrals.providerTokenExpiresAt })
      .from(referrals)
      .where(and(eq(referrals.id, referralId.toLowerCase()), eq(referrals.personId, personId)))
      .for("update");
    if (!referral) throw new AppError("That referral is not one of this person's.", { status: 409 });
    if (referral.kind !== "referral") throw new AppError("This was a signpost: no provider link was sent, so there is none to send again.", { status: 409 });
    if (referral.status !== "referred" || referral.respondedAt !== null) {
      throw new AppError(`The referral is “${statusNames[referral.status].toLowerCase()}”, so the provider does not need a link any more. Nothing was sent.`, { status: 409 });
    }
    // When the current link was sent: the last new link, or the referral itself.
    const [sent] = await tx
      .select({ at: sql<Date>`max(${referralEvents.at})` })
      .from(referralEvents)
      .where(and(eq(referralEvents.referralId, referral.id), sql`(${referralEvents.via} = 'link-resent' or ${referralEvents.fromStatus} is null or ${referralEvents.toStatus} = 'referred')`));
    const sentAt = sent?.at ? new Date(sent.at).getTime() : 0;
    if (now.getTime() - sentAt < resendAfterMinutes * 60_000) {
      throw new AppError(`A link was sent less than ${resendAfterMinutes} minutes ago. Give the provider time to find it, then try again. Nothing was sent.`, { status: 409 });
    }
    const listing = await findReferralTarget(tx as unknown as Database, referral.serviceId);
    const refusal = listing ? refusalFor(listing, "referral") : "The listing no longer exists.";
    if (refusal || !listing?.email) throw new AppError(`${refusal ?? ""} Nothing was sent.`.trim(), { status: 409 });
    await tx
      .update(referrals)
      .set({ providerTokenHash: hashToken(token), providerTokenExpiresAt: new Date(now.getTime() + providerLinkDays * day) })
      .where(eq(referrals.id, referral.id));
    await tx.insert(referralEvents).values({ referralId: referral.id, fromStatus: "referred", toStatus: "referred", via: "link-resent", actorId: actor.userId, at: now });
    await tx.update(persons).set({ lastActivityAt: now }).where(eq(persons.id, personId));
    await recordAudit(tx, actor, { action: "referral.link-resent", subjectType: "referral", subjectId: referral.id, details: { personId } });
    // Sent in the same transaction (the outbox is a table): the old link never dies without a new one.
    await sendProviderLink(tx as unknown as Database, { ...listing, email: listing.email }, token, {
      subject: `A referral to ${listing.name} (a new link)`,
      lines: [
        `A practitioner from the council's adult social care team referred someone to ${listing.name} and is still waiting for your answer.`,
        "Here is a new link to read what they shared and to accept or decline (no account needed). Any earlier link no longer works:",
      ],
    });
    return { ...listing, email: listing.email };
  });
  return { sentTo: target.email };
}

/** The provider's email with their secret link: `lines` say why it comes, then the link and how it works. */
async function sendProviderLink(db: Database, target: ReferralTarget & { email: string }, token: string, message: { subject: string; lines: string[] }) {
  await mailTransport(db).send({
    to: target.email,
    subject: message.subject,
    body: [
      "Hello,",
      "",
      ...message.lines,
      `${linkBase()}/referrals/respond/${token}`,
      "",
      `The link works once and expires in ${providerLinkDays} days. Please do not forward it: it is for your organisation only.`,
    ].join("\n"),
  });
}

// ── The provider's link ──

export type ProviderLink =
  | { state: "invalid" }
  | { state: "expired" }
  | { state: "used"; answer: ReferralStatus }
  | {
      state: "ok";
      referralId: string;
      sharedSummary: string;
      /** What the person would like from this support; null for referrals made before it was asked. */
      personWants: string | null;
      /** Who referred and how to reach them (for older referrals, the account that made it). */
      referrer: { name: string | null; team: string; contact: string | null };
      createdAt: Date;
      expiresAt: Date;
      listing: { id: string; name: string; organizationName: string };
    };

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/**
 * What the link shows: the summary the practitioner wrote, what the person would like from the
 * support, who referred and how to reach them, and the listing; nothing else about the person
 * (no reference, needs, address or record).
 */
export async function readProviderLink(db: Database, token: string, now = new Date()): Promise<ProviderLink> {
  if (!tokenPattern.test(token)) return { state: "invalid" };
  const [row] = await db
    .select({
      referralId: referrals.id,
      status: referrals.status,
      sharedSummary: referrals.sharedSummary,
      personWants: referrals.personWants,
      referrerName: sql<string | null>`coalesce(${referrals.referrerName}, ${users.displayName})`,
      referrerTeam: referrals.referrerTeam,
      referrerContact: sql<string | null>`coalesce(${referrals.referrerContact}, ${users.email})`,
      createdAt: referrals.createdAt,
      expiresAt: referrals.providerTokenExpiresAt,
      respondedAt: referrals.providerRespondedAt,
      listingId: services.id,
      listingName: services.name,
      organizationName: organizations.name,
    })
    .from(referrals)
    .innerJoin(services, eq(services.id, referrals.serviceId))
    .innerJoin(organizations, eq(organizations.id, services.organizationId))
    .leftJoin(users, eq(users.id, referrals.createdBy))
    .where(eq(referrals.providerTokenHash, hashToken(token)));
  if (!row) return { state: "invalid" };
  if (row.respondedAt !== null || row.status !== "referred") return { state: "used", answer: row.status };
  if (!row.expiresAt || row.expiresAt <= now) return { state: "expired" };
  return {
    state: "ok",
    referralId: row.referralId,
    sharedSummary: row.sharedSummary,
    personWants: row.personWants,
    referrer: { name: row.referrerName, team: row.referrerTeam ?? "Adult social care", contact: row.referrerContact },
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    listing: { id: row.listingId, name: row.listingName, organizationName: row.organizationName },
  };
}

export type ProviderAnswerResult = { ok: true; status: "accepted" | "declined" } | { ok: false; link: Exclude<ProviderLink, { state: "ok" }> };

/**
 * The provider accepts or declines. The update claims the link (responded_at was null, the
 * referral still waiting, the link in date) in one statement, so two answers racing each other
 * cannot both count.
 */
export async function answerReferral(
  db: Database,
  token: string,
  decision: "accept" | "decline",
  reason: string,
  now = new Date(),
): Promise<ProviderAnswerResult> {
  const link = await readProviderLink(db, token, now);
  if (link.state !== "ok") return { ok: false, link };
  const status = decision === "accept" ? "accepted" : "declined";
  const done = await db.transaction(async (tx) => {
    const claimed = await tx
      .update(referrals)
      .set({ status, providerRespondedAt: now, providerReason: reason || null, statusChangedAt: now })
      .where(
        and(
          eq(referrals.providerTokenHash, hashToken(token)),
          isNull(referrals.providerRespondedAt),
          eq(referrals.status, "referred"),
          gt(referrals.providerTokenExpiresAt, now),
        ),
      )
      .returning({ id: referrals.id, personId: referrals.personId, createdBy: referrals.createdBy });
    const row = claimed[0];
    if (!row) return null;
    await tx.insert(referralEvents).values({ referralId: row.id, fromStatus: "referred", toStatus: status, reason: reason || null, via: "provider-link", at: now });
    await tx.update(persons).set({ lastActivityAt: now }).where(eq(persons.id, row.personId));
    await recordAudit(tx, anonymous, { action: `referral.provider-${decision}`, subjectType: "referral", subjectId: row.id, details: { via: "provider-link" } });
    return row;
  });
  if (!done) return { ok: false, link: (await readProviderLink(db, token, now)) as Exclude<ProviderLink, { state: "ok" }> };
  await notifyPractitioner(db, done.createdBy, done.personId, `${link.listing.name} has ${status} a referral`, [
    `${link.listing.name} (${link.listing.organizationName}) has ${status} the referral you made.`,
    ...(reason ? ["", `Their reason: ${reason}`] : []),
  ]);
  return { ok: true, status };
}

async function notifyPractitioner(db: Database, userId: string | null, personId: string, subject: string, lines: string[]) {
  const [person] = await db
    .select({ reference: persons.reference, ownerEmail: users.email, ownerActive: users.active })
    .from(persons)
    .leftJoin(users, eq(users.id, sql`coalesce(${persons.ownerId}, ${userId})`))
    .where(eq(persons.id, personId));
  if (!person?.ownerEmail || !person.ownerActive) return;
  await mailTransport(db).send({
    to: person.ownerEmail,
    subject: `${subject} (${person.reference})`,
    body: [...lines, "", `See ${person.reference}'s support: ${linkBase()}/people/${personId}/support`].join("\n"),
  });
}

// ── The practitioner records what happened ──

export async function changeReferralStatus(
  db: Database,
  actor: Actor,
  personId: string,
  change: { referralId: string; to: ReferralStatus; reason: string },
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [referral] = await tx
      .select({ id: referrals.id, status: referrals.status })
      .from(referrals)
      .where(and(eq(referrals.id, change.referralId), eq(referrals.personId, personId)))
      .for("update");
    if (!referral) throw new AppError("That referral is not one of this person's.", { status: 409 });
    if (!canMove(referral.status, change.to, "practitioner")) {
      throw new AppError(
        `A referral that is “${statusNames[referral.status].toLowerCase()}” cannot be changed to “${statusNames[change.to].toLowerCase()}”. Nothing was changed.`, { status: 409 },
      );
    }
    await tx
      .update(referrals)
      .set({
        status: change.to,
        statusChangedAt: now,
        // An answer recorded by the practitioner closes the provider's link too.
        ...(referral.status === "referred" ? { providerTokenExpiresAt: now } : {}),
      })
      .where(eq(referrals.id, referral.id));
    await tx.insert(referralEvents).values({
      referralId: referral.id,
      fromStatus: referral.status,
      toStatus: change.to,
      reason: change.reason || null,
      actorId: actor.userId,
      at: now,
    });
    await tx.update(persons).set({ lastActivityAt: now, updatedAt: now }).where(eq(persons.id, personId));
    await recordAudit(tx, actor, {
      action: "referral.status",
      subjectType: "referral",
      subjectId: referral.id,
      details: { personId, from: referral.status, to: change.to },
    });
  });
}

// ── Reading ──

export async function personReferrals(db: Database, personId: string) {
  const rows = await db
    .select({
      id: referrals.id,
      kind: referrals.kind,
      status: referrals.status,
      serviceId: referrals.serviceId,
      listingName: services.name,
      organizationName: organizations.name,
      sharedSummary: referrals.sharedSummary,
      providerReason: referrals.providerReason,
      linkExpiresAt: referrals.providerTokenExpiresAt,
      createdAt: referrals.createdAt,
      statusChangedAt: referrals.statusChangedAt,
    })
    .from(referrals)
    .innerJoin(services, eq(services.id, referrals.serviceId))
    .innerJoin(organizations, eq(organizations.id, services.organizationId))
    .where(eq(referrals.personId, personId))
    .orderBy(desc(referrals.createdAt));
  const events = rows.length
    ? await db
        .select()
        .from(referralEvents)
        .where(inArray(referralEvents.referralId, rows.map((row) => row.id)))
        .orderBy(asc(referralEvents.at))
    : [];
  return rows.map((row) => ({ ...row, events: events.filter((event) => event.referralId === row.id) }));
}

/** A practitioner's caseload referrals, the ones waiting longer than `waitingDays` first. */
export async function practitionerReferrals(db: Database, actor: Actor, now = new Date(), waitingDays = config().referralReminderDays) {
  if (!actor.userId) return { waiting: [], open: [], waitingDays };
  const rows = await db
    .select({
      id: referrals.id,
      personId: persons.id,
      reference: persons.reference,
      listingName: services.name,
      kind: referrals.kind,
      status: referrals.status,
      statusChangedAt: referrals.statusChangedAt,
      remindedAt: referrals.remindedAt,
    })
    .from(referrals)
    .innerJoin(persons, eq(persons.id, referrals.personId))
    .innerJoin(services, eq(services.id, referrals.serviceId))
    .where(and(eq(persons.ownerId, actor.userId), inArray(referrals.status, activeStatuses)))
    .orderBy(asc(referrals.statusChangedAt));
  const cutoff = now.getTime() - waitingDays * day;
  const isWaiting = (row: (typeof rows)[number]) => row.status === "referred" && row.statusChangedAt.getTime() < cutoff;
  const withDays = (row: (typeof rows)[number]) => ({ ...row, daysWaiting: Math.floor((now.getTime() - row.statusChangedAt.getTime()) / day) });
  return { waiting: rows.filter(isWaiting).map(withDays), open: rows.filter((row) => !isWaiting(row)).map(withDays), waitingDays };
}

// ── Reminders ──

/**
 * Reminds the practitioner, once, about each referral still waiting for the provider's answer
 * after `days` days. The reminder is claimed (reminded_at set) before the mail is sent, so
 * several servers running the job at once send one reminder, not several.
 */
export async function sendReferralReminders(db: Database, options: { now?: Date; days?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const days = options.days ?? config().referralReminderDays;
  const due = await db
    .update(referrals)
    .set({ remindedAt: now })
    .where(and(eq(referrals.status, "referred"), isNull(referrals.remindedAt), lt(referrals.statusChangedAt, new Date(now.getTime() - days * day))))
    .returning({ id: referrals.id, personId: referrals.personId, createdBy: referrals.createdBy, serviceId: referrals.serviceId, since: referrals.statusChangedAt });
  for (const referral of due) {
    const [listing] = await db.select({ name: services.name }).from(services).where(eq(services.id, referral.serviceId));
    const waited = Math.floor((now.getTime() - referral.since.getTime()) / day);
    await notifyPractitioner(db, referral.createdBy, referral.personId, `A referral has waited ${waited} days for an answer`, [
      `The referral to ${listing?.name ?? "a listing"} has had no answer for ${waited} days.`,
      "You may want to contact the provider, or look for other support.",
    ]);
    await recordAudit(db, { ...anonymous, role: "administrator" }, {
      action: "referral.reminder",
      subjectType: "referral",
      subjectId: referral.id,
      details: { days: waited, job: "referral-reminders" },
    });
  }
  return due.length;
}
