/**
 * A provider's changes to a published listing wait for a coordinator (ADR 0011): the public
 * listing keeps its details until they are approved. Coordinators and administrators change
 * listings directly; providers change drafts and listings in review directly too (nobody else
 * sees those). Capacity (places free, waiting list) stays the provider's to update at once on
 * its own page: it is the fact that goes stale fastest.
 */
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { listingChanges, locations, serviceAtLocations, services, users } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { can, inActorLocalities, type Actor } from "../accounts/permissions";
import { mailTransport } from "../mail/mail.server";
import { linkBase } from "../mail/links.server";
import { fieldErrors } from "../forms/field-errors";
import { assetFormIssues, assetFormSchema, assetInputToForm, type AssetInput } from "./asset-form";
import { changedFields, placeErrors, updateListing, type SaveResult } from "../listings/form.server";
import { writeListings } from "../listings/writer.server";
import type { Listing } from "./listing.server";
import { londonDay } from "../../../db/calendar";
import { AppError } from "../errors/app-error";

/** Whether this actor's edit to this listing waits for review rather than going live. */
export function editNeedsReview(actor: Actor, listing: Pick<Listing, "status" | "organizationId" | "wardCode" | "districtCode">): boolean {
  return listing.status === "published" && !can(actor, "asset:review", listing);
}

/** The change waiting on a listing, if any, with who sent it. */
export async function pendingChange(db: Database, serviceId: string) {
  const [row] = await db
    .select({
      id: listingChanges.id,
      input: listingChanges.input,
      base: listingChanges.base,
      proposedAt: listingChanges.proposedAt,
      proposedBy: listingChanges.proposedBy,
      proposerName: users.displayName,
      proposerOrganisation: users.organizationId,
      linkEmail: listingChanges.linkEmail,
      note: listingChanges.note,
    })
    .from(listingChanges)
    .leftJoin(users, eq(users.id, listingChanges.proposedBy))
    .where(and(eq(listingChanges.serviceId, serviceId), eq(listingChanges.status, "pending")));
  return row ? { ...row, input: stored(row.input), base: stored(row.base) } : null;
}

/** A stored answer as the form gives it now: fields added to the form since default to empty. */
function stored(value: unknown): AssetInput {
  const answer = value as Partial<AssetInput>;
  return { ...(answer as AssetInput), sessionPricePence: answer.sessionPricePence ?? null };
}

/**
 * The listing as approving would leave it: the listing as it is now, with only the fields the
 * provider changed (from what they saw when they sent the change) taken from their answer. So
 * places updated since, or a coordinator's fix to another field, stay.
 */
export function withChange(current: AssetInput, change: { base: AssetInput; input: AssetInput }): AssetInput {
  const merged: Record<string, unknown> = { ...current };
  for (const field of Object.keys(change.input) as Array<keyof AssetInput>) {
    if (field === "capacity") merged.capacity = capacityWithChange(current.capacity, change.base.capacity, change.input.capacity);
    else if (!same(change.base[field], change.input[field])) merged[field] = change.input[field];
  }
  return { ...(merged as AssetInput), organisation: current.organisation };
}

/** Lists of codes compare as sets; everything else by value. */
function same(a: unknown, b: unknown): boolean {
  const normal = (value: unknown) => (Array.isArray(value) && value.every((item) => typeof item === "string") ? [...value].sort() : (value ?? null));
  return JSON.stringify(normal(a)) === JSON.stringify(normal(b));
}

/** Capacity detail by detail: places free updated since on the capacity page stay unless the provider changed them too. */
function capacityWithChange(current: AssetInput["capacity"], base: AssetInput["capacity"], proposed: AssetInput["capacity"]): AssetInput["capacity"] {
  if (same(base, proposed)) return current;
  if (proposed === null || current === null || base === null) return proposed;
  const merged = { ...current };
  for (const key of Object.keys(proposed) as Array<keyof NonNullable<AssetInput["capacity"]>>) {
    if (!same(base[key], proposed[key])) (merged as Record<string, unknown>)[key] = proposed[key];
  }
  return merged;
}

/**
 * Stores the provider's answer for review (replacing one already waiting). The form has been
 * validated; places are checked here too, so the coordinator never gets a change that cannot
 * be saved. The organisation is always the listing's own.
 */
export async function proposeChange(
  db: Database,
  actor: Actor,
  listing: Listing,
  input: AssetInput,
  /** Sent through the provider's emailed link (no account): the address it went to, and what else they said. */
  link?: { email: string; note: string | null; via: string },
): Promise<SaveResult> {
  const errors = await placeErrors(db, input);
  if (errors) return { errors };
  const proposal: AssetInput = { ...input, organisation: listing.organisationName };
  const changed = changedFields(listing.input, proposal);
  await db.transaction(async (tx) => {
    await tx
      .update(listingChanges)
      .set({ status: "replaced", decidedAt: new Date() })
      .where(and(eq(listingChanges.serviceId, listing.id), eq(listingChanges.status, "pending")));
    await tx.insert(listingChanges).values({ serviceId: listing.id, input: proposal, base: listing.input, proposedBy: actor.userId, linkEmail: link?.email, note: link?.note });
    await recordAudit(tx, actor, {
      action: "asset.change-proposed",
      subjectType: "asset",
      subjectId: listing.id,
      details: link ? { ...changed, via: link.via, ...(link.note ? { note: link.note } : {}) } : changed,
    });
  });
  return { id: listing.id };
}

/** Changes waiting in the actor's localities (all of them for an administrator), oldest first. */
export async function changesAwaiting(db: Database, actor: Actor) {
  const rows = await db
    .selectDistinctOn([listingChanges.id], {
      id: listingChanges.id,
      serviceId: listingChanges.serviceId,
      serviceName: services.name,
      proposedAt: listingChanges.proposedAt,
      proposerName: sql<string | null>`coalesce(${users.displayName}, case when ${listingChanges.linkEmail} is not null then 'the provider, by emailed link' end)`,
      wardCode: locations.wardCode,
      districtCode: locations.districtCode,
    })
    .from(listingChanges)
    .innerJoin(services, eq(services.id, listingChanges.serviceId))
    .leftJoin(users, eq(users.id, listingChanges.proposedBy))
    .leftJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .leftJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .where(and(eq(listingChanges.status, "pending"), eq(services.listingStatus, "published")))
    .orderBy(listingChanges.id);
  return rows
    .filter((row) => inActorLocalities(actor, row))
    .sort((a, b) => a.proposedAt.getTime() - b.proposedAt.getTime())
    .map(({ wardCode: _ward, districtCode: _district, ...change }) => change);
}

/**
 * Approves (the listing takes the changes, audited as the coordinator's update "proposed by"
 * the provider) or rejects with a reason the provider is emailed. Only the change still
 * waiting: one replaced or decided meanwhile is refused.
 */
export async function decideChange(
  db: Database,
  actor: Actor,
  listing: Listing,
  decision: { changeId: string; approve: boolean; reason: string },
): Promise<SaveResult> {
  const pending = await pendingChange(db, listing.id);
  if (!pending || pending.id !== decision.changeId) {
    throw new AppError("These changes have been replaced or already dealt with: reload the page to see what is waiting.", { status: 409, field: "decision" });
  }
  if (listing.status !== "published") throw new AppError("The listing is no longer published, so these changes no longer apply.", { status: 409, field: "decision" });
  // A change sent through the listing's own emailed link came from whoever runs it now.
  if (decision.approve && !pending.linkEmail && pending.proposerOrganisation !== listing.organizationId) {
    throw new AppError("The person who sent these changes no longer runs this listing. Reject them.", { status: 409, field: "decision" });
  }
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(listingChanges)
      .set(decision.approve ? { status: "approved", decidedBy: actor.userId, decidedAt: new Date() } : { status: "rejected", decidedBy: actor.userId, decidedAt: new Date(), reason: decision.reason })
      .where(and(eq(listingChanges.id, pending.id), eq(listingChanges.status, "pending")))
      .returning({ id: listingChanges.id });
    if (claimed.length === 0) throw new AppError("These changes have already been dealt with.", { status: 409, field: "decision" });
    const inside = tx as unknown as Database;
    if (!decision.approve) {
      await recordAudit(tx, actor, { action: "asset.change-rejected", subjectType: "asset", subjectId: listing.id, details: { changeId: pending.id, reason: decision.reason } });
      await tellProposer(inside, pending, listing, `Your changes to ${listing.name} were not published`, [
        `A coordinator has looked at the changes you sent for ${listing.name} and has not published them.`,
        "",
        `Their reason: ${decision.reason}`,
        "",
        pending.linkEmail ? "If the listing is still not right, reply to the council's coordinator." : "You can change the listing again and send it for checking.",
      ]);
      return { id: listing.id };
    }
    // The update runs inside this transaction (its own is a savepoint): both or neither.
    const changed = withChange(listing.input, pending);
    // The merge is checked as the form would check it (free with a rate, ages the wrong way round, more free than the total).
    const checked = assetFormSchema.safeParse(assetInputToForm(changed));
    if (!checked.success) {
      const problems = Object.values(fieldErrors(assetFormIssues(assetInputToForm(changed)))).filter(Boolean);
      throw new AppError(`With the listing as it is now, these changes do not add up (${problems.join("; ")}). Reject them with that reason.`, { status: 409, field: "decision" });
    }
    const result = await updateListing(inside, actor, listing, changed, { keepOrganisation: true, audit: { proposedBy: pending.proposedBy } });
    if ("errors" in result) throw new AppError(`These changes cannot be saved as they are (${Object.values(result.errors).join("; ")}). Reject them with that reason.`, { status: 409, field: "decision" });
    await recordAudit(tx, actor, { action: "asset.change-approved", subjectType: "asset", subjectId: listing.id, details: { changeId: pending.id } });
    // Sent in answer to a reminder: the provider has checked the listing, so it is verified too.
    if (pending.linkEmail) {
      await writeListings(inside, actor, [{ rows: { service: { id: listing.id, lastVerifiedAt: londonDay(), lastModified: undefined } }, audit: null }], "services:update");
    }
    await tellProposer(inside, pending, listing, `Your changes to ${changed.name} are published`, [
      `A coordinator has approved the changes you sent for ${changed.name}. The public listing shows them now.`,
    ]);
    return result;
  });
}

async function tellProposer(db: Database, change: { proposedBy: string | null; linkEmail: string | null }, listing: Listing, subject: string, lines: string[]) {
  // Sent by emailed link: answered at the same address, pointing at the public listing.
  if (change.linkEmail) {
    await mailTransport(db).send({ to: change.linkEmail, subject, body: [...lines, "", `The listing: ${linkBase()}/assets/${listing.id}`].join("\n") });
    return;
  }
  if (!change.proposedBy) return;
  const [user] = await db.select({ email: users.email, active: users.active }).from(users).where(eq(users.id, change.proposedBy));
  if (!user?.active) return;
  await mailTransport(db).send({
    to: user.email,
    subject,
    body: [...lines, "", `The listing: ${linkBase()}/assets/${listing.id}/edit`].join("\n"),
  });
}

/**
 * A provider's own listings (their organisation's, any status) for their account page: where
 * each stands, whether changes wait for a coordinator, and when it was last checked.
 */
export async function providerListings(db: Database, actor: Actor) {
  if (actor.role !== "provider" || !actor.organizationId) return [];
  return db
    .select({
      id: services.id,
      name: services.name,
      status: services.listingStatus,
      lastVerifiedAt: services.lastVerifiedAt,
      capacityCounted: isNotNull(services.capacityUnit),
      // Qualified by hand: inside a select list drizzle writes a column without its table, and
      // listing_changes has an "id" of its own.
      changesWaiting: sql<boolean>`exists (select 1 from listing_changes c where c.service_id = "services"."id" and c.status = 'pending')`,
    })
    .from(services)
    .where(eq(services.organizationId, actor.organizationId))
    .orderBy(asc(services.name));
}
