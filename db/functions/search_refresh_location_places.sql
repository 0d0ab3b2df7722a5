-- A location that moves moves every service held there. Off while atlas.bulk_load is on.
CREATE OR REPLACE FUNCTION search_refresh_location_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  UPDATE services s SET location_box = c.box
  FROM (
    SELECT id, search_location_box(id) AS box FROM (
      SELECT DISTINCT sal.service_id AS id
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
      JOIN service_at_locations sal ON sal.location_id = n.id
      WHERE n.latitude IS DISTINCT FROM o.latitude OR n.longitude IS DISTINCT FROM o.longitude
    ) ids
  ) c
  WHERE s.id = c.id AND s.location_box IS DISTINCT FROM c.box;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER locations_search_update AFTER UPDATE ON locations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_location_places();
