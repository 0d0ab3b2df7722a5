/**
 * People on the edge of care, the support they were matched and referred to, their outcomes
 * and the formal care that community support diverted.
 *
 * A person's record is minimal and pseudonymous: a reference chosen by the practitioner, an
 * age band and a postcode; a name and phone number only when the practitioner must contact them.
 * Needs and risk factors are special-category health data: each record carries the consent and
 * lawful basis it was collected under, every read and change is audited, and the retention
 * job deletes records whose last activity is older than RETENTION_DAYS.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  pgSequence,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { services } from "./directory";

export const ageBand = pgEnum("age_band", ["18-24", "25-44", "45-64", "65-74", "75-84", "85+"]);

/** Three Conversations: C1 listen and connect, C2 work intensively in crisis, C3 build a good life. */
export const conversationStage = pgEnum("conversation_stage", ["c1", "c2", "c3"]);

/** UK GDPR Article 6 basis the record is held under (Article 9 for health data: care and treatment). */
export const lawfulBasis = pgEnum("lawful_basis", ["consent", "public_task", "vital_interests", "legal_obligation"]);

/**
 * How a request for help ended (the ABA business case's categories, and the commissioners'
 * funnel): signposted or referred to community support, short-term support (reablement,
 * bridging, technology), nothing further needed, formal care (an assessment or a package), other.
 */
export const requestOutcome = pgEnum("request_outcome", ["signposted", "short_term", "nothing_further", "formal_care", "other"]);

/** Who made the contact: the person, a family carer, or a professional on their behalf. */
export const requestSource = pgEnum("request_source", ["self", "family_carer", "practitioner", "gp", "hospital", "other_professional", "other", "not_recorded"]);

/** Numbers the requests' references (REQ-000001), one sequence for every app server. */
export const requestNumber = pgSequence("request_number", { startWith: 1 });

export const persons = pgTable(
  "persons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The practitioner's pseudonymous reference, e.g. "SOH-0142"; unique. */
    reference: text("reference").notNull(),
    /** Only when the practitioner must contact the person. */
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    ageBand: ageBand("age_band").notNull(),
    postcode: text("postcode").notNull(),
    /** From the postcode table: where the person lives, for distance and area reporting. */
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    wardCode: text("ward_code"),
    districtCode: text("district_code"),
    /** Who else is involved, e.g. "daughter visits weekly". */
    involved: text("involved"),
    /** What matters to them, in their words. */
    whatMatters: text("what_matters").notNull().default(""),
    /** Need codes from the needs taxonomy (db/vocabulary/needs.ts). */
    needs: text("needs").array().notNull().default(sql`'{}'::text[]`),
    /** Risk factor codes (the seven factors for loss of independence). */
    riskFactors: text("risk_factors").array().notNull().default(sql`'{}'::text[]`),
    // ── preferences ──
    /** iCalendar day codes the person is free: MO, TU, WE, TH, FR, SA, SU. Empty = any day. */
    preferredDays: text("preferred_days").array().notNull().default(sql`'{}'::text[]`),
    /** morning, afternoon, evening. Empty = any time. */
    preferredTimes: text("preferred_times").array().notNull().default(sql`'{}'::text[]`),
    maxTravelMiles: numeric("max_travel_miles", { precision: 5, scale: 1 }),
    /** The most the person can pay an hour, in pence; null = not said; 0 = free only. */
    maxHourlyRatePence: integer("max_hourly_rate_pence"),
    hasDirectPayment: boolean("has_direct_payment").notNull().default(false),
    // ── consent ──
    lawfulBasis: lawfulBasis("lawful_basis").notNull(),
    consentGiven: boolean("consent_given").notNull().default(false),
    consentRecordedAt: timestamp("consent_recorded_at", { withTimezone: true }),
    /** The practitioner whose caseload this is. */
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Retention runs from here. */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("persons_reference_idx").on(t.reference),
    index("persons_owner_idx").on(t.ownerId),
    index("persons_last_activity_idx").on(t.lastActivityAt),
    check("persons_consent_recorded", sql`${t.consentGiven} = false or ${t.consentRecordedAt} is not null`),
    check("persons_max_travel_range", sql`${t.maxTravelMiles} is null or (${t.maxTravelMiles} > 0 and ${t.maxTravelMiles} <= 100)`),
    check("persons_max_rate_range", sql`${t.maxHourlyRatePence} is null or ${t.maxHourlyRatePence} >= 0`),
  ],
);

/** signpost: the person was told about it; referral: the provider was asked to take them on. */
export const referralKind = pgEnum("referral_kind", ["signpost", "referral"]);

export const referralStatus = pgEnum("referral_status", ["suggested", "referred", "accepted", "declined", "started", "ended"]);

export const referrals = pgTable(
  "referrals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id),
    /** The request this was made for; null for referrals made before requests were kept. */
    requestId: uuid("request_id").references(() => requests.id, { onDelete: "set null" }),
    kind: referralKind("kind").notNull(),
    status: referralStatus("status").notNull().default("suggested"),
    /** Need codes this support is meant to meet (for reporting by need). */
    needs: text("needs").array().notNull().default(sql`'{}'::text[]`),
    /** The match's reasons in plain English, as the practitioner saw them. */
    matchReasons: text("match_reasons").notNull().default(""),
    /** Exactly what the provider's link shows: written by the practitioner, with consent. */
    sharedSummary: text("shared_summary").notNull().default(""),
    consentToShare: boolean("consent_to_share").notNull().default(false),
    /** What the person would like from this support, in a line: shown to the provider. */
    personWants: text("person_wants"),
    /** Who referred and how to reach them, as the provider's link shows it (kept as it was when sent). */
    referrerName: text("referrer_name"),
    referrerTeam: text("referrer_team"),
    referrerContact: text("referrer_contact"),
    /**
     * Matching left this listing out by this rule (an engine exclusion reason, e.g. "area") and
     * the practitioner referred anyway, for this reason.
     */
    overruledRule: text("overruled_rule"),
    overruleReason: text("overrule_reason"),
    /** SHA-256 of the provider's secret link token; the token itself is never stored. */
    providerTokenHash: text("provider_token_hash"),
    providerTokenExpiresAt: timestamp("provider_token_expires_at", { withTimezone: true }),
    /** Set when the provider answers through the link: a link works once. */
    providerRespondedAt: timestamp("provider_responded_at", { withTimezone: true }),
    providerReason: text("provider_reason"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    statusChangedAt: timestamp("status_changed_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the practitioner was last reminded that this referral is waiting. */
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
  },
  (t) => [
    index("referrals_person_idx").on(t.personId),
    index("referrals_service_idx").on(t.serviceId),
    index("referrals_status_idx").on(t.status, t.statusChangedAt),
    uniqueIndex("referrals_token_idx").on(t.providerTokenHash),
    check("referrals_consent_for_referral", sql`${t.kind} = 'signpost' or ${t.consentToShare} = true`),
    check("referrals_overrule_has_reason", sql`(${t.overruledRule} is null) = (${t.overruleReason} is null)`),
    index("referrals_request_idx").on(t.requestId),
  ],
);

/** Every status change of a referral: who (a user, or the provider's link), when, why. */
export const referralEvents = pgTable(
  "referral_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    referralId: uuid("referral_id")
      .notNull()
      .references(() => referrals.id, { onDelete: "cascade" }),
    fromStatus: referralStatus("from_status"),
    toStatus: referralStatus("to_status").notNull(),
    reason: text("reason"),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** "provider-link" when the provider answered through the secure link. */
    via: text("via").notNull().default("account"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("referral_events_referral_idx").on(t.referralId, t.at)],
);

export const outcomeStage = pgEnum("outcome_stage", ["start", "follow_up"]);

/**
 * ONS4 personal wellbeing (0–10 each) and the ONS direct loneliness question
 * ("How often do you feel lonely?": 1 often/always … 5 never).
 */
export const outcomeMeasures = pgTable(
  "outcome_measures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    stage: outcomeStage("stage").notNull(),
    recordedOn: date("recorded_on").notNull(),
    lifeSatisfaction: smallint("life_satisfaction").notNull(),
    worthwhile: smallint("worthwhile").notNull(),
    happiness: smallint("happiness").notNull(),
    anxiety: smallint("anxiety").notNull(),
    loneliness: smallint("loneliness").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("outcome_measures_person_idx").on(t.personId, t.recordedOn),
    check(
      "outcome_measures_ons4_range",
      sql`${t.lifeSatisfaction} between 0 and 10 and ${t.worthwhile} between 0 and 10 and ${t.happiness} between 0 and 10 and ${t.anxiety} between 0 and 10`,
    ),
    check("outcome_measures_loneliness_range", sql`${t.loneliness} between 1 and 5`),
  ],
);

export const divertedConfidence = pgEnum("diverted_confidence", ["low", "medium", "high"]);

/**
 * Formal care that community support met instead: hours a week of a care service, or a
 * placement (weeks between from and to). `service` is a unit-cost service key (unit_costs.service).
 *
 * The evidence outlives the person's record (migration evidence_outlives_records, ADR 0015):
 * where, what kind of support and which need are copied onto the row when it is written, and
 * when the person is erased or reaches the end of retention the row loses every link to them
 * (person, referral, note, who recorded it) and keeps only what the dashboard aggregates, under
 * a random `subject` so that people can still be counted for suppression.
 */
export const divertedCare = pgTable(
  "diverted_care",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null once the person's record is gone. */
    referralId: uuid("referral_id").references(() => referrals.id, { onDelete: "set null" }),
    /** Null once the person's record is gone. */
    personId: uuid("person_id").references(() => persons.id, { onDelete: "set null" }),
    /** Counts people: the person's id while the record exists, then a random id (the same for all their rows). */
    subject: uuid("subject").notNull().defaultRandom(),
    /** Where the person lived and what met the need, when it was recorded (filled by a trigger from the referral). */
    districtCode: text("district_code"),
    wardCode: text("ward_code"),
    assetKind: text("asset_kind"),
    need: text("need"),
    service: text("service").notNull(),
    /** For hourly services; null for a placement. */
    hoursPerWeek: numeric("hours_per_week", { precision: 5, scale: 2 }),
    fromDate: date("from_date").notNull(),
    /** Null while it continues. */
    toDate: date("to_date"),
    confidence: divertedConfidence("confidence").notNull(),
    /**
     * True when the council was already paying for this care and the package was reduced or
     * ended: a budget line cut (a cashable saving). False: care that would otherwise have
     * started (cost avoidance). DOMAIN.md: report both, labelled.
     */
    cashable: boolean("cashable").notNull().default(false),
    note: text("note"),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    isDemo: boolean("is_demo").notNull().default(false),
  },
  (t) => [
    index("diverted_care_referral_idx").on(t.referralId),
    index("diverted_care_person_idx").on(t.personId),
    index("diverted_care_from_idx").on(t.fromDate),
    check("diverted_care_dates", sql`${t.toDate} is null or ${t.toDate} >= ${t.fromDate}`),
    check("diverted_care_hours_range", sql`${t.hoursPerWeek} is null or (${t.hoursPerWeek} > 0 and ${t.hoursPerWeek} <= 168)`),
  ],
);

/**
 * A request for help: one contact about a person, the unit of a practitioner's work. It has a
 * source, a date, the conversation it is in and, once closed, an outcome; one person can have
 * many. A request can exist before a person's record does (someone asks to be called back): it
 * then holds the caller's contact details, given with consent, and the locality whose queue it
 * lands in, and is linked to a record when a practitioner picks it up.
 *
 * Requests are the commissioners' funnel, so they outlive the person's record: when the person
 * is erased or reaches the end of retention (or an unlinked request does), the request keeps
 * only what the funnel counts (dates, source, conversation, outcome, ward and district) and
 * loses everything else (the requests_forget_person trigger and the requests personal-data source).
 */
export const requests = pgTable(
  "requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** REQ-000123: what the caller is told, and what the caseload searches. */
    reference: text("reference")
      .notNull()
      .default(sql`'REQ-' || lpad(nextval('request_number')::text, 6, '0')`),
    /** Null until a practitioner links it to a record; null again once that record is gone. */
    personId: uuid("person_id").references(() => persons.id, { onDelete: "set null" }),
    source: requestSource("source").notNull(),
    /** Which surgery, ward or team, when the source is a professional. */
    sourceNote: text("source_note"),
    /** The day the contact was made (London). */
    receivedOn: date("received_on").notNull(),
    conversation: conversationStage("conversation").notNull().default("c1"),
    /** Whose queue it lands in: where the person lives. */
    wardCode: text("ward_code"),
    districtCode: text("district_code").notNull(),
    // ── the caller's details, only while no record holds them; with consent ──
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    postcode: text("postcode"),
    /** When they would like to be called. */
    contactTimes: text("contact_times"),
    /** What they asked for, in their words. */
    askedFor: text("asked_for"),
    contactConsent: boolean("contact_consent").notNull().default(false),
    contactConsentAt: timestamp("contact_consent_at", { withTimezone: true }),
    // ── the work ──
    /** The practitioner working on it; null while it waits in the locality's queue. */
    practitionerId: uuid("practitioner_id").references(() => users.id, { onDelete: "set null" }),
    /** The next follow-up: when, and what. */
    nextActionOn: date("next_action_on"),
    nextAction: text("next_action"),
    // ── conversation 3: the formal care decided ──
    /** A unit-cost service key (unit_costs.service), e.g. "home-care". */
    careService: text("care_service"),
    careHoursPerWeek: numeric("care_hours_per_week", { precision: 5, scale: 2 }),
    /** The personal budget agreed, in pence a week. */
    careBudgetPence: integer("care_budget_pence"),
    careDecidedOn: date("care_decided_on"),
    // ── how it ended ──
    outcome: requestOutcome("outcome"),
    closedOn: date("closed_on"),
    /** reablement, bridging, technology: for a short-term outcome. */
    shortTermSupport: text("short_term_support").array().notNull().default(sql`'{}'::text[]`),
    outcomeNote: text("outcome_note"),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    /** Null when it came from the person or their family without an account. */
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Retention of an unlinked request's contact details runs from here. */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("requests_reference_idx").on(t.reference),
    index("requests_person_idx").on(t.personId),
    index("requests_practitioner_idx").on(t.practitionerId, t.nextActionOn),
    index("requests_locality_idx").on(t.districtCode, t.wardCode),
    index("requests_received_idx").on(t.receivedOn),
    check("requests_closed_has_outcome", sql`(${t.outcome} is null) = (${t.closedOn} is null)`),
    check("requests_closed_after_received", sql`${t.closedOn} is null or ${t.closedOn} >= ${t.receivedOn}`),
    check(
      "requests_contact_consent",
      sql`(${t.contactName} is null and ${t.contactPhone} is null and ${t.contactEmail} is null) or (${t.contactConsent} and ${t.contactConsentAt} is not null)`,
    ),
    check("requests_short_term_says_which", sql`${t.outcome} is distinct from 'short_term' or cardinality(${t.shortTermSupport}) > 0`),
    check("requests_care_hours_range", sql`${t.careHoursPerWeek} is null or (${t.careHoursPerWeek} > 0 and ${t.careHoursPerWeek} <= 168)`),
    check("requests_care_budget_range", sql`${t.careBudgetPence} is null or ${t.careBudgetPence} >= 0`),
  ],
);

/** What happened to a request, in order: received, picked up, linked, each move between conversations, follow-ups, care decided, closed. */
export const requestEvents = pgTable(
  "request_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => requests.id, { onDelete: "cascade" }),
    /** received, picked-up, linked, conversation, follow-up, care-decided, closed. */
    kind: text("kind").notNull(),
    /** The day it happened, as the practitioner gave it (London). */
    onDate: date("on_date").notNull(),
    fromConversation: conversationStage("from_conversation"),
    toConversation: conversationStage("to_conversation"),
    note: text("note"),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("request_events_request_idx").on(t.requestId, t.at)],
);
