/** Boundaries as GeoJSON for maps: a district's outline, or its wards. */
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { districts, wards } from "../../../db/schema";

export interface BoundaryFeature {
  type: "Feature";
  properties: { code: string; name: string; kind: "district" | "ward" };
  geometry: (typeof districts.$inferSelect)["boundary"];
}

export interface BoundaryCollection {
  type: "FeatureCollection";
  features: BoundaryFeature[];
}

const codePattern = /^E\d{8}$/;

/** The wards of a district (or the district's own outline when it has no wards here). */
export async function districtBoundaries(db: Database, districtCode: string): Promise<BoundaryCollection | null> {
  if (!codePattern.test(districtCode)) return null;
  const [district] = await db.select().from(districts).where(eq(districts.code, districtCode));
  if (!district) return null;
  const wardRows = await db.select().from(wards).where(eq(wards.districtCode, districtCode));
  const features: BoundaryFeature[] = wardRows.length
    ? wardRows.map((ward) => ({ type: "Feature", properties: { code: ward.code, name: ward.name, kind: "ward" }, geometry: ward.boundary }))
    : [{ type: "Feature", properties: { code: district.code, name: district.name, kind: "district" }, geometry: district.boundary }];
  return { type: "FeatureCollection", features };
}

export async function wardBoundary(db: Database, wardCode: string): Promise<BoundaryCollection | null> {
  if (!codePattern.test(wardCode)) return null;
  const [ward] = await db.select().from(wards).where(eq(wards.code, wardCode));
  if (!ward) return null;
  return {
    type: "FeatureCollection",
    features: [{ type: "Feature", properties: { code: ward.code, name: ward.name, kind: "ward" }, geometry: ward.boundary }],
  };
}
