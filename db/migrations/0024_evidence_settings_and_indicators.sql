CREATE TABLE "evidence_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_code" text,
	"asset_kind" text,
	"valid_from" date NOT NULL,
	"deadweight_percent" numeric(5, 2) NOT NULL,
	"displacement_percent" numeric(5, 2) NOT NULL,
	"attribution_percent" numeric(5, 2) NOT NULL,
	"drop_off_percent" numeric(5, 2) NOT NULL,
	"optimism_bias_percent" numeric(5, 2) NOT NULL,
	"source" text NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_adjustments_month_start" CHECK (extract(day from "evidence_adjustments"."valid_from") = 1),
	CONSTRAINT "evidence_adjustments_shares" CHECK ("evidence_adjustments"."deadweight_percent" between 0 and 100 and "evidence_adjustments"."displacement_percent" between 0 and 100 and "evidence_adjustments"."attribution_percent" between 0 and 100
          and "evidence_adjustments"."drop_off_percent" between 0 and 100 and "evidence_adjustments"."optimism_bias_percent" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "evidence_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_code" text,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_programmes_month_start" CHECK (extract(day from "evidence_programmes"."starts_on") = 1)
);
--> statement-breakpoint
CREATE TABLE "kpi_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"status" text NOT NULL,
	"rows" jsonb NOT NULL,
	"problems" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"imported_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kpi_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator" text NOT NULL,
	"measure" text NOT NULL,
	"period" text NOT NULL,
	"period_start" date NOT NULL,
	"value" numeric(14, 4) NOT NULL,
	"price_year" text,
	"source" text NOT NULL,
	"note" text,
	"import_id" uuid,
	"is_demo" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_index_editions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"published_on" date NOT NULL,
	"notes" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_index_values" (
	"edition_id" uuid NOT NULL,
	"year" text NOT NULL,
	"value" numeric(12, 4) NOT NULL,
	"forecast" boolean DEFAULT false NOT NULL,
	CONSTRAINT "price_index_values_edition_id_year_pk" PRIMARY KEY("edition_id","year"),
	CONSTRAINT "price_index_values_positive" CHECK ("price_index_values"."value" > 0),
	CONSTRAINT "price_index_values_year_format" CHECK ("price_index_values"."year" ~ '^[0-9]{4}/[0-9]{2}$')
);
--> statement-breakpoint
ALTER TABLE "evidence_adjustments" ADD CONSTRAINT "evidence_adjustments_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence_programmes" ADD CONSTRAINT "evidence_programmes_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_imports" ADD CONSTRAINT "kpi_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_values" ADD CONSTRAINT "kpi_values_import_id_kpi_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."kpi_imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_values" ADD CONSTRAINT "kpi_values_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_index_editions" ADD CONSTRAINT "price_index_editions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_index_values" ADD CONSTRAINT "price_index_values_edition_id_price_index_editions_id_fk" FOREIGN KEY ("edition_id") REFERENCES "public"."price_index_editions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_adjustments_area_idx" ON "evidence_adjustments" USING btree ("district_code","asset_kind","valid_from");--> statement-breakpoint
CREATE INDEX "evidence_programmes_area_idx" ON "evidence_programmes" USING btree ("district_code","set_at");--> statement-breakpoint
CREATE INDEX "kpi_values_indicator_idx" ON "kpi_values" USING btree ("indicator","measure","period_start","recorded_at");