-- The evidence outlives the person's record (ADR 0015): each diverted-care row carries what the
-- dashboard groups by (where, what kind of support, which need), from the person and the
-- referral as they are when the care is recorded.
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
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER diverted_care_fill BEFORE INSERT ON diverted_care
  FOR EACH ROW EXECUTE FUNCTION diverted_care_fill();
