-- The listings a row of another table belongs to (the row as jsonb; NULL gives none). Declared to
-- return about 2 rows: a set-returning function is otherwise assumed to return 1,000, and
-- "services.id IN (...)" was planned as a scan of services on every row written.
CREATE OR REPLACE FUNCTION search_outbox_listings_of(table_name text, r jsonb) RETURNS SETOF uuid
LANGUAGE plpgsql STABLE ROWS 2 AS $$
BEGIN
  IF r IS NULL THEN
    RETURN;
  END IF;
  CASE table_name
    WHEN 'service_at_locations', 'cost_options', 'service_areas' THEN
      RETURN NEXT (r->>'service_id')::uuid;
    WHEN 'schedules' THEN
      RETURN NEXT (r->>'service_id')::uuid;
      RETURN QUERY SELECT sal.service_id FROM service_at_locations sal WHERE sal.id = (r->>'service_at_location_id')::uuid;
    WHEN 'locations' THEN
      RETURN QUERY SELECT sal.service_id FROM service_at_locations sal WHERE sal.location_id = (r->>'id')::uuid;
    WHEN 'addresses' THEN
      RETURN QUERY SELECT sal.service_id FROM service_at_locations sal WHERE sal.location_id = (r->>'location_id')::uuid;
    WHEN 'attributes' THEN
      IF r->>'link_type' = 'service' THEN
        RETURN NEXT (r->>'link_id')::uuid;
      ELSIF r->>'link_type' = 'location' THEN
        RETURN QUERY SELECT sal.service_id FROM service_at_locations sal WHERE sal.location_id = (r->>'link_id')::uuid;
      END IF;
    ELSE
      RAISE EXCEPTION 'search_outbox_listings_of: no rule for table %', table_name;
  END CASE;
END
$$;
