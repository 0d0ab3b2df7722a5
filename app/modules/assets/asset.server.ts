/**
 * Reading one asset with everything a resident needs to get in touch: where, when, how much,
 * who to call, what it helps with and how accessible it is.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { attributes, districts, services, taxonomyTerms, wards } from "../../../db/schema";
import { taxonomyCodes, taxonomyId } from "../../../db/vocabulary/taxonomy";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isAssetId(value: string): boolean {
  return uuidPattern.test(value);
}

export type AssetDetail = NonNullable<Awaited<ReturnType<typeof getPublishedAsset>>>;

/** The published asset with this id, or null (unknown, malformed, or not published). */
export async function getPublishedAsset(db: Database, id: string) {
  if (!isAssetId(id)) return null;
  const service = await db.query.services.findFirst({
    where: and(eq(services.id, id.toLowerCase()), eq(services.listingStatus, "published")),
    columns: { searchVector: false },
    with: {
      organization: true,
      serviceAtLocations: { with: { location: { with: { addresses: true, accessibility: true } } } },
      schedules: true,
      costOptions: true,
      contacts: { with: { phones: true } },
      serviceAreas: true,
    },
  });
  if (!service) return null;

  const terms = await db
    .select({ taxonomyId: taxonomyTerms.taxonomyId, code: taxonomyTerms.code, name: taxonomyTerms.name })
    .from(attributes)
    .innerJoin(taxonomyTerms, eq(taxonomyTerms.id, attributes.taxonomyTermId))
    .where(eq(attributes.linkId, service.id))
    .orderBy(taxonomyTerms.name);
  const termsOf = (code: (typeof taxonomyCodes)[keyof typeof taxonomyCodes]) =>
    terms.filter((term) => term.taxonomyId === taxonomyId(code)).map(({ code: c, name }) => ({ code: c, name }));

  const wardCodes = service.serviceAtLocations
    .map((sal) => sal.location.wardCode)
    .concat(service.serviceAreas.map((area) => area.wardCode))
    .filter((code): code is string => Boolean(code));
  const districtCodes = service.serviceAtLocations
    .map((sal) => sal.location.districtCode)
    .concat(service.serviceAreas.map((area) => area.districtCode))
    .filter((code): code is string => Boolean(code));
  const [wardRows, districtRows] = await Promise.all([
    wardCodes.length
      ? db.select({ code: wards.code, name: wards.name }).from(wards).where(inArray(wards.code, wardCodes))
      : [],
    districtCodes.length
      ? db
          .select({ code: districts.code, name: districts.name })
          .from(districts)
          .where(inArray(districts.code, districtCodes))
      : [],
  ]);
  const placeNames = new Map([...wardRows, ...districtRows].map((row) => [row.code, row.name]));

  return {
    ...service,
    needs: termsOf(taxonomyCodes.needs),
    accessibilityFeatures: termsOf(taxonomyCodes.accessibility),
    locations: service.serviceAtLocations.map(({ location }) => ({
      ...location,
      wardName: location.wardCode ? (placeNames.get(location.wardCode) ?? null) : null,
      districtName: location.districtCode ? (placeNames.get(location.districtCode) ?? null) : null,
    })),
    areas: service.serviceAreas.map((area) => ({
      ...area,
      placeName: placeNames.get(area.wardCode ?? "") ?? placeNames.get(area.districtCode ?? "") ?? area.name,
    })),
  };
}
