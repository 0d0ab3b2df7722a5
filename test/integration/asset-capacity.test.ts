/**
 * Keeping places up to date, and the permission scopes it exercises: a provider only for their
 * own organisation's listing, a coordinator only inside their localities.
 */
import { and, eq, inArray, ne, notInArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, locations, serviceAtLocations, services, userLocalities, users } from "../../db/schema";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let provider: TestSession;
let coordinator: TestSession;
const ids = { own: "", otherOrganisation: "", inLocality: "", outsideLocality: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  provider = await sessionFor(database, "provider");
  coordinator = await sessionFor(database, "coordinator");
  const { db } = database;
  const [providerUser] = await db.select().from(users).where(eq(users.role, "provider"));
  const organizationId = providerUser!.organizationId!;
  const wardCodes = (
    await db
      .select({ ward: userLocalities.wardCode })
      .from(userLocalities)
      .innerJoin(users, eq(users.id, userLocalities.userId))
      .where(eq(users.role, "coordinator"))
  ).map((row) => row.ward!);
  const published = (extra: ReturnType<typeof and>) =>
    db
      .select({ id: services.id })
      .from(services)
      .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(and(eq(services.listingStatus, "published"), extra))
      .limit(1);
  ids.own = (await published(eq(services.organizationId, organizationId)))[0]!.id;
  ids.otherOrganisation = (await published(and(ne(services.organizationId, organizationId), notInArray(locations.wardCode, wardCodes))))[0]!.id;
  ids.inLocality = (await published(inArray(locations.wardCode, wardCodes)))[0]!.id;
  ids.outsideLocality = ids.otherOrganisation;
});
afterAll(async () => {
  await database?.destroy();
});

const valid = { capacityUnit: "places", capacityTotal: "12", capacityAvailable: "3", waitingList: "no", waitingListWeeks: "" };

function post(id: string, session: TestSession, fields: Record<string, string>) {
  return app.request(`/assets/${id}/capacity`, {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", cookie: session.cookie },
    body: new URLSearchParams({ ...fields, csrf: session.csrf }),
    redirect: "manual",
  });
}

const capacityOf = async (id: string) =>
  (await database.db.select().from(services).where(eq(services.id, id)))[0]!;

describe(`updating places on ${testDriver}`, () => {
  it("lets a provider update their own listing, audited with before and after", async () => {
    const response = await post(ids.own, provider, valid);
    expect(response.status).toBe(302);
    expect(await capacityOf(ids.own)).toMatchObject({ capacityUnit: "places", capacityTotal: 12, capacityAvailable: 3, waitingList: false });
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "asset.update-capacity"), eq(auditEvents.subjectId, ids.own)));
    expect(audit!.actorRole).toBe("provider");
    expect(audit!.details).toMatchObject({ after: { capacityAvailable: 3 } });
    const page = await app.request(`/assets/${ids.own}`, { headers: { cookie: provider.cookie } });
    expect(await page.text()).toContain("Update places");
  });

  it("refuses a provider editing another organisation's listing, and changes nothing", async () => {
    const before = await capacityOf(ids.otherOrganisation);
    const response = await post(ids.otherOrganisation, provider, { ...valid, capacityAvailable: "0" });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("You do not have permission to change this listing.");
    expect(await capacityOf(ids.otherOrganisation)).toEqual(before);
    const page = await app.request(`/assets/${ids.otherOrganisation}`, { headers: { cookie: provider.cookie } });
    expect(await page.text()).not.toContain("Update places");
  });

  it("lets a coordinator update a listing in their localities but not outside them", async () => {
    expect((await post(ids.inLocality, coordinator, valid)).status).toBe(302);
    const before = await capacityOf(ids.outsideLocality);
    const refused = await post(ids.outsideLocality, coordinator, valid);
    expect(refused.status).toBe(403);
    expect(await capacityOf(ids.outsideLocality)).toEqual(before);
  });

  it("says what is wrong with the numbers, and changes nothing", async () => {
    const before = await capacityOf(ids.own);
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...valid, capacityAvailable: "-1" }, "The number free now cannot be less than 0"],
      [{ ...valid, capacityAvailable: "20" }, "The number free now cannot be more than the total"],
      [{ ...valid, capacityTotal: "ten" }, "The total must be a whole number"],
      [{ ...valid, capacityTotal: "2.5" }, "The total must be a whole number"],
      [{ ...valid, capacityTotal: "1; drop table services" }, "The total must be a whole number"],
      [{ ...valid, waitingList: "maybe" }, "Say whether there is a waiting list"],
      [{ ...valid, waitingList: "yes", waitingListWeeks: "500" }, "The wait in weeks must be 104 or fewer"],
      [{ ...valid, capacityUnit: "<script>" }, "Choose places or hours a week"],
    ];
    for (const [fields, message] of cases) {
      const response = await post(ids.own, provider, fields);
      expect(response.status, message).toBe(400);
      const html = await response.text();
      expect(html, message).toContain(message);
      expect(html).not.toContain("<script>\"");
    }
    expect(await capacityOf(ids.own)).toEqual(before);
  });

  it("answers 404 for a listing that does not exist", async () => {
    const response = await app.request("/assets/00000000-0000-4000-8000-000000000000/capacity", {
      headers: { cookie: provider.cookie },
    });
    expect(response.status).toBe(404);
  });
});
