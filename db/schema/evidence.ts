/**
 * Evidence for commissioners: the unit costs business cases price diverted care with.
 *
 * A unit cost is dated and sourced. Figures are never overwritten: a new figure for a service
 * closes the previous one (its valid_to becomes the new figure's valid_from), so calculations
 * for past periods keep using the figure that was in force then. Validity is half-open:
 * [valid_from, valid_to); an open figure has valid_to null.
 */
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";

/** What one unit of a service is: an hour of care, a week of a package, a week of a placement. */
export const unitCostUnit = pgEnum("unit_cost_unit", ["hour", "week", "placement"]);

export const unitCosts = pgTable(
  "unit_costs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** A service key, e.g. "home-care", "pa-micro-enterprise", "residential-65-plus". */
    service: text("service").notNull(),
    unit: unitCostUnit("unit").notNull(),
    /** Whole pence per unit. */
    amountPence: integer("amount_pence").notNull(),
    /** The price year the figure is in, e.g. "2024/25". */
    priceYear: text("price_year").notNull(),
    source: text("source").notNull(),
    notes: text("notes"),
    validFrom: date("valid_from").notNull(),
    validTo: date("valid_to"),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("unit_costs_service_from_idx").on(t.service, t.validFrom),
    // At most one open figure per service.
    uniqueIndex("unit_costs_service_open_idx").on(t.service).where(sql`${t.validTo} is null`),
    index("unit_costs_service_idx").on(t.service, t.validFrom, t.validTo),
    check("unit_costs_amount_positive", sql`${t.amountPence} > 0`),
    check("unit_costs_validity_order", sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    check("unit_costs_price_year_format", sql`${t.priceYear} ~ '^[0-9]{4}/[0-9]{2}$'`),
  ],
);

/**
 * The commissioner's monthly target for cost avoided, dated: a new target applies from the
 * month it starts; earlier targets stay for the months they covered. Null district = the
 * whole council area.
 */
export const evidenceTargets = pgTable(
  "evidence_targets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    districtCode: text("district_code"),
    /** Whole pence of (gross) cost avoided a month. */
    monthlyTargetPence: integer("monthly_target_pence").notNull(),
    /** First day of the first month the target applies to. */
    validFrom: date("valid_from").notNull(),
    note: text("note"),
    setBy: uuid("set_by").references(() => users.id, { onDelete: "set null" }),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("evidence_targets_from_idx").on(t.districtCode, t.validFrom),
    check("evidence_targets_amount", sql`${t.monthlyTargetPence} >= 0`),
    check("evidence_targets_month_start", sql`extract(day from ${t.validFrom}) = 1`),
  ],
);

/**
 * What the council invested in the programme (staff, grants to groups), dated by the day the
 * money was committed; fiscal ROI for a period uses the investments dated inside it.
 */
export const programmeInvestments = pgTable(
  "programme_investments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    districtCode: text("district_code"),
    amountPence: integer("amount_pence").notNull(),
    investedOn: date("invested_on").notNull(),
    description: text("description").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("programme_investments_on_idx").on(t.investedOn), check("programme_investments_amount", sql`${t.amountPence} >= 0`)],
);

/**
 * Editions of a price index (HM Treasury's GDP deflators by default) that convert money from
 * one price year to another. Append-only: the latest edition recorded is the one used; older
 * ones stay so a past report can be explained.
 */
export const priceIndexEditions = pgTable("price_index_editions", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  source: text("source").notNull(),
  publishedOn: date("published_on").notNull(),
  notes: text("notes"),
  recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
  recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
});

export const priceIndexValues = pgTable(
  "price_index_values",
  {
    editionId: uuid("edition_id")
      .notNull()
      .references(() => priceIndexEditions.id, { onDelete: "cascade" }),
    /** A financial year, "2024/25". */
    year: text("year").notNull(),
    /** The index as published, kept as written. */
    value: numeric("value", { precision: 12, scale: 4 }).notNull(),
    forecast: boolean("forecast").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.editionId, t.year] }),
    check("price_index_values_positive", sql`${t.value} > 0`),
    check("price_index_values_year_format", sql`${t.year} ~ '^[0-9]{4}/[0-9]{2}$'`),
  ],
);

/**
 * When a programme started, for the whole council area (null district) or one district: the
 * dashboard counts programme years (for drop-off) from here. Append-only; the latest row for an
 * area is the one in force.
 */
export const evidenceProgrammes = pgTable(
  "evidence_programmes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    districtCode: text("district_code"),
    name: text("name").notNull(),
    startsOn: date("starts_on").notNull(),
    setBy: uuid("set_by").references(() => users.id, { onDelete: "set null" }),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("evidence_programmes_area_idx").on(t.districtCode, t.setAt), check("evidence_programmes_month_start", sql`extract(day from ${t.startsOn}) = 1`)],
);

/**
 * The adjustments that turn net cost avoided into the benefit a finance committee relies on
 * (deadweight, displacement, attribution, drop-off, optimism bias), as percentages, for the
 * whole council area or a district, for every kind of support or one kind, from a month on,
 * with the source or rationale. Append-only: for each month the latest setting that starts on
 * or before it applies, so past months keep theirs unless a setting is dated back to them.
 */
export const evidenceAdjustments = pgTable(
  "evidence_adjustments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    districtCode: text("district_code"),
    /** An asset kind (db/vocabulary/kinds.ts); null = every kind of support. */
    assetKind: text("asset_kind"),
    /** First day of the first month it applies to. */
    validFrom: date("valid_from").notNull(),
    deadweightPercent: numeric("deadweight_percent", { precision: 5, scale: 2 }).notNull(),
    displacementPercent: numeric("displacement_percent", { precision: 5, scale: 2 }).notNull(),
    attributionPercent: numeric("attribution_percent", { precision: 5, scale: 2 }).notNull(),
    dropOffPercent: numeric("drop_off_percent", { precision: 5, scale: 2 }).notNull(),
    optimismBiasPercent: numeric("optimism_bias_percent", { precision: 5, scale: 2 }).notNull(),
    source: text("source").notNull(),
    setBy: uuid("set_by").references(() => users.id, { onDelete: "set null" }),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("evidence_adjustments_area_idx").on(t.districtCode, t.assetKind, t.validFrom),
    check("evidence_adjustments_month_start", sql`extract(day from ${t.validFrom}) = 1`),
    check(
      "evidence_adjustments_shares",
      sql`${t.deadweightPercent} between 0 and 100 and ${t.displacementPercent} between 0 and 100 and ${t.attributionPercent} between 0 and 100
          and ${t.dropOffPercent} between 0 and 100 and ${t.optimismBiasPercent} between 0 and 100`,
    ),
  ],
);

/** One KPI file as uploaded: checked (dry run) first, then imported whole or not at all. */
export const kpiImports = pgTable("kpi_imports", {
  id: uuid("id").primaryKey().defaultRandom(),
  fileName: text("file_name").notNull(),
  /** checked (ready to import), refused (problems found) or imported. */
  status: text("status").notNull(),
  /** The rows as read, ready to write. */
  rows: jsonb("rows").notNull(),
  /** Per-row problems: [{ row, column, message }]. */
  problems: jsonb("problems").notNull(),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  importedAt: timestamp("imported_at", { withTimezone: true }),
});

/**
 * Programme indicators a council imports (those the app does not hold the records for):
 * values, and the baselines, England averages and targets they are read against. Every row is
 * dated (its period) and sourced; a later import for the same indicator, measure and period
 * supersedes the earlier one, which stays.
 */
export const kpiValues = pgTable(
  "kpi_values",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** An indicator code (db/vocabulary/indicators.ts). */
    indicator: text("indicator").notNull(),
    /** value, baseline, england-average or target. */
    measure: text("measure").notNull(),
    /** "2025/26" for a yearly indicator, "2026-04" for a monthly one. */
    period: text("period").notNull(),
    /** The period's first day, for ordering. */
    periodStart: date("period_start").notNull(),
    value: numeric("value", { precision: 14, scale: 4 }).notNull(),
    /** For money: the price year the value is in (its own financial year unless said). */
    priceYear: text("price_year"),
    source: text("source").notNull(),
    note: text("note"),
    importId: uuid("import_id").references(() => kpiImports.id, { onDelete: "set null" }),
    isDemo: boolean("is_demo").notNull().default(false),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("kpi_values_indicator_idx").on(t.indicator, t.measure, t.periodStart, t.recordedAt)],
);
