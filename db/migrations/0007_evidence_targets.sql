CREATE TABLE "evidence_targets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_code" text,
	"monthly_target_pence" integer NOT NULL,
	"valid_from" date NOT NULL,
	"note" text,
	"set_by" uuid,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evidence_targets_amount" CHECK ("evidence_targets"."monthly_target_pence" >= 0),
	CONSTRAINT "evidence_targets_month_start" CHECK (extract(day from "evidence_targets"."valid_from") = 1)
);
--> statement-breakpoint
CREATE TABLE "programme_investments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_code" text,
	"amount_pence" integer NOT NULL,
	"invested_on" date NOT NULL,
	"description" text NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_investments_amount" CHECK ("programme_investments"."amount_pence" >= 0)
);
--> statement-breakpoint
ALTER TABLE "evidence_targets" ADD CONSTRAINT "evidence_targets_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_investments" ADD CONSTRAINT "programme_investments_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evidence_targets_from_idx" ON "evidence_targets" USING btree ("district_code","valid_from");--> statement-breakpoint
CREATE INDEX "programme_investments_on_idx" ON "programme_investments" USING btree ("invested_on");