-- The search outbox's writers: triggers on every table that changes a listing's search
-- document, so every write path (forms, imports, capacity updates, verification, SQL by hand)
-- queues the listing in the same transaction as the change. See docs/decisions/0010-meilisearch-sync.md.
--
-- Only published listings are queued (a listing leaving "published" is queued by the services
-- trigger, so its document is deleted). A listing is queued once per transaction (an import
-- writing ten rows of one listing queues it once). Rows of other transactions are never reused:
-- one could be claimed by a worker, which reads the listing, before this transaction commits,
-- and the change would never reach the index.

CREATE OR REPLACE FUNCTION search_outbox_enqueue(listing uuid, why text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF listing IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO search_outbox (service_id, reason)
  SELECT listing, why
  WHERE NOT EXISTS (
    SELECT 1 FROM search_outbox o
    WHERE o.service_id = listing AND o.processed_at IS NULL
      AND o.xmin = pg_current_xact_id()::xid -- written by this transaction
  );
END
$$;
--> statement-breakpoint

-- services: queue the listing when it is, or was, published.
CREATE OR REPLACE FUNCTION search_outbox_services_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
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

-- The listings a row of another table belongs to (the row as jsonb; NULL gives none).
CREATE OR REPLACE FUNCTION search_outbox_listings_of(table_name text, r jsonb) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF r IS NULL THEN
    RETURN;
  END IF;
  CASE table_name
    WHEN 'service_at_locations', 'cost_options', 'service_areas' THEN
      RETURN NEXT (r->>'service_id')::uuid;
    WHEN 'schedules' THEN
      RETURN NEXT (r->>'service_id')::uuid;
      RETURN QUERY SELECT sal.service_id FROM service_at_locations sal WHERE sal.id = (r->>'service_at_location_id')::uuid;
    WHEN 'locations' THEN
      RETURN QUERY SELECT sal.service_id FROM service_at_locations sal WHERE sal.location_id = (r->>'id')::uuid;
    WHEN 'addresses' THEN
      RETURN QUERY SELECT sal.service_id FROM service_at_locations sal WHERE sal.location_id = (r->>'location_id')::uuid;
    WHEN 'attributes' THEN
      IF r->>'link_type' = 'service' THEN
        RETURN NEXT (r->>'link_id')::uuid;
      ELSIF r->>'link_type' = 'location' THEN
        RETURN QUERY SELECT sal.service_id FROM service_at_locations sal WHERE sal.location_id = (r->>'link_id')::uuid;
      END IF;
    ELSE
      RAISE EXCEPTION 'search_outbox_listings_of: no rule for table %', table_name;
  END CASE;
END
$$;
--> statement-breakpoint

-- Any other table: queue the published listings the old and the new row belong to.
CREATE OR REPLACE FUNCTION search_outbox_row_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  listing uuid;
BEGIN
  IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
    RETURN NULL;
  END IF;
  FOR listing IN
    SELECT s.id FROM services s
    WHERE s.listing_status = 'published'
      AND s.id IN (
        SELECT search_outbox_listings_of(TG_TABLE_NAME, CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END)
        UNION
        SELECT search_outbox_listings_of(TG_TABLE_NAME, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END)
      )
  LOOP
    PERFORM search_outbox_enqueue(listing, TG_TABLE_NAME || ':' || lower(TG_OP));
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint

CREATE TRIGGER search_outbox_services AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH ROW EXECUTE FUNCTION search_outbox_services_changed();
--> statement-breakpoint
CREATE TRIGGER search_outbox_locations AFTER INSERT OR UPDATE OR DELETE ON locations
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE TRIGGER search_outbox_addresses AFTER INSERT OR UPDATE OR DELETE ON addresses
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE TRIGGER search_outbox_service_at_locations AFTER INSERT OR UPDATE OR DELETE ON service_at_locations
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE TRIGGER search_outbox_schedules AFTER INSERT OR UPDATE OR DELETE ON schedules
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE TRIGGER search_outbox_attributes AFTER INSERT OR UPDATE OR DELETE ON attributes
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE TRIGGER search_outbox_cost_options AFTER INSERT OR UPDATE OR DELETE ON cost_options
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
--> statement-breakpoint
CREATE TRIGGER search_outbox_service_areas AFTER INSERT OR UPDATE OR DELETE ON service_areas
  FOR EACH ROW EXECUTE FUNCTION search_outbox_row_changed();
