/**
 * A practitioner works only with the people on their own caseload (persons.owner_id). Every
 * loader and action under /people/:personId/… that this module serves goes through here first:
 * the role is checked (requirePermission), then the person is found, then whose they are.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { persons, users } from "../../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import type { Permission } from "../accounts/permissions";
import { requirePermission, type Authorised } from "../accounts/permissions.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type CaseloadPerson = typeof persons.$inferSelect;

export async function findPerson(db: Database, personId: string): Promise<CaseloadPerson | null> {
  if (!uuidPattern.test(personId)) return null;
  const [person] = await db.select().from(persons).where(eq(persons.id, personId.toLowerCase()));
  return person ?? null;
}

export async function requireOwnPerson(
  request: Request,
  permission: Permission,
  personId: string,
): Promise<Authorised & { person: CaseloadPerson }> {
  const authorised = await requirePermission(request, permission);
  const person = await findPerson(authorised.db, personId);
  if (!person) throw new Response("Person not found. They may have been removed from the caseload.", { status: 404 });
  if (person.ownerId === null || person.ownerId !== authorised.actor.userId) {
    await recordAudit(authorised.db, authorised.actor, {
      action: "person.access-refused",
      subjectType: "person",
      subjectId: person.id,
      details: { path: new URL(request.url).pathname },
    });
    throw new Response("This person is not on your caseload, so you cannot see or change their record.", { status: 403 });
  }
  return { ...authorised, person };
}

/** The practitioner's own name and email, offered as the way for a provider to reach them. */
export async function practitionerContact(db: Database, userId: string): Promise<{ name: string; email: string } | undefined> {
  const [me] = await db.select({ name: users.displayName, email: users.email }).from(users).where(eq(users.id, userId));
  return me;
}
