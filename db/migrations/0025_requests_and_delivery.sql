-- Requests for help become records of their own, and a listing says how it is delivered.
-- docs/decisions/0027-delivery-and-requests.md.

-- persons.outcome used this type with other values: it is kept under another name until the
-- people's outcomes have been copied onto their requests (below).
ALTER TYPE "public"."request_outcome" RENAME TO "request_outcome_before_requests";--> statement-breakpoint
CREATE TYPE "public"."request_outcome" AS ENUM('signposted', 'short_term', 'nothing_further', 'formal_care', 'other');--> statement-breakpoint
CREATE TYPE "public"."delivery" AS ENUM('at_venue', 'to_home', 'remote');--> statement-breakpoint
CREATE TYPE "public"."request_source" AS ENUM('self', 'family_carer', 'practitioner', 'gp', 'hospital', 'other_professional', 'other', 'not_recorded');--> statement-breakpoint
CREATE SEQUENCE "public"."request_number" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "request_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"on_date" date NOT NULL,
	"from_conversation" "conversation_stage",
	"to_conversation" "conversation_stage",
	"note" text,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text DEFAULT ('REQ-' || lpad(nextval('request_number')::text, 6, '0')) NOT NULL,
	"person_id" uuid,
	"source" "request_source" NOT NULL,
	"source_note" text,
	"received_on" date NOT NULL,
	"conversation" "conversation_stage" DEFAULT 'c1' NOT NULL,
	"ward_code" text,
	"district_code" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"postcode" text,
	"contact_times" text,
	"asked_for" text,
	"contact_consent" boolean DEFAULT false NOT NULL,
	"contact_consent_at" timestamp with time zone,
	"practitioner_id" uuid,
	"next_action_on" date,
	"next_action" text,
	"care_service" text,
	"care_hours_per_week" numeric(5, 2),
	"care_budget_pence" integer,
	"care_decided_on" date,
	"outcome" "request_outcome",
	"closed_on" date,
	"short_term_support" text[] DEFAULT '{}'::text[] NOT NULL,
	"outcome_note" text,
	"closed_by" uuid,
	"created_by" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "requests_closed_has_outcome" CHECK (("requests"."outcome" is null) = ("requests"."closed_on" is null)),
	CONSTRAINT "requests_closed_after_received" CHECK ("requests"."closed_on" is null or "requests"."closed_on" >= "requests"."received_on"),
	CONSTRAINT "requests_contact_consent" CHECK (("requests"."contact_name" is null and "requests"."contact_phone" is null and "requests"."contact_email" is null) or ("requests"."contact_consent" and "requests"."contact_consent_at" is not null)),
	CONSTRAINT "requests_short_term_says_which" CHECK ("requests"."outcome" is distinct from 'short_term' or cardinality("requests"."short_term_support") > 0),
	CONSTRAINT "requests_care_hours_range" CHECK ("requests"."care_hours_per_week" is null or ("requests"."care_hours_per_week" > 0 and "requests"."care_hours_per_week" <= 168)),
	CONSTRAINT "requests_care_budget_range" CHECK ("requests"."care_budget_pence" is null or "requests"."care_budget_pence" >= 0)
);
--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "delivery" "delivery" DEFAULT 'at_venue' NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "person_wants" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "referrer_name" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "referrer_team" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "referrer_contact" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "overruled_rule" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "overrule_reason" text;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_events" ADD CONSTRAINT "request_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_practitioner_id_users_id_fk" FOREIGN KEY ("practitioner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "requests" ADD CONSTRAINT "requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_events_request_idx" ON "request_events" USING btree ("request_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "requests_reference_idx" ON "requests" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "requests_person_idx" ON "requests" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "requests_practitioner_idx" ON "requests" USING btree ("practitioner_id","next_action_on");--> statement-breakpoint
CREATE INDEX "requests_locality_idx" ON "requests" USING btree ("district_code","ward_code");--> statement-breakpoint
CREATE INDEX "requests_received_idx" ON "requests" USING btree ("received_on");--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "referrals_request_idx" ON "referrals" USING btree ("request_id");--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_overrule_has_reason" CHECK (("referrals"."overruled_rule" is null) = ("referrals"."overrule_reason" is null));--> statement-breakpoint

-- ── Existing listings: how each is delivered ──
-- Personal assistants and micro-enterprises, and listings offering home visits, come to the
-- home (and serve their declared area); a listing with no place at all works by phone or
-- online; everything else is a place people go to (distance decides, not the area it names).
UPDATE services s SET delivery = 'to_home'
WHERE s.kind IN ('personal_assistant', 'micro_enterprise')
   OR EXISTS (
     SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
     WHERE a.link_id = s.id AND a.link_type = 'service' AND t.code = 'home-visits'
   );--> statement-breakpoint
UPDATE services s SET delivery = 'remote'
WHERE s.delivery = 'at_venue'
  AND NOT EXISTS (
    SELECT 1 FROM service_at_locations sal JOIN locations l ON l.id = sal.location_id
    WHERE sal.service_id = s.id AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
  );--> statement-breakpoint

-- ── Existing people: each gets one request, from what their record said ──
-- The source was never asked, so it is "not recorded"; the day received is the day the record
-- was made (London); a closed request's day closed is its last referral's, or the record's
-- last change; a short-term outcome does not say which support ("not_recorded").
INSERT INTO requests (person_id, source, received_on, conversation, ward_code, district_code, practitioner_id,
                      outcome, closed_on, short_term_support, closed_by, created_by, is_demo, created_at, updated_at, last_activity_at)
SELECT p.id, 'not_recorded', (p.created_at AT TIME ZONE 'Europe/London')::date, p.conversation, p.ward_code,
       coalesce(p.district_code, pc.district_code, ''), p.owner_id,
       CASE p.outcome::text WHEN 'referred' THEN 'signposted' WHEN 'signposted' THEN 'signposted'
                            WHEN 'short_term_support' THEN 'short_term' WHEN 'nothing' THEN 'nothing_further' END::request_outcome,
       CASE WHEN p.outcome::text <> 'open' THEN greatest((p.created_at AT TIME ZONE 'Europe/London')::date,
              (coalesce((SELECT max(r.created_at) FROM referrals r WHERE r.person_id = p.id), p.updated_at) AT TIME ZONE 'Europe/London')::date) END,
       CASE WHEN p.outcome::text = 'short_term_support' THEN '{not_recorded}'::text[] ELSE '{}'::text[] END,
       CASE WHEN p.outcome::text <> 'open' THEN p.owner_id END,
       p.owner_id, p.is_demo, p.created_at, p.updated_at, p.last_activity_at
FROM persons p LEFT JOIN postcodes pc ON pc.postcode = p.postcode
ORDER BY p.created_at, p.id;--> statement-breakpoint
INSERT INTO request_events (request_id, kind, on_date, to_conversation, note, actor_id, at)
SELECT r.id, 'received', r.received_on, r.conversation, 'Recorded before requests were kept: the source was not asked.', r.created_by, r.created_at
FROM requests r;--> statement-breakpoint
INSERT INTO request_events (request_id, kind, on_date, note, actor_id, at)
SELECT r.id, 'closed', r.closed_on, r.outcome::text, r.closed_by, r.updated_at
FROM requests r WHERE r.outcome IS NOT NULL;--> statement-breakpoint
UPDATE referrals f SET request_id = r.id FROM requests r WHERE r.person_id = f.person_id;--> statement-breakpoint
ALTER TABLE "persons" DROP COLUMN "conversation";--> statement-breakpoint
ALTER TABLE "persons" DROP COLUMN "outcome";--> statement-breakpoint
DROP TYPE "public"."request_outcome_before_requests";--> statement-breakpoint

-- ── Requests outlive the people they were about ──
-- What the funnel counts stays (dates, source, conversation, outcome, which short-term support
-- or formal care, ward and district); everything that could lead back to the person goes:
-- the caller's details, notes, who worked on it, its history, and its id and reference (new
-- ones, so the audit trail's ids no longer point at it); times only to the month.
CREATE OR REPLACE FUNCTION requests_forget(ids uuid[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  forgotten integer;
BEGIN
  UPDATE referrals SET request_id = NULL WHERE request_id = ANY(ids);
  DELETE FROM request_events WHERE request_id = ANY(ids);
  WITH fresh AS (SELECT id AS old_id, gen_random_uuid() AS new_id FROM requests WHERE id = ANY(ids))
  UPDATE requests r
  SET id = fresh.new_id, reference = 'ERASED-' || fresh.new_id::text, person_id = NULL, source_note = NULL,
      contact_name = NULL, contact_phone = NULL, contact_email = NULL, postcode = NULL, contact_times = NULL,
      asked_for = NULL, contact_consent = false, contact_consent_at = NULL, practitioner_id = NULL,
      next_action_on = NULL, next_action = NULL, outcome_note = NULL, closed_by = NULL, created_by = NULL,
      care_decided_on = NULL, created_at = date_trunc('month', r.created_at), updated_at = date_trunc('month', r.created_at),
      last_activity_at = date_trunc('month', r.created_at)
  FROM fresh WHERE r.id = fresh.old_id;
  GET DIAGNOSTICS forgotten = ROW_COUNT;
  RETURN forgotten;
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION requests_forget_person() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM requests_forget(array(SELECT id FROM requests WHERE person_id = OLD.id));
  RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER requests_forget_person BEFORE DELETE ON persons
  FOR EACH ROW EXECUTE FUNCTION requests_forget_person();
