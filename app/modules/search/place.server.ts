/**
 * The /search page's place: what the place box (a postcode or a place name) or "Use my location"
 * points to, how far around it to search, and what to say when we cannot use it.
 */
import type { Database } from "../../../db/client.server";
import { findLocation, findPlaceOrName, formatLocation, type PlaceMatch, type PlaceMiss } from "../../../search/place-names.server";
import { searchHref, type SearchParams } from "../assets/search-params";

export interface SearchPlace {
  kind: PlaceMatch["kind"];
  /** What the box shows: "CB7 4", "Soham", "Fordham & Isleham"; "your location" for a location. */
  label: string;
  latitude: number;
  longitude: number;
  /** The radius searched: the person's for a point, the area's own for a ward or district. */
  radiusMiles: number;
  isArea: boolean;
  /** How a sentence names it: "Soham", "Fordham & Isleham ward", "your location (near Soham)". */
  named: string;
  /** How the results line says where: "within 5 miles of Soham", "in and around Fordham & Isleham ward". */
  where: string;
}

export interface PlaceProblem {
  /** Which input it is about: the place box, or the location the browser sent. */
  field: "postcode" | "near";
  typed: string;
  message: string;
  /** Said before the suggestions: "Did you mean:". */
  suggestionsIntro: string;
  suggestions: { label: string; description: string | null; href: string }[];
}

const miles = (radius: number) => `${radius} ${radius === 1 ? "mile" : "miles"}`;

/** Reads the place from the search; a place typed in the box wins over a location sent before. */
export async function resolvePlace(db: Database, params: SearchParams): Promise<{ place: SearchPlace | null; problem: PlaceProblem | null }> {
  if (!params.postcode && !params.near) return { place: null, problem: null };
  const field = params.postcode ? "postcode" : "near";
  if (params.postcode) params.near = "";
  const found = params.postcode ? await findPlaceOrName(db, params.postcode) : await findLocation(db, params.near);
  if (!found.found) {
    if (field === "near") params.near = "";
    return { place: null, problem: describeProblem(params, field, found) };
  }
  if (field === "postcode") params.postcode = found.label;
  else params.near = formatLocation(found.latitude, found.longitude);
  const isArea = found.areaMiles !== null;
  const radiusMiles = found.areaMiles ?? params.radiusMiles;
  let named = found.label;
  if (found.kind === "ward" && !found.label.includes(" ward")) named = `${found.label} ward`;
  else if (found.kind === "location" && found.near) named = `your location (near ${found.near})`;
  const where = isArea ? `in and around ${named}` : `within ${miles(radiusMiles)} of ${named}`;
  return {
    place: { kind: found.kind, label: found.label, latitude: found.latitude, longitude: found.longitude, radiusMiles, isArea, named, where },
    problem: null,
  };
}

function describeProblem(params: SearchParams, field: PlaceProblem["field"], miss: PlaceMiss): PlaceProblem {
  const suggestions = miss.suggestions.map((suggestion) => ({
    ...suggestion,
    href: searchHref(params, { postcode: suggestion.label, near: "", page: 1 }),
  }));
  const problem = (message: string, suggestionsIntro = "Did you mean:"): PlaceProblem => ({ field, typed: miss.typed, message, suggestionsIntro, suggestions });
  switch (miss.reason) {
    case "unknown-postcode":
      return problem(`We could not find the postcode ‘${miss.typed}’. Check it, or try just the first part, like CB7.`, "Places we know with a similar postcode:");
    case "unknown-name":
      return problem(
        suggestions.length
          ? `We could not find a place called ‘${miss.typed}’.`
          : `We could not find a place called ‘${miss.typed}’. Enter a postcode, like CB7 4AA, or a town, village, ward or district in Cambridgeshire or Peterborough.`,
      );
    case "several-places":
      return problem(`There is more than one place called ‘${miss.typed}’. Choose the one you mean.`, "Which do you mean:");
    case "not-a-location":
      return problem("We could not read your location. Try ‘Use my location’ again, or enter a postcode or place.");
    case "outside-area":
      return problem("Your location is outside Cambridgeshire and Peterborough, the area this directory covers. Enter a postcode or place instead.");
  }
}
