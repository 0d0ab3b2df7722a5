ALTER TABLE "diverted_care" DROP CONSTRAINT "diverted_care_referral_id_referrals_id_fk";
--> statement-breakpoint
ALTER TABLE "diverted_care" DROP CONSTRAINT "diverted_care_person_id_persons_id_fk";
--> statement-breakpoint
ALTER TABLE "diverted_care" ALTER COLUMN "referral_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "diverted_care" ALTER COLUMN "person_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD COLUMN "subject" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD COLUMN "district_code" text;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD COLUMN "ward_code" text;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD COLUMN "asset_kind" text;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD COLUMN "need" text;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD CONSTRAINT "diverted_care_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "diverted_care" ADD CONSTRAINT "diverted_care_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "diverted_care_person_idx" ON "diverted_care" USING btree ("person_id");--> statement-breakpoint
-- The evidence outlives the person's record (ADR 0015). Until now erasing a person, or their
-- record reaching the end of retention, deleted their diverted care by cascade, so the
-- dashboard's figures for past months fell as records aged out. Now each row carries what the
-- dashboard aggregates (where, what kind of support, which need), filled here when it is
-- written, and loses every link to the person when their record goes.

-- What the dashboard groups by, from the person and the referral, as they are when the care is recorded.
CREATE OR REPLACE FUNCTION diverted_care_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.person_id IS NOT NULL THEN
    NEW.subject := NEW.person_id;
    SELECT coalesce(NEW.district_code, p.district_code), coalesce(NEW.ward_code, p.ward_code)
      INTO NEW.district_code, NEW.ward_code
      FROM persons p WHERE p.id = NEW.person_id;
  END IF;
  IF NEW.referral_id IS NOT NULL THEN
    SELECT coalesce(NEW.asset_kind, s.kind::text), coalesce(NEW.need, r.needs[1])
      INTO NEW.asset_kind, NEW.need
      FROM referrals r JOIN services s ON s.id = r.service_id WHERE r.id = NEW.referral_id;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER diverted_care_fill BEFORE INSERT ON diverted_care
  FOR EACH ROW EXECUTE FUNCTION diverted_care_fill();--> statement-breakpoint

-- Before a person's record goes (erasure, retention, or SQL by hand): their diverted care keeps
-- only the aggregate fields, under a new random subject (one per person, so people can still be
-- counted); the note and who recorded it go. The foreign keys then clear person and referral.
CREATE OR REPLACE FUNCTION diverted_care_forget_person() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  fresh uuid := gen_random_uuid();
BEGIN
  UPDATE diverted_care SET subject = fresh, note = NULL, recorded_by = NULL WHERE person_id = OLD.id;
  RETURN OLD;
END
$$;--> statement-breakpoint
CREATE TRIGGER diverted_care_forget_person BEFORE DELETE ON persons
  FOR EACH ROW EXECUTE FUNCTION diverted_care_forget_person();--> statement-breakpoint

-- Rows written before this migration.
UPDATE diverted_care d SET subject = d.person_id, district_code = p.district_code, ward_code = p.ward_code,
  asset_kind = s.kind::text, need = r.needs[1]
FROM persons p, referrals r JOIN services s ON s.id = r.service_id
WHERE p.id = d.person_id AND r.id = d.referral_id;
