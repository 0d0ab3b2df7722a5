/**
 * The locality view: for a district or a ward, which needs its community assets meet, ward by
 * ward, with their places; which needs are out of reach for the people who live there (a gap:
 * no listing meeting it reaches their postcode, by matching's rules, reach.ts); and which
 * listings look like duplicates.
 */
import { asc, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { districts, wards } from "../../../db/schema";
import { taxonomyCodes, taxonomyId, termId } from "../../../db/vocabulary/taxonomy";
import { needs } from "../../../db/vocabulary/needs";
import { duplicateRule } from "./locality";
import { homesInReach, reachMiles, type Home, type ReachListing } from "./reach";

export async function listPlaces(db: Database) {
  const [districtRows, wardRows] = await Promise.all([
    db.select({ code: districts.code, name: districts.name }).from(districts).orderBy(asc(districts.name)),
    db.select({ code: wards.code, name: wards.name, districtCode: wards.districtCode }).from(wards).orderBy(asc(wards.name)),
  ]);
  return { districts: districtRows, wards: wardRows };
}

export interface NeedCell {
  assets: number;
  places: number;
  hours: number;
  /** Postcodes in the ward with a listing meeting the need in reach, and all its postcodes. */
  homesInReach: number;
  homes: number;
}

/** Published listings that could reach the place: a venue near it, no venue, or a service area in it. */
async function reachListings(db: Database, area: { ward: string | null; district: string }, homes: readonly Home[]): Promise<ReachListing[]> {
  if (homes.length === 0) return [];
  const latitude = homes.reduce((sum, home) => sum + home.latitude, 0) / homes.length;
  const longitude = homes.reduce((sum, home) => sum + home.longitude, 0) / homes.length;
  const spread = Math.max(...homes.map((home) => Math.hypot((home.latitude - latitude) * 69, (home.longitude - longitude) * 43)));
  const radiusMetres = Math.ceil((spread + reachMiles + 1) * 1609.344);
  const needsTaxonomy = taxonomyId(taxonomyCodes.needs);
  const homeVisits = termId(taxonomyCodes.accessibility, "home-visits");
  const rows = await queryRows<{ needs: string[]; comes_to_home: boolean; areas: Array<[string | null, string | null]>; venues: Array<[number, number]> }>(
    db,
    sql`select array(select t.code from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id and t.taxonomy_id = ${needsTaxonomy} where a.link_id = s.id) as needs,
               exists (select 1 from attributes a where a.link_id = s.id and a.taxonomy_term_id = ${homeVisits}) as comes_to_home,
               coalesce((select json_agg(json_build_array(sa.ward_code, sa.district_code)) from service_areas sa where sa.service_id = s.id), '[]'::json) as areas,
               coalesce((select json_agg(json_build_array(l.latitude, l.longitude)) from service_at_locations sal join locations l on l.id = sal.location_id
                         where sal.service_id = s.id and l.latitude is not null), '[]'::json) as venues
        from services s
        where s.listing_status = 'published'
          and exists (select 1 from attributes a join taxonomy_terms t on t.id = a.taxonomy_term_id and t.taxonomy_id = ${needsTaxonomy} where a.link_id = s.id)
          and (
            not exists (select 1 from service_at_locations sal join locations l on l.id = sal.location_id where sal.service_id = s.id and l.latitude is not null)
            or exists (select 1 from service_at_locations sal join locations l on l.id = sal.location_id where sal.service_id = s.id
                       and earth_box(ll_to_earth(${latitude}, ${longitude}), ${radiusMetres}) @> ll_to_earth(l.latitude, l.longitude))
            or exists (select 1 from service_areas sa where sa.service_id = s.id
                       and (sa.district_code = ${area.district} ${area.ward ? sql`or sa.ward_code = ${area.ward}` : sql`or sa.ward_code in (select code from wards where district_code = ${area.district})`}))
          )`,
  );
  return rows.map((row) => ({
    needs: row.needs,
    comesToHome: row.comes_to_home,
    areas: row.areas.map(([wardCode, districtCode]) => ({ wardCode, districtCode })),
    venues: row.venues.map(([lat, lng]) => ({ latitude: lat, longitude: lng })),
  }));
}


export async function localityView(db: Database, code: string) {
  if (!/^E\d{8}$/.test(code)) return null;
  const [ward] = await db.select().from(wards).where(eq(wards.code, code));
  const [district] = ward ? [] : await db.select().from(districts).where(eq(districts.code, code));
  if (!ward && !district) return null;
  // Where people live: the place's postcodes (every district has them, with their wards).
  const homes = (
    await queryRows<{ latitude: number; longitude: number; ward_code: string; ward_name: string; district_code: string }>(
      db,
      sql`select latitude, longitude, ward_code, ward_name, district_code from postcodes where ${ward ? sql`ward_code = ${code}` : sql`district_code = ${code}`}`,
    )
  ).map((row) => ({ latitude: row.latitude, longitude: row.longitude, wardCode: row.ward_code, wardName: row.ward_name, districtCode: row.district_code }));
  const mapped = ward
    ? [{ code: ward.code, name: ward.name }]
    : await db.select({ code: wards.code, name: wards.name }).from(wards).where(eq(wards.districtCode, code)).orderBy(asc(wards.name));
  // A district without mapped wards is still shown ward by ward, from its postcodes (no ward pages to link to).
  const columns = (
    mapped.length > 0
      ? mapped.map((column) => ({ ...column, linked: true }))
      : [...new Map(homes.map((home) => [home.wardCode, home.wardName])).entries()].map(([wardCode, name]) => ({ code: wardCode, name, linked: false })).sort((a, b) => a.name.localeCompare(b.name))
  );
  const area = ward ? sql`l.ward_code = ${code}` : sql`l.district_code = ${code}`;
  const needsTaxonomy = taxonomyId(taxonomyCodes.needs);

  const [cells, assets, duplicates] = await Promise.all([
    queryRows<{ ward_code: string | null; need: string; assets: number; places: number; hours: number }>(
      db,
      sql`select l.ward_code, t.code as need, count(distinct s.id)::int as assets,
                 coalesce(sum(s.capacity_total) filter (where s.capacity_unit = 'places'), 0)::int as places,
                 coalesce(sum(s.capacity_total) filter (where s.capacity_unit = 'hours_per_week'), 0)::int as hours
          from services s
          join service_at_locations sal on sal.service_id = s.id
          join locations l on l.id = sal.location_id
          join attributes a on a.link_id = s.id
          join taxonomy_terms t on t.id = a.taxonomy_term_id and t.taxonomy_id = ${needsTaxonomy}
          where s.listing_status = 'published' and ${area}
          group by l.ward_code, t.code`,
    ),
    queryRows<{ id: string; name: string; latitude: number; longitude: number; ward_name: string | null }>(
      db,
      sql`select distinct on (s.id) s.id, s.name, l.latitude, l.longitude, w.name as ward_name
          from services s
          join service_at_locations sal on sal.service_id = s.id
          join locations l on l.id = sal.location_id
          left join wards w on w.code = l.ward_code
          where s.listing_status = 'published' and ${area} and l.latitude is not null
          order by s.id`,
    ),
    queryRows<{ first_id: string; first_name: string; second_id: string; second_name: string; metres: number; similarity: number }>(
      db,
      // Pairs are found through the GiST index on locations (each listing's neighbours within the
      // radius), so only close pairs reach the costly name similarity: a cross join of a
      // district's ~400 listings compared 141,000 names and took a second.
      sql`with candidate as materialized (
            select distinct on (s.id) s.id, s.name, l.latitude, l.longitude
            from services s
            join service_at_locations sal on sal.service_id = s.id
            join locations l on l.id = sal.location_id
            where s.listing_status in ('published', 'in_review', 'draft') and ${area} and l.latitude is not null
            order by s.id
          ),
          near as materialized (
            select a.id as first_id, a.name as first_name, a.latitude, a.longitude, sal.service_id as second_id
            from candidate a
            join locations l2 on earth_box(ll_to_earth(a.latitude, a.longitude), ${duplicateRule.metres}) @> ll_to_earth(l2.latitude, l2.longitude)
            join service_at_locations sal on sal.location_id = l2.id
            where sal.service_id > a.id
          ),
          pairs as (
            select distinct on (n.first_id, b.id) n.first_id, n.first_name, b.id as second_id, b.name as second_name,
                   earth_distance(ll_to_earth(n.latitude, n.longitude), ll_to_earth(b.latitude, b.longitude)) as distance
            from near n
            join candidate b on b.id = n.second_id
            order by n.first_id, b.id
          )
          select p.first_id, p.first_name, p.second_id, p.second_name,
                 round(p.distance)::int as metres,
                 round(similarity(p.first_name, p.second_name)::numeric, 2)::float8 as similarity
          from pairs p
          where p.distance <= ${duplicateRule.metres}
            and similarity(p.first_name, p.second_name) >= ${duplicateRule.nameSimilarity}
            and exists (
              select 1 from attributes x join attributes y on y.taxonomy_term_id = x.taxonomy_term_id
              join taxonomy_terms t on t.id = x.taxonomy_term_id and t.taxonomy_id = ${needsTaxonomy}
              where x.link_id = p.first_id and y.link_id = p.second_id
            )
          order by similarity desc, metres`,
    ),
  ]);

  const listings = await reachListings(db, { ward: ward ? code : null, district: ward ? ward.districtCode : code }, homes);
  const needCodes = needs.map((need) => need.code);
  const reach = new Map(columns.map((column) => {
    const wardHomes = homes.filter((home) => home.wardCode === column.code);
    return [column.code, { homes: wardHomes.length, inReach: homesInReach(listings, wardHomes, needCodes) }];
  }));
  const cell = (wardCode: string, need: string): NeedCell => {
    const found = cells.find((row) => row.ward_code === wardCode && row.need === need);
    const inReach = reach.get(wardCode)!;
    return { assets: found?.assets ?? 0, places: found?.places ?? 0, hours: found?.hours ?? 0, homesInReach: inReach.inReach.get(need) ?? 0, homes: inReach.homes };
  };
  const rows = needs.map((need) => ({ code: need.code, name: need.name, cells: columns.map((column) => cell(column.code, need.code)) }));
  const byNeedAndWard = rows.flatMap((row) => row.cells.map((entry, index) => ({ need: row.name, ward: columns[index]!.name, cell: entry })));
  return {
    place: ward ? { code: ward.code, name: `${ward.name} ward`, kind: "ward" as const } : { code: district!.code, name: district!.name, kind: "district" as const },
    wards: columns,
    rows,
    /** A need no listing reaches for anyone living in the ward. */
    gaps: byNeedAndWard.filter(({ cell: entry }) => entry.homes > 0 && entry.homesInReach === 0).map(({ need, ward: wardName }) => ({ need, ward: wardName })),
    /** A need in reach of some of the ward's postcodes but not all. */
    partial: byNeedAndWard
      .filter(({ cell: entry }) => entry.homesInReach > 0 && entry.homesInReach < entry.homes)
      .map(({ need, ward: wardName, cell: entry }) => ({ need, ward: wardName, outOfReach: Math.round(((entry.homes - entry.homesInReach) / entry.homes) * 100) })),
    reachMiles,
    assets: assets.map((asset) => ({ id: asset.id, name: asset.name, lat: asset.latitude, lng: asset.longitude, ward: asset.ward_name })),
    duplicates,
  };
}
