/**
 * What "in reach" means for a gap in the locality view (no data access): the matching engine's
 * own rules, so a gap is a need that no search for a person who lives there could meet.
 */
import { servesWhereTheyLive } from "../matching/engine";
import { matchSettings } from "../matching/weights";

/** How far people are expected to travel: matching's default limit. */
export const reachMiles = matchSettings.defaultMaxTravelMiles;

export interface ReachListing {
  needs: readonly string[];
  areas: ReadonlyArray<{ wardCode: string | null; districtCode: string | null }>;
  /** Offers home visits (reaches everyone in the areas it serves). */
  comesToHome: boolean;
  venues: ReadonlyArray<{ latitude: number; longitude: number }>;
}

export interface Home {
  latitude: number;
  longitude: number;
  wardCode: string;
  districtCode: string;
}

const earthMiles = 3958.8;
const radians = Math.PI / 180;

function miles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const dLat = (b.latitude - a.latitude) * radians;
  const dLng = (b.longitude - a.longitude) * radians;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * radians) * Math.cos(b.latitude * radians) * Math.sin(dLng / 2) ** 2;
  return 2 * earthMiles * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Whether a listing reaches someone living at a postcode, as matching decides: it must serve
 * their ward or district (or say no area), and then either visit homes there, have no fixed
 * venue (phone, online), or have a venue within the travel limit.
 */
export function reaches(listing: ReachListing, home: Home): boolean {
  if (!servesWhereTheyLive(home, listing.areas)) return false;
  if (listing.comesToHome && listing.areas.length > 0) return true;
  if (listing.venues.length === 0) return true;
  // A degree of latitude is 69 miles: most venues are ruled out before the trigonometry.
  return listing.venues.some((venue) => Math.abs(venue.latitude - home.latitude) * 69 <= reachMiles && miles(home, venue) <= reachMiles);
}

/** For each need, how many of the homes have at least one listing meeting it in reach. */
export function homesInReach(listings: readonly ReachListing[], homes: readonly Home[], needCodes: readonly string[]): Map<string, number> {
  const counts = new Map(needCodes.map((need) => [need, 0]));
  // Many postcodes share a point, and every point in a ward is served by the same listings:
  // work each ward's listings out once, and each point once, counted as often as it occurs.
  const places = new Map<string, Map<string, { home: Home; count: number }>>();
  for (const home of homes) {
    const area = `${home.wardCode}|${home.districtCode}`;
    const points = places.get(area) ?? new Map<string, { home: Home; count: number }>();
    places.set(area, points);
    const key = `${home.latitude},${home.longitude}`;
    const point = points.get(key);
    if (point) point.count += 1;
    else points.set(key, { home, count: 1 });
  }
  for (const points of places.values()) {
    const sample = points.values().next().value!.home;
    const serving = listings.filter((listing) => servesWhereTheyLive(sample, listing.areas));
    // Home visits and no fixed venue reach everyone the listing serves; venues depend on the distance.
    const everywhere = new Set(serving.filter((listing) => (listing.comesToHome && listing.areas.length > 0) || listing.venues.length === 0).flatMap((listing) => listing.needs));
    const byVenue = serving.filter((listing) => !(listing.comesToHome && listing.areas.length > 0) && listing.venues.length > 0 && listing.needs.some((need) => !everywhere.has(need)));
    for (const { home, count } of points.values()) {
      const met = new Set(everywhere);
      for (const listing of byVenue) {
        if (listing.needs.every((need) => met.has(need))) continue;
        if (reaches(listing, home)) for (const need of listing.needs) met.add(need);
        if (met.size >= needCodes.length) break;
      }
      for (const need of met) if (counts.has(need)) counts.set(need, counts.get(need)! + count);
    }
  }
  return counts;
}
