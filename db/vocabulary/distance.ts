/** Distances on the Earth, shared by the seed's gazetteer, the search engines and matching. */

export const milesToMetres = 1609.344;

/**
 * Great-circle (haversine) distance in metres on a sphere of the Earth's mean radius, for hits
 * Meilisearch returns without _geoDistance (it gives one only when sorting by _geoPoint).
 */
export function metresBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const earthRadius = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * earthRadius * Math.asin(Math.min(1, Math.sqrt(h)));
}
