/**
 * The /search page's place: what the place box (a postcode or a place name) or "Use my location"
 * points to, how far around it to search, and what to say when we cannot use it.
 */
import type { Database } from "../../../db/client.server";
import { findLocation, findPlaceOrName, formatLocation, type PlaceMatch, type PlaceMiss } from "../../../search/place-names.server";
import { searchHref, type SearchParams } from "../assets/search-params";
import { english, type Translate } from "../i18n/i18n";

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

/** Reads the place from the search; a place typed in the box wins over a location sent before. Words in `t`'s language. */
export async function resolvePlace(db: Database, params: SearchParams, t: Translate = english): Promise<{ place: SearchPlace | null; problem: PlaceProblem | null }> {
  if (!params.postcode && !params.near) return { place: null, problem: null };
  const field = params.postcode ? "postcode" : "near";
  if (params.postcode) params.near = "";
  const found = params.postcode ? await findPlaceOrName(db, params.postcode) : await findLocation(db, params.near);
  if (!found.found) {
    if (field === "near") params.near = "";
    return { place: null, problem: describeProblem(params, field, found, t) };
  }
  if (field === "postcode") params.postcode = found.label;
  else params.near = formatLocation(found.latitude, found.longitude);
  const isArea = found.areaMiles !== null;
  const radiusMiles = found.areaMiles ?? params.radiusMiles;
  let named = found.label;
  if (found.kind === "ward" && !found.label.includes(" ward")) named = t("search.place.ward", { label: found.label });
  else if (found.kind === "location" && found.near) named = t("search.place.location", { near: found.near });
  const where = isArea ? t("search.place.area", { named }) : t("search.place.within", { count: radiusMiles, named });
  return {
    place: { kind: found.kind, label: found.label, latitude: found.latitude, longitude: found.longitude, radiusMiles, isArea, named, where },
    problem: null,
  };
}

function describeProblem(params: SearchParams, field: PlaceProblem["field"], miss: PlaceMiss, t: Translate): PlaceProblem {
  const suggestions = miss.suggestions.map((suggestion) => ({
    ...suggestion,
    href: searchHref(params, { postcode: suggestion.label, near: "", page: 1 }),
  }));
  const typed = { typed: miss.typed };
  const problem = (message: string, suggestionsIntro = t("search.problem.didYouMean")): PlaceProblem => ({ field, typed: miss.typed, message, suggestionsIntro, suggestions });
  switch (miss.reason) {
    case "unknown-postcode":
      return problem(t("search.problem.unknownPostcode", typed), t("search.problem.similarPostcodes"));
    case "unknown-name":
      return problem(t(suggestions.length ? "search.problem.unknownNameShort" : "search.problem.unknownName", typed));
    case "several-places":
      return problem(t("search.problem.severalPlaces", typed), t("search.problem.whichOne"));
    case "not-a-location":
      return problem(t("search.problem.notALocation"));
    case "outside-area":
      return problem(t("search.problem.outsideArea"));
  }
}
