/**
 * People's records as a personal data source (app/modules/privacy/personal-data.server.ts):
 * kept until RETENTION_DAYS after their last activity; exported and erased by the person's
 * reference. Referrals, their status history and outcome measures belong to the person and go
 * with the record (ON DELETE CASCADE in db/schema/people.ts). Their diverted care stays as
 * evidence but loses every link to them first (the persons delete trigger, migration
 * evidence_outlives_records): no person, referral, note or recorder; a random subject; only
 * the ward, district, kind of support, need, care, hours, dates and confidence the dashboard
 * aggregates. Their requests stay for the funnel, forgotten the same way (the
 * requests_forget_person trigger, migration requests_and_delivery).
 */
import { and, eq, inArray, lt } from "drizzle-orm";
import { auditEvents, divertedCare, outcomeMeasures, persons, referralEvents, referrals, requests } from "../../../db/schema";
import type { PersonalDataSource } from "../privacy/personal-data.server";
import { requestsWithHistory } from "../requests/personal-data.server";

const normaliseReference = (reference: string) => reference.trim().toUpperCase();

export const personSource: PersonalDataSource = {
  name: "people",
  description:
    "People on practitioners' caseloads: reference, optional contact name and phone, age band, postcode, what matters to them, needs, risk factors, preferences, consent; their requests for help, referrals, outcomes and diverted care; who viewed or changed the record. On erasure or retention their diverted care and their requests' dates and outcomes are kept without any link to them, as evidence for aggregate reporting only.",
  async applyRetention(db, policy, now) {
    const cutoff = new Date(now.getTime() - policy.recordDays * 86_400_000);
    const removed = await db.delete(persons).where(lt(persons.lastActivityAt, cutoff)).returning({ id: persons.id });
    return removed.length;
  },
  async exportSubject(db, subject) {
    if (!subject.reference) return [];
    const [person] = await db.select().from(persons).where(eq(persons.reference, normaliseReference(subject.reference)));
    if (!person) return [];
    const personReferrals = await db.select().from(referrals).where(eq(referrals.personId, person.id));
    const referralIds = personReferrals.map((referral) => referral.id);
    const events = referralIds.length ? await db.select().from(referralEvents).where(inArray(referralEvents.referralId, referralIds)) : [];
    return [
      {
        person,
        // The secret link's hash is a credential, not the person's data.
        referrals: personReferrals.map(({ providerTokenHash: _hash, ...referral }) => referral),
        referralEvents: events,
        requests: await requestsWithHistory(db, await db.select().from(requests).where(eq(requests.personId, person.id))),
        outcomes: await db.select().from(outcomeMeasures).where(eq(outcomeMeasures.personId, person.id)),
        divertedCare: await db.select().from(divertedCare).where(eq(divertedCare.personId, person.id)),
        auditTrail: await db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.subjectType, "person"), eq(auditEvents.subjectId, person.id))),
      },
    ];
  },
  async eraseSubject(db, subject) {
    if (!subject.reference) return 0;
    const removed = await db
      .delete(persons)
      .where(eq(persons.reference, normaliseReference(subject.reference)))
      .returning({ id: persons.id });
    return removed.length;
  },
};
