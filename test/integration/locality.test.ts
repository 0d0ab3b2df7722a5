import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { attributes, locations, serviceAtLocations, services } from "../../db/schema";
import { localityView } from "../../app/modules/places/locality.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let coordinator: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  coordinator = await sessionFor(database, "coordinator");
});
afterAll(async () => {
  await database?.destroy();
});

describe(`the locality view on ${testDriver}`, () => {
  it("counts each need's listings ward by ward, as the data says, and lists every gap", async () => {
    const view = await localityView(database.db, "E07000009");
    expect(view!.wards).toHaveLength(14);
    expect(view!.rows).toHaveLength(8);
    const [expected] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(distinct s.id)::int as n from services s
          join service_at_locations sal on sal.service_id = s.id join locations l on l.id = sal.location_id
          join attributes a on a.link_id = s.id join taxonomy_terms t on t.id = a.taxonomy_term_id
          join wards w on w.code = l.ward_code
          where s.listing_status = 'published' and t.code = 'memory' and w.name = 'Soham North'`,
    );
    const sohamNorth = view!.wards.findIndex((ward) => ward.name === "Soham North");
    expect(view!.rows.find((row) => row.code === "memory")!.cells[sohamNorth]!.assets).toBe(expected!.n);
    // A gap is a need out of reach of everyone in the ward, not merely one with no listing based there.
    const unreached = view!.rows.flatMap((row) => row.cells.filter((cell) => cell.homes > 0 && cell.homesInReach === 0));
    expect(view!.gaps).toHaveLength(unreached.length);
    expect(view!.rows.every((row) => row.cells.every((cell) => cell.homesInReach <= cell.homes && cell.homes > 0))).toBe(true);
    expect(view!.assets.length).toBeGreaterThan(300);
  });

  it("says so when a place has no listings, and counts its gaps from where people live", async () => {
    const cambridge = await localityView(database.db, "E07000008");
    expect(cambridge!.assets).toEqual([]);
    // Cambridge's wards come from its postcodes (no boundaries are held for them).
    expect(cambridge!.wards.length).toBeGreaterThan(5);
    expect(cambridge!.wards.every((ward) => !ward.linked)).toBe(true);
    // Demo listings serve East Cambridgeshire only, so nothing reaches anyone in Cambridge.
    expect(cambridge!.gaps).toHaveLength(cambridge!.wards.length * 8);
    const html = await (await app.request("/localities/E07000008", { headers: { cookie: coordinator.cookie } })).text();
    expect(html).toContain("There are no published listings in Cambridge.");
    expect(html).not.toContain("Every need has a listing in reach");
    expect(html).toContain("No memory and dementia in reach of anyone in Abbey");
  });

  it("counts a need in reach when a listing elsewhere serves the ward within the travel limit", async () => {
    const before = await localityView(database.db, "E07000008");
    const ward = before!.wards[0]!;
    const [home] = await queryRows<{ latitude: number; longitude: number; postcode: string }>(
      database.db,
      sql`select latitude, longitude, postcode from postcodes where ward_code = ${ward.code} order by postcode limit 1`,
    );
    const [source] = await database.db.select().from(services).where(eq(services.listingStatus, "published")).orderBy(services.name).limit(1);
    const [reaching] = await database.db.insert(services).values({ organizationId: source!.organizationId, name: "Cambridge reach test group", kind: "vcs_group", listingStatus: "published" }).returning();
    const [venue] = await database.db.insert(locations).values({ latitude: home!.latitude, longitude: home!.longitude, postcode: home!.postcode, districtCode: "E07000008" }).returning();
    await database.db.insert(serviceAtLocations).values({ serviceId: reaching!.id, locationId: venue!.id });
    const [memory] = await queryRows<{ id: string }>(database.db, sql`select t.id from taxonomy_terms t where t.code = 'memory' limit 1`);
    await database.db.insert(attributes).values({ linkId: reaching!.id, linkType: "service", taxonomyTermId: memory!.id });
    const after = await localityView(database.db, "E07000008");
    const memoryRow = after!.rows.find((row) => row.code === "memory")!;
    const cell = memoryRow.cells[after!.wards.findIndex((column) => column.code === ward.code)]!;
    expect(cell.homesInReach).toBe(cell.homes); // a venue in the ward: every postcode in it is within 5 miles
    expect(after!.gaps.length).toBeLessThan(before!.gaps.length);
    expect(after!.gaps.some((gap) => gap.ward === ward.name && gap.need.toLowerCase().includes("memory"))).toBe(false);
  });

  it("flags a likely duplicate: same need, close by, similar name", async () => {
    const [original] = await database.db.select().from(services).where(eq(services.listingStatus, "published")).orderBy(services.name).limit(1);
    const [place] = await database.db
      .select({ location: locations })
      .from(serviceAtLocations)
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(eq(serviceAtLocations.serviceId, original!.id));
    const [copy] = await database.db
      .insert(services)
      .values({ organizationId: original!.organizationId, name: `${original!.name}s`, kind: original!.kind, listingStatus: "in_review" })
      .returning();
    const [nearby] = await database.db
      .insert(locations)
      .values({ latitude: place!.location.latitude! + 0.001, longitude: place!.location.longitude, postcode: place!.location.postcode, wardCode: place!.location.wardCode, districtCode: place!.location.districtCode })
      .returning();
    await database.db.insert(serviceAtLocations).values({ serviceId: copy!.id, locationId: nearby!.id });
    const needs = await database.db.select().from(attributes).where(eq(attributes.linkId, original!.id));
    await database.db.insert(attributes).values(needs.map((a) => ({ linkId: copy!.id, linkType: "service", taxonomyTermId: a.taxonomyTermId })));

    const view = await localityView(database.db, place!.location.wardCode!);
    const pair = view!.duplicates.find((d) => [d.first_id, d.second_id].includes(copy!.id));
    expect(pair).toBeDefined();
    expect([pair!.first_id, pair!.second_id]).toContain(original!.id);
    expect(pair!.metres).toBeLessThan(200);
  });

  it("serves the page to a coordinator with the needs table and gaps, and 404 for an unknown place", async () => {
    const response = await app.request("/localities/E07000009", { headers: { cookie: coordinator.cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Needs met, ward by ward");
    expect(html).toMatch(/Gaps \(\d+\)/);
    expect(html).toMatch(/Possible duplicates \(\d+\)/);
    expect((await app.request("/localities/E99999999", { headers: { cookie: coordinator.cookie } })).status).toBe(404);
    expect((await app.request("/localities/not-a-code", { headers: { cookie: coordinator.cookie } })).status).toBe(404);
    const picked = await app.request("/localities?place=E05011569", { headers: { cookie: coordinator.cookie }, redirect: "manual" });
    expect(picked.headers.get("location")).toBe("/localities/E05011569");
  });

  it("serves boundaries as GeoJSON for the map", async () => {
    const district = await (await app.request("/places/E07000009/boundaries.json")).json();
    expect(district.type).toBe("FeatureCollection");
    expect(district.features).toHaveLength(14);
    const ward = await (await app.request("/places/E05011569/boundaries.json")).json();
    expect(ward.features[0].properties.name).toBe("Soham North");
    const unknown = await app.request("/places/E00000000/boundaries.json");
    expect(unknown.status).toBe(404);
  });
});
