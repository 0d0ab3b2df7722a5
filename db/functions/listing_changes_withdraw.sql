-- A provider's change waiting on a listing no longer applies once the listing leaves
-- "published" or passes to another organisation, whatever does it. Withdrawn in the same
-- transaction. See docs/decisions/0011-listing-workflow.md.
CREATE OR REPLACE FUNCTION listing_changes_withdraw() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.listing_status = 'published' AND NEW.listing_status <> 'published')
     OR OLD.organization_id IS DISTINCT FROM NEW.organization_id THEN
    UPDATE listing_changes SET status = 'withdrawn', decided_at = now()
    WHERE service_id = NEW.id AND status = 'pending';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER listing_changes_withdraw AFTER UPDATE OF listing_status, organization_id ON services
  FOR EACH ROW EXECUTE FUNCTION listing_changes_withdraw();
