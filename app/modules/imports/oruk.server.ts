/**
 * Open Referral UK JSON, both ways, for the bulk import page. Export is the feed's own full
 * service records (records.server.ts); import is the harvester's parser (planHarvest) and the
 * listing writer, so a file is written whole or not at all, and a dry run is the same check
 * without the write.
 */
import { asc, eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { locations, serviceAtLocations, services } from "../../../db/schema";
import type { Actor } from "../accounts/permissions";
import { locationInLocalities, scopeProblems, writeListingsInBatches, type ListingWrite } from "../listings/writer.server";
import { planHarvest, recordsIn, writeHarvestTerms, type PlannedRecord } from "../oruk/harvest.server";
import { loadFullServices } from "../oruk/records.server";
import type { ImportProblem } from "./csv-rows";
import type { WrittenListing } from "./csv.server";

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

export interface OrukImportOutcome {
  total: number;
  problems: ImportProblem[];
  listings: WrittenListing[];
}

/**
 * Checks (dryRun) or imports an ORUK file: the harvester reads every record into listing rows
 * (planHarvest, nothing written), the listing writer checks the locality rule, and only a file
 * with no problem at all is written, in batches, all or none (writeListingsInBatches). Problems
 * are reported per record (its position in the file) and field path.
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
  if (!isObject(json) && !Array.isArray(json)) return { total: records.length, listings: [], problems: [{ row: 1, field: "", message: "The file is not an ORUK service, list page or array of services." }] };

  const plan = await planHarvest(db, records, { publish: options.publish, source: options.fileName });
  await options.onProgress?.(records.length, records.length);
  const problems: ImportProblem[] = plan.invalid.flatMap((invalid) => invalid.issues.map((issue) => ({ row: invalid.index + 1, field: issue.path, message: issue.message })));
  for (const record of plan.records) {
    if (record.result === "skipped") problems.push({ row: record.index + 1, field: "", message: `${record.name}: ${record.reason}.` });
  }
  const toWrite = plan.records.filter((record): record is Extract<PlannedRecord, { rows: unknown }> => "rows" in record);
  const writes: ListingWrite[] = toWrite.map((record) => ({
    rows: record.rows,
    audit: {
      action: "asset.import",
      details: { source: "oruk", file: options.fileName, job: options.jobId, record: record.index + 1, result: record.result, publish: options.publish },
    },
  }));
  if (problems.length === 0) {
    // A record unchanged since it was exported is not written, but one outside the actor's reach is still refused.
    const unchanged = plan.records.filter((record) => record.result === "unchanged");
    const scope = await scopeProblems(db, actor, [...writes, ...unchanged.map((record) => ({ rows: { service: { id: record.id } } }))]);
    for (const problem of scope) {
      const record = problem.index < toWrite.length ? toWrite[problem.index]! : unchanged[problem.index - toWrite.length]!;
      if (problem.index >= toWrite.length && problem.kind !== "listing") continue;
      problems.push(
        problem.kind === "listing"
          ? { row: record.index + 1, field: "id", message: "This listing is already held and is outside your localities, so you cannot change it." }
          : {
              row: record.index + 1,
              field: "service_at_locations",
              message: `${record.name}: none of its locations has a postcode in your localities, so you cannot ${record.result === "created" ? "add it" : "move it there"}.`,
            },
      );
    }
  }
  const listings: WrittenListing[] = plan.records
    .filter((record) => record.result !== "skipped")
    .map((record) => ({ row: record.index + 1, id: record.id, name: record.name, action: record.result as WrittenListing["action"] }));
  const outcome = { total: records.length, listings, problems: dedupe(problems) };
  if (outcome.problems.length || options.dryRun) return outcome;
  const written = await writeListingsInBatches(db, actor, writes, "import:oruk", {
    beforeEach: (tx) => writeHarvestTerms(tx, plan),
    onProgress: options.onProgress,
  });
  if (written.problems.length) throw new Error(`The import was refused: ${written.problems[0]!.message}`);
  return outcome;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function dedupe(problems: ImportProblem[]): ImportProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.row}|${p.field}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).sort((a, b) => a.row - b.row);
}
