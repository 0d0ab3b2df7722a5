/**
 * A request's personal-budget page through the real HTTP stack: the practitioner who holds the
 * request sees it; another practitioner in the same locality is refused (403, audited) and sees
 * nothing of the person.
 */
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, userLocalities, users } from "../../db/schema";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { insertPerson, insertRequest, practitionerId } from "../support/caseload-people";
import { sessionForUser, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestSession;
let colleague: TestSession;
let colleagueId = "";
let requestId = "";
let requestReference = "";
let personReference = "";

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const { db } = database;
  const ownerId = await practitionerId(db);
  owner = await sessionForUser(database, ownerId);
  // Same locality (East Cambridgeshire) as the request, so only "it is not theirs" refuses them.
  const [other] = await db.insert(users).values({ email: "colleague.practitioner@example.org", displayName: "Colleague Practitioner", role: "practitioner" }).returning();
  colleagueId = other!.id;
  await db.insert(userLocalities).values({ userId: colleagueId, districtCode: "E07000009" });
  colleague = await sessionForUser(database, colleagueId);
  const person = await insertPerson(db, ownerId, { postcode: "CB7 5BX", wardCode: "E05011569", districtCode: "E07000009", needs: ["daily-living"] });
  personReference = person.reference;
  const request = await insertRequest(db, person, { conversation: "c3", careService: "home-care", careHoursPerWeek: "10", careBudgetPence: 25_000, careDecidedOn: new Date().toISOString().slice(0, 10) });
  requestId = request.id;
  requestReference = request.reference;
});
afterAll(async () => {
  await database?.destroy();
});

const get = (path: string, session: TestSession) => app.request(path, { headers: { cookie: session.cookie }, redirect: "manual" });
const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe(`a request's personal budget on ${testDriver}`, () => {
  it("is shown to the practitioner who holds the request, with the care decided and the budget agreed", async () => {
    const response = await get(`/requests/${requestId}/budget`, owner);
    expect(response.status).toBe(200);
    const page = await text(response);
    expect(page).toContain("Personal budget");
    expect(page).toContain(`${requestReference}, ${personReference}`);
    expect(page).toContain("10 hours a week");
    expect(page).toContain("£250.00 a week");
  });

  it("is refused to another practitioner in the same locality (403, audited), showing nothing of the person", async () => {
    const refusals = async () =>
      (
        await database.db
          .select({ n: count() })
          .from(auditEvents)
          .where(and(eq(auditEvents.action, "request.view-refused"), eq(auditEvents.subjectId, requestId), eq(auditEvents.actorId, colleagueId)))
      )[0]!.n;
    const before = await refusals();
    const response = await get(`/requests/${requestId}/budget`, colleague);
    expect(response.status).toBe(403);
    const page = await text(response);
    expect(page).toContain("with another practitioner");
    expect(page).not.toContain(personReference);
    expect(page).not.toContain("£250.00");
    expect(await refusals()).toBe(before + 1);
  });
});
