/**
 * Suggestions and problem reports from anyone (no account), and providers' claims to a
 * listing: each lands in the coordinator's queue for the place it is about. A coordinator
 * accepts (a new listing starts as a prefilled draft), or rejects with a reply that is mailed
 * to the person if they left an email.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { listingClaims, listingSuggestions, locations, organizations, serviceAtLocations, services, users } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { inActorLocalities, type Actor } from "../accounts/permissions";
import { writeListings } from "../listings/writer.server";
import type { RateLimit } from "../accounts/rate-limit.server";
import { mailTransport } from "../mail/mail.server";
import { emptyAssetForm, type RawAssetForm } from "./asset-form";
import { readListing } from "./listing.server";
import type { z } from "zod";
import type { claimSchema, reportProblemSchema, suggestListingSchema } from "./suggestion-form";

/** Anyone may suggest or report, a few times an hour from one address. */
export const suggestionRateLimit: RateLimit = { limit: 10, windowSeconds: 60 * 60 };

export type SuggestedListingInput = z.output<typeof suggestListingSchema>;

export async function suggestListing(db: Database, input: SuggestedListingInput) {
  const { email, ...listing } = input;
  const [place] = input.postcode
    ? await queryRows<{ ward_code: string; district_code: string }>(
        db,
        sql`select ward_code, district_code from postcodes where postcode = ${input.postcode}`,
      )
    : [];
  const [row] = await db
    .insert(listingSuggestions)
    .values({
      kind: "new_listing",
      listing,
      email,
      wardCode: place?.ward_code ?? null,
      districtCode: place?.district_code ?? null,
    })
    .returning({ id: listingSuggestions.id });
  return row!.id;
}

export async function reportProblem(db: Database, serviceId: string, input: z.output<typeof reportProblemSchema>) {
  const listing = await readListing(db, serviceId);
  if (!listing) throw new Response("Listing not found", { status: 404 });
  const [row] = await db
    .insert(listingSuggestions)
    .values({
      kind: "problem",
      serviceId: listing.id,
      message: input.message,
      email: input.email,
      wardCode: listing.wardCode,
      districtCode: listing.districtCode,
    })
    .returning({ id: listingSuggestions.id });
  return row!.id;
}

/** Whether this coordinator should see it: in their localities, or not placed anywhere we know. */
function reachesActor(actor: Actor, row: { wardCode: string | null; districtCode: string | null }) {
  return (row.wardCode === null && row.districtCode === null) || inActorLocalities(actor, row);
}

export async function openSuggestions(db: Database, actor: Actor) {
  const rows = await db
    .select({
      id: listingSuggestions.id,
      kind: listingSuggestions.kind,
      serviceId: listingSuggestions.serviceId,
      serviceName: services.name,
      listing: listingSuggestions.listing,
      message: listingSuggestions.message,
      hasEmail: sql<boolean>`${listingSuggestions.email} is not null`,
      wardCode: listingSuggestions.wardCode,
      districtCode: listingSuggestions.districtCode,
      createdAt: listingSuggestions.createdAt,
    })
    .from(listingSuggestions)
    .leftJoin(services, eq(services.id, listingSuggestions.serviceId))
    .where(eq(listingSuggestions.status, "open"))
    .orderBy(asc(listingSuggestions.createdAt));
  return rows.filter((row) => reachesActor(actor, row));
}

/** One suggestion, if it exists and reaches this coordinator. */
export async function findSuggestion(db: Database, actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db
    .select({ suggestion: listingSuggestions, serviceName: services.name })
    .from(listingSuggestions)
    .leftJoin(services, eq(services.id, listingSuggestions.serviceId))
    .where(eq(listingSuggestions.id, id.toLowerCase()));
  if (!row || !reachesActor(actor, row.suggestion)) return null;
  return { ...row.suggestion, serviceName: row.serviceName };
}

export type Suggestion = NonNullable<Awaited<ReturnType<typeof findSuggestion>>>;

/** A suggested listing as the listing form's first answer. */
export function suggestionToForm(suggestion: Suggestion): RawAssetForm {
  const listing = suggestion.listing;
  return {
    ...emptyAssetForm,
    name: listing?.name ?? "",
    description: listing?.description ?? "",
    organisation: listing?.organisation ?? "",
    postcode: listing?.postcode ?? "",
    phone: listing?.phone ?? "",
    website: listing?.website ?? "",
  };
}

async function mailReply(db: Database, suggestion: Suggestion, subject: string, reply: string) {
  if (!suggestion.email) return false;
  await mailTransport(db).send({
    to: suggestion.email,
    subject,
    body: `${reply}\n\nYou wrote to us about ${suggestion.serviceName ?? suggestion.listing?.name ?? "a listing"}. You are getting this email because you asked for a reply.`,
  });
  return true;
}

/** Closes a suggestion: accepted (with the listing it became, if any) or rejected, replying by email if we can. */
export async function resolveSuggestion(
  db: Database,
  actor: Actor,
  suggestion: Suggestion,
  decision: "accept" | "reject",
  reply: string | undefined,
  serviceId?: string,
): Promise<{ mailed: boolean }> {
  const status = decision === "accept" ? "accepted" : "rejected";
  const closed = await db
    .update(listingSuggestions)
    .set({
      status,
      reply: reply ?? null,
      resolvedAt: new Date(),
      resolvedBy: actor.userId,
      ...(serviceId ? { serviceId } : {}),
    })
    .where(and(eq(listingSuggestions.id, suggestion.id), eq(listingSuggestions.status, "open")))
    .returning({ id: listingSuggestions.id });
  if (closed.length === 0) return { mailed: false };
  await recordAudit(db, actor, {
    action: `suggestion.${decision}`,
    subjectType: serviceId || suggestion.serviceId ? "asset" : "suggestion",
    subjectId: serviceId ?? suggestion.serviceId ?? suggestion.id,
    details: { suggestion: suggestion.id, kind: suggestion.kind, replied: Boolean(reply && suggestion.email) },
  });
  const mailed = reply
    ? await mailReply(db, suggestion, decision === "accept" ? "Thank you: your suggestion is accepted" : "About your suggestion", reply)
    : false;
  return { mailed };
}

// ─── Claims ─────────────────────────────────────────────────────────────────────────────────

export async function requestClaim(db: Database, actor: Actor, serviceId: string, input: z.output<typeof claimSchema>) {
  const [open] = await db
    .select({ id: listingClaims.id })
    .from(listingClaims)
    .where(and(eq(listingClaims.serviceId, serviceId), eq(listingClaims.userId, actor.userId!), eq(listingClaims.status, "open")));
  if (open) return open.id;
  const [row] = await db
    .insert(listingClaims)
    .values({ serviceId, userId: actor.userId!, message: input.message })
    .returning({ id: listingClaims.id });
  await recordAudit(db, actor, { action: "asset.claim-request", subjectType: "asset", subjectId: serviceId, details: { claim: row!.id } });
  return row!.id;
}

export async function openClaims(db: Database, actor: Actor) {
  const rows = await db
    .selectDistinctOn([listingClaims.id], {
      id: listingClaims.id,
      serviceId: listingClaims.serviceId,
      serviceName: services.name,
      message: listingClaims.message,
      createdAt: listingClaims.createdAt,
      claimant: users.displayName,
      claimantOrganisation: organizations.name,
      wardCode: locations.wardCode,
      districtCode: locations.districtCode,
    })
    .from(listingClaims)
    .innerJoin(services, eq(services.id, listingClaims.serviceId))
    .innerJoin(users, eq(users.id, listingClaims.userId))
    .leftJoin(organizations, eq(organizations.id, users.organizationId))
    .leftJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .leftJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .where(eq(listingClaims.status, "open"))
    .orderBy(listingClaims.id);
  return rows
    .filter((row) => inActorLocalities(actor, row))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map(({ wardCode: _ward, districtCode: _district, ...claim }) => claim);
}

/** The claim, with its listing's place for the permission check. */
export async function findClaim(db: Database, id: string) {
  const [claim] = await db.select().from(listingClaims).where(eq(listingClaims.id, id));
  if (!claim) return null;
  const listing = await readListing(db, claim.serviceId);
  return listing ? { claim, listing } : null;
}

/**
 * Approving makes the listing the provider's: it moves to the provider's organisation, or, for a
 * provider account with no organisation yet, the account joins the listing's organisation.
 */
export async function decideClaim(db: Database, actor: Actor, claimId: string, decision: "approve" | "refuse") {
  const found = await findClaim(db, claimId);
  if (!found || found.claim.status !== "open") return false;
  const { claim, listing } = found;
  const [claimant] = await db.select().from(users).where(eq(users.id, claim.userId));
  await db.transaction(async (tx) => {
    await tx
      .update(listingClaims)
      .set({ status: decision === "approve" ? "approved" : "refused", decidedAt: new Date(), decidedBy: actor.userId })
      .where(eq(listingClaims.id, claim.id));
    if (decision === "approve" && claimant) {
      if (claimant.organizationId) {
        // The listing changes hands: a trigger withdraws the old organisation's waiting change (db/functions/listing_changes_withdraw.sql).
        const moved = await writeListings(tx as unknown as Database, actor, [{ rows: { service: { id: listing.id, organizationId: claimant.organizationId } }, audit: null }], "services:update");
        if (moved.problems.length) throw new Response(moved.problems[0]!.message, { status: 403 });
      } else {
        await tx.update(users).set({ organizationId: listing.organizationId }).where(eq(users.id, claimant.id));
      }
    }
    await recordAudit(tx, actor, {
      action: decision === "approve" ? "asset.claim-approve" : "asset.claim-refuse",
      subjectType: "asset",
      subjectId: listing.id,
      details:
        decision === "approve"
          ? {
              claim: claim.id,
              before: { organisationId: listing.organizationId },
              after: { organisationId: claimant?.organizationId ?? listing.organizationId, claimant: claim.userId },
            }
          : { claim: claim.id },
    });
  });
  if (claimant) {
    await mailTransport(db).send({
      to: claimant.email,
      subject: decision === "approve" ? `You now look after ${listing.name}` : `About your claim to ${listing.name}`,
      body:
        decision === "approve"
          ? `Your claim is approved. Sign in to keep ${listing.name} and its places up to date.`
          : `The locality coordinator could not approve your claim to ${listing.name}. Reply to them if you think this is wrong.`,
    });
  }
  return true;
}
