/**
 * Neighbours' Open Referral UK feeds (v1 or 3.0), harvested on a schedule
 * (docs/decisions/0026-neighbour-feeds.md). Their listings are published at once (their
 * publisher checks them), kept apart from ours: each names its source, whose licence and last
 * harvest are recorded; they are not on our worklist, not reminded, not in our own feed, and a
 * listing the feed no longer offers is archived. A neighbour's record never overwrites one of
 * our listings (or another source's).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { harvestedServices, harvestSources, services, type HarvestSummary } from "../../../db/schema";
import { anonymous, type Actor } from "../accounts/permissions";
import { writeListings } from "../listings/writer.server";
import { harvestServices } from "./harvest.server";
import { assessServices, type QualityReport } from "./quality";
import { readFeed } from "./sources.server";

type Fetch = typeof fetch;
export type HarvestSource = typeof harvestSources.$inferSelect;

export interface NeighbourInput {
  name: string;
  url: string;
  licence: string;
  attribution?: string | null;
}

/** Adds a neighbour's feed, or changes the one at that address. */
export async function saveHarvestSource(db: Database, input: NeighbourInput): Promise<HarvestSource> {
  const url = new URL(input.url).toString();
  if (!/^https?:$/.test(new URL(url).protocol)) throw new Error("A feed's address starts with https:// (or http://).");
  const values = { name: input.name.trim(), url, licence: input.licence.trim(), attribution: input.attribution?.trim() || null };
  if (!values.name || !values.licence) throw new Error("Give the feed a name residents will recognise and the licence it is published under.");
  const [row] = await db
    .insert(harvestSources)
    .values(values)
    .onConflictDoUpdate({ target: harvestSources.url, set: { name: values.name, licence: values.licence, attribution: values.attribution, enabled: true } })
    .returning();
  return row!;
}

export async function listHarvestSources(db: Database): Promise<HarvestSource[]> {
  return db.select().from(harvestSources).orderBy(asc(harvestSources.name));
}

/** Stops harvesting a feed: its listings are archived, and kept (as archived) with their source. */
export async function disableHarvestSource(db: Database, url: string): Promise<number> {
  const [source] = await db.update(harvestSources).set({ enabled: false }).where(eq(harvestSources.url, new URL(url).toString())).returning();
  if (!source) throw new Error(`No neighbour's feed at ${url}.`);
  return archiveWithdrawn(db, source, new Set());
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const harvestJob: Actor = { ...anonymous, role: "administrator" };

/** Archives this source's published listings that are not in `kept` (the feed no longer offers them). */
async function archiveWithdrawn(db: Database, source: HarvestSource, kept: Set<string>): Promise<number> {
  const held = await db.select({ id: harvestedServices.serviceId }).from(harvestedServices).where(eq(harvestedServices.sourceId, source.id));
  const gone = held.map((row) => row.id).filter((id) => !kept.has(id));
  if (gone.length === 0) return 0;
  const archived = await db.select({ id: services.id }).from(services).where(and(inArray(services.id, gone), eq(services.listingStatus, "published")));
  await writeListings(
    db,
    harvestJob,
    archived.map(({ id }) => ({
      rows: { service: { id, listingStatus: "archived" as const } },
      audit: { action: "asset.archive", details: { job: "neighbour-harvest", source: source.name, after: { status: "archived: no longer in the feed" } } },
    })),
    "services:update",
  );
  return archived.length;
}

export interface NeighbourHarvest {
  source: string;
  summary: HarvestSummary | null;
  quality: Pick<QualityReport, "total" | "usable" | "fields"> | null;
  error: string | null;
}

/** Harvests one neighbour's feed now. A feed that cannot be read leaves its listings as they were. */
export async function harvestNeighbour(db: Database, source: HarvestSource, options: { fetch?: Fetch; now?: Date } = {}): Promise<NeighbourHarvest> {
  const now = options.now ?? new Date();
  try {
    const { version, records, skipped } = await readFeed(source.url, options.fetch ?? fetch);
    // Kept apart: a record with the id of one of our listings, or another source's, is not written.
    const ids = records.flatMap((record) => {
      const id = typeof record === "object" && record !== null ? (record as { id?: unknown }).id : undefined;
      return typeof id === "string" && uuidPattern.test(id) ? [id.toLowerCase()] : [];
    });
    const taken = new Set<string>();
    if (ids.length) {
      const rows = await db
        .select({ id: services.id, sourceId: harvestedServices.sourceId })
        .from(services)
        .leftJoin(harvestedServices, eq(harvestedServices.serviceId, services.id))
        .where(inArray(services.id, ids));
      for (const row of rows) if (row.sourceId !== source.id) taken.add(row.id);
    }
    const kept = records.filter((record) => {
      const id = (record as { id?: unknown }).id;
      return !(typeof id === "string" && taken.has(id.toLowerCase()));
    });
    const refused = records
      .filter((record) => !kept.includes(record))
      .map((record) => ({ id: String((record as { id: string }).id), name: String((record as { name?: string }).name ?? ""), reason: "it has the id of a listing that is not this feed's: left as it is" }));
    const report = await harvestServices(db, kept, { publish: true, source: source.name, skipped: [...skipped, ...refused] });
    const unchanged = report.skipped.filter((item) => item.reason.startsWith("unchanged") && item.id);
    const written = [...report.created, ...report.updated, ...unchanged].map((item) => item.id!).filter(Boolean);
    if (written.length) {
      await db
        .insert(harvestedServices)
        .values(written.map((serviceId) => ({ serviceId, sourceId: source.id, harvestedAt: now })))
        .onConflictDoUpdate({ target: harvestedServices.serviceId, set: { sourceId: source.id, harvestedAt: now } });
    }
    const withdrawn = await archiveWithdrawn(db, source, new Set(written));
    const summary: HarvestSummary = {
      version,
      created: report.created.length,
      updated: report.updated.length,
      unchanged: unchanged.length,
      skipped: report.skipped.length - unchanged.length,
      withdrawn,
    };
    const { total, usable, fields } = assessServices(records.filter((record): record is Record<string, unknown> => typeof record === "object" && record !== null));
    const quality = { total, usable, fields: fields.map(({ failing: _failing, ...field }) => ({ ...field, failing: [] })) };
    await db.update(harvestSources).set({ lastHarvestedAt: now, lastSummary: { ...summary, quality }, lastError: null }).where(eq(harvestSources.id, source.id));
    return { source: source.name, summary, quality, error: null };
  } catch (error) {
    const message = (error as Error).message.split("\n")[0] ?? "unknown error";
    await db.update(harvestSources).set({ lastError: message }).where(eq(harvestSources.id, source.id));
    return { source: source.name, summary: null, quality: null, error: message };
  }
}

/** The daily job: every enabled neighbour's feed, one after another. */
export async function harvestNeighbours(db: Database, options: { fetch?: Fetch; now?: Date } = {}): Promise<NeighbourHarvest[]> {
  const sources = await db.select().from(harvestSources).where(eq(harvestSources.enabled, true)).orderBy(asc(harvestSources.name));
  const results: NeighbourHarvest[] = [];
  for (const source of sources) results.push(await harvestNeighbour(db, source, options));
  return results;
}

export function describeNeighbourHarvests(results: NeighbourHarvest[]): string {
  if (results.length === 0) return "no neighbours' feeds configured";
  return results
    .map((result) =>
      result.error
        ? `${result.source}: failed (${result.error}); its listings are left as they were`
        : `${result.source} (v${result.summary!.version}): ${result.summary!.created} created, ${result.summary!.updated} updated, ${result.summary!.unchanged} unchanged, ${result.summary!.skipped} skipped, ${result.summary!.withdrawn} withdrawn`,
    )
    .join("; ");
}

/** Where a listing came from, if a neighbour's feed: shown with it, so residents know whose it is. */
export async function listingSource(db: Database, serviceId: string) {
  const [row] = await db
    .select({ name: harvestSources.name, url: harvestSources.url, licence: harvestSources.licence, attribution: harvestSources.attribution, harvestedAt: harvestedServices.harvestedAt })
    .from(harvestedServices)
    .innerJoin(harvestSources, eq(harvestSources.id, harvestedServices.sourceId))
    .where(eq(harvestedServices.serviceId, serviceId));
  return row ?? null;
}
