/**
 * The audit trail: who, when, what. Views and changes of people's data, sign-ins and
 * administrative changes are all recorded here.
 */
import type { Database } from "../../../db/client.server";
import { auditEvents } from "../../../db/schema";
import type { Actor } from "./permissions";

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Pick<Database, "insert">, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: actor.userId,
    actorRole: actor.role,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    details: entry.details ?? {},
  });
}
