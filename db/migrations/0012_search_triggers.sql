-- Search columns on services, kept by triggers (see docs/decisions/0009-search-performance.md):
--   term_ids      every taxonomy term linked through attributes (needs, kinds, accessibility),
--                 so need filters, need matches and need facet counts read the row, not attributes;
--   location_box  ll_to_earth of the service's one located place, or the box around all of them,
--                 so the radius narrows the scan of services through a GiST index.
-- Statement-level triggers with transition tables: one UPDATE per statement, however many rows.

CREATE OR REPLACE FUNCTION search_term_ids(service uuid) RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT a.taxonomy_term_id ORDER BY a.taxonomy_term_id), '{}'::uuid[])
  FROM attributes a
  WHERE a.link_id = service
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION search_location_box(service uuid) RETURNS cube
LANGUAGE sql STABLE AS $$
  SELECT cube(
    array[min(cube_ll_coord(p.e, 1)), min(cube_ll_coord(p.e, 2)), min(cube_ll_coord(p.e, 3))],
    array[max(cube_ur_coord(p.e, 1)), max(cube_ur_coord(p.e, 2)), max(cube_ur_coord(p.e, 3))]
  )
  FROM (
    SELECT ll_to_earth(l.latitude, l.longitude) AS e
    FROM service_at_locations sal
    JOIN locations l ON l.id = sal.location_id
    WHERE sal.service_id = service AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
  ) p
  HAVING count(*) > 0
$$;--> statement-breakpoint

-- A new service picks up whatever already points at it (attributes have no foreign key, so they may come first).
CREATE OR REPLACE FUNCTION search_services_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.term_ids := search_term_ids(NEW.id);
  NEW.location_box := search_location_box(NEW.id);
  RETURN NEW;
END
$$;--> statement-breakpoint

CREATE TRIGGER services_search_columns BEFORE INSERT ON services
  FOR EACH ROW EXECUTE FUNCTION search_services_before_insert();--> statement-breakpoint

CREATE OR REPLACE FUNCTION search_refresh_terms() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Joined (not "id IN"), so search_term_ids() runs only for the services the statement touched.
  IF TG_OP = 'INSERT' THEN
    UPDATE services s SET term_ids = c.term_ids
    FROM (SELECT id, search_term_ids(id) AS term_ids FROM (SELECT DISTINCT link_id AS id FROM new_rows) ids) c
    WHERE s.id = c.id AND s.term_ids IS DISTINCT FROM c.term_ids;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE services s SET term_ids = c.term_ids
    FROM (SELECT id, search_term_ids(id) AS term_ids FROM (SELECT DISTINCT link_id AS id FROM old_rows) ids) c
    WHERE s.id = c.id AND s.term_ids IS DISTINCT FROM c.term_ids;
  ELSE
    UPDATE services s SET term_ids = c.term_ids
    FROM (SELECT id, search_term_ids(id) AS term_ids FROM (SELECT link_id AS id FROM old_rows UNION SELECT link_id FROM new_rows) ids) c
    WHERE s.id = c.id AND s.term_ids IS DISTINCT FROM c.term_ids;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE TRIGGER attributes_search_insert AFTER INSERT ON attributes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_terms();--> statement-breakpoint
CREATE TRIGGER attributes_search_update AFTER UPDATE ON attributes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_terms();--> statement-breakpoint
CREATE TRIGGER attributes_search_delete AFTER DELETE ON attributes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_terms();--> statement-breakpoint

CREATE OR REPLACE FUNCTION search_refresh_service_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
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
$$;--> statement-breakpoint

CREATE TRIGGER service_at_locations_search_insert AFTER INSERT ON service_at_locations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_service_places();--> statement-breakpoint
CREATE TRIGGER service_at_locations_search_update AFTER UPDATE ON service_at_locations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_service_places();--> statement-breakpoint
CREATE TRIGGER service_at_locations_search_delete AFTER DELETE ON service_at_locations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_service_places();--> statement-breakpoint

-- A location that moves moves every service held there.
CREATE OR REPLACE FUNCTION search_refresh_location_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
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
$$;--> statement-breakpoint

CREATE TRIGGER locations_search_update AFTER UPDATE ON locations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_location_places();--> statement-breakpoint

UPDATE services SET term_ids = search_term_ids(id), location_box = search_location_box(id);
