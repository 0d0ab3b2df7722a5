CREATE TABLE "place_names" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"district_code" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"extent_miles" double precision,
	"postcode_count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "place_names" ADD CONSTRAINT "place_names_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "place_names_district_idx" ON "place_names" USING btree ("district_code");