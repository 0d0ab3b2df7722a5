/**
 * Distances as the earthdistance extension measures them (ll_to_earth, earth_distance), so what
 * is held in memory agrees with the database: a sphere of radius earth() = 6,378,168 m, points as
 * x, y, z in metres, and the great circle worked out from the straight line between two points
 * (sec_to_gc). JavaScript's sine and arc sine may differ from the C library's in the last bit,
 * which matters only exactly on a rounding or radius boundary.
 */

/** earth() in the earthdistance extension. */
export const earthRadius = 6_378_168;
/** radians() in PostgreSQL multiplies by this (0.0174532925199432957692, as a double). */
const radiansPerDegree = 0.017453292519943295;

/** ll_to_earth(latitude, longitude) as [x, y, z]. */
export function earthPoint(latitude: number, longitude: number): [number, number, number] {
  const lat = latitude * radiansPerDegree;
  const lng = longitude * radiansPerDegree;
  return [earthRadius * Math.cos(lat) * Math.cos(lng), earthRadius * Math.cos(lat) * Math.sin(lng), earthRadius * Math.sin(lat)];
}

/** sec_to_gc: a straight-line (chord) distance to a great-circle one, in metres. */
export function greatCircle(chord: number): number {
  if (chord < 0) return 0;
  if (chord / (2 * earthRadius) > 1) return Math.PI * earthRadius;
  return 2 * earthRadius * Math.asin(chord / (2 * earthRadius));
}
