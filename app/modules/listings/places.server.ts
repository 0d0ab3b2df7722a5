/**
 * Where a listing is: a postcode (or a pin's nearest postcode) gives its point, ward, district
 * and county. Every writer places listings through here, in batches for the imports.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import type { FieldErrors } from "../forms/field-errors";

export interface ResolvedPlace {
  postcode: string | null;
  latitude: number;
  longitude: number;
  wardCode: string;
  wardName: string;
  districtCode: string;
  county: string;
}

interface PlaceRow {
  postcode: string;
  latitude: number;
  longitude: number;
  ward_code: string;
  ward_name: string;
  district_code: string;
  county: string;
}

const placeColumns = sql`p.postcode, p.latitude, p.longitude, p.ward_code, p.ward_name, p.district_code, coalesce(d.county, d.name) as county`;

const toPlace = (row: PlaceRow): ResolvedPlace => ({
  postcode: row.postcode,
  latitude: Number(row.latitude),
  longitude: Number(row.longitude),
  wardCode: row.ward_code,
  wardName: row.ward_name,
  districtCode: row.district_code,
  county: row.county,
});

/** The postcodes we hold among these (normalised, e.g. "CB7 5BX"), in one query per 5,000. */
export async function postcodePlaces(db: Database, postcodes: Iterable<string>): Promise<Map<string, ResolvedPlace>> {
  const wanted = [...new Set(postcodes)];
  const found = new Map<string, ResolvedPlace>();
  for (let start = 0; start < wanted.length; start += 5000) {
    const batch = JSON.stringify(wanted.slice(start, start + 5000));
    const rows = await queryRows<PlaceRow>(
      db,
      sql`select ${placeColumns} from postcodes p left join districts d on d.code = p.district_code
          where p.postcode = any (array(select json_array_elements_text(${batch}::json)))`,
    );
    for (const row of rows) found.set(row.postcode, toPlace(row));
  }
  return found;
}

/** How far from the pin the nearest known postcode may be before we say we cannot place it. */
const pinReachMetres = 3000;

/** The postcode's (or the pin's nearest postcode's) place; errors by field otherwise. */
export async function resolvePlace(
  db: Database,
  input: { postcode: string | null; latitude: number | null; longitude: number | null },
): Promise<{ place: ResolvedPlace } | { errors: FieldErrors }> {
  if (input.postcode) {
    const place = (await postcodePlaces(db, [input.postcode])).get(input.postcode);
    if (!place) {
      return {
        errors: {
          postcode: `We cannot find the postcode ${input.postcode}. Check it (we know every postcode in Cambridgeshire and Peterborough), or place the listing with the map.`,
        },
      };
    }
    return { place: { ...place, latitude: input.latitude ?? place.latitude, longitude: input.longitude ?? place.longitude } };
  }
  const latitude = input.latitude!;
  const longitude = input.longitude!;
  const [nearest] = await queryRows<PlaceRow>(
    db,
    sql`select ${placeColumns} from postcodes p left join districts d on d.code = p.district_code
        where earth_box(ll_to_earth(${latitude}, ${longitude}), ${pinReachMetres}) @> ll_to_earth(p.latitude, p.longitude)
        order by earth_distance(ll_to_earth(${latitude}, ${longitude}), ll_to_earth(p.latitude, p.longitude))
        limit 1`,
  );
  if (!nearest) {
    return {
      errors: { latitude: "That point is not near any postcode we know (Cambridgeshire and Peterborough). Move the pin, or enter the postcode." },
    };
  }
  return { place: { ...toPlace(nearest), postcode: null, latitude, longitude } };
}

/** The ward and district codes we hold among these, to keep only real ones on a harvested service area. */
export async function knownAreaCodes(db: Database, codes: Iterable<string>): Promise<Set<string>> {
  const list = JSON.stringify([...new Set(codes)]);
  const rows = await queryRows<{ code: string }>(
    db,
    sql`select code from wards where code = any (array(select json_array_elements_text(${list}::json)))
        union select code from districts where code = any (array(select json_array_elements_text(${list}::json)))`,
  );
  return new Set(rows.map((row) => row.code));
}
