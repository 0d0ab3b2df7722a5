-- service_at_locations → services.location_box, one UPDATE per statement. Off while
-- atlas.bulk_load is on.
CREATE OR REPLACE FUNCTION search_refresh_service_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE services s SET location_box = c.box
    FROM (SELECT id, search_location_box(id) AS box FROM (SELECT DISTINCT service_id AS id FROM new_rows) ids) c
    WHERE s.id = c.id AND s.location_box IS DISTINCT FROM c.box;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE services s SET location_box = c.box
    FROM (SELECT id, search_location_box(id) AS box FROM (SELECT DISTINCT service_id AS id FROM old_rows) ids) c
    WHERE s.id = c.id AND s.location_box IS DISTINCT FROM c.box;
  ELSE
    UPDATE services s SET location_box = c.box
    FROM (SELECT id, search_location_box(id) AS box FROM (SELECT service_id AS id FROM old_rows UNION SELECT service_id FROM new_rows) ids) c
    WHERE s.id = c.id AND s.location_box IS DISTINCT FROM c.box;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER service_at_locations_search_insert AFTER INSERT ON service_at_locations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_service_places();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER service_at_locations_search_update AFTER UPDATE ON service_at_locations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_service_places();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER service_at_locations_search_delete AFTER DELETE ON service_at_locations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_service_places();
