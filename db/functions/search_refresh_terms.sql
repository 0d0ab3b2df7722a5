-- attributes → services.term_ids, one UPDATE per statement however many rows (transition
-- tables). Off while atlas.bulk_load is on.
CREATE OR REPLACE FUNCTION search_refresh_terms() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
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
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attributes_search_insert AFTER INSERT ON attributes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_terms();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attributes_search_update AFTER UPDATE ON attributes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_terms();
--> statement-breakpoint
CREATE OR REPLACE TRIGGER attributes_search_delete AFTER DELETE ON attributes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_refresh_terms();
