/**
 * A neighbour's feed harvested on a schedule: its listings published and kept apart (source,
 * licence, last harvested), found by residents searching near the border with the source named,
 * and left out of our feed, worklist and reminders; one the feed drops is archived; a record
 * with the id of one of our listings never overwrites it; a feed that cannot be read leaves
 * everything as it was.
 */
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harvestedServices, harvestSources, services, verificationReminders } from "../../db/schema";
import { harvestNeighbours, saveHarvestSource } from "../../app/modules/oruk/neighbours.server";
import { anonymous } from "../../app/modules/accounts/permissions";
import { sendVerificationReminders } from "../../app/modules/verification/links.server";
import { verificationWorklist } from "../../app/modules/verification/worklist.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { serveV1Feed, v1Services, type V1Feed } from "../support/oruk-v1-feed";
import { sessionFor } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let feed: V1Feed;
const fixture = v1Services();
const lunchId = String(fixture[0]!.id);
const fordhamId = String(fixture[2]!.id);
const administrator = { ...anonymous, role: "administrator" as const };
const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "").replaceAll("&#x27;", "'");

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  feed = await serveV1Feed(fixture, { perPage: 2 });
  await saveHarvestSource(database.db, {
    name: "West Suffolk community directory",
    url: `${feed.url}/services`,
    licence: "Open Government Licence v3.0",
    attribution: "Contains information from the West Suffolk community directory",
  });
});
afterAll(async () => {
  await feed?.close();
  await database?.destroy();
});

describe(`a neighbour's feed on ${testDriver}`, () => {
  it("is harvested, published and recorded with its source, licence and last harvest", async () => {
    const [result] = await harvestNeighbours(database.db);
    expect(result).toMatchObject({ error: null, summary: { version: "1.0", created: 4, updated: 0, skipped: 1, withdrawn: 0 } });
    expect(result!.quality).toMatchObject({ total: 5 });
    const held = await database.db.select().from(harvestedServices);
    expect(held).toHaveLength(4);
    const rows = await database.db.select({ status: services.listingStatus }).from(services).where(inArray(services.id, held.map((row) => row.serviceId)));
    expect(rows.every((row) => row.status === "published")).toBe(true);
    const [source] = await database.db.select().from(harvestSources);
    expect(source).toMatchObject({ lastError: null, lastSummary: { created: 4 } });
    expect(source!.lastHarvestedAt).toBeInstanceOf(Date);
  });

  it("is found by a resident searching near the border, with its source named on the listing", async () => {
    const results = await text(await app.request("/search?q=lunch&postcode=CB8+9BG&radius=5"));
    expect(results).toContain("Newmarket Lunch Club");
    const page = await text(await app.request(`/assets/${lunchId}`));
    expect(page).toContain("This listing comes from West Suffolk community directory, a neighbouring directory");
    expect(page).toContain("Licence: Open Government Licence v3.0.");
    const about = await text(await app.request("/about"));
    expect(about).toContain("Listings from neighbouring directories");
    expect(about).toContain("Contains information from the West Suffolk community directory");
  });

  it("stays out of our own feed, our worklist and our reminders", async () => {
    expect((await app.request(`/oruk/services/${lunchId}`)).status).toBe(404);
    const list = (await (await app.request("/oruk/services?search=Newmarket")).json()) as { total_items: number };
    expect(list.total_items).toBe(0);
    // Every other listing checked today, so the reminders' only candidate would be the neighbour's.
    await database.db.update(services).set({ lastVerifiedAt: new Date().toISOString().slice(0, 10) });
    await database.db.update(services).set({ lastVerifiedAt: null }).where(eq(services.id, fordhamId));
    const worklist = await verificationWorklist(database.db, administrator);
    expect(worklist.items.map((item) => item.id)).not.toContain(fordhamId);
    await sendVerificationReminders(database.db, { origin: app.origin });
    expect(await database.db.select().from(verificationReminders).where(eq(verificationReminders.serviceId, fordhamId))).toEqual([]);
    const quality = await text(await app.request("/coordinator/data-quality", { headers: { cookie: (await sessionFor(database, "administrator")).cookie } }));
    expect(quality).toContain("West Suffolk community directory (Open Referral UK 1.0");
  });

  it("archives a listing the feed drops, and never overwrites one of ours", async () => {
    const [ours] = await database.db.select().from(services).where(eq(services.listingStatus, "published")).limit(1);
    const impostor = { ...fixture[1]!, id: ours!.id, name: "Not our listing" };
    await feed.close();
    feed = await serveV1Feed([fixture[0]!, impostor, fixture[2]!, fixture[3]!], { perPage: 2 });
    await database.db.update(harvestSources).set({ url: `${feed.url}/services` });
    const [result] = await harvestNeighbours(database.db);
    expect(result!.summary).toMatchObject({ created: 0, withdrawn: 1 });
    const [mine] = await database.db.select().from(services).where(eq(services.id, ours!.id));
    expect(mine!.name).toBe(ours!.name);
    const dropped = (await database.db.select().from(harvestedServices)).map((row) => row.serviceId).filter((id) => ![lunchId, fordhamId, String(fixture[3]!.id)].includes(id));
    const [archived] = await database.db.select({ status: services.listingStatus }).from(services).where(eq(services.id, dropped[0]!));
    expect(archived!.status).toBe("archived");
  });

  it("leaves everything as it was when the feed cannot be read", async () => {
    await feed.close();
    const [result] = await harvestNeighbours(database.db);
    expect(result!.error).toMatch(/fetch failed|ECONNREFUSED|HTTP/);
    const [source] = await database.db.select().from(harvestSources);
    expect(source!.lastError).toBe(result!.error);
    const [lunch] = await database.db.select({ status: services.listingStatus }).from(services).where(eq(services.id, lunchId));
    expect(lunch!.status).toBe("published");
  });
});
