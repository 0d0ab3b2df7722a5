CREATE TYPE "public"."asset_kind" AS ENUM('vcs_group', 'community_hub', 'micro_enterprise', 'personal_assistant', 'faith_group', 'local_business', 'commissioned_service', 'technology_enabled_care');--> statement-breakpoint
CREATE TYPE "public"."capacity_unit" AS ENUM('places', 'hours_per_week');--> statement-breakpoint
CREATE TYPE "public"."listing_status" AS ENUM('draft', 'in_review', 'published', 'archived');--> statement-breakpoint
CREATE TABLE "districts" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"county" text,
	"boundary" jsonb NOT NULL,
	"boundary_vintage" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postcode_sectors" (
	"sector" text PRIMARY KEY NOT NULL,
	"outcode" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"postcode_count" integer NOT NULL,
	"main_district_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postcodes" (
	"postcode" text PRIMARY KEY NOT NULL,
	"outcode" text NOT NULL,
	"sector" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"district_code" text NOT NULL,
	"ward_code" text NOT NULL,
	"ward_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wards" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"district_code" text NOT NULL,
	"boundary" jsonb NOT NULL,
	"boundary_vintage" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accessibility" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"location_id" uuid NOT NULL,
	"description" text,
	"details" text,
	"url" text
);
--> statement-breakpoint
CREATE TABLE "addresses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"location_id" uuid NOT NULL,
	"attention" text,
	"address_1" text NOT NULL,
	"address_2" text,
	"city" text NOT NULL,
	"region" text,
	"state_province" text NOT NULL,
	"postal_code" text NOT NULL,
	"country" text DEFAULT 'GB' NOT NULL,
	"address_type" text DEFAULT 'physical' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attributes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"link_id" uuid NOT NULL,
	"link_type" text NOT NULL,
	"taxonomy_term_id" uuid NOT NULL,
	"value" text
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"organization_id" uuid,
	"name" text,
	"title" text,
	"email" text
);
--> statement-breakpoint
CREATE TABLE "cost_options" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"option" text,
	"amount" numeric(10, 2),
	"amount_description" text
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"location_type" text DEFAULT 'physical' NOT NULL,
	"name" text,
	"description" text,
	"latitude" double precision,
	"longitude" double precision,
	"external_identifier" text,
	"external_identifier_type" text,
	"postcode" text,
	"ward_code" text,
	"district_code" text
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"email" text,
	"website" text,
	"uri" text,
	"parent_organization_id" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"number" text NOT NULL,
	"description" text
);
--> statement-breakpoint
CREATE TABLE "schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"service_at_location_id" uuid,
	"valid_from" date,
	"valid_to" date,
	"dtstart" date,
	"freq" text,
	"interval" integer,
	"byday" text,
	"bymonthday" text,
	"description" text,
	"opens_at" time,
	"closes_at" time,
	"schedule_link" text,
	"attending_type" text,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "service_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text,
	"description" text,
	"extent" text,
	"extent_type" text,
	"uri" text,
	"district_code" text,
	"ward_code" text
);
--> statement-breakpoint
CREATE TABLE "service_at_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid NOT NULL,
	"location_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"url" text,
	"email" text,
	"fees" text,
	"accreditations" text,
	"minimum_age" integer,
	"maximum_age" integer,
	"assured_date" date,
	"assurer_email" text,
	"alert" text,
	"kind" "asset_kind" NOT NULL,
	"listing_status" "listing_status" DEFAULT 'draft' NOT NULL,
	"capacity_unit" "capacity_unit",
	"capacity_total" integer,
	"capacity_available" integer,
	"waiting_list" boolean DEFAULT false NOT NULL,
	"waiting_list_weeks" integer,
	"direct_payment" boolean DEFAULT false NOT NULL,
	"hourly_rate_pence" integer,
	"is_free" boolean DEFAULT false NOT NULL,
	"regulated" boolean DEFAULT false NOT NULL,
	"regulator" text,
	"last_verified_at" date,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_modified" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("name", '')), 'A') || setweight(to_tsvector('english', coalesce("description", '')), 'B')) STORED
);
--> statement-breakpoint
CREATE TABLE "taxonomies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"uri" text,
	"version" text
);
--> statement-breakpoint
CREATE TABLE "taxonomy_terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"taxonomy_id" uuid NOT NULL,
	"parent_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"term_uri" text
);
--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wards" ADD CONSTRAINT "wards_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accessibility" ADD CONSTRAINT "accessibility_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attributes" ADD CONSTRAINT "attributes_taxonomy_term_id_taxonomy_terms_id_fk" FOREIGN KEY ("taxonomy_term_id") REFERENCES "public"."taxonomy_terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_options" ADD CONSTRAINT "cost_options_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "phones" ADD CONSTRAINT "phones_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedules" ADD CONSTRAINT "schedules_service_at_location_id_service_at_locations_id_fk" FOREIGN KEY ("service_at_location_id") REFERENCES "public"."service_at_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_areas" ADD CONSTRAINT "service_areas_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_areas" ADD CONSTRAINT "service_areas_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_areas" ADD CONSTRAINT "service_areas_ward_code_wards_code_fk" FOREIGN KEY ("ward_code") REFERENCES "public"."wards"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_at_locations" ADD CONSTRAINT "service_at_locations_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_at_locations" ADD CONSTRAINT "service_at_locations_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taxonomy_terms" ADD CONSTRAINT "taxonomy_terms_taxonomy_id_taxonomies_id_fk" FOREIGN KEY ("taxonomy_id") REFERENCES "public"."taxonomies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "postcodes_outcode_idx" ON "postcodes" USING btree ("outcode");--> statement-breakpoint
CREATE INDEX "postcodes_sector_idx" ON "postcodes" USING btree ("sector");--> statement-breakpoint
CREATE INDEX "postcodes_ward_idx" ON "postcodes" USING btree ("ward_code");--> statement-breakpoint
CREATE INDEX "postcodes_earth_idx" ON "postcodes" USING gist (ll_to_earth("latitude", "longitude"));--> statement-breakpoint
CREATE INDEX "wards_district_idx" ON "wards" USING btree ("district_code");--> statement-breakpoint
CREATE INDEX "accessibility_location_idx" ON "accessibility" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "addresses_location_idx" ON "addresses" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "attributes_link_idx" ON "attributes" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "attributes_term_idx" ON "attributes" USING btree ("taxonomy_term_id");--> statement-breakpoint
CREATE INDEX "contacts_service_idx" ON "contacts" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "cost_options_service_idx" ON "cost_options" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "locations_ward_idx" ON "locations" USING btree ("ward_code");--> statement-breakpoint
CREATE INDEX "locations_district_idx" ON "locations" USING btree ("district_code");--> statement-breakpoint
CREATE INDEX "locations_earth_idx" ON "locations" USING gist (ll_to_earth("latitude", "longitude"));--> statement-breakpoint
CREATE INDEX "phones_contact_idx" ON "phones" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "schedules_service_idx" ON "schedules" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "service_areas_service_idx" ON "service_areas" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "sal_service_idx" ON "service_at_locations" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "sal_location_idx" ON "service_at_locations" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "services_organization_idx" ON "services" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "services_status_kind_idx" ON "services" USING btree ("listing_status","kind");--> statement-breakpoint
CREATE INDEX "services_search_idx" ON "services" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "services_name_trgm_idx" ON "services" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "taxonomy_terms_taxonomy_idx" ON "taxonomy_terms" USING btree ("taxonomy_id","code");