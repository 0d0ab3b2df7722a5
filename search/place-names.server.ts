/**
 * Where the place box points: a postcode, sector or outward code (search/postcodes.server.ts),
 * or a town, village, ward or district by name (the place_names gazetteer, held in memory per
 * database: it changes only when the seed does); and where "use my location" points, checked to
 * be inside the area we cover. Engine-independent: engines get a point and a radius.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../db/client.server";
import { findPlace } from "./postcodes.server";
import { buildGazetteer, findPlaceName, isArea, nearestSettlement, type Gazetteer, type GazetteerEntry, type PlaceName } from "./place-names";
import { milesToMetres } from "./types";

export type FoundPlaceKind = "postcode" | "sector" | "outcode" | "settlement" | "ward" | "district" | "location";

export interface PlaceMatch {
  found: true;
  kind: FoundPlaceKind;
  /** As we show it and put back in the box: "CB7 4AA", "Soham", "Fordham & Isleham", "your location". */
  label: string;
  latitude: number;
  longitude: number;
  /** A ward or district: the radius (miles) of the circle around its centre that covers it; null for a point. */
  areaMiles: number | null;
  /** For "your location": the nearest town or village, if one is within 5 miles. */
  near?: string | null;
}

export interface PlaceSuggestion {
  /** What goes in the box when chosen. */
  label: string;
  /** What kind of place, in words: "ward in East Cambridgeshire". */
  description: string | null;
}

export interface PlaceMiss {
  found: false;
  /** What was typed, tidied for display. */
  typed: string;
  /** Why: a postcode we do not know, a name we do not know, a name that means several places, or a location we cannot use. */
  reason: "unknown-postcode" | "unknown-name" | "several-places" | "not-a-location" | "outside-area";
  suggestions: PlaceSuggestion[];
}

export type PlaceResult = PlaceMatch | PlaceMiss;

const gazetteers = new WeakMap<Database, Promise<Gazetteer>>();

/** The gazetteer for this database, loaded on first use (about 200 rows). */
export function loadGazetteer(db: Database): Promise<Gazetteer> {
  let loaded = gazetteers.get(db);
  if (!loaded) {
    loaded = queryRows<{
      id: string;
      name: string;
      kind: PlaceName["kind"];
      district_code: string;
      district_name: string;
      latitude: number;
      longitude: number;
      extent_miles: number | null;
      postcode_count: number;
    }>(
      db,
      sql`select p.id, p.name, p.kind, p.district_code, d.name as district_name, p.latitude, p.longitude, p.extent_miles, p.postcode_count
          from place_names p join districts d on d.code = p.district_code order by p.id`,
    ).then((rows) =>
      buildGazetteer(
        rows.map((row) => ({
          id: row.id,
          name: row.name,
          kind: row.kind,
          districtCode: row.district_code,
          districtName: row.district_name,
          latitude: Number(row.latitude),
          longitude: Number(row.longitude),
          extentMiles: row.extent_miles === null ? null : Number(row.extent_miles),
          postcodeCount: Number(row.postcode_count),
        })),
      ),
    );
    // A failed load is not kept: the next search tries again.
    loaded.catch(() => gazetteers.delete(db));
    gazetteers.set(db, loaded);
  }
  return loaded;
}

export function describePlace(entry: GazetteerEntry): string {
  if (entry.kind === "district") return "district";
  if (entry.kind === "ward") return `ward in ${entry.districtName}`;
  return `town or village in ${entry.districtName}`;
}

const suggestion = (entry: GazetteerEntry): PlaceSuggestion => ({ label: entry.label, description: describePlace(entry) });

/**
 * What the place box says. Anything with a digit is read as a postcode (place names have none),
 * so a mistyped postcode gets postcode advice; anything else is a name.
 */
export async function findPlaceOrName(db: Database, typed: string): Promise<PlaceResult> {
  if (/\d/.test(typed)) {
    const postcode = await findPlace(db, typed);
    if (postcode.found) return { ...postcode, areaMiles: null };
    return {
      found: false,
      typed: postcode.typed,
      reason: "unknown-postcode",
      suggestions: postcode.suggestions.map((label) => ({ label, description: null })),
    };
  }
  const lookup = findPlaceName(await loadGazetteer(db), typed);
  if (lookup.found) {
    const { place } = lookup;
    return {
      found: true,
      kind: place.kind,
      label: place.label,
      latitude: place.latitude,
      longitude: place.longitude,
      areaMiles: isArea(place.kind) ? place.extentMiles : null,
    };
  }
  if (lookup.choices.length > 0) return { found: false, typed: lookup.typed, reason: "several-places", suggestions: lookup.choices.map(suggestion) };
  return { found: false, typed: lookup.typed, reason: "unknown-name", suggestions: lookup.suggestions.map(suggestion) };
}

/** How far from a known postcode a location may be and still count as inside the area. */
export const locationMarginMiles = 3;

/**
 * "Use my location": "52.3354,0.3365" as the browser's form sent it. Anything that is not two
 * numbers, or is further than locationMarginMiles from every postcode we know, is refused.
 * Kept to three decimal places (about 100 metres), which is all a search near someone needs.
 */
export async function findLocation(db: Database, typed: string): Promise<PlaceResult> {
  const shown = typed.slice(0, 40);
  const match = /^\s*(-?\d{1,2}(?:\.\d{1,12})?)\s*,\s*(-?\d{1,3}(?:\.\d{1,12})?)\s*$/.exec(typed);
  const latitude = match ? Math.round(Number(match[1]) * 1000) / 1000 : NaN;
  const longitude = match ? Math.round(Number(match[2]) * 1000) / 1000 : NaN;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    return { found: false, typed: shown, reason: "not-a-location", suggestions: [] };
  }
  const centre = sql`ll_to_earth(${latitude}::float8, ${longitude}::float8)`;
  const [inside] = await queryRows<{ postcode: string }>(
    db,
    sql`select postcode from postcodes
        where earth_box(${centre}, ${locationMarginMiles * milesToMetres}::float8) @> ll_to_earth(latitude, longitude)
          and earth_distance(${centre}, ll_to_earth(latitude, longitude)) <= ${locationMarginMiles * milesToMetres}::float8
        limit 1`,
  );
  if (!inside) return { found: false, typed: shown, reason: "outside-area", suggestions: [] };
  const town = nearestSettlement(await loadGazetteer(db), latitude, longitude);
  return { found: true, kind: "location", label: "your location", latitude, longitude, areaMiles: null, near: town?.label ?? null };
}

/** "52.335,0.337": how a location goes in the address, three decimal places. */
export const formatLocation = (latitude: number, longitude: number) => `${latitude.toFixed(3)},${longitude.toFixed(3)}`;
