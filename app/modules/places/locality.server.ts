/**
 * The locality view: for a district or a ward, which needs its community assets meet, ward by
 * ward, with their places — so gaps stand out — and which listings look like duplicates.
 */
import { asc, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { districts, wards } from "../../../db/schema";
import { taxonomyCodes, taxonomyId } from "../../../db/vocabulary/taxonomy";
import { needs } from "../../../db/vocabulary/needs";
import { duplicateRule } from "./locality";

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
}


export async function localityView(db: Database, code: string) {
  if (!/^E\d{8}$/.test(code)) return null;
  const [ward] = await db.select().from(wards).where(eq(wards.code, code));
  const [district] = ward ? [] : await db.select().from(districts).where(eq(districts.code, code));
  if (!ward && !district) return null;
  const columns = ward
    ? [{ code: ward.code, name: ward.name }]
    : await db
        .select({ code: wards.code, name: wards.name })
        .from(wards)
        .where(eq(wards.districtCode, code))
        .orderBy(asc(wards.name));
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

  const cell = (wardCode: string, need: string): NeedCell => {
    const found = cells.find((row) => row.ward_code === wardCode && row.need === need);
    return { assets: found?.assets ?? 0, places: found?.places ?? 0, hours: found?.hours ?? 0 };
  };
  return {
    place: ward ? { code: ward.code, name: `${ward.name} ward`, kind: "ward" as const } : { code: district!.code, name: district!.name, kind: "district" as const },
    wards: columns,
    rows: needs.map((need) => ({ code: need.code, name: need.name, cells: columns.map((column) => cell(column.code, need.code)) })),
    gaps: needs.flatMap((need) =>
      columns.filter((column) => cell(column.code, need.code).assets === 0).map((column) => ({ need: need.name, ward: column.name })),
    ),
    assets: assets.map((asset) => ({ id: asset.id, name: asset.name, lat: asset.latitude, lng: asset.longitude, ward: asset.ward_name })),
    duplicates,
  };
}
