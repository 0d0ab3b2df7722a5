/**
 * Loads the real geography (districts, East Cambridgeshire's wards, postcodes and sectors)
 * from db/data/geo into the database. Idempotent: rows are upserted by their codes.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import type { Database } from "../client.server";
import { districts, postcodeSectors, postcodes, wards, type BoundaryGeometry } from "../schema";
import { projectPath } from "../project-root";

export const geoDir = projectPath("db/data/geo");

interface Feature<P> {
  geometry: BoundaryGeometry;
  properties: P;
}

export function readFeatures<P>(file: string): Feature<P>[] {
  const collection = JSON.parse(fs.readFileSync(path.join(geoDir, file), "utf8")) as { features: Feature<P>[] };
  return collection.features;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(path.join(geoDir, file)), { columns: true, skip_empty_lines: true, trim: true });
}

export interface PostcodeRecord {
  postcode: string;
  outcode: string;
  sector: string;
  latitude: number;
  longitude: number;
  districtCode: string;
  wardCode: string;
  wardName: string;
}

export function readPostcodes(): PostcodeRecord[] {
  return readCsv("cambridgeshire_postcodes.csv").map((row) => ({
    postcode: row.postcode!,
    outcode: row.outcode!,
    sector: row.sector!,
    latitude: Number(row.latitude),
    longitude: Number(row.longitude),
    districtCode: row.lad_code!,
    wardCode: row.ward_code!,
    wardName: row.ward_name!,
  }));
}

const batchSize = 2000;

export async function seedGeography(
  db: Database,
  postcodeRows: PostcodeRecord[] = readPostcodes(),
): Promise<{ districts: number; wards: number; postcodes: number }> {
  const districtFeatures = readFeatures<{
    lad_code: string;
    lad_name: string;
    lad_type: string;
    county: string;
    boundary_vintage: string;
  }>("cambridgeshire_districts.geojson");
  const wardFeatures = readFeatures<{ ward_code: string; ward_name: string; lad_code: string; boundary_vintage: string }>(
    "east_cambridgeshire_wards.geojson",
  );
  const sectorRows = readCsv("cambridgeshire_postcode_sectors.csv");

  await db.transaction(async (tx) => {
    await tx
      .insert(districts)
      .values(
        districtFeatures.map((feature) => ({
          code: feature.properties.lad_code,
          name: feature.properties.lad_name,
          type: feature.properties.lad_type,
          county: feature.properties.county,
          boundary: feature.geometry,
          boundaryVintage: feature.properties.boundary_vintage,
        })),
      )
      .onConflictDoNothing();
    await tx
      .insert(wards)
      .values(
        wardFeatures.map((feature) => ({
          code: feature.properties.ward_code,
          name: feature.properties.ward_name,
          districtCode: feature.properties.lad_code,
          boundary: feature.geometry,
          boundaryVintage: feature.properties.boundary_vintage,
        })),
      )
      .onConflictDoNothing();
    for (let start = 0; start < postcodeRows.length; start += batchSize) {
      await tx
        .insert(postcodes)
        .values(postcodeRows.slice(start, start + batchSize))
        .onConflictDoNothing();
    }
    await tx
      .insert(postcodeSectors)
      .values(
        sectorRows.map((row) => ({
          sector: row.sector!,
          outcode: row.outcode!,
          latitude: Number(row.latitude),
          longitude: Number(row.longitude),
          postcodeCount: Number(row.postcode_count),
          mainDistrictCode: row.main_lad_code!,
        })),
      )
      .onConflictDoNothing();
  });
  return { districts: districtFeatures.length, wards: wardFeatures.length, postcodes: postcodeRows.length };
}
