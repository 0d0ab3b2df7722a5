-- ── Requests outlive the people they were about ──
-- What the funnel counts stays (dates, source, conversation, outcome, which short-term support
-- or formal care, ward and district); everything that could lead back to the person goes:
-- the caller's details, notes, who worked on it, its history, and its id and reference (new
-- ones, so the audit trail's ids no longer point at it); times only to the month.
CREATE OR REPLACE FUNCTION requests_forget(ids uuid[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  forgotten integer;
BEGIN
  UPDATE referrals SET request_id = NULL WHERE request_id = ANY(ids);
  DELETE FROM request_events WHERE request_id = ANY(ids);
  WITH fresh AS (SELECT id AS old_id, gen_random_uuid() AS new_id FROM requests WHERE id = ANY(ids))
  UPDATE requests r
  SET id = fresh.new_id, reference = 'ERASED-' || fresh.new_id::text, person_id = NULL, source_note = NULL,
      contact_name = NULL, contact_phone = NULL, contact_email = NULL, postcode = NULL, contact_times = NULL,
      asked_for = NULL, contact_consent = false, contact_consent_at = NULL, practitioner_id = NULL,
      next_action_on = NULL, next_action = NULL, outcome_note = NULL, closed_by = NULL, created_by = NULL,
      care_decided_on = NULL, created_at = date_trunc('month', r.created_at), updated_at = date_trunc('month', r.created_at),
      last_activity_at = date_trunc('month', r.created_at)
  FROM fresh WHERE r.id = fresh.old_id;
  GET DIAGNOSTICS forgotten = ROW_COUNT;
  RETURN forgotten;
END
$$;
