CREATE TABLE "search_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"service_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"processed_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
CREATE INDEX "search_outbox_pending_idx" ON "search_outbox" USING btree ("available_at","id") WHERE "search_outbox"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "search_outbox_service_idx" ON "search_outbox" USING btree ("service_id") WHERE "search_outbox"."processed_at" is null;--> statement-breakpoint
CREATE INDEX "search_outbox_processed_idx" ON "search_outbox" USING btree ("processed_at") WHERE "search_outbox"."processed_at" is not null;