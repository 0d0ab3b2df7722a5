-- A new service picks up whatever already points at it (attributes have no foreign key, so they
-- may come first). Off while atlas.bulk_load is on.
CREATE OR REPLACE FUNCTION search_services_before_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NEW;
  END IF;
  NEW.term_ids := search_term_ids(NEW.id);
  NEW.location_box := search_location_box(NEW.id);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER services_search_columns BEFORE INSERT ON services
  FOR EACH ROW EXECUTE FUNCTION search_services_before_insert();
