/**
 * Bulk imports. A job is a row, not a process: the uploaded file, who sent
 * it and how far it has got all live here, so any app server can run it, show its progress or
 * pick it up again after a restart (ADR 0012).
 */
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

export const importJobs = pgTable(
  "import_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "csv" (our template) or "oruk" (Open Referral UK JSON). */
    format: text("format").notNull(),
    fileName: text("file_name").notNull(),
    fileBytes: integer("file_bytes").notNull(),
    /** The file as UTF-8 text; emptied once the job is finished and kept past its retention. */
    content: text("content").notNull(),
    /** Open Referral UK only: publish new listings straight away (CSV files say per row). */
    publish: boolean("publish").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** Who sent it, as the permission check saw them (role and localities), for the worker. */
    actor: jsonb("actor").$type<Record<string, unknown>>().notNull(),
    /** "check" (the dry run) or "import" (the real, all-or-nothing import). */
    phase: text("phase").notNull().default("check"),
    /** queued → running → checked | imported | failed */
    status: text("status").notNull().default("queued"),
    rowsTotal: integer("rows_total"),
    rowsProcessed: integer("rows_processed").notNull().default(0),
    /** Problems by row and field, or the per-row report of what was written. */
    report: jsonb("report").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set whenever a worker makes progress, so a job left "running" by a dead server can be picked up again. */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("import_jobs_created_by_idx").on(t.createdBy, t.createdAt), index("import_jobs_status_idx").on(t.status).where(sql`status in ('queued', 'running')`)],
);
