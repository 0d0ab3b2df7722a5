-- The transaction-local switch a bulk writer sets (`set local atlas.bulk_load = 'on'`): every
-- search trigger then returns at once, and the writer owes what they would have done
-- (search_bulk_loaded, in the same transaction). Unset, nothing changes.
CREATE OR REPLACE FUNCTION search_bulk_load() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('atlas.bulk_load', true), '') = 'on'
$$;
