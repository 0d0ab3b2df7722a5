/**
 * The directory, shaped after Open Referral UK (HSDS 3.0 UK profile) so that every record
 * exports as ORUK without loss. Table and column names follow ORUK where it has one; what
 * Asset Atlas adds beyond ORUK is grouped and commented on `services`.
 * Identifiers are UUIDs that never change for a record (ORUK requires stable ids).
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  text,
  time,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { districts, wards } from "./places";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** A cube (the cube extension): here an ll_to_earth point, or the box around several. */
const cube = customType<{ data: string }>({ dataType: () => "cube" });

export const assetKind = pgEnum("asset_kind", [
  "vcs_group",
  "community_hub",
  "micro_enterprise",
  "personal_assistant",
  "faith_group",
  "local_business",
  "commissioned_service",
  "technology_enabled_care",
]);

export const listingStatus = pgEnum("listing_status", ["draft", "in_review", "published", "archived"]);

export const capacityUnit = pgEnum("capacity_unit", ["places", "hours_per_week"]);

/**
 * How a listing is delivered, which decides where it serves (docs/decisions/0027-delivery-and-requests.md):
 * a place people go to serves whoever can travel to it (distance and the person's travel limit
 * decide); a service that comes to the home, or works by phone or online, serves its declared area.
 */
export const delivery = pgEnum("delivery", ["at_venue", "to_home", "remote"]);

/** ORUK service status: whether the service is running (separate from our listing workflow). */
export const serviceStatus = pgEnum("service_status", ["active", "inactive", "defunct", "temporarily closed"]);

export const organizations = pgTable("organizations", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  email: text("email"),
  website: text("website"),
  uri: text("uri"),
  parentOrganizationId: uuid("parent_organization_id"),
  logo: text("logo"), // ORUK: URL of the organisation's logo
  isDemo: boolean("is_demo").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A service in ORUK terms; an "asset" in ours. */
export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    url: text("url"),
    email: text("email"),
    fees: text("fees"), // ORUK free-text fees description
    accreditations: text("accreditations"),
    minimumAge: integer("minimum_age"),
    maximumAge: integer("maximum_age"),
    /** Asset Atlas: who else it is for, in plain words ("people living with dementia and their carers"). */
    eligibilityConditions: text("eligibility_conditions"),
    assuredDate: date("assured_date"),
    assurerEmail: text("assurer_email"),
    alert: text("alert"),
    status: serviceStatus("status").notNull().default("active"),
    // ── Asset Atlas, beyond ORUK (exported as ORUK attributes) ──
    kind: assetKind("kind").notNull(),
    /** Where it serves follows from how it is delivered (see `delivery`). */
    delivery: delivery("delivery").notNull().default("at_venue"),
    listingStatus: listingStatus("listing_status").notNull().default("draft"),
    capacityUnit: capacityUnit("capacity_unit"),
    capacityTotal: integer("capacity_total"), // places, or hours a week
    capacityAvailable: integer("capacity_available"),
    waitingList: boolean("waiting_list").notNull().default(false),
    waitingListWeeks: integer("waiting_list_weeks"),
    directPayment: boolean("direct_payment").notNull().default(false),
    hourlyRatePence: integer("hourly_rate_pence"), // money in whole pence, never floats
    isFree: boolean("is_free").notNull().default(false),
    regulated: boolean("regulated").notNull().default(false),
    regulator: text("regulator"), // e.g. "CQC" when regulated
    lastVerifiedAt: date("last_verified_at"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastModified: timestamp("last_modified", { withTimezone: true }).notNull().defaultNow(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce("name", '')), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')`,
    ),
    // ── Search, kept by triggers (migration search_denormalise; see docs/decisions/0009) ──
    /** Every taxonomy term linked to the service through `attributes` (needs, kinds, accessibility). */
    termIds: uuid("term_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    /** ll_to_earth of its one location, or the box around all of them; null without a located place. */
    locationBox: cube("location_box"),
  },
  (t) => [
    index("services_organization_idx").on(t.organizationId),
    index("services_status_kind_idx").on(t.listingStatus, t.kind),
    index("services_search_idx").using("gin", t.searchVector),
    index("services_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    index("services_term_ids_idx").using("gin", t.termIds),
    index("services_location_box_idx").using("gist", t.locationBox),
  ],
);

export const locations = pgTable(
  "locations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id").references(() => organizations.id),
    locationType: text("location_type").notNull().default("physical"), // physical | postal | virtual
    name: text("name"),
    description: text("description"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    externalIdentifier: text("external_identifier"),
    externalIdentifierType: text("external_identifier_type"),
    // Asset Atlas: the place the postcode puts it in
    postcode: text("postcode"),
    wardCode: text("ward_code"),
    districtCode: text("district_code"),
  },
  (t) => [
    index("locations_ward_idx").on(t.wardCode),
    index("locations_district_idx").on(t.districtCode),
    index("locations_earth_idx").using("gist", sql`ll_to_earth(${t.latitude}, ${t.longitude})`),
  ],
);

export const addresses = pgTable(
  "addresses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    locationId: uuid("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    attention: text("attention"),
    address1: text("address_1").notNull(),
    address2: text("address_2"),
    city: text("city").notNull(),
    region: text("region"),
    stateProvince: text("state_province").notNull(),
    postalCode: text("postal_code").notNull(),
    country: text("country").notNull().default("GB"),
    addressType: text("address_type").notNull().default("physical"),
  },
  (t) => [index("addresses_location_idx").on(t.locationId)],
);

export const accessibility = pgTable(
  "accessibility",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    locationId: uuid("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
    description: text("description"),
    details: text("details"),
    url: text("url"),
    accessibility: text("accessibility"), // ORUK UK profile: free-text accessibility summary
  },
  (t) => [index("accessibility_location_idx").on(t.locationId)],
);

export const serviceAtLocations = pgTable(
  "service_at_locations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    locationId: uuid("location_id")
      .notNull()
      .references(() => locations.id, { onDelete: "cascade" }),
  },
  (t) => [index("sal_service_idx").on(t.serviceId), index("sal_location_idx").on(t.locationId)],
);

/** Opening times, as ORUK's iCalendar-style recurrence. */
export const schedules = pgTable(
  "schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "cascade" }),
    serviceAtLocationId: uuid("service_at_location_id").references(() => serviceAtLocations.id, {
      onDelete: "cascade",
    }),
    validFrom: date("valid_from"),
    validTo: date("valid_to"),
    dtstart: date("dtstart"),
    freq: text("freq"), // WEEKLY | MONTHLY
    interval: integer("interval"),
    byday: text("byday"), // e.g. "TU,TH" or "1MO" (first Monday)
    bymonthday: text("bymonthday"),
    description: text("description"),
    opensAt: time("opens_at"),
    closesAt: time("closes_at"),
    scheduleLink: text("schedule_link"),
    attendingType: text("attending_type"),
    notes: text("notes"),
  },
  (t) => [index("schedules_service_idx").on(t.serviceId)],
);

export const costOptions = pgTable(
  "cost_options",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    validFrom: date("valid_from"),
    validTo: date("valid_to"),
    option: text("option"),
    amount: numeric("amount", { precision: 10, scale: 2, mode: "number" }),
    amountDescription: text("amount_description"),
  },
  (t) => [index("cost_options_service_idx").on(t.serviceId)],
);

export const contacts = pgTable(
  "contacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name"),
    title: text("title"),
    email: text("email"),
  },
  (t) => [index("contacts_service_idx").on(t.serviceId)],
);

export const phones = pgTable(
  "phones",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    contactId: uuid("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    number: text("number").notNull(),
    description: text("description"),
  },
  (t) => [index("phones_contact_idx").on(t.contactId)],
);

export const taxonomies = pgTable("taxonomies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  uri: text("uri"),
  version: text("version"),
});

export const taxonomyTerms = pgTable(
  "taxonomy_terms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    taxonomyId: uuid("taxonomy_id")
      .notNull()
      .references(() => taxonomies.id),
    parentId: uuid("parent_id"),
    code: text("code").notNull(), // ORUK "term": a stable short code, e.g. "social-connection"
    name: text("name").notNull(),
    description: text("description").notNull(),
    termUri: text("term_uri"),
  },
  (t) => [index("taxonomy_terms_taxonomy_idx").on(t.taxonomyId, t.code)],
);

/** ORUK attribute: links any record (service, location, organization) to a taxonomy term. */
export const attributes = pgTable(
  "attributes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    linkId: uuid("link_id").notNull(),
    linkType: text("link_type").notNull(), // "service" | "location" | "organization"
    taxonomyTermId: uuid("taxonomy_term_id")
      .notNull()
      .references(() => taxonomyTerms.id),
    value: text("value"),
  },
  (t) => [index("attributes_link_idx").on(t.linkId), index("attributes_term_idx").on(t.taxonomyTermId)],
);

/** The area a service serves; linked to our real districts and wards where it is one of them. */
export const serviceAreas = pgTable(
  "service_areas",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    name: text("name"),
    description: text("description"), // ORUK "service_area"
    extent: text("extent"),
    extentType: text("extent_type"),
    uri: text("uri"),
    districtCode: text("district_code").references(() => districts.code),
    wardCode: text("ward_code").references(() => wards.code),
  },
  (t) => [index("service_areas_service_idx").on(t.serviceId)],
);

/** ORUK organization_identifier: e.g. a Charity Commission or Companies House number. */
export const organizationIdentifiers = pgTable(
  "organization_identifiers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    identifierScheme: text("identifier_scheme"), // org-id.guide scheme, e.g. "GB-CHC"
    identifierType: text("identifier_type").notNull(),
    identifier: text("identifier").notNull(),
  },
  (t) => [index("organization_identifiers_organization_idx").on(t.organizationId)],
);

/** ORUK funding: where a service's money comes from, as free text. */
export const funding = pgTable(
  "funding",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    source: text("source"),
  },
  (t) => [index("funding_service_idx").on(t.serviceId)],
);

/** ORUK language: a language a service (or a phone line) is offered in. */
export const languages = pgTable(
  "languages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    serviceId: uuid("service_id").references(() => services.id, { onDelete: "cascade" }),
    phoneId: uuid("phone_id").references(() => phones.id, { onDelete: "cascade" }),
    name: text("name"),
    code: text("code"), // ISO 639 code where known
    note: text("note"),
  },
  (t) => [index("languages_service_idx").on(t.serviceId)],
);
