-- Bulk writes and the search triggers (issue 4: 10,000 CSV rows in under a minute).
--
-- 1. A transaction-local switch: after `set local atlas.bulk_load = 'on'` every search trigger
--    (outbox, 0010; search columns, 0012) returns at once. The writer then owes, in the same
--    transaction, what they would have done: search_bulk_loaded(listings, also_queue) below
--    recomputes term_ids/location_box for the listings and queues them in the outbox, one
--    statement each. Unset, nothing changes (every other writer keeps the triggers).
-- 2. Cheaper row triggers for everyone: search_outbox_listings_of() declared to return ~2 rows
--    (a set-returning function is assumed to return 1,000, so "services.id IN (...)" was planned
--    as a scan of services on every row written), and the published check joins services by id.
-- See docs/decisions/0010-meilisearch-sync.md and 0009-search-performance.md.

CREATE OR REPLACE FUNCTION search_bulk_load() RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('atlas.bulk_load', true), '') = 'on'
$$;--> statement-breakpoint

ALTER FUNCTION search_outbox_listings_of(text, jsonb) ROWS 2;--> statement-breakpoint

CREATE OR REPLACE FUNCTION search_outbox_services_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.listing_status = 'published' THEN
      PERFORM search_outbox_enqueue(OLD.id, 'services:delete');
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    IF NEW.listing_status = 'published' THEN
      PERFORM search_outbox_enqueue(NEW.id, 'services:insert');
    END IF;
  ELSIF (OLD.listing_status = 'published' OR NEW.listing_status = 'published') AND OLD IS DISTINCT FROM NEW THEN
    PERFORM search_outbox_enqueue(NEW.id, 'services:update');
    IF OLD.id <> NEW.id THEN
      PERFORM search_outbox_enqueue(OLD.id, 'services:update');
    END IF;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint

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
    JOIN services s ON s.id = l.id -- by primary key, one probe per listing
    WHERE s.listing_status = 'published'
  LOOP
    PERFORM search_outbox_enqueue(listing, TG_TABLE_NAME || ':' || lower(TG_OP));
  END LOOP;
  RETURN NULL;
END
$$;--> statement-breakpoint

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
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION search_refresh_terms() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  -- Joined (not "id IN"), so search_term_ids() runs only for the services the statement touched.
  IF TG_OP = 'INSERT' THEN
    UPDATE services s SET term_ids = c.term_ids
    FROM (SELECT id, search_term_ids(id) AS term_ids FROM (SELECT DISTINCT link_id AS id FROM new_rows) ids) c
    WHERE s.id = c.id AND s.term_ids IS DISTINCT FROM c.term_ids;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE services s SET term_ids = c.term_ids
    FROM (SELECT id, search_term_ids(id) AS term_ids FROM (SELECT DISTINCT link_id AS id FROM old_rows) ids) c
    WHERE s.id = c.id AND s.term_ids IS DISTINCT FROM c.term_ids;
  ELSE
    UPDATE services s SET term_ids = c.term_ids
    FROM (SELECT id, search_term_ids(id) AS term_ids FROM (SELECT link_id AS id FROM old_rows UNION SELECT link_id FROM new_rows) ids) c
    WHERE s.id = c.id AND s.term_ids IS DISTINCT FROM c.term_ids;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION search_refresh_service_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE services s SET location_box = c.box
    FROM (SELECT id, search_location_box(id) AS box FROM (SELECT DISTINCT service_id AS id FROM new_rows) ids) c
    WHERE s.id = c.id AND s.location_box IS DISTINCT FROM c.box;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE services s SET location_box = c.box
    FROM (SELECT id, search_location_box(id) AS box FROM (SELECT DISTINCT service_id AS id FROM old_rows) ids) c
    WHERE s.id = c.id AND s.location_box IS DISTINCT FROM c.box;
  ELSE
    UPDATE services s SET location_box = c.box
    FROM (SELECT id, search_location_box(id) AS box FROM (SELECT service_id AS id FROM old_rows UNION SELECT service_id FROM new_rows) ids) c
    WHERE s.id = c.id AND s.location_box IS DISTINCT FROM c.box;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint

CREATE OR REPLACE FUNCTION search_refresh_location_places() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF search_bulk_load() THEN
    RETURN NULL;
  END IF;
  UPDATE services s SET location_box = c.box
  FROM (
    SELECT id, search_location_box(id) AS box FROM (
      SELECT DISTINCT sal.service_id AS id
      FROM new_rows n
      JOIN old_rows o ON o.id = n.id
      JOIN service_at_locations sal ON sal.location_id = n.id
      WHERE n.latitude IS DISTINCT FROM o.latitude OR n.longitude IS DISTINCT FROM o.longitude
    ) ids
  ) c
  WHERE s.id = c.id AND s.location_box IS DISTINCT FROM c.box;
  RETURN NULL;
END
$$;--> statement-breakpoint

-- What the triggers owed a bulk writer, set-based: the search columns of `listings`, and the
-- outbox rows for those now published plus `also_queue` (listings that were published before
-- the write, so their documents are replaced or deleted). Once per listing per transaction,
-- like search_outbox_enqueue().
CREATE OR REPLACE FUNCTION search_bulk_loaded(listings uuid[], also_queue uuid[], why text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  -- The same values as search_term_ids() and search_location_box(), grouped in one pass each
  -- (calling them per listing costs a query each: 24 s for 10,000 listings, against about 1 s).
  UPDATE services s SET term_ids = c.term_ids, location_box = c.box
  FROM (
    SELECT ids.id, coalesce(t.term_ids, '{}'::uuid[]) AS term_ids, b.box
    FROM (SELECT DISTINCT unnest(listings) AS id) ids
    LEFT JOIN (
      SELECT a.link_id, array_agg(DISTINCT a.taxonomy_term_id ORDER BY a.taxonomy_term_id) AS term_ids
      FROM attributes a
      WHERE a.link_id = ANY (listings)
      GROUP BY a.link_id
    ) t ON t.link_id = ids.id
    LEFT JOIN (
      SELECT p.service_id, cube(
        array[min(cube_ll_coord(p.e, 1)), min(cube_ll_coord(p.e, 2)), min(cube_ll_coord(p.e, 3))],
        array[max(cube_ur_coord(p.e, 1)), max(cube_ur_coord(p.e, 2)), max(cube_ur_coord(p.e, 3))]
      ) AS box
      FROM (
        SELECT sal.service_id, ll_to_earth(l.latitude, l.longitude) AS e
        FROM service_at_locations sal
        JOIN locations l ON l.id = sal.location_id
        WHERE sal.service_id = ANY (listings) AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
      ) p
      GROUP BY p.service_id
    ) b ON b.service_id = ids.id
  ) c
  WHERE s.id = c.id AND (s.term_ids IS DISTINCT FROM c.term_ids OR s.location_box IS DISTINCT FROM c.box);

  INSERT INTO search_outbox (service_id, reason)
  SELECT q.id, why
  FROM (
    SELECT s.id FROM services s WHERE s.id = ANY (listings) AND s.listing_status = 'published'
    UNION
    SELECT unnest(also_queue)
  ) q
  WHERE NOT EXISTS (
    SELECT 1 FROM search_outbox o
    WHERE o.service_id = q.id AND o.processed_at IS NULL
      AND o.xmin = pg_current_xact_id()::xid -- written by this transaction
  );
END
$$;
