CREATE TYPE "public"."unit_cost_unit" AS ENUM('hour', 'week', 'placement');--> statement-breakpoint
CREATE TABLE "unit_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service" text NOT NULL,
	"unit" "unit_cost_unit" NOT NULL,
	"amount_pence" integer NOT NULL,
	"price_year" text NOT NULL,
	"source" text NOT NULL,
	"notes" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_costs_amount_positive" CHECK ("unit_costs"."amount_pence" > 0),
	CONSTRAINT "unit_costs_validity_order" CHECK ("unit_costs"."valid_to" is null or "unit_costs"."valid_to" > "unit_costs"."valid_from"),
	CONSTRAINT "unit_costs_price_year_format" CHECK ("unit_costs"."price_year" ~ '^[0-9]{4}/[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "unit_costs" ADD CONSTRAINT "unit_costs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unit_costs_service_from_idx" ON "unit_costs" USING btree ("service","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "unit_costs_service_open_idx" ON "unit_costs" USING btree ("service") WHERE "unit_costs"."valid_to" is null;--> statement-breakpoint
CREATE INDEX "unit_costs_service_idx" ON "unit_costs" USING btree ("service","valid_from","valid_to");