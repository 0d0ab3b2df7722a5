/**
 * Where a typed postcode is: a full postcode ("CB7 4AA"), a sector ("CB7 5") or an outward
 * code ("CB7"), in any case and spacing. Full postcodes come from `postcodes`, sectors from
 * `postcode_sectors`, and an outward code is the mean of its sectors. Engine-independent:
 * every engine is given the point, not the text.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../db/client.server";

export type PlaceKind = "postcode" | "sector" | "outcode";

export interface FoundPlace {
  found: true;
  kind: PlaceKind;
  /** Normalised, as we show it: "CB7 4AA", "CB7 5", "CB7". */
  label: string;
  latitude: number;
  longitude: number;
}

export interface MissingPlace {
  found: false;
  /** What the person typed, tidied for display. */
  typed: string;
  /** Known sectors and outward codes that look like it, best first. */
  suggestions: string[];
}

export type PlaceLookup = FoundPlace | MissingPlace;

const outwardPattern = "[A-Z]{1,2}[0-9][A-Z0-9]?";
const fullPattern = new RegExp(`^(${outwardPattern})([0-9][A-Z]{2})$`);
const outcodePattern = new RegExp(`^${outwardPattern}$`);

interface Candidate {
  kind: PlaceKind;
  label: string;
}

/** The readings of what was typed, most likely first. Pure, for unit tests. */
export function postcodeCandidates(typed: string): Candidate[] {
  const upper = typed.toUpperCase().replace(/[^A-Z0-9 ]+/g, " ").trim();
  const compact = upper.replace(/\s+/g, "");
  if (!compact || compact.length > 8) return [];
  const full = fullPattern.exec(compact);
  if (full) return [{ kind: "postcode", label: `${full[1]} ${full[2]}` }];
  const parts = upper.split(/\s+/);
  // "CB7 5": the space says which part is the sector digit.
  if (parts.length === 2 && outcodePattern.test(parts[0]!) && /^[0-9]$/.test(parts[1]!)) {
    return [{ kind: "sector", label: `${parts[0]} ${parts[1]}` }];
  }
  const candidates: Candidate[] = [];
  if (outcodePattern.test(compact)) candidates.push({ kind: "outcode", label: compact });
  // "CB75" could be the outward code CB75 or the sector CB7 5: try both, outward code first.
  const sector = /^(.+)([0-9])$/.exec(compact);
  if (sector && outcodePattern.test(sector[1]!)) candidates.push({ kind: "sector", label: `${sector[1]} ${sector[2]}` });
  return candidates;
}

export async function findPlace(db: Database, typed: string): Promise<PlaceLookup> {
  const candidates = postcodeCandidates(typed);
  const tidy = typed.toUpperCase().replace(/\s+/g, " ").trim().slice(0, 20);
  for (const candidate of candidates) {
    const point = await pointOf(db, candidate);
    if (point) return { found: true, kind: candidate.kind, label: candidate.label, ...point };
  }
  return { found: false, typed: tidy, suggestions: await suggestPlaces(db, tidy, candidates) };
}

/**
 * Points found, per database, for ten minutes: a postcode's point does not move, and looking it
 * up again cost the search page a statement in the embedded database's one thread. Misses are not
 * kept, so a postcode added by a new geography load is found at once.
 */
const foundPoints = new WeakMap<Database, Map<string, { latitude: number; longitude: number; at: number }>>();
const keepPointMs = 10 * 60 * 1000;
const maxPointsKept = 20_000;

async function pointOf(db: Database, candidate: Candidate): Promise<{ latitude: number; longitude: number } | null> {
  let kept = foundPoints.get(db);
  if (!kept) foundPoints.set(db, (kept = new Map()));
  const key = `${candidate.kind} ${candidate.label}`;
  const now = Date.now();
  const held = kept.get(key);
  if (held && now - held.at < keepPointMs) return { latitude: held.latitude, longitude: held.longitude };
  const [row] = await queryRows<{ latitude: number | null; longitude: number | null }>(db, placeQuery(candidate));
  if (!row || row.latitude === null) return null;
  const point = { latitude: Number(row.latitude), longitude: Number(row.longitude) };
  if (kept.size >= maxPointsKept) kept.clear();
  kept.set(key, { ...point, at: now });
  return point;
}

function placeQuery({ kind, label }: Candidate) {
  switch (kind) {
    case "postcode":
      return sql`select latitude, longitude from postcodes where postcode = ${label}`;
    case "sector":
      return sql`select latitude, longitude from postcode_sectors where sector = ${label}`;
    case "outcode":
      return sql`select avg(latitude) as latitude, avg(longitude) as longitude from postcode_sectors where outcode = ${label} having count(*) > 0`;
  }
}

/**
 * Up to five known sectors or outward codes that look like what was typed: the typed
 * postcode's own sector and outward code if we know them, then the closest by edit distance.
 */
async function suggestPlaces(db: Database, typed: string, candidates: Candidate[]): Promise<string[]> {
  const known = await queryRows<{ label: string }>(
    db,
    sql`select sector as label from postcode_sectors union select distinct outcode from postcode_sectors`,
  );
  const labels = new Set(known.map((row) => row.label));
  const compact = typed.replace(/\s+/g, "");
  const own: string[] = [];
  for (const candidate of candidates) {
    const outward = candidate.label.split(" ")[0]!;
    const sector = candidate.kind === "postcode" ? candidate.label.slice(0, -2) : candidate.label;
    for (const label of [sector, outward]) if (labels.has(label) && !own.includes(label)) own.push(label);
  }
  const scored = [...labels]
    .filter((label) => !own.includes(label))
    .map((label) => ({ label, distance: editDistance(compact, label.replace(" ", "")) }))
    .filter((entry) => entry.distance <= Math.max(2, Math.floor(compact.length / 2)))
    .sort((a, b) => a.distance - b.distance || a.label.length - b.label.length || a.label.localeCompare(b.label));
  return [...own, ...scored.map((entry) => entry.label)].slice(0, 5);
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}
