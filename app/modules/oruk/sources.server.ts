/**
 * Reading any Open Referral UK source, v1 or 3.0, into the 3.0 records the harvester writes.
 * The version is told from what the source answers (v1 pages say `content` and
 * `totalElements`; 3.0 pages `contents`; a 3.0 feed's `/` gives its version). 3.0 feeds are read
 * by the harvester's own reader; v1 feeds are paged through here and mapped by v1.ts.
 */
import fs from "node:fs";
import type { Database } from "../../../db/client.server";
import { harvestServices, readSource, recordsIn, type HarvestReport, type Skipped } from "./harvest.server";
import { isV1Page, v1ServiceToOruk, versionOf } from "./v1";

type Fetch = typeof fetch;
type Json = Record<string, unknown>;

export interface FeedRecords {
  version: "1.0" | "3.0";
  /** 3.0 service records, whichever version the source speaks. */
  records: unknown[];
  skipped: Skipped[];
}

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const isUrl = (source: string) => /^https?:\/\//i.test(source);

async function getJson(url: string, fetchImpl: Fetch): Promise<unknown> {
  const ask = () => fetchImpl(url, { headers: { Accept: "application/json" } });
  // A connection the server closed as it was reused fails at once: worth one more try.
  const response = await ask().catch(() => ask());
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  try {
    return await response.json();
  } catch {
    throw new Error(`${url} did not answer with JSON`);
  }
}

/** The services in a v1 file: one service, a page, or an array of them. */
function v1RecordsIn(json: unknown): unknown[] {
  if (isV1Page(json)) return json.content;
  return Array.isArray(json) ? json : [json];
}

/**
 * Every service of a v1 API: the list at `listUrl` page by page (asked first without a page
 * number, to learn whether the feed counts pages from 0 or 1), each item's full record fetched
 * from `/services/{id}` unless the list already carries it in full.
 */
async function readV1Api(listUrl: URL, first: Json & { content: unknown[] }, fetchImpl: Fetch): Promise<{ records: unknown[]; skipped: Skipped[] }> {
  const records: unknown[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  const recordBase = `${listUrl.origin}${listUrl.pathname.replace(/\/+$/, "")}`;
  const firstNumber = typeof first.number === "number" ? first.number : 1;
  const totalPages = typeof first.totalPages === "number" ? first.totalPages : undefined;
  const lastNumber = totalPages === undefined ? undefined : firstNumber === 0 ? totalPages - 1 : totalPages;
  let page: Json & { content: unknown[] } = first;
  for (let number = firstNumber; number < firstNumber + 100_000; number++) {
    if (number !== firstNumber) {
      const url = new URL(listUrl);
      url.searchParams.set("page", String(number));
      const next = await getJson(url.toString(), fetchImpl);
      if (!isV1Page(next)) throw new Error(`${url} is not an Open Referral UK v1 list page (it has no "content").`);
      page = next;
    }
    for (const item of page.content) {
      const id = isObject(item) && (typeof item.id === "string" || typeof item.id === "number") ? String(item.id) : undefined;
      const name = isObject(item) && typeof item.name === "string" ? item.name : undefined;
      if (!id) {
        skipped.push({ name, reason: "the list gave it no id, so its full record cannot be fetched" });
        continue;
      }
      if (seen.has(id)) continue;
      seen.add(id);
      if (isObject(item) && "service_at_locations" in item) {
        records.push(v1ServiceToOruk(item));
        continue;
      }
      try {
        records.push(v1ServiceToOruk(await getJson(`${recordBase}/${encodeURIComponent(id)}`, fetchImpl)));
      } catch (error) {
        skipped.push({ id, name, reason: `its full record could not be fetched (${(error as Error).message})` });
      }
    }
    if (page.content.length === 0 || page.last === true || (lastNumber !== undefined && number >= lastNumber)) break;
  }
  return { records, skipped };
}

/**
 * Reads a source: a JSON file (a service, a list page or an array, either version) or a feed's
 * address (its base, its `/services`, or one service).
 */
export async function readFeed(source: string, fetchImpl: Fetch = fetch): Promise<FeedRecords> {
  if (!isUrl(source)) {
    if (!fs.existsSync(source)) throw new Error(`There is no file ${source} (give a path to a JSON file or an http(s) URL).`);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(source, "utf8"));
    } catch (error) {
      throw new Error(`${source} is not JSON: ${(error as Error).message}`);
    }
    return versionOf(json) === "1.0"
      ? { version: "1.0", records: v1RecordsIn(json).map(v1ServiceToOruk), skipped: [] }
      : { version: "3.0", records: recordsIn(json), skipped: [] };
  }
  // A v1 API may have nothing at its base: then its /services is where the list is.
  let url = new URL(source);
  let first: unknown;
  try {
    first = await getJson(url.toString(), fetchImpl);
  } catch (error) {
    if (url.pathname.replace(/\/+$/, "").endsWith("/services")) throw error;
    url = new URL(`${source.replace(/\/+$/, "")}/services`);
    first = await getJson(url.toString(), fetchImpl);
  }
  const version = versionOf(first);
  if (version === "1.0") {
    if (isV1Page(first)) return { version, ...(await readV1Api(url, first, fetchImpl)) };
    if (isObject(first) && "version" in first && !("id" in first)) {
      const listUrl = new URL(`${url.toString().replace(/\/+$/, "")}/services`);
      const list = await getJson(listUrl.toString(), fetchImpl);
      if (!isV1Page(list)) throw new Error(`${listUrl} is not an Open Referral UK v1 list page (it has no "content").`);
      return { version, ...(await readV1Api(listUrl, list, fetchImpl)) };
    }
    return { version, records: v1RecordsIn(first).map(v1ServiceToOruk), skipped: [] };
  }
  return { version: "3.0", ...(await readSource(url.toString(), fetchImpl)) };
}

export interface FeedHarvest extends HarvestReport {
  version: "1.0" | "3.0";
  /** Records whose content had not changed since the last harvest (nothing written). */
  unchanged: { id: string; name: string }[];
}

/** Reads a v1 or 3.0 source and harvests it, reporting created, updated, unchanged and skipped (with reasons). */
export async function importFeed(db: Database, source: string, options: { publish?: boolean; fetch?: Fetch } = {}): Promise<FeedHarvest> {
  const { version, records, skipped } = await readFeed(source, options.fetch ?? fetch);
  const report = await harvestServices(db, records, { publish: options.publish, source, skipped });
  // The harvester reports an unchanged record as skipped, with that reason: counted apart here.
  const unchanged = report.skipped.filter((item) => item.reason.startsWith("unchanged")).map((item) => ({ id: item.id ?? "", name: item.name ?? "" }));
  return { ...report, version, unchanged, skipped: report.skipped.filter((item) => !item.reason.startsWith("unchanged")) };
}

/** The report in plain English, one line per record. */
export function describeFeedHarvest(report: FeedHarvest, publish = false): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines = [
    `Harvested ${report.source} (Open Referral UK ${report.version}): ${plural(report.created.length, "service")} created, ${report.updated.length} updated, ${report.unchanged.length} unchanged, ${report.skipped.length} skipped.`,
  ];
  const section = (title: string, items: { id?: string; name?: string; reason?: string }[], mark: string) => {
    if (!items.length) return;
    lines.push(title);
    for (const item of items) lines.push(`  ${mark} ${item.name || item.id || "a record"}${item.id && item.name ? ` (${item.id})` : ""}${item.reason ? `: ${item.reason}` : ""}`);
  };
  section(publish ? "Created (published):" : "Created (as drafts, for review before they are published):", report.created, "+");
  section("Updated:", report.updated, "~");
  section("Unchanged:", report.unchanged, "=");
  section("Skipped:", report.skipped, "-");
  if (report.taxonomiesCreated.length || report.termsCreated) {
    lines.push(
      `New taxonomy terms: ${report.termsCreated}` +
        (report.taxonomiesCreated.length ? `, in new taxonomies ${report.taxonomiesCreated.map((t) => `"${t.name}"`).join(", ")}.` : "."),
    );
  }
  return lines.join("\n");
}
