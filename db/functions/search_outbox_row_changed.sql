-- Any other table that shapes a listing's search document: queue the listings the old and the
-- new row belong to, whatever their status. Reading the status in the writer's own snapshot
-- could miss a listing published by a transaction that commits first (ADR 0016), so a change
-- to an unpublished listing is queued too; readers drop what they do not hold.
-- Off while atlas.bulk_load is on (the listing writer queues what it wrote itself).
CREATE OR REPLACE FUNCTION search_outbox_row_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  listing uuid;
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
    RETURN NULL;
  END IF;
  FOR listing IN
    SELECT s.id
    FROM (
      SELECT search_outbox_listings_of(TG_TABLE_NAME, CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END) AS id
      UNION
      SELECT search_outbox_listings_of(TG_TABLE_NAME, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END)
    ) l
    JOIN services s ON s.id = l.id -- by primary key: listings that exist (a deleted one was queued by its own trigger)
  LOOP
    PERFORM search_outbox_enqueue(listing, TG_TABLE_NAME || ':' || lower(TG_OP));
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_locations AFTER INSERT OR UPDATE OR DELETE ON locations
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_addresses AFTER INSERT OR UPDATE OR DELETE ON addresses
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_service_at_locations AFTER INSERT OR UPDATE OR DELETE ON service_at_locations
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_schedules AFTER INSERT OR UPDATE OR DELETE ON schedules
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_attributes AFTER INSERT OR UPDATE OR DELETE ON attributes
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_cost_options AFTER INSERT OR UPDATE OR DELETE ON cost_options
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_service_areas AFTER INSERT OR UPDATE OR DELETE ON service_areas
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
