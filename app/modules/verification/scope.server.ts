/**
 * Where a coordinator's work lies (their localities) and when listings fall due: shared by the
 * worklist, the reminders and the data-quality report.
 */
import { config } from "../../env.server";
import type { VerificationIntervals } from "./verification";

export function verificationIntervals(): VerificationIntervals {
  const { verificationDueDays, verificationOverdueDays, verificationLongOverdueDays } = config();
  return { dueDays: verificationDueDays, overdueDays: verificationOverdueDays, longOverdueDays: verificationLongOverdueDays };
}

/** Listings in the actor's localities (all of them for an administrator): the listings module's rule. */
export { locationInLocalities as inLocalities } from "../listings/writer.server";
