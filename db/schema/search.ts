/**
 * The search outbox: one row per change to a listing's search document, written by database
 * triggers in the same transaction as the change (migration "search_outbox_triggers"), drained
 * by the search worker (search/worker.server.ts) into Meilisearch. Rows are kept for a day after
 * they are processed so that a reindex can replay what changed while it was building.
 * See docs/decisions/0010-meilisearch-sync.md.
 */
import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const searchOutbox = pgTable(
  "search_outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The listing whose document to rebuild (or delete). No foreign key: deleted listings must be removed too. */
    serviceId: uuid("service_id").notNull(),
    /** Which table and operation wrote it, e.g. "locations:update". For people reading the table. */
    reason: text("reason").notNull(),
    enqueuedAt: timestamp("enqueued_at", { withTimezone: true }).notNull().defaultNow(),
    /** Not before this time: pushed back after a failure (backoff). */
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    /** The worker holding the row, until claimed_until (a lease: a crashed worker's rows come back). */
    claimedBy: text("claimed_by"),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    processedAt: timestamp("processed_at", { withTimezone: true }),
    lastError: text("last_error"),
  },
  (t) => [
    index("search_outbox_pending_idx").on(t.availableAt, t.id).where(sql`${t.processedAt} is null`),
    index("search_outbox_service_idx").on(t.serviceId).where(sql`${t.processedAt} is null`),
    index("search_outbox_processed_idx").on(t.processedAt).where(sql`${t.processedAt} is not null`),
  ],
);
