-- The matching catalogue (issue 6, item 6): each app server keeps the published listings'
-- matching details in memory and, before every match, reloads the listings changed since it
-- last looked. The search outbox (0009, 0010) already queues every such listing in the same
-- transaction as the change; this records which transaction wrote each row, so a reader can ask
-- "what was written by transactions that had not finished when I last read?" and miss nothing:
-- a transaction still running then has an id at or above that snapshot's xmin.
-- An update (the worker marking a row processed) keeps the column: xmin would not.
-- See docs/decisions/0016-matching-catalogue.md.

ALTER TABLE search_outbox ADD COLUMN written_by xid8 NOT NULL DEFAULT pg_current_xact_id();--> statement-breakpoint
CREATE INDEX search_outbox_written_by_idx ON search_outbox (written_by);
