/**
 * Neighbours' Open Referral UK feeds, harvested on a schedule (docs/decisions/0026-neighbour-feeds.md).
 * Their listings are kept apart from ours: each harvested listing names its source, whose
 * licence and last harvest are recorded here, so residents near a border see whose it is.
 */
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { services } from "./directory";

export interface HarvestSummary {
  version: "1.0" | "3.0";
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Listings the feed no longer offers, archived here. */
  withdrawn: number;
  /** The feed's data quality at that harvest (app/modules/oruk/quality.ts), without the listings that fail. */
  quality?: { total: number; usable: number; fields: { code: string; label: string; met: number; share: number }[] };
}

export const harvestSources = pgTable(
  "harvest_sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Whose directory it is, as residents read it: "West Suffolk's community directory". */
    name: text("name").notNull(),
    /** The feed's base address (its `/` or `/services`). */
    url: text("url").notNull(),
    /** The licence the feed is published under, as its publisher states it. */
    licence: text("licence").notNull(),
    /** The credit the licence asks for, shown with each listing. */
    attribution: text("attribution"),
    enabled: boolean("enabled").notNull().default(true),
    lastHarvestedAt: timestamp("last_harvested_at", { withTimezone: true }),
    lastSummary: jsonb("last_summary").$type<HarvestSummary>(),
    /** Why the last harvest failed, or null when it worked. */
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("harvest_sources_url_idx").on(t.url)],
);

/** Which listing came from which neighbour's feed, and when it was last read from it. */
export const harvestedServices = pgTable(
  "harvested_services",
  {
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    sourceId: uuid("source_id")
      .notNull()
      .references(() => harvestSources.id, { onDelete: "cascade" }),
    harvestedAt: timestamp("harvested_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.serviceId] }), index("harvested_services_source_idx").on(t.sourceId)],
);
