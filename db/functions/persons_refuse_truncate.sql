-- TRUNCATE skips row triggers: truncating persons would delete the evidence without
-- de-identifying it. Refused; delete the rows instead.
CREATE OR REPLACE FUNCTION persons_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'persons cannot be truncated: it would delete diverted-care evidence without de-identifying it. Delete the rows instead.';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER persons_refuse_truncate BEFORE TRUNCATE ON persons
  FOR EACH STATEMENT EXECUTE FUNCTION persons_refuse_truncate();
