-- Tells listeners in this database that listings were queued for the search outbox (or that the
-- outbox was trimmed), once per statement, delivered when the transaction commits (identical
-- notices in one transaction are sent once). The embedded database delivers it in the commit's
-- own reply, so an app server using it knows, before the writer's call returns, that its
-- in-memory copies must look at the outbox again; with nothing written it need not ask.
-- See search/listing-feed.server.ts.
CREATE OR REPLACE FUNCTION search_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('search_outbox', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE TRIGGER search_outbox_notify AFTER INSERT ON search_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_notify();
--> statement-breakpoint
-- A trim of the outbox tells too: a reader whose last look may not have seen the rows trimmed
-- must load everything, and only a look finds that out.
CREATE OR REPLACE TRIGGER search_outbox_trimmed_notify AFTER INSERT OR UPDATE ON search_outbox_trimmed
  FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_notify();
