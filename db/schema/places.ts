import { sql } from "drizzle-orm";
import { doublePrecision, index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";

/** A GeoJSON Polygon or MultiPolygon geometry, stored as it came (RFC 7946, WGS84). */
export type BoundaryGeometry =
  | { type: "Polygon"; coordinates: number[][][] }
  | { type: "MultiPolygon"; coordinates: number[][][][] };

/** Local authority districts (and unitary authorities such as Peterborough). */
export const districts = pgTable("districts", {
  code: text("code").primaryKey(), // ONS code, e.g. E07000009
  name: text("name").notNull(),
  type: text("type").notNull(), // ONS LAD type, e.g. "non-metropolitan district"
  county: text("county"),
  boundary: jsonb("boundary").$type<BoundaryGeometry>().notNull(),
  boundaryVintage: text("boundary_vintage").notNull(),
});

/** Electoral wards, each inside one district. */
export const wards = pgTable(
  "wards",
  {
    code: text("code").primaryKey(), // ONS code, e.g. E05011561
    name: text("name").notNull(),
    districtCode: text("district_code")
      .notNull()
      .references(() => districts.code),
    boundary: jsonb("boundary").$type<BoundaryGeometry>().notNull(),
    boundaryVintage: text("boundary_vintage").notNull(),
  },
  (t) => [index("wards_district_idx").on(t.districtCode)],
);

/**
 * Postcode units (OS Code-Point Open). Ward and district are kept as codes and names
 * because only East Cambridgeshire's wards have boundaries here.
 */
export const postcodes = pgTable(
  "postcodes",
  {
    postcode: text("postcode").primaryKey(), // normalised: upper case, one space, e.g. "CB7 4AA"
    outcode: text("outcode").notNull(),
    sector: text("sector").notNull(),
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    districtCode: text("district_code").notNull(),
    wardCode: text("ward_code").notNull(),
    wardName: text("ward_name").notNull(),
  },
  (t) => [
    index("postcodes_outcode_idx").on(t.outcode),
    index("postcodes_sector_idx").on(t.sector),
    index("postcodes_ward_idx").on(t.wardCode),
    index("postcodes_earth_idx").using("gist", sql`ll_to_earth(${t.latitude}, ${t.longitude})`),
  ],
);

/** Postcode sectors ("CB7 5"), each placed at the mean of its unit postcodes. */
export const postcodeSectors = pgTable("postcode_sectors", {
  sector: text("sector").primaryKey(),
  outcode: text("outcode").notNull(),
  latitude: doublePrecision("latitude").notNull(),
  longitude: doublePrecision("longitude").notNull(),
  postcodeCount: integer("postcode_count").notNull(),
  mainDistrictCode: text("main_district_code").notNull(),
});
