-- Before a person's record goes (erasure, retention, or SQL by hand): their diverted care keeps
-- only the aggregate fields, under a new id and a new random subject (one per person), its
-- recording time only to the month; the note, who recorded it, and the figures in the audit
-- events of its recording go. The foreign keys then clear person and referral.
-- See docs/decisions/0015-evidence-dashboard.md.
CREATE OR REPLACE FUNCTION diverted_care_forget_person() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  fresh uuid := gen_random_uuid();
BEGIN
  UPDATE diverted_care
  SET id = gen_random_uuid(), subject = fresh, note = NULL, recorded_by = NULL,
      recorded_at = date_trunc('month', recorded_at)
  WHERE person_id = OLD.id;
  UPDATE audit_events
  SET details = details - 'divertedCareId' - 'service' - 'hoursPerWeek' - 'fromDate' - 'toDate' - 'weeklyPence' - 'cashable'
  WHERE action = 'diverted-care.record' AND details->>'personId' = OLD.id::text;
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER diverted_care_forget_person BEFORE DELETE ON persons
  FOR EACH ROW EXECUTE FUNCTION diverted_care_forget_person();
