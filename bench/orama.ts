/**
 * The baseline: Orama 3, an in-process JS search engine, over the same synthetic assets
 * (name, description, needs, kind, location as a geopoint), queried like the embedded engine:
 * words, a need facet filter, a geo radius, a page of 20 and facet counts for needs and kinds.
 */
import { create, insertMultiple, search } from "@orama/orama";
import type { BenchAsset } from "./generate";

const schema = {
  name: "string",
  description: "string",
  needs: "enum[]",
  kind: "enum",
  location: "geopoint",
} as const;

export async function buildOramaIndex(assets: BenchAsset[]) {
  const db = create({ schema });
  await insertMultiple(
    db,
    assets.map((asset) => ({
      id: asset.key,
      name: asset.name,
      description: asset.description,
      needs: asset.needs,
      kind: asset.kind,
      location: { lat: asset.postcode.latitude, lon: asset.postcode.longitude },
    })),
    5000,
  );
  return db;
}

type OramaIndex = Awaited<ReturnType<typeof buildOramaIndex>>;

export async function searchOrama(
  db: OramaIndex,
  query: { text: string; needs?: string[]; near: { latitude: number; longitude: number; radiusMiles: number } | null; perPage: number },
) {
  const where: Record<string, unknown> = {};
  if (query.needs?.length) where.needs = { containsAny: query.needs };
  if (query.near) {
    where.location = { radius: { coordinates: { lat: query.near.latitude, lon: query.near.longitude }, unit: "mi", value: query.near.radiusMiles, inside: true } };
  }
  return await search(db, {
    term: query.text,
    properties: ["name", "description"],
    boost: { name: 2 },
    tolerance: 1,
    // why the cast: Orama's `where` type is derived from the schema and rejects a built-up object.
    where: where as never,
    facets: { needs: {}, kind: {} } as never,
    limit: query.perPage,
  });
}
