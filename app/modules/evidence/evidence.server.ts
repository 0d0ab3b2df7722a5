/**
 * Loads the engine's inputs from the database and runs it. The calculation itself is pure
 * (engine.ts); this file only reads the unit costs and checks who is asking.
 */
import type { Database } from "../../../db/client.server";
import { can, type Actor } from "../accounts/permissions";
import { computeEvidence, type EvidenceInput, type EvidenceResult } from "./engine";
import { listUnitCosts } from "./unit-costs.server";

export async function evidenceFor(db: Database, actor: Actor, input: Omit<EvidenceInput, "unitCosts">): Promise<EvidenceResult> {
  if (!can(actor, "evidence:read")) throw new Response("You do not have permission to see cost-avoidance evidence.", { status: 403 });
  return computeEvidence({ ...input, unitCosts: await listUnitCosts(db) });
}
