/**
 * How a listing reaches people, stored by each way a listing is written: the listing form (a
 * required question, shown again on the edit page), a CSV import (words or codes, blank for the
 * rule, anything else a problem on its row; export → import keeps it) and an ORUK import (our
 * extension, else the mapping from places and areas).
 */
import fs from "node:fs";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { services } from "../../db/schema";
import type { ListingRows } from "../../db/listings/rows";
import { writeListingRows } from "../../db/listings/write";
import { csvColumnNames } from "../../app/modules/imports/csv-columns";
import { loadFullServices } from "../../app/modules/oruk/records.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { importFiles } from "../support/import-jobs";
import { projectRoot } from "../support/paths";
import { sessionFor, type TestSession } from "../support/sessions";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let coordinator: TestSession;
let administrator: TestSession;
const imports = importFiles(() => ({ app, database }));

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  coordinator = await sessionFor(database, "coordinator");
  administrator = await sessionFor(database, "administrator");
});
afterAll(async () => {
  await database?.destroy();
});

const deliveryOf = async (ids: string[]) =>
  Object.fromEntries((await database.db.select({ id: services.id, delivery: services.delivery }).from(services).where(inArray(services.id, ids))).map((row) => [row.id, row.delivery]));

function post(path: string, session: TestSession, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ csrf: session.csrf });
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
  return app.request(path, { method: "POST", headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", cookie: session.cookie }, body, redirect: "manual" });
}

describe(`the listing writer on ${testDriver}`, () => {
  it("gives a new listing that does not say the rule from its rows, and leaves a held listing's as it is", async () => {
    const [held] = await database.db.select({ id: services.id, organizationId: services.organizationId, delivery: services.delivery }).from(services).where(eq(services.kind, "personal_assistant")).limit(1);
    const fresh = randomUUID();
    const rows = (id: string, kind: "vcs_group" | "personal_assistant"): ListingRows => ({
      service: { id, organizationId: held!.organizationId, name: "Writer default test", kind },
      serviceAreas: [{ id: randomUUID(), serviceId: id, name: "East Cambridgeshire", districtCode: "E07000009" }],
    });
    await database.db.transaction(async (tx) => {
      // A vcs group naming only an area: comes to homes there. The held personal assistant, rewritten as a vcs group
      // with no place or area and without saying how it is delivered, keeps its own.
      await writeListingRows(tx, [rows(fresh, "vcs_group"), { service: { ...rows(held!.id, "vcs_group").service, name: undefined } }], "test");
    });
    // Were the rule applied to the held one, it would now be "remote" (no place, no area).
    expect(held!.delivery).toBe("to_home");
    expect(await deliveryOf([fresh, held!.id])).toEqual({ [fresh]: "to_home", [held!.id]: "to_home" });
  });
});

describe(`the listing form on ${testDriver}`, () => {
  const answer = (name: string, delivery?: string) => ({
    name,
    description: "Help at home with shopping lists, post and small jobs.",
    kind: "vcs_group",
    ...(delivery === undefined ? {} : { delivery }),
    organisation: "Soham Good Neighbours",
    postcode: "CB7 5AA",
    isFree: "yes",
    capacityUnit: "none",
    waitingList: "no",
    directPayment: "no",
    needs: ["daily-living"],
  });

  it("refuses an answer that does not say how it reaches people, on that field, and writes nothing", async () => {
    for (const delivery of [undefined, "", "by_pigeon"]) {
      const response = await post("/assets/new", coordinator, answer("Soham Good Neighbours visits", delivery));
      expect(response.status).not.toBe(303);
      const page = await response.text();
      expect(page).toContain("Say how it reaches people");
      expect(page).toMatch(/href="#delivery"/);
    }
    const [count] = await database.db.select({ n: sql<number>`count(*)::int` }).from(services).where(eq(services.name, "Soham Good Neighbours visits"));
    expect(count!.n).toBe(0);
  });

  it("stores the answer, shows it again on the edit page, and stores a changed one", async () => {
    const response = await post("/assets/new", coordinator, answer("Soham Good Neighbours visits", "to_home"));
    expect(response.status).toBe(303);
    const id = /\/assets\/([0-9a-f-]{36})/.exec(response.headers.get("location")!)![1]!;
    expect(await deliveryOf([id])).toEqual({ [id]: "to_home" });

    const edit = await (await app.request(`/assets/${id}/edit`, { headers: { cookie: coordinator.cookie } })).text();
    const radios = [...edit.matchAll(/<input[^>]*name="delivery"[^>]*>/g)].map((match) => match[0]);
    expect(radios).toHaveLength(3);
    expect(radios.filter((radio) => /\schecked/.test(radio)).map((radio) => /value="([^"]+)"/.exec(radio)![1])).toEqual(["to_home"]);
    expect(edit).toContain("Distance and each person&#x27;s travel limit decide who it serves");

    expect((await post(`/assets/${id}/edit`, coordinator, { ...answer("Soham Good Neighbours visits", "remote"), intent: "save" })).status).toBe(303);
    expect(await deliveryOf([id])).toEqual({ [id]: "remote" });
  });
});

describe(`CSV import and export on ${testDriver}`, () => {
  const example = fs.readFileSync(path.join(projectRoot, "public/downloads/asset-atlas-listings-example.csv"), "utf8");
  const [header, ...rows] = parse(example, { bom: true }) as string[][];
  const column = csvColumnNames.indexOf("delivery");
  /** Example rows (by position) with their delivery cell replaced, as a file. */
  const file = (cells: Array<[number, string]>) => stringify([header!, ...cells.map(([row, delivery]) => rows[row]!.map((cell, index) => (index === column ? delivery : cell)))], { record_delimiter: "\r\n" });

  it("reports a delivery it does not know on its row and column, and writes nothing", async () => {
    const { id, job } = await imports.check(coordinator, file([[0, "at_venue"], [1, "sometimes"]]), "bad-delivery.csv");
    expect(job.report.problems).toEqual([expect.objectContaining({ row: 3, field: "delivery", message: expect.stringContaining("“sometimes” is not one we know") })]);
    expect((await imports.confirm(coordinator, id)).response.status).toBe(409);
  });

  let imported: Record<string, string> = {};

  it("stores the words or the code in any case, and the rule for an empty cell", async () => {
    // 0: a lunch club at a hall; 1: telephone befriending (home-visits term, no address); 4: a micro-enterprise's class at a
    // centre; 6: a personal assistant; 2: a coffee morning at the library.
    const { id, job } = await imports.check(coordinator, file([[0, "PEOPLE COME TO A PLACE"], [1, "remote"], [4, "At-Venue"], [6, ""], [2, ""]]), "delivery.csv");
    expect(job.report.problems).toEqual([]);
    const { job: done } = await imports.confirm(coordinator, id);
    expect(done.status).toBe("imported");
    const ids = done.report.listings.map((listing) => listing.id);
    imported = Object.fromEntries(done.report.listings.map((listing) => [listing.name, listing.id]));
    const stored = await deliveryOf(ids);
    expect(done.report.listings.map((listing) => stored[listing.id])).toEqual(["at_venue", "remote", "at_venue", "to_home", "at_venue"]);
  });

  it("exports the words, and importing the export keeps each listing's delivery; an empty cell keeps what a listing has", async () => {
    const exported = await (await app.request("/coordinator/exports/listings.csv", { headers: { cookie: coordinator.cookie } })).text();
    const [exportHeader, ...exportRows] = parse(exported, { bom: true }) as string[][];
    expect(exportHeader).toEqual(csvColumnNames);
    const ours = exportRows.filter((row) => Object.values(imported).includes(row[0]!));
    expect(ours).toHaveLength(5);
    const words = Object.fromEntries(ours.map((row) => [row[0], row[column]]));
    expect(words[imported["Jenny Marsh, personal assistant"]!]).toBe("It comes to people's homes");
    expect(words[imported["Soham Telephone Befriending"]!]).toBe("By phone or online");
    expect(words[imported["Soham Tuesday Lunch Club"]!]).toBe("People come to a place");

    // The personal assistant's cell emptied: an existing listing keeps "comes to homes" (the rule would say so too);
    // the lunch club's emptied: it keeps "a place" though it has one; the befriending changed to "comes to homes".
    const edited = ours.map((row) =>
      row.map((cell, index) => {
        if (index !== column) return cell;
        if (row[0] === imported["Soham Telephone Befriending"]) return "It comes to people's homes";
        if (row[0] === imported["Jenny Marsh, personal assistant"] || row[0] === imported["Soham Tuesday Lunch Club"]) return "";
        return cell;
      }),
    );
    const { id, job } = await imports.check(coordinator, stringify([exportHeader!, ...edited], { record_delimiter: "\r\n" }), "export-again.csv");
    expect(job.report.problems).toEqual([]);
    expect(job.report.listings.every((listing) => listing.action === "updated")).toBe(true);
    expect((await imports.confirm(coordinator, id)).job.status).toBe("imported");
    expect(await deliveryOf(Object.values(imported))).toEqual({
      [imported["Soham Tuesday Lunch Club"]!]: "at_venue",
      [imported["Soham Telephone Befriending"]!]: "to_home",
      [imported["Soham Carers' Coffee Morning"]!]: "at_venue",
      [imported["Strength and Balance at the Beechurst"]!]: "at_venue",
      [imported["Jenny Marsh, personal assistant"]!]: "to_home",
    });
  });
});

describe(`ORUK import on ${testDriver}`, () => {
  const organization = { id: "delivery-test-organisation", name: "Fenland Delivery Test Trust" };
  const hall = {
    id: "delivery-test-hall",
    location_type: "physical",
    name: "Soham Village Hall",
    latitude: 52.3329,
    longitude: 0.3362,
    addresses: [{ address_1: "Townsend Road", city: "Soham", state_province: "Cambridgeshire", postal_code: "CB7 5AA", country: "GB", address_type: "physical" }],
  };
  const base = { id: "delivery-test-pa-base", location_type: "physical", name: "Based in Soham", latitude: 52.3329, longitude: 0.3362, x_atlas: { postcode: "CB7 5AA" } };
  const area = { id: "delivery-test-area", name: "East Cambridgeshire", x_atlas: { district_code: "E07000009" } };
  const service = (id: string, name: string, fields: Record<string, unknown>) => ({ id, name, description: "A test service.", organization, ...fields });

  it("maps places and areas (or our extension) to how each service reaches people", async () => {
    const records = [
      service("delivery-test-venue", "Delivery test: lunch at the hall", { service_at_locations: [{ id: "sal-1", location_id: hall.id, location: hall }], service_areas: [area] }),
      service("delivery-test-area", "Delivery test: home help", { service_at_locations: [], service_areas: [area] }),
      service("delivery-test-phone", "Delivery test: helpline", { service_at_locations: [], service_areas: [], url: "https://example.org/helpline" }),
      service("delivery-test-pa", "Delivery test: a personal assistant", { x_atlas: { kind: "personal_assistant" }, service_at_locations: [{ id: "sal-2", location_id: base.id, location: base }] }),
      service("delivery-test-said", "Delivery test: said so", { x_atlas: { delivery: "remote" }, service_at_locations: [{ id: "sal-3", location_id: hall.id, location: hall }] }),
    ];
    const { id, job } = await imports.check(administrator, JSON.stringify({ contents: records }), "delivery.json");
    expect(job.format).toBe("oruk");
    expect(job.report.problems).toEqual([]);
    const { job: done } = await imports.confirm(administrator, id);
    expect(done.status).toBe("imported");
    const stored = await deliveryOf(done.report.listings.map((listing) => listing.id));
    expect(Object.fromEntries(done.report.listings.map((listing) => [listing.name, stored[listing.id]]))).toEqual({
      "Delivery test: lunch at the hall": "at_venue",
      "Delivery test: home help": "to_home",
      "Delivery test: helpline": "remote",
      "Delivery test: a personal assistant": "to_home",
      "Delivery test: said so": "remote",
    });

    // Our feed's record (and the ORUK export) says so in its extension, so a harvester of ours gets the same answer.
    const pa = done.report.listings.find((listing) => listing.name === "Delivery test: a personal assistant")!;
    const record = (await loadFullServices(database.db, [pa.id])).get(pa.id) as { x_atlas: { delivery: string } };
    expect(record.x_atlas.delivery).toBe("to_home");
  });
});
