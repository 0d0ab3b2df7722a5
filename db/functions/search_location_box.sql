-- services.location_box: ll_to_earth of the service's one located place, or the box around all
-- of them, so a radius narrows the scan of services through a GiST index.
CREATE OR REPLACE FUNCTION search_location_box(service uuid) RETURNS cube
LANGUAGE sql STABLE AS $$
  SELECT cube(
    array[min(cube_ll_coord(p.e, 1)), min(cube_ll_coord(p.e, 2)), min(cube_ll_coord(p.e, 3))],
    array[max(cube_ur_coord(p.e, 1)), max(cube_ur_coord(p.e, 2)), max(cube_ur_coord(p.e, 3))]
  )
  FROM (
    SELECT ll_to_earth(l.latitude, l.longitude) AS e
    FROM service_at_locations sal
    JOIN locations l ON l.id = sal.location_id
    WHERE sal.service_id = service AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL
  ) p
  HAVING count(*) > 0
$$;
