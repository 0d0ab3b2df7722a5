-- Queues a listing in the search outbox, once per transaction. Rows of other transactions are
-- never reused: one could be claimed by a worker, which reads the listing, before this
-- transaction commits, and the change would never reach the index.
-- See docs/decisions/0010-meilisearch-sync.md.
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
