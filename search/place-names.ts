/**
 * Finding a place by the name a person types ("Soham", "fordham and isleham", "St Ives",
 * "Sohem"): pure functions over the gazetteer (the place_names table), unit-tested without a
 * database. search/place-names.server.ts loads the gazetteer and calls these.
 *
 * Rules (docs/search-page.md):
 * - Names compare after tidying: case, accents, "&"/"and", "St."/"Saint", apostrophes, hyphens
 *   and a trailing "ward" or "district" (which then prefers that kind) do not matter.
 * - An exact match wins. When one name is a town or village and also a ward or district, the
 *   town or village wins ("Sutton"); "Sutton ward" asks for the ward. Two places of one kind
 *   with one name are offered as a choice.
 * - Otherwise, names within a small number of typos (one up to 4 letters, two up to 8, three
 *   beyond; a swap of two letters is one), or that hold what was typed as a whole word, are
 *   offered as "did you mean": one slip first, then whole words, then two or three slips.
 */
import { metresBetween } from "./meili-query";
import { milesToMetres } from "./types";

export type PlaceNameKind = "settlement" | "ward" | "district";

export interface PlaceName {
  id: string;
  name: string;
  kind: PlaceNameKind;
  districtCode: string;
  districtName: string;
  latitude: number;
  longitude: number;
  extentMiles: number | null;
  postcodeCount: number;
}

export interface GazetteerEntry extends PlaceName {
  /** What the page shows and puts back in the box: the name, made unique ("Sutton ward", "Abbey ward, Cambridge"). */
  label: string;
  /** Tidied name and label, for comparing. */
  keys: string[];
}

export interface Gazetteer {
  entries: GazetteerEntry[];
  byKey: Map<string, GazetteerEntry[]>;
}

export type NameLookup =
  | { found: true; place: GazetteerEntry }
  | { found: false; typed: string; choices: GazetteerEntry[]; suggestions: GazetteerEntry[] };

export const isArea = (kind: PlaceNameKind) => kind === "ward" || kind === "district";

/** Lower case, no accents or punctuation, "and" for "&", "saint" for "St", one space between words. */
export function tidyPlaceName(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/\bst\b/g, "saint")
    .replace(/\s+/g, " ")
    .trim();
}

/** Lower is preferred when one name means several kinds of place. */
const kindRank: Record<PlaceNameKind, number> = { settlement: 0, ward: 1, district: 2 };

export function buildGazetteer(places: PlaceName[]): Gazetteer {
  const count = (key: string, test: (place: PlaceName) => boolean) =>
    places.filter((place) => test(place) && tidyPlaceName(place.name) === key).length;
  const entries = places.map((place): GazetteerEntry => {
    const key = tidyPlaceName(place.name);
    let label = place.name;
    if (place.kind === "settlement") {
      if (count(key, (other) => other.kind === "settlement") > 1) label = `${place.name}, ${place.districtName}`;
    } else if (place.kind === "ward") {
      // A ward that shares its name with a town, village or district is "X ward"; with another ward, "X ward, District".
      if (count(key, (other) => other.kind !== "ward") > 0) label = `${place.name} ward`;
      if (count(key, (other) => other.kind === "ward") > 1) label = `${place.name} ward, ${place.districtName}`;
    }
    return { ...place, label, keys: [...new Set([key, tidyPlaceName(label)])] };
  });
  const byKey = new Map<string, GazetteerEntry[]>();
  for (const entry of entries) {
    for (const key of entry.keys) byKey.set(key, [...(byKey.get(key) ?? []), entry]);
  }
  return { entries, byKey };
}

/** Prefer towns and villages to wards to districts, then bigger places, then A to Z. */
function compareEntries(a: GazetteerEntry, b: GazetteerEntry): number {
  return kindRank[a.kind] - kindRank[b.kind] || b.postcodeCount - a.postcodeCount || a.label.localeCompare(b.label);
}

export function findPlaceName(gazetteer: Gazetteer, typed: string): NameLookup {
  const shown = typed.replace(/\s+/g, " ").trim().slice(0, 60);
  let key = tidyPlaceName(typed);
  let wanted: PlaceNameKind | null = null;
  const kindWord = /^(.+) (ward|district)$/.exec(key);
  if (kindWord && !gazetteer.byKey.has(key)) {
    key = kindWord[1]!;
    wanted = kindWord[2] as PlaceNameKind;
  }
  if (!key) return { found: false, typed: shown, choices: [], suggestions: [] };

  const exact = (gazetteer.byKey.get(key) ?? []).filter((entry) => !wanted || entry.kind === wanted).sort(compareEntries);
  if (exact.length > 0) {
    // An exact label is unique by construction; among plain names, the best kind wins unless two tie.
    const byLabel = exact.find((entry) => tidyPlaceName(entry.label) === key);
    if (byLabel && exact.filter((entry) => tidyPlaceName(entry.label) === key).length === 1) return { found: true, place: byLabel };
    const best = exact.filter((entry) => kindRank[entry.kind] === kindRank[exact[0]!.kind]);
    if (best.length === 1) return { found: true, place: best[0]! };
    return { found: false, typed: shown, choices: best, suggestions: [] };
  }
  return { found: false, typed: shown, choices: [], suggestions: suggestPlaceNames(gazetteer, key, wanted) };
}

/** Up to five places whose names look like what was typed, closest first. */
export function suggestPlaceNames(gazetteer: Gazetteer, key: string, wanted: PlaceNameKind | null = null, limit = 5): GazetteerEntry[] {
  if (key.length < 2) return [];
  const allowed = key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
  const scored: { entry: GazetteerEntry; score: number }[] = [];
  for (const entry of gazetteer.entries) {
    if (wanted && entry.kind !== wanted) continue;
    let score = Infinity;
    for (const name of entry.keys) {
      const distance = editDistance(key, name);
      if (distance <= allowed) score = Math.min(score, distance);
      // "swaffham" → "Swaffham Prior"; "downham" → "Downham Villages"; "isleham" → "Fordham & Isleham".
      else if (key.length >= 3 && (name.startsWith(`${key} `) || name.includes(` ${key} `) || name.endsWith(` ${key}`))) {
        score = Math.min(score, 1.5); // after a one-letter slip, before two
      }
    }
    if (score < Infinity) scored.push({ entry, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || compareEntries(a.entry, b.entry))
    .map((item) => item.entry)
    .filter((entry, index, list) => list.findIndex((other) => other.label === entry.label) === index)
    .slice(0, limit);
}

/**
 * Edits from a to b: insertions, deletions, substitutions and swaps of two neighbouring
 * letters, each counting one (optimal string alignment).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, table[i - 2]![j - 2]! + 1);
      table[i]![j] = best;
    }
  }
  return table[a.length]![b.length]!;
}

/** The nearest town or village to a point, for "your location, near Soham"; null when none is within `withinMiles`. */
export function nearestSettlement(gazetteer: Gazetteer, latitude: number, longitude: number, withinMiles = 5): GazetteerEntry | null {
  let best: { entry: GazetteerEntry; miles: number } | null = null;
  for (const entry of gazetteer.entries) {
    if (entry.kind !== "settlement") continue;
    const miles = metresBetween({ latitude, longitude }, entry) / milesToMetres;
    if (miles <= withinMiles && (!best || miles < best.miles)) best = { entry, miles };
  }
  return best?.entry ?? null;
}
