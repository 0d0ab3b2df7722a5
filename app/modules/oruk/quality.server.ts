/**
 * The data-quality report for coordinators: their published listings (every one for an
 * administrator), as the feed serves them to other systems, judged by quality.ts.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { locations, serviceAtLocations, services } from "../../../db/schema";
import type { Actor } from "../accounts/permissions";
import { inLocalities } from "../verification/scope.server";
import { isOwnListing } from "./own-listings";
import { assessServices, type QualityReport } from "./quality";
import { loadFullServices } from "./records.server";

/** Full records, read a thousand at a time. */
export async function fullRecords(db: Database, ids: string[]): Promise<Record<string, unknown>[]> {
  const records: Record<string, unknown>[] = [];
  for (let start = 0; start < ids.length; start += 1000) {
    const batch = ids.slice(start, start + 1000);
    const loaded = await loadFullServices(db, batch);
    for (const id of batch) if (loaded.has(id)) records.push(loaded.get(id)!);
  }
  return records;
}

export async function directoryQuality(db: Database, actor: Actor): Promise<QualityReport> {
  const rows = await db
    .selectDistinct({ id: services.id, name: services.name })
    .from(services)
    .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .where(and(eq(services.listingStatus, "published"), inLocalities(actor), isOwnListing(services.id)))
    .orderBy(services.name, services.id);
  return assessServices(await fullRecords(db, rows.map((row) => row.id)));
}
