import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { locations, serviceAtLocations, services, wards } from "../../../db/schema";
import type { Actor } from "../accounts/permissions";
import { writeListings } from "../listings/writer.server";
import { isOwnListing } from "../oruk/own-listings";
import { answeredByLink, reminderStates, type ReminderState } from "./links.server";
import { inLocalities, verificationIntervals } from "./scope.server";
import { verificationStage, type VerificationStage } from "./verification";
import { londonDay } from "../../../db/calendar";

export { verificationIntervals };

export interface WorklistItem {
  id: string;
  name: string;
  wardName: string | null;
  lastVerifiedAt: string | null;
  stage: VerificationStage;
  /** The last reminder emailed about it in its current cycle (sentTo null: it has no email address). */
  reminder: ReminderState | null;
  /** Nobody answered the reminders: its coordinators have been told. Still published. */
  flagged: boolean;
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
    // Neighbours' harvested listings are theirs to keep true: not on our worklist.
    .where(and(eq(services.listingStatus, "published"), inLocalities(actor), isOwnListing(services.id)))
    .orderBy(services.id);
  const intervals = verificationIntervals();
  const due = rows
    .map((row) => ({ ...row, stage: verificationStage(row.lastVerifiedAt, today, intervals) }))
    .filter((row) => row.stage !== "current");
  const states = await reminderStates(db, due.map((row) => row.id));
  const items: WorklistItem[] = due
    .map((row) => ({ ...row, reminder: states.get(row.id)?.last ?? null, flagged: states.get(row.id)?.flagged ?? false }))
    // Flagged first (nobody answered), then the oldest check.
    .sort((a, b) => Number(b.flagged) - Number(a.flagged) || (a.lastVerifiedAt ?? "").localeCompare(b.lastVerifiedAt ?? "") || a.name.localeCompare(b.name));
  return { items, intervals, answered: await answeredByLink(db, actor, today) };
}

/** Confirms a listing is still true today, audited with the date it replaces. */
export async function confirmVerified(db: Database, actor: Actor, id: string, today = new Date()): Promise<void> {
  const [before] = await db.select({ lastVerifiedAt: services.lastVerifiedAt }).from(services).where(eq(services.id, id));
  if (!before) throw new Response("Listing not found", { status: 404 });
  const date = londonDay(today);
  const written = await writeListings(db, actor, [
    {
      rows: { service: { id, lastVerifiedAt: date, assuredDate: date, lastModified: undefined } },
      audit: { action: "asset.verify", details: { before: { lastVerifiedAt: before.lastVerifiedAt }, after: { lastVerifiedAt: date } } },
    },
  ], "services:update");
  if (written.problems.length) throw new Response(written.problems[0]!.message, { status: 403 });
}
