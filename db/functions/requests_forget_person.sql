-- Erasing a person keeps their requests for the funnel, with nothing left that leads back to
-- them (requests_forget).
CREATE OR REPLACE FUNCTION requests_forget_person() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM requests_forget(array(SELECT id FROM requests WHERE person_id = OLD.id));
  RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER requests_forget_person BEFORE DELETE ON persons
  FOR EACH ROW EXECUTE FUNCTION requests_forget_person();
