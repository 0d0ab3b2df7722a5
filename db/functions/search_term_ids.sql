-- services.term_ids: every taxonomy term linked to the service through attributes (needs,
-- kinds, accessibility), so need filters and facet counts read the row.
-- See docs/decisions/0009-search-performance.md.
CREATE OR REPLACE FUNCTION search_term_ids(service uuid) RETURNS uuid[]
LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT a.taxonomy_term_id ORDER BY a.taxonomy_term_id), '{}'::uuid[])
  FROM attributes a
  WHERE a.link_id = service
$$;
