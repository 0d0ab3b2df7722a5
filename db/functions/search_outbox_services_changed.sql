-- services: queue the listing when it is, or was, published (a listing leaving "published" is
-- queued so its document is deleted). Off while atlas.bulk_load is on: the listing writer
-- (db/listings/write.ts) then queues what it wrote itself, once.
CREATE OR REPLACE FUNCTION search_outbox_services_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.listing_status = 'published' THEN
      PERFORM search_outbox_enqueue(OLD.id, 'services:delete');
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.listing_status = 'published' THEN
      PERFORM search_outbox_enqueue(NEW.id, 'services:insert');
    END IF;
  ELSIF (OLD.listing_status = 'published' OR NEW.listing_status = 'published') AND OLD IS DISTINCT FROM NEW THEN
    PERFORM search_outbox_enqueue(NEW.id, 'services:update');
    IF OLD.id <> NEW.id THEN
      PERFORM search_outbox_enqueue(OLD.id, 'services:update');
    END IF;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_services AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH ROW EXECUTE FUNCTION search_outbox_services_changed();
