CREATE TYPE "public"."age_band" AS ENUM('18-24', '25-44', '45-64', '65-74', '75-84', '85+');--> statement-breakpoint
CREATE TYPE "public"."conversation_stage" AS ENUM('c1', 'c2', 'c3');--> statement-breakpoint
CREATE TYPE "public"."diverted_confidence" AS ENUM('low', 'medium', 'high');--> statement-breakpoint
CREATE TYPE "public"."lawful_basis" AS ENUM('consent', 'public_task', 'vital_interests', 'legal_obligation');--> statement-breakpoint
CREATE TYPE "public"."outcome_stage" AS ENUM('start', 'follow_up');--> statement-breakpoint
CREATE TYPE "public"."referral_kind" AS ENUM('signpost', 'referral');--> statement-breakpoint
CREATE TYPE "public"."referral_status" AS ENUM('suggested', 'referred', 'accepted', 'declined', 'started', 'ended');--> statement-breakpoint
CREATE TYPE "public"."request_outcome" AS ENUM('open', 'referred', 'signposted', 'short_term_support', 'nothing');--> statement-breakpoint
CREATE TABLE "diverted_care" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"service" text NOT NULL,
	"hours_per_week" numeric(5, 2),
	"from_date" date NOT NULL,
	"to_date" date,
	"confidence" "diverted_confidence" NOT NULL,
	"note" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "diverted_care_dates" CHECK ("diverted_care"."to_date" is null or "diverted_care"."to_date" >= "diverted_care"."from_date"),
	CONSTRAINT "diverted_care_hours_range" CHECK ("diverted_care"."hours_per_week" is null or ("diverted_care"."hours_per_week" > 0 and "diverted_care"."hours_per_week" <= 168))
);
--> statement-breakpoint
CREATE TABLE "outcome_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"stage" "outcome_stage" NOT NULL,
	"recorded_on" date NOT NULL,
	"life_satisfaction" smallint NOT NULL,
	"worthwhile" smallint NOT NULL,
	"happiness" smallint NOT NULL,
	"anxiety" smallint NOT NULL,
	"loneliness" smallint NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_measures_ons4_range" CHECK ("outcome_measures"."life_satisfaction" between 0 and 10 and "outcome_measures"."worthwhile" between 0 and 10 and "outcome_measures"."happiness" between 0 and 10 and "outcome_measures"."anxiety" between 0 and 10),
	CONSTRAINT "outcome_measures_loneliness_range" CHECK ("outcome_measures"."loneliness" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"age_band" "age_band" NOT NULL,
	"postcode" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"ward_code" text,
	"district_code" text,
	"involved" text,
	"what_matters" text DEFAULT '' NOT NULL,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"risk_factors" text[] DEFAULT '{}'::text[] NOT NULL,
	"preferred_days" text[] DEFAULT '{}'::text[] NOT NULL,
	"preferred_times" text[] DEFAULT '{}'::text[] NOT NULL,
	"max_travel_miles" numeric(5, 1),
	"max_hourly_rate_pence" integer,
	"has_direct_payment" boolean DEFAULT false NOT NULL,
	"conversation" "conversation_stage" DEFAULT 'c1' NOT NULL,
	"outcome" "request_outcome" DEFAULT 'open' NOT NULL,
	"lawful_basis" "lawful_basis" NOT NULL,
	"consent_given" boolean DEFAULT false NOT NULL,
	"consent_recorded_at" timestamp with time zone,
	"owner_id" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "persons_consent_recorded" CHECK ("persons"."consent_given" = false or "persons"."consent_recorded_at" is not null),
	CONSTRAINT "persons_max_travel_range" CHECK ("persons"."max_travel_miles" is null or ("persons"."max_travel_miles" > 0 and "persons"."max_travel_miles" <= 100)),
	CONSTRAINT "persons_max_rate_range" CHECK ("persons"."max_hourly_rate_pence" is null or "persons"."max_hourly_rate_pence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "referral_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"referral_id" uuid NOT NULL,
	"from_status" "referral_status",
	"to_status" "referral_status" NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"via" text DEFAULT 'account' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"kind" "referral_kind" NOT NULL,
	"status" "referral_status" DEFAULT 'suggested' NOT NULL,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"match_reasons" text DEFAULT '' NOT NULL,
	"shared_summary" text DEFAULT '' NOT NULL,
	"consent_to_share" boolean DEFAULT false NOT NULL,
	"provider_token_hash" text,
	"provider_token_expires_at" timestamp with time zone,
	"provider_responded_at" timestamp with time zone,
	"provider_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reminded_at" timestamp with time zone,
	CONSTRAINT "referrals_consent_for_referral" CHECK ("referrals"."kind" = 'signpost' or "referrals"."consent_to_share" = true)
);
--> statement-breakpoint
ALTER TABLE "diverted_care" ADD CONSTRAINT "diverted_care_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD CONSTRAINT "diverted_care_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD CONSTRAINT "diverted_care_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD CONSTRAINT "outcome_measures_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_events" ADD CONSTRAINT "referral_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "diverted_care_referral_idx" ON "diverted_care" USING btree ("referral_id");--> statement-breakpoint
CREATE INDEX "diverted_care_from_idx" ON "diverted_care" USING btree ("from_date");--> statement-breakpoint
CREATE INDEX "outcome_measures_person_idx" ON "outcome_measures" USING btree ("person_id","recorded_on");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_reference_idx" ON "persons" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "persons_owner_idx" ON "persons" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "persons_last_activity_idx" ON "persons" USING btree ("last_activity_at");--> statement-breakpoint
CREATE INDEX "referral_events_referral_idx" ON "referral_events" USING btree ("referral_id","at");--> statement-breakpoint
CREATE INDEX "referrals_person_idx" ON "referrals" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "referrals_service_idx" ON "referrals" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "referrals_status_idx" ON "referrals" USING btree ("status","status_changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "referrals_token_idx" ON "referrals" USING btree ("provider_token_hash");