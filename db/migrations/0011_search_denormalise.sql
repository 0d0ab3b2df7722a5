ALTER TABLE "services" ADD COLUMN "term_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "location_box" "cube";--> statement-breakpoint
CREATE INDEX "services_term_ids_idx" ON "services" USING gin ("term_ids");--> statement-breakpoint
CREATE INDEX "services_location_box_idx" ON "services" USING gist ("location_box");