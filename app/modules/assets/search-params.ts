/**
 * Reading /search's query string, and writing it back for links. Anything malformed falls back
 * to a sensible default rather than an error: a person who edits a URL gets a page, not a 500.
 * The URL holds the whole search, under plain names: q, postcode (a postcode or a place name),
 * near (the searcher's own location, "lat,lng", from "Use my location"), radius (miles), need,
 * kind, access, day, free, dp, capacity, age, sort, page (need, kind and access may repeat).
 * Shared by server and client (no data access here).
 */
import { z } from "zod";
import { assetKindName, assetKinds, type AssetKind } from "../../../db/vocabulary/kinds";
import { accessibilityFeatures, needCodes, needName, type AccessibilityFeatureCode, type NeedCode } from "../../../db/vocabulary/needs";
import { defaultRadiusMiles, maxRadiusMiles, minRadiusMiles, type DayCode, type SortOrder } from "../../../search/types";

export { defaultRadiusMiles, maxRadiusMiles, minRadiusMiles };
export type { DayCode, SortOrder };

export const maxQueryLength = 200;
export const perPage = 20;
export const maxPage = 500;
export const maxAge = 120;

export const days: ReadonlyArray<{ code: DayCode; name: string }> = [
  { code: "MO", name: "Monday" },
  { code: "TU", name: "Tuesday" },
  { code: "WE", name: "Wednesday" },
  { code: "TH", name: "Thursday" },
  { code: "FR", name: "Friday" },
  { code: "SA", name: "Saturday" },
  { code: "SU", name: "Sunday" },
];

const firstString = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const text = z.preprocess(firstString, z.string()).catch("");
const flag = z
  .preprocess((value) => ["1", "true", "on", "yes"].includes(String(firstString(value) ?? "").trim().toLowerCase()), z.boolean())
  .catch(false);
const codes = <Code extends string>(known: readonly Code[]) =>
  z
    .preprocess(
      (value) => (Array.isArray(value) ? value : [value]).map((item) => String(item ?? "").trim()),
      z.array(z.string()),
    )
    .transform((values) => [...new Set(values.filter((value): value is Code => (known as readonly string[]).includes(value)))])
    .catch([]);
const day = z
  .preprocess((value) => {
    const typed = String(firstString(value) ?? "").trim().toLowerCase();
    if (!typed) return null;
    return (
      days.find((entry) => entry.code.toLowerCase() === typed || (typed.length >= 3 && entry.name.toLowerCase().startsWith(typed)))
        ?.code ?? null
    );
  }, z.enum(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]).nullable())
  .catch(null);

const searchParamsSchema = z.object({
  q: text,
  page: z.preprocess(firstString, z.coerce.number().int().min(1)).catch(1),
  postcode: text,
  near: text,
  radius: text,
  need: codes(needCodes),
  kind: codes(assetKinds.map((kind) => kind.code)),
  access: codes(accessibilityFeatures.map((feature) => feature.code)),
  day,
  free: flag,
  dp: flag,
  capacity: flag,
  age: text,
  sort: z.preprocess(firstString, z.enum(["relevance", "distance", "name"])).catch("relevance"),
});

export interface SearchParams {
  text: string;
  page: number;
  /** True when the query was cut to maxQueryLength characters. */
  truncated: boolean;
  /** What was typed in the place box (a postcode or a place name), tidied ("" when none); found or not later. */
  postcode: string;
  /** "Use my location": "lat,lng" as sent ("" when none); checked later. A typed place wins over it. */
  near: string;
  radiusMiles: number;
  /** What was wrong with the radius, if anything: "not-a-number", "too-small" or "too-large". */
  radiusProblem: "not-a-number" | "too-small" | "too-large" | null;
  needs: NeedCode[];
  kinds: AssetKind[];
  accessibility: AccessibilityFeatureCode[];
  day: DayCode | null;
  freeOrLowCost: boolean;
  directPayment: boolean;
  hasCapacity: boolean;
  age: number | null;
  /** True when an age was given that is not a whole number from 0 to maxAge. */
  ageInvalid: boolean;
  sort: SortOrder;
}

/** Collapse whitespace and drop control characters people cannot have meant. */
export function tidy(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/\s+/g, " ").trim();
}

export function parseSearchParams(url: URL): SearchParams {
  const all = (name: string) => url.searchParams.getAll(name);
  const raw = searchParamsSchema.parse({
    q: all("q"),
    page: all("page").length ? all("page") : [1],
    postcode: all("postcode"),
    near: all("near"),
    radius: all("radius"),
    need: all("need"),
    kind: all("kind"),
    access: all("access"),
    day: all("day"),
    free: all("free"),
    dp: all("dp"),
    capacity: all("capacity"),
    age: all("age"),
    sort: all("sort"),
  });
  const cleaned = tidy(raw.q);
  const { radiusMiles, radiusProblem } = readRadius(tidy(raw.radius));
  const { age, ageInvalid } = readAge(tidy(raw.age));
  return {
    text: cleaned.slice(0, maxQueryLength).trim(),
    page: Math.min(raw.page, maxPage),
    truncated: cleaned.length > maxQueryLength,
    postcode: tidy(raw.postcode).slice(0, 60),
    near: tidy(raw.near).slice(0, 60),
    radiusMiles,
    radiusProblem,
    needs: raw.need,
    kinds: raw.kind as AssetKind[],
    accessibility: raw.access as AccessibilityFeatureCode[],
    day: raw.day,
    freeOrLowCost: raw.free,
    directPayment: raw.dp,
    hasCapacity: raw.capacity,
    age,
    ageInvalid,
    sort: raw.sort,
  };
}

function readRadius(typed: string): Pick<SearchParams, "radiusMiles" | "radiusProblem"> {
  if (!typed) return { radiusMiles: defaultRadiusMiles, radiusProblem: null };
  const miles = Number(typed.replace(/\s*miles?$/i, ""));
  if (!Number.isFinite(miles)) return { radiusMiles: defaultRadiusMiles, radiusProblem: "not-a-number" };
  if (miles < minRadiusMiles) return { radiusMiles: minRadiusMiles, radiusProblem: "too-small" };
  if (miles > maxRadiusMiles) return { radiusMiles: maxRadiusMiles, radiusProblem: "too-large" };
  return { radiusMiles: Math.round(miles * 10) / 10, radiusProblem: null };
}

function readAge(typed: string): Pick<SearchParams, "age" | "ageInvalid"> {
  if (!typed) return { age: null, ageInvalid: false };
  const age = z.coerce.number().int().min(0).max(maxAge).safeParse(typed);
  return age.success ? { age: age.data, ageInvalid: false } : { age: null, ageInvalid: true };
}

/**
 * The /search address for a search, with only what differs from the defaults, in a stable
 * order; `changes` replaces fields (e.g. `{ page: 2 }` for pagination links).
 */
export function searchHref(params: SearchParams, changes: Partial<SearchParams> = {}): string {
  const search = { ...params, ...changes };
  const query = new URLSearchParams();
  if (search.text) query.set("q", search.text);
  if (search.postcode || search.near) {
    if (search.postcode) query.set("postcode", search.postcode);
    else query.set("near", search.near);
    if (search.radiusMiles !== defaultRadiusMiles) query.set("radius", String(search.radiusMiles));
  }
  for (const need of search.needs) query.append("need", need);
  for (const kind of search.kinds) query.append("kind", kind);
  for (const feature of search.accessibility) query.append("access", feature);
  if (search.day) query.set("day", search.day);
  if (search.freeOrLowCost) query.set("free", "yes");
  if (search.directPayment) query.set("dp", "yes");
  if (search.hasCapacity) query.set("capacity", "yes");
  if (search.age !== null) query.set("age", String(search.age));
  if (search.sort !== "relevance") query.set("sort", search.sort);
  if (search.page > 1) query.set("page", String(search.page));
  const queryString = query.toString();
  return queryString ? `/search?${queryString}` : "/search";
}

/**
 * The filters this search has on (beyond the words and the place), each with the address of the
 * same search without it: the page lists them beside the "Filter" button, so a closed panel
 * still says what narrows the results and each can be removed with one link.
 */
export function selectedFilters(params: SearchParams): { label: string; href: string }[] {
  const without = (changes: Partial<SearchParams>) => searchHref(params, { ...changes, page: 1 });
  const selected: { label: string; href: string }[] = [];
  if ((params.postcode || params.near) && params.radiusMiles !== defaultRadiusMiles) {
    selected.push({ label: `Within ${params.radiusMiles} ${params.radiusMiles === 1 ? "mile" : "miles"}`, href: without({ radiusMiles: defaultRadiusMiles }) });
  }
  for (const need of params.needs) selected.push({ label: needName(need), href: without({ needs: params.needs.filter((code) => code !== need) }) });
  for (const kind of params.kinds) selected.push({ label: assetKindName(kind), href: without({ kinds: params.kinds.filter((code) => code !== kind) }) });
  if (params.day) selected.push({ label: `Open on ${days.find((day) => day.code === params.day)!.name}`, href: without({ day: null }) });
  if (params.freeOrLowCost) selected.push({ label: "Free or low cost", href: without({ freeOrLowCost: false }) });
  if (params.directPayment) selected.push({ label: "Can be paid by Direct Payment", href: without({ directPayment: false }) });
  if (params.hasCapacity) selected.push({ label: "Has places now", href: without({ hasCapacity: false }) });
  if (params.age !== null) selected.push({ label: `Aged ${params.age}`, href: without({ age: null }) });
  for (const feature of params.accessibility) {
    selected.push({ label: accessibilityFeatures.find((known) => known.code === feature)?.name ?? feature, href: without({ accessibility: params.accessibility.filter((code) => code !== feature) }) });
  }
  if (params.sort !== "relevance") selected.push({ label: params.sort === "name" ? "Name (A to Z)" : "Nearest first", href: without({ sort: "relevance" }) });
  return selected;
}

/** The same words and place with no filters. */
export function withoutFilters(params: SearchParams): string {
  return searchHref({ ...parseSearchParams(new URL("http://x/search")), text: params.text, postcode: params.postcode, near: params.near });
}
