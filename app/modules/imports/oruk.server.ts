/**
 * Open Referral UK JSON, both ways, for the bulk import page. Export is the feed's own full
 * service records (records.server.ts); import is the harvester (harvest.server.ts) run inside
 * one transaction, so a file is written whole or not at all, and a dry run is the same import
 * rolled back.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { auditEvents, locations, serviceAtLocations, services } from "../../../db/schema";
import { stableId } from "../../../db/vocabulary/ids";
import type { Actor } from "../accounts/permissions";
import { harvestedServiceSchema, harvestServices, recordsIn } from "../oruk/harvest.server";
import { loadFullServices } from "../oruk/records.server";
import type { ImportProblem } from "./csv-rows";
import { inActorLocalities, locationInLocalities, type WrittenListing } from "./csv.server";

/** Every listing in the actor's localities (any listing status), as ORUK full service records. */
export async function exportOruk(db: Database, actor: Actor): Promise<Record<string, unknown>> {
  const rows = await db
    .selectDistinct({ id: services.id, name: services.name })
    .from(services)
    .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .where(locationInLocalities(actor))
    .orderBy(asc(services.name), asc(services.id));
  const contents: Record<string, unknown>[] = [];
  for (let start = 0; start < rows.length; start += 2000) {
    const batch = rows.slice(start, start + 2000).map((row) => row.id);
    const loaded = await loadFullServices(db, batch);
    for (const id of batch) contents.push(loaded.get(id)!);
  }
  // The shape of an ORUK list page holding everything, which the harvester reads as it is.
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class Rollback extends Error {
  constructor(readonly outcome: OrukImportOutcome) {
    super("rolled back");
  }
}

export interface OrukImportOutcome {
  total: number;
  problems: ImportProblem[];
  listings: WrittenListing[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks (dryRun) or imports an ORUK file. Problems are reported per record (its position in
 * the file) and field path; with any problem nothing is written.
 */
export async function importOrukFile(
  db: Database,
  actor: Actor,
  content: string,
  options: { dryRun: boolean; publish: boolean; jobId: string; fileName: string; onProgress?: (records: number, total: number) => Promise<void> },
): Promise<OrukImportOutcome> {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    return { total: 0, listings: [], problems: [{ row: 1, field: "", message: `The file is not JSON: ${(error as Error).message}. Export it again, or check it in a JSON validator.` }] };
  }
  const records = recordsIn(json);
  if (records.length === 0) return { total: 0, listings: [], problems: [{ row: 1, field: "", message: "The file holds no services." }] };

  // Every problem with every record first, before anything is written.
  const problems: ImportProblem[] = [];
  const serviceIds: (string | null)[] = [];
  for (const [index, record] of records.entries()) {
    const parsed = harvestedServiceSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ row: index + 1, field: issue.path.join(".") || "", message: issue.message });
      serviceIds.push(null);
      continue;
    }
    // The id the harvester will give it (harvest.server.ts idFor): a UUID as it is, else a stable one.
    const id = parsed.data.id;
    serviceIds.push(uuidPattern.test(id) ? id.toLowerCase() : stableId("oruk-harvest", `service:${index}:${id}`));
    // Progress is reported while records are validated: the harvest itself runs in one transaction.
    if (options.onProgress && (index + 1) % 500 === 0) await options.onProgress(index + 1, records.length);
  }
  await options.onProgress?.(records.length, records.length);
  if (!isObject(json) && !Array.isArray(json)) problems.push({ row: 1, field: "", message: "The file is not an ORUK service, list page or array of services." });
  if (problems.length) return { total: records.length, listings: [], problems };

  const position = new Map(serviceIds.map((id, index) => [id!, index + 1]));
  // Listings already held outside the actor's localities may not be changed from here.
  if (actor.role !== "administrator") {
    const held = await db
      .select({ id: services.id, wardCode: locations.wardCode, districtCode: locations.districtCode })
      .from(services)
      .leftJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .leftJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(inArray(services.id, serviceIds as string[]));
    const allowed = new Set(held.filter((row) => inActorLocalities(actor, row)).map((row) => row.id));
    for (const row of held) {
      if (!allowed.has(row.id)) problems.push({ row: position.get(row.id)!, field: "id", message: "This listing is already held and is outside your localities, so you cannot change it." });
    }
    if (problems.length) return { total: records.length, listings: [], problems: dedupe(problems) };
  }

  try {
    return await db.transaction(async (tx) => {
      // why the cast: the harvester takes a Database; a transaction nests its own as savepoints.
      const report = await harvestServices(tx as unknown as Database, records, { publish: options.publish, source: options.fileName });
      // The harvester skips a record whose last_modified matches ours: not a problem, nothing to write.
      const unchanged = report.skipped.filter((skip) => skip.reason.startsWith("unchanged"));
      const failed: ImportProblem[] = report.skipped
        .filter((skip) => !skip.reason.startsWith("unchanged"))
        .map((skip) => ({ row: (skip.id && position.get(skip.id)) || 1, field: "", message: `${skip.name ?? skip.id ?? "A record"}: ${skip.reason}.` }));
      const written: WrittenListing[] = [
        ...report.created.map((item) => ({ row: position.get(item.id) ?? 0, id: item.id, name: item.name, action: "created" as const })),
        ...report.updated.map((item) => ({ row: position.get(item.id) ?? 0, id: item.id, name: item.name, action: "updated" as const })),
        ...unchanged.map((item) => ({ row: position.get(item.id ?? "") ?? 0, id: item.id ?? "", name: item.name ?? "", action: "unchanged" as const })),
      ].sort((a, b) => a.row - b.row);
      const changed = written.filter((item) => item.action !== "unchanged");
      if (actor.role !== "administrator" && changed.length) {
        const placed = await tx
          .select({ id: services.id, wardCode: locations.wardCode, districtCode: locations.districtCode })
          .from(services)
          .leftJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
          .leftJoin(locations, eq(locations.id, serviceAtLocations.locationId))
          .where(inArray(services.id, changed.map((w) => w.id)));
        const inScope = new Set(placed.filter((row) => inActorLocalities(actor, row)).map((row) => row.id));
        for (const item of changed) {
          if (!inScope.has(item.id)) failed.push({ row: item.row, field: "service_at_locations", message: `${item.name}: none of its locations has a postcode in your localities, so you cannot add it.` });
        }
      }
      const outcome = { total: records.length, listings: written, problems: failed.sort((a, b) => a.row - b.row) };
      if (failed.length || options.dryRun) throw new Rollback(outcome);
      for (let start = 0; start < changed.length; start += 500) {
        await tx.insert(auditEvents).values(
          changed.slice(start, start + 500).map((item) => ({
            actorId: actor.userId,
            actorRole: actor.role,
            action: "asset.import",
            subjectType: "asset",
            subjectId: item.id,
            details: { source: "oruk", file: options.fileName, job: options.jobId, record: item.row, result: item.action, publish: options.publish },
          })),
        );
      }
      return outcome;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.outcome;
    throw error;
  }
}

function dedupe(problems: ImportProblem[]): ImportProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.row}|${p.field}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).sort((a, b) => a.row - b.row);
}
