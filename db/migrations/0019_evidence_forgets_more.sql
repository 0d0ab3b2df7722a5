-- Diverted care kept after a person's record goes (0016) must not lead back to them. A review
-- found three ways it still could, all closed here:
-- 1. The row kept its id, which the audit event of its recording names beside the person's
--    id: the row now gets a new id, and its recording time only to the month.
-- 2. That audit event also carried the figures (service, hours, dates, cost), enough to match
--    the row by value: they are removed from the person's diverted-care audit events when the
--    record goes (new events no longer carry them: app/modules/referrals/care-evidence.server.ts).
--    The audit trail still says who recorded diverted care for that person id, and when.
-- 3. TRUNCATE skips row triggers: truncating persons (with CASCADE) would delete the evidence
--    without a word. It is refused; delete the rows instead.
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
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION persons_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'persons cannot be truncated: it would delete diverted-care evidence without de-identifying it. Delete the rows instead.';
END
$$;--> statement-breakpoint
CREATE TRIGGER persons_refuse_truncate BEFORE TRUNCATE ON persons
  FOR EACH STATEMENT EXECUTE FUNCTION persons_refuse_truncate();
--> statement-breakpoint
-- For the audit clean-up above: a person's diverted-care events, found without a scan.
CREATE INDEX audit_events_diverted_person_idx ON audit_events ((details->>'personId')) WHERE action = 'diverted-care.record';
