CREATE TYPE "public"."service_status" AS ENUM('active', 'inactive', 'defunct', 'temporarily closed');--> statement-breakpoint
CREATE TABLE "funding" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"organization_id" uuid,
	"source" text
);
--> statement-breakpoint
CREATE TABLE "languages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" uuid,
	"phone_id" uuid,
	"name" text,
	"code" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "organization_identifiers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"identifier_scheme" text,
	"identifier_type" text NOT NULL,
	"identifier" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accessibility" ADD COLUMN "accessibility" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "logo" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "status" "service_status" DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "funding" ADD CONSTRAINT "funding_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding" ADD CONSTRAINT "funding_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "languages" ADD CONSTRAINT "languages_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "languages" ADD CONSTRAINT "languages_phone_id_phones_id_fk" FOREIGN KEY ("phone_id") REFERENCES "public"."phones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_identifiers" ADD CONSTRAINT "organization_identifiers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funding_service_idx" ON "funding" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "languages_service_idx" ON "languages" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "organization_identifiers_organization_idx" ON "organization_identifiers" USING btree ("organization_id");