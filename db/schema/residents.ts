/**
 * What residents send and keep: messages to a provider through the site (the provider answers
 * by a single-use link; neither sees the other's email), and, for residents with an account,
 * their shortlist and saved searches.
 */
import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { services } from "./directory";

/**
 * "Ask about a place": the resident's email (only to send them the reply), what they asked and
 * when they agreed to us keeping it. Deleted by the retention job (app/modules/residents).
 */
export const providerMessages = pgTable(
  "provider_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    residentEmail: text("resident_email").notNull(),
    residentName: text("resident_name"),
    message: text("message").notNull(),
    /** sha256 of email, listing and message as written: the same message is never stored or sent twice. */
    fingerprint: text("fingerprint").notNull(),
    consentAt: timestamp("consent_at", { withTimezone: true }).notNull(),
    replyTokenHash: text("reply_token_hash").notNull().unique(),
    replyExpiresAt: timestamp("reply_expires_at", { withTimezone: true }).notNull(),
    repliedAt: timestamp("replied_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("provider_messages_fingerprint_idx").on(t.fingerprint), index("provider_messages_email_idx").on(t.residentEmail), index("provider_messages_created_idx").on(t.createdAt)],
);

/** A resident's shortlist, kept with their account so it follows them between devices. */
export const savedShortlists = pgTable("saved_shortlists", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  serviceIds: uuid("service_ids")
    .array()
    .notNull()
    .default(sql`'{}'::uuid[]`),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A search a resident saved: its name and the /search address's query, normalised (only known
 * parameters, in a stable order), so the same search is kept once per account.
 */
export const savedSearches = pgTable(
  "saved_searches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    query: text("query").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("saved_searches_user_query_idx").on(t.userId, t.query)],
);
