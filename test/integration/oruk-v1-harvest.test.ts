/**
 * Harvesting a first-version Open Referral UK feed (`npm run atlas -- import-oruk`): the v1
 * fixture feed served by the tests, found from its base address, paged through (pages counted
 * from 1, or from 0), each record mapped onto ours; a second harvest; and the round trip: the
 * harvested listings served again by our 3.0 feed, valid against the UK profile, with their
 * phones, addresses, times and terms.
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contacts, locations, phones, schedules, services, taxonomies, taxonomyTerms } from "../../db/schema";
import { stableId } from "../../db/vocabulary/ids";
import { importFeed, readFeed } from "../../app/modules/oruk/sources.server";
import { assessServices } from "../../app/modules/oruk/quality";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { orukSchemas, schemaErrors } from "../support/oruk";
import { serveV1Feed, v1Services, type V1Feed } from "../support/oruk-v1-feed";

// why any: the records are read freely in assertions; their shape is what is under test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let feed: V1Feed;
const fixture = v1Services();
const lunchId = String(fixture[0]!.id);
const befriendingId = stableId("oruk-harvest", "service:1:WS-0042");

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  feed = await serveV1Feed(fixture, { perPage: 2 });
});
afterAll(async () => {
  await feed?.close();
  await database?.destroy();
});

describe(`harvesting a v1 feed on ${testDriver}`, () => {
  it("finds the list from the feed's base, pages through it, fetches each record, and creates drafts", async () => {
    const report = await importFeed(database.db, `${feed.url}/`);
    expect(report.version).toBe("1.0");
    expect(report.created.map((item) => item.name).sort()).toEqual(["Digital Help by Phone", "Fordham Chair Exercise", "Mildenhall Befriending", "Newmarket Lunch Club"]);
    expect(report.skipped).toEqual([{ id: String(fixture[4]!.id), reason: "it has no name" }]);
    expect(feed.requests).toEqual(expect.arrayContaining(["/", "/services", "/services?page=2", "/services?page=3", `/services/${lunchId}`, "/services/WS-0042"]));
    const rows = await database.db.select().from(services).where(inArray(services.id, report.created.map((item) => item.id)));
    expect(rows.map((row) => row.listingStatus)).toEqual(["draft", "draft", "draft", "draft"]);
    expect(report.created.map((item) => item.id)).toContain(befriendingId);
  });

  it("maps v1's fields onto ours", async () => {
    const { db } = database;
    const [lunch] = await db.select().from(services).where(eq(services.id, lunchId));
    expect(lunch).toMatchObject({ name: "Newmarket Lunch Club", minimumAge: 60, maximumAge: 120, url: "https://example.org/newmarket-lunch-club" });
    const [schedule] = await db.select().from(schedules).where(eq(schedules.serviceId, lunchId));
    expect(schedule).toMatchObject({ byday: "TU", freq: "WEEKLY", opensAt: "12:00:00", closesAt: "14:00:00", attendingType: "venue" });
    const [phone] = await db.select({ number: phones.number }).from(phones).innerJoin(contacts, eq(contacts.id, phones.contactId)).where(eq(contacts.serviceId, lunchId));
    expect(phone!.number).toBe("01632 960201");
    // A postcode we know places it in its ward; one we do not (Suffolk) keeps the feed's point.
    const [fordham] = await db.select().from(locations).where(eq(locations.id, "6a7b8c9d-0e1f-4a2b-9c4d-5e6f7a8b9c69"));
    expect(fordham).toMatchObject({ postcode: "CB7 5BF", wardCode: expect.stringMatching(/^E05/) });
    const [mildenhall] = await db.select().from(locations).where(eq(locations.id, "f3d2e4a5-b6c7-4d8e-8f0a-1b2c3d4e5f70"));
    expect(mildenhall).toMatchObject({ latitude: 52.3446, longitude: 0.5106, postcode: null });
    const [loneliness] = await db.select().from(taxonomies).where(eq(taxonomies.name, "Open Referral UK: Loneliness"));
    const terms = await db.select().from(taxonomyTerms).where(eq(taxonomyTerms.taxonomyId, loneliness!.id));
    const meals = terms.find((term) => term.name === "Meals")!;
    expect(terms.find((term) => term.id === meals.parentId)!.name).toBe("Social activities");
  });

  it("harvests again without creating anything, and reads a feed that counts pages from 0", async () => {
    const again = await importFeed(database.db, `${feed.url}/services`);
    expect(again.created).toEqual([]);
    expect(again.updated.length + again.unchanged.length).toBe(4);
    const zeroBased = await serveV1Feed(fixture, { perPage: 2, firstPage: 0 });
    try {
      const report = await importFeed(database.db, `${zeroBased.url}/services`);
      expect(report.created).toEqual([]);
      expect(report.updated.length + report.unchanged.length).toBe(4);
      expect(zeroBased.requests.filter((request) => request.startsWith("/services?") || request === "/services")).toEqual(["/services", "/services?page=1", "/services?page=2"]);
    } finally {
      await zeroBased.close();
    }
  });

  it("round trip: published, the v1 records come out of our 3.0 feed valid, with their details", async () => {
    await importFeed(database.db, `${feed.url}/services`, { publish: true });
    const response = await app.request(`/oruk/services/${lunchId}`);
    expect(response.status).toBe(200);
    const service = (await response.json()) as Loose;
    expect(schemaErrors(orukSchemas.service, service)).toEqual([]);
    expect(service).toMatchObject({
      name: "Newmarket Lunch Club",
      url: "https://example.org/newmarket-lunch-club",
      minimum_age: 60,
      organization: { name: "Newmarket Community Association", website: "https://example.org/newmarket-community" },
      phones: [expect.objectContaining({ number: "01632 960201" })],
      schedules: [expect.objectContaining({ byday: "TU", opens_at: "12:00:00" })],
      cost_options: [expect.objectContaining({ option: "Meal", amount: 4.5 })],
    });
    expect(service.service_at_locations[0].location.addresses[0]).toMatchObject({ address_1: "Memorial Hall, High Street", postal_code: "CB8 8JP" });
    const list = (await (await app.request(`/oruk/services?search=Mildenhall`)).json()) as { contents: { id: string }[] };
    expect(list.contents.map((item) => item.id)).toContain(befriendingId);
    const [row] = await database.db.select({ status: services.listingStatus }).from(services).where(and(eq(services.id, lunchId)));
    expect(row!.status).toBe("published");
  });

  it("judges the v1 feed's data quality, record by record", async () => {
    const { version, records } = await readFeed(`${feed.url}/services`);
    expect(version).toBe("1.0");
    const report = assessServices(records as Record<string, unknown>[]);
    expect(report.total).toBe(5);
    expect(report.fields.find((field) => field.code === "url")!.met).toBe(2);
    expect(report.fields.find((field) => field.code === "phone")!.met).toBe(3);
    expect(report.fields.find((field) => field.code === "id")!.met).toBe(4);
    expect(report.noUrlOrPhone.map((service) => service.id)).toEqual([String(fixture[4]!.id)]);
  });
});
