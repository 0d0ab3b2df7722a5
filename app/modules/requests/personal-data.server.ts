/**
 * Requests as a personal data source (app/modules/privacy/personal-data.server.ts). A request
 * holds the caller's contact details (given with consent) and what they asked for. While it is
 * linked to a person's record it follows that record: the people source exports it, and when
 * the record goes (erasure or retention) the database forgets the request's personal details
 * (the requests_forget_person trigger). Here: requests made without a record (someone asked to
 * be called back), exported and erased by the request's reference (REQ-000123) or the email
 * address given, and forgotten RETENTION_DAYS after their last activity while unlinked.
 *
 * Forgetting keeps what the funnel counts (dates, source, conversation, outcome, ward and
 * district) under a new id and reference, and removes the rest (SQL function requests_forget,
 * migration requests_and_delivery), so the commissioners' figures do not fall as records age out.
 */
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { auditEvents, requestEvents, requests } from "../../../db/schema";
import type { DataSubject, PersonalDataSource } from "../privacy/personal-data.server";

function matching(subject: DataSubject) {
  if (subject.reference) return eq(requests.reference, subject.reference.trim().toUpperCase());
  if (subject.email) return eq(requests.contactEmail, subject.email.trim().toLowerCase());
  return null;
}

/** Forgets these requests' personal details (see above); returns how many. */
export async function forgetRequests(db: Database, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const [row] = await queryRows<{ forgotten: number }>(db, sql`select requests_forget(${sql`array[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::uuid[]`}) as forgotten`);
  return Number(row?.forgotten ?? 0);
}

/** A request with everything kept about it: its events and its audit trail. */
export async function requestsWithHistory(db: Database, rows: Array<typeof requests.$inferSelect>) {
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const events = await db.select().from(requestEvents).where(inArray(requestEvents.requestId, ids));
  const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectType, "request"), inArray(auditEvents.subjectId, ids)));
  return rows.map((request) => ({
    request,
    events: events.filter((event) => event.requestId === request.id),
    auditTrail: audit.filter((event) => event.subjectId === request.id),
  }));
}

export const requestSource: PersonalDataSource = {
  name: "requests",
  description:
    "Requests for help made without a record (asking to be called back): the caller's name, phone, email, postcode, when to call, what they asked for and their consent; the request's history. A request linked to a person's record is exported and erased with the record. When forgotten, the request keeps only its dates, source, conversation, outcome, ward and district, for aggregate reporting.",
  async applyRetention(db, policy, now) {
    const cutoff = new Date(now.getTime() - policy.recordDays * 86_400_000);
    const stale = await db
      .select({ id: requests.id })
      .from(requests)
      .where(
        and(
          isNull(requests.personId),
          lt(requests.lastActivityAt, cutoff),
          // Not forgotten already (forgetting gives an ERASED- reference).
          sql`${requests.reference} not like 'ERASED-%'`,
        ),
      );
    return forgetRequests(db, stale.map((row) => row.id));
  },
  async exportSubject(db, subject) {
    const where = matching(subject);
    if (!where) return [];
    return requestsWithHistory(db, await db.select().from(requests).where(where));
  },
  async eraseSubject(db, subject) {
    const where = matching(subject);
    if (!where) return 0;
    const found = await db.select({ id: requests.id }).from(requests).where(where);
    return forgetRequests(db, found.map((row) => row.id));
  },
};
