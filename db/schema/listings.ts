/**
 * Keeping the directory true with help from outside: suggestions of missing listings and
 * reports of problems with one (from anyone, no account), and providers' claims to a listing.
 * Both land in the locality coordinator's queue.
 */
import { sql } from "drizzle-orm";
import { index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { services } from "./directory";

export const suggestionKind = pgEnum("suggestion_kind", ["new_listing", "problem"]);
export const suggestionStatus = pgEnum("suggestion_status", ["open", "accepted", "rejected"]);
export const claimStatus = pgEnum("claim_status", ["open", "approved", "refused"]);
export const changeStatus = pgEnum("listing_change_status", ["pending", "approved", "rejected", "replaced", "withdrawn"]);

/** What a member of the public told us about a listing they would like added. */
export interface SuggestedListing {
  name: string;
  description: string;
  organisation?: string;
  postcode?: string;
  phone?: string;
  website?: string;
}

export const listingSuggestions = pgTable(
  "listing_suggestions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: suggestionKind("kind").notNull(),
    /** The listing a problem report is about; the listing made from an accepted suggestion. */
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "cascade" }),
    /** A suggested listing's details (new_listing only). */
    listing: jsonb("listing").$type<SuggestedListing>(),
    /** What is wrong (problem), or anything else the person wants to say. */
    message: text("message").notNull().default(""),
    /** Personal data: only when the person wants a reply. */
    email: text("email"),
    /** Where it is, so it reaches the right coordinator; null when we cannot tell. */
    wardCode: text("ward_code"),
    districtCode: text("district_code"),
    status: suggestionStatus("status").notNull().default("open"),
    reply: text("reply"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("listing_suggestions_status_idx").on(t.status), index("listing_suggestions_email_idx").on(t.email)],
);

export const listingClaims = pgTable(
  "listing_claims",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    message: text("message").notNull().default(""),
    status: claimStatus("status").notNull().default("open"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("listing_claims_status_idx").on(t.status)],
);

/**
 * A provider's changes to a published listing, waiting for a coordinator: the public listing
 * keeps its details until they are approved (ADR 0011). `input` is the listing form's answer,
 * validated when it was sent. One pending change per listing; sending again replaces it; the
 * listing leaving "published" or changing hands withdraws it.
 */
export const listingChanges = pgTable(
  "listing_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    /** The form's answer (AssetInput in app/modules/assets/asset-form.ts). */
    input: jsonb("input").notNull(),
    /**
     * The listing as the provider saw it when they sent the change: approving applies only the
     * fields they changed from this, so later edits (places updated, a coordinator's fix) stay.
     */
    base: jsonb("base").notNull(),
    status: changeStatus("status").notNull().default("pending"),
    proposedBy: uuid("proposed_by").references(() => users.id, { onDelete: "set null" }),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** Why it was not approved, as the provider is told. */
    reason: text("reason"),
    /**
     * Sent through an emailed link ("Something has changed") rather than by a signed-in
     * provider: who it was sent to (told of the decision) and what else they said.
     */
    linkEmail: text("link_email"),
    note: text("note"),
  },
  (t) => [uniqueIndex("listing_changes_one_pending_idx").on(t.serviceId).where(sql`${t.status} = 'pending'`)],
);
