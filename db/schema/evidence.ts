/**
 * Evidence for commissioners: the unit costs business cases price diverted care with.
 *
 * A unit cost is dated and sourced. Figures are never overwritten: a new figure for a service
 * closes the previous one (its valid_to becomes the new figure's valid_from), so calculations
 * for past periods keep using the figure that was in force then. Validity is half-open:
 * [valid_from, valid_to); an open figure has valid_to null.
 */
import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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
