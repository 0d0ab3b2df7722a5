/**
 * Where a coordinator's work lies (their localities) and when listings fall due: shared by the
 * worklist, the reminders and the data-quality report.
 */
import { inArray, or, sql, type SQL } from "drizzle-orm";
import { locations } from "../../../db/schema";
import { config } from "../../env.server";
import type { Actor } from "../accounts/permissions";
import type { VerificationIntervals } from "./verification";

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

