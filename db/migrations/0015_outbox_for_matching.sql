-- The search outbox, made safe for readers that keep what they read (the matching catalogue,
-- ADR 0016) as well as for the Meilisearch worker.
--
-- 1. A change to a listing's details (places, schedules, prices, areas, attributes) is queued
--    whatever the listing's status, not only when it is published (0010, 0013).
--
--    The old rule read the status in the writer's own snapshot, so it could miss: transaction B
--    publishes a listing and has not committed; transaction A changes its schedule, still sees a
--    draft, and queues nothing; B commits and is seen (by the Meilisearch worker or a matching
--    catalogue, ADR 0016), then A commits, and A's change is never picked up. Queuing regardless
--    costs a row per change to an unpublished listing; the worker deletes a document that is not
--    there, and the matching catalogue drops a listing it does not hold. Changes to the services
--    row itself still queue only published (or formerly published) listings: a concurrent update
--    of the same row waits for the other, and then sees its status.
--    See docs/decisions/0016-matching-catalogue.md.

CREATE OR REPLACE FUNCTION search_outbox_row_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  listing uuid;
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
    RETURN NULL;
  END IF;
  FOR listing IN
    SELECT s.id
    FROM (
      SELECT search_outbox_listings_of(TG_TABLE_NAME, CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END) AS id
      UNION
      SELECT search_outbox_listings_of(TG_TABLE_NAME, CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END)
    ) l
    JOIN services s ON s.id = l.id -- by primary key: listings that exist (a deleted one was queued by its own trigger)
  LOOP
    PERFORM search_outbox_enqueue(listing, TG_TABLE_NAME || ':' || lower(TG_OP));
  END LOOP;
  RETURN NULL;
END
$$;--> statement-breakpoint


-- 2. What trimming removed. Rows are trimmed an hour (or, once sent to Meilisearch, a day) after
--    they were queued; a transaction that ran for longer commits rows that may be trimmed before
--    a catalogue has looked. `up_to` is the newest writing transaction among trimmed rows: a
--    catalogue whose last look had not seen that transaction loads everything again.
CREATE TABLE search_outbox_trimmed (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  up_to xid8 NOT NULL
);--> statement-breakpoint
INSERT INTO search_outbox_trimmed (up_to) VALUES ('0'::xid8);
