import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { locations, serviceAtLocations, services, wards } from "../../../db/schema";
import { config } from "../../env.server";
import { recordAudit } from "../accounts/audit.server";
import type { Actor } from "../accounts/permissions";
import { verificationStage, type VerificationIntervals, type VerificationStage } from "./verification";

export function verificationIntervals(): VerificationIntervals {
  const { verificationDueDays, verificationOverdueDays, verificationLongOverdueDays } = config();
  return { dueDays: verificationDueDays, overdueDays: verificationOverdueDays, longOverdueDays: verificationLongOverdueDays };
}

/** Listings in the actor's localities (all of them for an administrator). */
export function inLocalities(actor: Actor): SQL | undefined {
  if (actor.role === "administrator") return undefined;
  const wardCodes = actor.localities.map((l) => l.wardCode).filter((c): c is string => c !== null);
  const districtCodes = actor.localities.filter((l) => l.wardCode === null).map((l) => l.districtCode!);
  const parts = [
    wardCodes.length ? inArray(locations.wardCode, wardCodes) : undefined,
    districtCodes.length ? inArray(locations.districtCode, districtCodes) : undefined,
  ].filter((part): part is SQL => part !== undefined);
  return parts.length ? or(...parts) : sql`false`;
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
    .where(and(eq(services.listingStatus, "published"), inLocalities(actor)))
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
  await db.transaction(async (tx) => {
    await tx.update(services).set({ lastVerifiedAt: date, assuredDate: date }).where(eq(services.id, id));
    await recordAudit(tx, actor, {
      action: "asset.verify",
      subjectType: "asset",
      subjectId: id,
      details: { before: { lastVerifiedAt: before.lastVerifiedAt }, after: { lastVerifiedAt: date } },
    });
  });
}
