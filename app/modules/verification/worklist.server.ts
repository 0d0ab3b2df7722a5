import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { locations, serviceAtLocations, services, wards } from "../../../db/schema";
import { config } from "../../env.server";
import type { Actor } from "../accounts/permissions";
import { verificationStage, type VerificationIntervals, type VerificationStage } from "./verification";
import { locationInLocalities, writeListings } from "../listings/writer.server";

export function verificationIntervals(): VerificationIntervals {
  const { verificationDueDays, verificationOverdueDays, verificationLongOverdueDays } = config();
  return { dueDays: verificationDueDays, overdueDays: verificationOverdueDays, longOverdueDays: verificationLongOverdueDays };
}

export interface WorklistItem {
  id: string;
  name: string;
  wardName: string | null;
  lastVerifiedAt: string | null;
  stage: VerificationStage;
}

export async function verificationWorklist(db: Database, actor: Actor, today = new Date()) {
  const rows = await db
    .selectDistinctOn([services.id], {
      id: services.id,
      name: services.name,
      wardName: wards.name,
      lastVerifiedAt: services.lastVerifiedAt,
    })
    .from(services)
    .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .leftJoin(wards, eq(wards.code, locations.wardCode))
    .where(and(eq(services.listingStatus, "published"), locationInLocalities(actor)))
    .orderBy(services.id);
  const intervals = verificationIntervals();
  const items: WorklistItem[] = rows
    .map((row) => ({ ...row, stage: verificationStage(row.lastVerifiedAt, today, intervals) }))
    .sort((a, b) => (a.lastVerifiedAt ?? "").localeCompare(b.lastVerifiedAt ?? "") || a.name.localeCompare(b.name));
  return { items, intervals };
}

/** Confirms a listing is still true today, audited with the date it replaces. */
export async function confirmVerified(db: Database, actor: Actor, id: string, today = new Date()): Promise<void> {
  const [before] = await db.select({ lastVerifiedAt: services.lastVerifiedAt }).from(services).where(eq(services.id, id));
  if (!before) throw new Response("Listing not found", { status: 404 });
  const date = today.toISOString().slice(0, 10);
  const written = await writeListings(db, actor, [
    {
      rows: { service: { id, lastVerifiedAt: date, assuredDate: date, lastModified: undefined } },
      audit: { action: "asset.verify", details: { before: { lastVerifiedAt: before.lastVerifiedAt }, after: { lastVerifiedAt: date } } },
    },
  ], "services:update");
  if (written.problems.length) throw new Response(written.problems[0]!.message, { status: 403 });
}
