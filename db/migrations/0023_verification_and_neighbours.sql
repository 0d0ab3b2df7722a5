CREATE TYPE "public"."verification_reminder_stage" AS ENUM('due', 'overdue', 'long-overdue', 'coordinator');--> statement-breakpoint
CREATE TYPE "public"."verification_link_purpose" AS ENUM('check', 'places');--> statement-breakpoint
CREATE TABLE "verification_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"purpose" "verification_link_purpose" NOT NULL,
	"token_hash" text NOT NULL,
	"sent_to" text NOT NULL,
	"sent_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"answer" text,
	"replaced_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "verification_reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"cycle" text NOT NULL,
	"stage" "verification_reminder_stage" NOT NULL,
	"sent_to" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "harvest_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"licence" text NOT NULL,
	"attribution" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_harvested_at" timestamp with time zone,
	"last_summary" jsonb,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "harvested_services" (
	"service_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"harvested_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "harvested_services_service_id_pk" PRIMARY KEY("service_id")
);
--> statement-breakpoint
ALTER TABLE "listing_changes" ADD COLUMN "link_email" text;--> statement-breakpoint
ALTER TABLE "listing_changes" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "verification_links" ADD CONSTRAINT "verification_links_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_links" ADD CONSTRAINT "verification_links_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "verification_reminders" ADD CONSTRAINT "verification_reminders_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "harvested_services" ADD CONSTRAINT "harvested_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "harvested_services" ADD CONSTRAINT "harvested_services_source_id_harvest_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."harvest_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "verification_links_token_idx" ON "verification_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "verification_links_open_idx" ON "verification_links" USING btree ("service_id","purpose") WHERE "verification_links"."used_at" is null and "verification_links"."replaced_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "verification_reminders_once_idx" ON "verification_reminders" USING btree ("service_id","cycle","stage");--> statement-breakpoint
CREATE INDEX "verification_reminders_sent_idx" ON "verification_reminders" USING btree ("service_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "harvest_sources_url_idx" ON "harvest_sources" USING btree ("url");--> statement-breakpoint
CREATE INDEX "harvested_services_source_idx" ON "harvested_services" USING btree ("source_id");