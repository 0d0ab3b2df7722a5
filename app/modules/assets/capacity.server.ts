/**
 * Keeping a listing's places up to date: the provider who runs it, or the coordinator for its
 * place, says how many places (or hours) are free and whether there is a waiting list.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client.server";
import { locations, serviceAtLocations, services } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { anonymous, type Actor, type AssetScope } from "../accounts/permissions";
import { isAssetId } from "./asset.server";
import { writeListings } from "../listings/writer.server";

/** Whose listing it is and where, for the permission check; null if there is no such listing. */
export async function assetScope(db: Database, id: string): Promise<(AssetScope & { name: string }) | null> {
  if (!isAssetId(id)) return null;
  const [row] = await db
    .select({
      name: services.name,
      organizationId: services.organizationId,
      districtCode: locations.districtCode,
      wardCode: locations.wardCode,
    })
    .from(services)
    .leftJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .leftJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .where(eq(services.id, id.toLowerCase()))
    .limit(1);
  return row ?? null;
}

const wholeNumber = (label: string, max: number) =>
  z.coerce
    .number({ invalid_type_error: `${label} must be a whole number, like 4` })
    .int(`${label} must be a whole number, like 4`)
    .min(0, `${label} cannot be less than 0`)
    .max(max, `${label} must be ${max.toLocaleString("en-GB")} or fewer`);

export const capacitySchema = z
  .object({
    capacityUnit: z.enum(["places", "hours_per_week"], { errorMap: () => ({ message: "Choose places or hours a week" }) }),
    capacityTotal: wholeNumber("The total", 10_000),
    capacityAvailable: wholeNumber("The number free now", 10_000),
    waitingList: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether there is a waiting list" }) }),
    waitingListWeeks: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : undefined))
      .pipe(wholeNumber("The wait in weeks", 104).optional()),
  })
  .refine((value) => value.capacityAvailable <= value.capacityTotal, {
    path: ["capacityAvailable"],
    message: "The number free now cannot be more than the total",
  });

export type CapacityUpdate = z.infer<typeof capacitySchema>;

export async function getCapacity(db: Database, id: string) {
  const [row] = await db
    .select({
      id: services.id,
      name: services.name,
      capacityUnit: services.capacityUnit,
      capacityTotal: services.capacityTotal,
      capacityAvailable: services.capacityAvailable,
      waitingList: services.waitingList,
      waitingListWeeks: services.waitingListWeeks,
    })
    .from(services)
    .where(eq(services.id, id.toLowerCase()));
  return row ?? null;
}

const linkAuthority: Actor = { ...anonymous, role: "administrator" };

/** `via`: how someone without an account did it (the provider's emailed link), for the history. */
export async function updateCapacity(db: Database, actor: Actor, id: string, update: CapacityUpdate, via?: Record<string, string>): Promise<void> {
  const before = await getCapacity(db, id);
  if (!before) throw new Response("Listing not found", { status: 404 });
  const after = {
    capacityUnit: update.capacityUnit,
    capacityTotal: update.capacityTotal,
    capacityAvailable: update.capacityAvailable,
    waitingList: update.waitingList === "yes",
    waitingListWeeks: update.waitingList === "yes" ? (update.waitingListWeeks ?? null) : null,
  };
  const { id: _id, name: _name, ...previous } = before;
  const audit = { action: "asset.update-capacity", details: { ...via, before: previous, after } };
  // why: by emailed link the link is the authority (no locality to check); the audit still names who did it.
  const written = await writeListings(db, via ? linkAuthority : actor, [{ rows: { service: { id: before.id, ...after } }, audit: via ? null : audit }], "services:update");
  if (written.problems.length) throw new Response(written.problems[0]!.message, { status: 403 });
  if (via) await recordAudit(db, actor, { ...audit, subjectType: "asset", subjectId: before.id });
}
