/**
 * Keeping listings true by emailed link (docs/decisions/0025-verification-links.md): the
 * reminders sent to the people who run a listing, stage by stage, and the single-use links
 * they answer without an account.
 */
import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { services } from "./directory";

/** due, overdue, long overdue: emails to the listing's contact; coordinator: its coordinators told. */
export const reminderStage = pgEnum("verification_reminder_stage", ["due", "overdue", "long-overdue", "coordinator"]);

/**
 * One row per reminder sent (or that could not be sent: `sentTo` null when the listing has no
 * email address). A listing's reminders belong to a `cycle`, the last-verified date they count
 * from ("never" without one): one per stage and cycle, so a new verification starts afresh and
 * several app servers running the daily job send each reminder once.
 */
export const verificationReminders = pgTable(
  "verification_reminders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    cycle: text("cycle").notNull(),
    stage: reminderStage("stage").notNull(),
    sentTo: text("sent_to"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("verification_reminders_once_idx").on(t.serviceId, t.cycle, t.stage), index("verification_reminders_sent_idx").on(t.serviceId, t.sentAt)],
);

/** "check" answers "Still right" or "Something has changed"; "places" updates places and waiting time. */
export const verificationLinkPurpose = pgEnum("verification_link_purpose", ["check", "places"]);

/**
 * A secret link emailed to a listing's contact: only its SHA-256 is kept. It works once, until
 * `expiresAt`; a newer link of the same purpose for the listing replaces it (`replacedAt`).
 */
export const verificationLinks = pgTable(
  "verification_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    purpose: verificationLinkPurpose("purpose").notNull(),
    tokenHash: text("token_hash").notNull(),
    sentTo: text("sent_to").notNull(),
    /** The coordinator who sent it; null when the daily reminders did. */
    sentBy: uuid("sent_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    /** still-right, changes or places. */
    answer: text("answer"),
    replacedAt: timestamp("replaced_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("verification_links_token_idx").on(t.tokenHash),
    index("verification_links_open_idx").on(t.serviceId, t.purpose).where(sql`${t.usedAt} is null and ${t.replacedAt} is null`),
  ],
);
