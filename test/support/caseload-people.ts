/**
 * People on a practitioner's caseload, written straight to the database: the person records
 * pages belong to the matching work, and these tests need only a person to refer.
 */
import { eq } from "drizzle-orm";
import type { Database } from "../../db/client.server";
import { persons, requests, users } from "../../db/schema";

let counter = 0;

export async function insertPerson(db: Database, ownerId: string, overrides: Partial<typeof persons.$inferInsert> = {}) {
  counter += 1;
  const [person] = await db
    .insert(persons)
    .values({
      reference: `TEST-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 7)}`,
      ageBand: "75-84",
      postcode: "CB7 5AB",
      latitude: 52.3326,
      longitude: 0.3357,
      whatMatters: "Lonely since her husband died; had a fall last month; wants to get out more.",
      needs: ["social-connection", "falls-home-safety"],
      riskFactors: ["loneliness", "fall"],
      preferredDays: ["TU"],
      lawfulBasis: "public_task",
      consentGiven: true,
      consentRecordedAt: new Date(),
      ownerId,
      ...overrides,
    })
    .returning();
  return person!;
}

/** An open request for a person on the caseload, received today, in conversation 1 (overrides for the rest). */
export async function insertRequest(db: Database, person: { id: string; ownerId: string | null; wardCode: string | null; districtCode: string | null }, overrides: Partial<typeof requests.$inferInsert> = {}) {
  const [request] = await db
    .insert(requests)
    .values({
      personId: person.id,
      source: "gp",
      receivedOn: new Date().toISOString().slice(0, 10),
      wardCode: person.wardCode,
      districtCode: person.districtCode ?? "E07000009",
      practitionerId: person.ownerId,
      createdBy: person.ownerId,
      ...overrides,
    })
    .returning();
  return request!;
}

/** A referral form that passes, for tests that need a provider's link (the refer form's fields). */
export const referralFormFields = {
  kind: "referral",
  consent: "yes",
  sharedSummary: "Would like company on Tuesdays.",
  personWants: "Company on Tuesdays",
  referrerName: "Pat Practitioner",
  referrerTeam: "Adult social care",
  referrerContact: "01632 960123",
  // Ignored unless matching left the listing out for the person (tests pick listings by query, not by match).
  overruleReason: "Known to suit them",
};

export async function practitionerId(db: Database, email = "practitioner@demo.example.org"): Promise<string> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!user) throw new Error(`No account ${email}`);
  return user.id;
}
