import { and, eq, notInArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, locations, serviceAtLocations, services, userLocalities, users, wards } from "../../db/schema";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor, type TestSession } from "../support/sessions";
import { londonDay } from "../../db/calendar";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let coordinator: TestSession;
let localWardNames: string[];
let localWardCodes: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  coordinator = await sessionFor(database, "coordinator");
  const rows = await database.db
    .select({ code: wards.code, name: wards.name })
    .from(userLocalities)
    .innerJoin(users, eq(users.id, userLocalities.userId))
    .innerJoin(wards, eq(wards.code, userLocalities.wardCode))
    .where(eq(users.role, "coordinator"));
  localWardNames = rows.map((r) => r.name);
  localWardCodes = rows.map((r) => r.code);
});
afterAll(async () => {
  await database?.destroy();
});

const confirm = (id: string) =>
  app.request("/coordinator/verification", {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", cookie: coordinator.cookie },
    body: new URLSearchParams({ id, csrf: coordinator.csrf }),
    redirect: "manual",
  });

describe(`the re-verification worklist on ${testDriver}`, () => {
  it("shows a coordinator the listings due in their localities only, most overdue first", async () => {
    const html = await (await app.request("/coordinator/verification", { headers: { cookie: coordinator.cookie } })).text();
    expect(html).toContain("Listings to check");
    expect(html).toMatch(/Long overdue: \d+/);
    const wardCells = [...html.matchAll(/<td class="govuk-table__cell">([^<]+)<\/td>/g)].map((m) => m[1]!).filter((text) => !/\d{4}$/.test(text) && text !== "Never");
    expect(wardCells.length).toBeGreaterThan(0);
    for (const ward of wardCells) expect(localWardNames.map((n) => n.replace("&", "&amp;"))).toContain(ward);
  });

  it("confirms a listing in one click: today's date, audited, off the list", async () => {
    const [due] = await database.db
      .select({ id: services.id, last: services.lastVerifiedAt })
      .from(services)
      .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(and(eq(services.listingStatus, "published"), eq(locations.wardCode, localWardCodes[0]!)))
      .orderBy(services.lastVerifiedAt)
      .limit(1);
    const response = await confirm(due!.id);
    expect(response.status).toBe(303);
    const [after] = await database.db.select().from(services).where(eq(services.id, due!.id));
    expect(after!.lastVerifiedAt).toBe(londonDay());
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "asset.verify"), eq(auditEvents.subjectId, due!.id)));
    expect(audit!.details).toMatchObject({ before: { lastVerifiedAt: due!.last } });
  });

  it("refuses to confirm a listing outside the coordinator's localities, and changes nothing", async () => {
    const [outside] = await database.db
      .select({ id: services.id, last: services.lastVerifiedAt })
      .from(services)
      .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(and(eq(services.listingStatus, "published"), notInArray(locations.wardCode, localWardCodes)))
      .limit(1);
    const response = await confirm(outside!.id);
    expect(response.status).toBe(403);
    const [after] = await database.db.select().from(services).where(eq(services.id, outside!.id));
    expect(after!.lastVerifiedAt).toBe(outside!.last);
    expect((await confirm("not-an-id")).status).toBe(404);
  });
});
