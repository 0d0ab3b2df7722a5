/**
 * The guided path's server side: where the resident's place is (a postcode or a place name, as
 * on /search), and the results, ranked by the matching engine's own rules and reasons.
 * Nothing is written: the answers arrive in the URL and leave with the page.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { findPlaceOrName, type PlaceMiss } from "../../../search/place-names.server";
import { findMatches } from "../matching/matching.server";
import { happeningFor } from "../whats-on/whats-on.server";
import { personFromAnswers, reasonsFor, type Answers } from "./guided-path";
import { londonNow } from "../../../db/calendar";

export interface GuidedPlace {
  label: string;
  latitude: number;
  longitude: number;
  wardCode: string | null;
  districtCode: string | null;
}

export type PlaceAnswer = { found: true; place: GuidedPlace } | { found: false; reason: PlaceMiss["reason"]; typed: string; suggestions: string[] };

/** The place typed, with the ward and district of the nearest postcode (so listings that serve an area can be matched). */
export async function findGuidedPlace(db: Database, typed: string): Promise<PlaceAnswer> {
  const found = await findPlaceOrName(db, typed);
  if (!found.found) return { found: false, reason: found.reason, typed: found.typed, suggestions: found.suggestions.map((suggestion) => suggestion.label) };
  const centre = sql`ll_to_earth(${found.latitude}::float8, ${found.longitude}::float8)`;
  const [nearest] = await queryRows<{ ward_code: string; district_code: string }>(
    db,
    sql`select ward_code, district_code from postcodes
        where earth_box(${centre}, 5000::float8) @> ll_to_earth(latitude, longitude)
        order by earth_distance(${centre}, ll_to_earth(latitude, longitude)) limit 1`,
  );
  return {
    found: true,
    place: { label: found.label, latitude: found.latitude, longitude: found.longitude, wardCode: nearest?.ward_code ?? null, districtCode: nearest?.district_code ?? null },
  };
}

export interface GuidedResult {
  id: string;
  name: string;
  /** The engine's reasons, to the person ("your budget") or about them ("their budget"). */
  reasons: string;
  happening: "open-now" | "on-today" | null;
}

/** The matches for the answers, best first (at most `limit`), and the needs no listing meets. */
export async function guidedResults(db: Database, answers: Answers, place: GuidedPlace, options: { limit?: number; now?: Date } = {}) {
  const person = { ...personFromAnswers(answers), latitude: place.latitude, longitude: place.longitude, wardCode: place.wardCode, districtCode: place.districtCode };
  const now = londonNow(options.now);
  const result = await findMatches(db, person, { today: now.date });
  const matches = result.matches.slice(0, options.limit ?? 10);
  const happening = await happeningFor(db, matches.map((match) => match.id), now);
  const results: GuidedResult[] = matches.map((match) => ({
    id: match.id,
    name: match.name,
    reasons: reasonsFor(answers.who, match.summary),
    happening: happening[match.id] ?? null,
  }));
  return { results, missing: result.combination.missing, needs: person.needs };
}
