/**
 * Adding, changing and reviewing listings through the real HTTP stack: the form's bad input,
 * the workflow and who may move a listing, the history, suggestions and problem reports from
 * people without an account, and providers' claims.
 */
import { and, desc, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attributes,
  auditEvents,
  contacts,
  costOptions,
  listingChanges,
  listingClaims,
  listingSuggestions,
  locations,
  mailOutbox,
  organizations,
  phones,
  postcodes,
  serviceAtLocations,
  services,
  sessions,
  taxonomyTerms,
  userLocalities,
  users,
  wards,
} from "../../db/schema";
import { startSession } from "../../app/modules/accounts/session.server";
import { queryRows } from "../../db/client.server";
import { anonymous } from "../../app/modules/accounts/permissions";
import { applyRetention, eraseSubject, exportSubject } from "../../app/modules/privacy/personal-data.server";
import { loadCandidates } from "../../app/modules/matching/matching.server";
import { taxonomyCodes, taxonomyId } from "../../db/vocabulary/taxonomy";
import { createTestApp } from "../support/app";
import { duplicateIds } from "../support/html";
import { orukSchemas, schemaErrors } from "../support/oruk";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let coordinator: TestSession;
let provider: TestSession;
let administrator: TestSession;
let postcodeInLocality = "";
let postcodeWard = "";
let providerOrganisationId = "";
const ids = { own: "", inLocality: "", outsideLocality: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  coordinator = await sessionFor(database, "coordinator");
  provider = await sessionFor(database, "provider");
  administrator = await sessionFor(database, "administrator");
  const { db } = database;
  const wardCodes = (
    await db
      .select({ ward: userLocalities.wardCode })
      .from(userLocalities)
      .innerJoin(users, eq(users.id, userLocalities.userId))
      .where(eq(users.role, "coordinator"))
  ).map((row) => row.ward!);
  const [postcode] = await queryRows<{ postcode: string; ward_code: string }>(
    db,
    sql`select postcode, ward_code from postcodes where ward_code in ${wardCodes} order by postcode limit 1`,
  );
  postcodeInLocality = postcode!.postcode;
  postcodeWard = postcode!.ward_code;
  const [providerUser] = await db.select().from(users).where(eq(users.role, "provider"));
  providerOrganisationId = providerUser!.organizationId!;
  const published = (extra: ReturnType<typeof and>) =>
    db
      .select({ id: services.id })
      .from(services)
      .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(and(eq(services.listingStatus, "published"), extra))
      .limit(1);
  ids.own = (await published(eq(services.organizationId, providerOrganisationId)))[0]!.id;
  ids.inLocality = (await published(and(inArray(locations.wardCode, wardCodes), ne(services.organizationId, providerOrganisationId))))[0]!.id;
  ids.outsideLocality = (await published(and(notInArray(locations.wardCode, wardCodes), ne(services.organizationId, providerOrganisationId))))[0]!.id;
});
afterAll(async () => {
  await database?.destroy();
});

function post(path: string, session: TestSession | null, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
  if (session) body.append("csrf", session.csrf);
  return app.request(path, {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", ...(session ? { cookie: session.cookie } : {}) },
    body,
    redirect: "manual",
  });
}
const get = (path: string, session: TestSession | null) =>
  app.request(path, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });

const listing = () => ({
  name: "Soham Tuesday Lunch Club",
  description: "A hot two-course lunch and good company, every Tuesday.",
  kind: "vcs_group",
  delivery: "at_venue",
  organisation: "Friends of Soham Lunch",
  postcode: postcodeInLocality.toLowerCase().replace(" ", ""),
  address1: "The Pavilion, Recreation Ground",
  town: "Soham",
  days0: ["TU"],
  opens0: "11:30",
  closes0: "14:00",
  isFree: "no",
  hourlyRate: "",
  fees: "£4.50 a lunch",
  capacityUnit: "places",
  capacityTotal: "30",
  capacityAvailable: "6",
  waitingList: "no",
  minimumAge: "60",
  eligibilityConditions: "People living with dementia and their carers",
  needs: ["social-connection"],
  accessibility: ["step-free"],
  directPayment: "no",
  phone: "01632 960123",
  email: "lunch@example.org",
  website: "https://lunch.example.org",
});

const idFrom = (response: Response) => /\/assets\/([0-9a-f-]{36})\/edit/.exec(response.headers.get("location") ?? "")![1]!;
const statusOf = async (id: string) => (await database.db.select({ status: services.listingStatus }).from(services).where(eq(services.id, id)))[0]!.status;

describe(`adding and changing listings on ${testDriver}`, () => {
  let created = "";

  it("lets a coordinator add a listing by postcode: a draft, in the postcode's ward, audited", async () => {
    const response = await post("/assets/new", coordinator, listing());
    expect(response.status).toBe(303);
    created = idFrom(response);
    const [row] = await database.db
      .select({ service: services, location: locations })
      .from(services)
      .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(eq(services.id, created));
    expect(row!.service).toMatchObject({ listingStatus: "draft", isFree: false, capacityTotal: 30, minimumAge: 60, fees: "£4.50 a lunch" });
    expect(row!.location.postcode).toBe(postcodeInLocality);
    expect(row!.location.wardCode).not.toBeNull();
    const links = await database.db.select().from(attributes).where(eq(attributes.linkId, created));
    expect(links).toHaveLength(3); // kind, one need, one accessibility feature
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, created), eq(auditEvents.action, "asset.create")));
    expect(audit!.actorRole).toBe("coordinator");
    // The edit page shows it, with the values it was saved with.
    const page = await (await get(`/assets/${created}/edit`, coordinator)).text();
    expect(page).toContain("Soham Tuesday Lunch Club");
    expect(page).toContain('value="11:30"');
  });

  it("changes the contact and phone the form shows in place, keeping any others an import added", async () => {
    const response = await post("/assets/new", coordinator, { ...listing(), name: "Soham Two Contacts", phone: "01353 100100" });
    const id = idFrom(response);
    const [first] = await database.db.select().from(contacts).where(eq(contacts.serviceId, id));
    // An import adds a second number to the contact, and a second contact.
    await database.db.insert(phones).values({ contactId: first!.id, number: "07700 900001" });
    const [second] = await database.db.insert(contacts).values({ serviceId: id, name: "Bookings", email: "bookings@example.org" }).returning();
    await database.db.insert(phones).values({ contactId: second!.id, number: "01353 200200" });
    const numbersNow = () =>
      database.db
        .select({ id: phones.id, contact: phones.contactId, number: phones.number })
        .from(phones)
        .innerJoin(contacts, eq(contacts.id, phones.contactId))
        .where(eq(contacts.serviceId, id));
    // The form shows the first contact's first number (first by id: the same one every time).
    const before = await numbersNow();
    const formContact = [first!.id, second!.id].sort()[0]!;
    const shown = before.filter((row) => row.contact === formContact).sort((a, b) => (a.id < b.id ? -1 : 1))[0]!;
    const form = await (await get(`/assets/${id}/edit`, coordinator)).text();
    expect(form).toContain(`value="${shown.number}"`);
    expect((await post(`/assets/${id}/edit`, coordinator, { ...listing(), name: "Soham Two Contacts", phone: "01353 300300", intent: "save" })).status).toBe(303);
    const after = await numbersNow();
    // That number changed in place (same row); every other number is still there.
    expect(after.find((row) => row.id === shown.id)?.number).toBe("01353 300300");
    expect(after.filter((row) => row.id !== shown.id).map((row) => row.number).sort()).toEqual(before.filter((row) => row.id !== shown.id).map((row) => row.number).sort());
    expect(after).toHaveLength(3);
    expect((await database.db.select().from(contacts).where(eq(contacts.serviceId, id))).map((row) => row.id).sort()).toEqual([first!.id, second!.id].sort());
  });

  it("keeps the price of a session as a cost option matching reads, and clears it when emptied", async () => {
    const response = await post("/assets/new", coordinator, { ...listing(), name: "Soham Priced Lunch", sessionPrice: "4.50" });
    expect(response.status).toBe(303);
    const id = idFrom(response);
    const prices = () => database.db.select({ option: costOptions.option, amount: costOptions.amount }).from(costOptions).where(eq(costOptions.serviceId, id));
    expect(await prices()).toEqual([{ option: "A session", amount: 4.5 }]);
    expect(await (await get(`/assets/${id}/edit`, coordinator)).text()).toContain('value="4.50"');
    // An imported price under another name is kept when the form saves.
    await database.db.insert(costOptions).values({ serviceId: id, option: "Membership", amount: 10 });
    await database.db.update(services).set({ listingStatus: "published" }).where(eq(services.id, id));
    const [place] = await database.db.select().from(postcodes).where(eq(postcodes.postcode, postcodeInLocality));
    const person = { needs: ["social-connection"], riskFactors: [], ageBand: "75-84" as const, wardCode: place!.wardCode, districtCode: place!.districtCode, preferredDays: [], preferredTimes: [], maxTravelMiles: 5, maxHourlyRatePence: null, hasDirectPayment: false, latitude: place!.latitude, longitude: place!.longitude };
    const candidate = (await loadCandidates(database.db, person, { allDetails: true })).find((row) => row.id === id);
    expect(candidate?.sessionCostPence).toBe(450); // the cheapest option: matching says "£4.50 a session"
    expect((await post(`/assets/${id}/edit`, coordinator, { ...listing(), name: "Soham Priced Lunch", sessionPrice: "", intent: "save" })).status).toBe(303);
    expect(await prices()).toEqual([{ option: "Membership", amount: 10 }]);
  });

  it("says what is wrong, keeps what was typed, and saves nothing", async () => {
    const before = (await database.db.select({ count: sql<number>`count(*)::int` }).from(services))[0]!.count;
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ ...listing(), name: "" }, "Enter the name of the listing"],
      [{ ...listing(), postcode: "" }, "Enter the postcode where it happens or is based"],
      [{ ...listing(), postcode: "ZZ9 9ZZ" }, "We cannot find the postcode ZZ9 9ZZ"],
      [{ ...listing(), postcode: "not a postcode" }, "Enter a full postcode, like CB7 4AA"],
      [{ ...listing(), latitude: "40.4", longitude: "-3.7" }, "The point must be in the UK"],
      [{ ...listing(), isFree: "no", hourlyRate: "-12.50" }, "The hourly rate cannot be negative"],
      [{ ...listing(), closes0: "10:00" }, "The closing time must be after the opening time"],
      [{ ...listing(), needs: [] }, "Choose at least one need it meets"],
      [{ ...listing(), capacityAvailable: "40" }, "The number free now cannot be more than the total"],
    ];
    for (const [fields, message] of cases) {
      const response = await post("/assets/new", coordinator, fields);
      expect(response.status, message).toBe(400);
      const html = await response.text();
      expect(html, message).toContain("There is a problem");
      expect(html, message).toContain(message);
      if (fields.name) expect(html, message).toContain('value="Soham Tuesday Lunch Club"');
    }
    expect((await database.db.select({ count: sql<number>`count(*)::int` }).from(services))[0]!.count).toBe(before);
  });

  it("places a listing by pin alone, in the ward of the nearest postcode", async () => {
    const response = await post("/assets/new", coordinator, { ...listing(), name: "Pinned group", postcode: "", latitude: "52.3346", longitude: "0.3365" });
    expect(response.status).toBe(303);
    const [row] = await database.db
      .select({ location: locations })
      .from(serviceAtLocations)
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(eq(serviceAtLocations.serviceId, idFrom(response)));
    expect(row!.location).toMatchObject({ latitude: 52.3346, longitude: 0.3365, postcode: null });
    expect(row!.location.wardCode).toMatch(/^E05/);
  });

  it("moves a listing draft → in review → published → archived → draft, with the right permission for each", async () => {
    // Not every move is open from every status.
    expect((await post(`/assets/${created}/edit`, coordinator, { intent: "publish" })).status).toBe(400);
    expect((await post(`/assets/${created}/edit`, coordinator, { intent: "submit" })).status).toBe(303);
    expect(await statusOf(created)).toBe("in_review");
    expect((await post(`/assets/${created}/edit`, coordinator, { intent: "publish" })).status).toBe(303);
    expect(await statusOf(created)).toBe("published");
    const publicPage = await get(`/assets/${created}`, null);
    expect(publicPage.status).toBe(200);
    const publicHtml = await publicPage.text();
    expect(publicHtml).toContain("People living with dementia and their carers");
    expect(publicHtml).toContain("https://lunch.example.org");
    // Published through the form, it is in the Open Referral UK feed like any other listing.
    const feed = await get(`/oruk/services/${created}`, null);
    expect(feed.status).toBe(200);
    const service = await feed.json();
    expect(schemaErrors(orukSchemas.service, service)).toEqual([]);
    expect(service).toMatchObject({ name: "Soham Tuesday Lunch Club", url: "https://lunch.example.org" });
    expect((await post(`/assets/${created}/edit`, coordinator, { intent: "archive" })).status).toBe(303);
    expect((await get(`/assets/${created}`, null)).status).toBe(404);
    expect((await post(`/assets/${created}/edit`, coordinator, { intent: "restore" })).status).toBe(303);
    expect(await statusOf(created)).toBe("draft");
    const moves = await database.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, created)).orderBy(auditEvents.at);
    expect(moves.map((move) => move.action)).toEqual(["asset.create", "asset.submit", "asset.publish", "asset.archive", "asset.restore"]);
  });

  it("lets a provider send their own listing for review, but not publish it", async () => {
    await database.db.update(services).set({ listingStatus: "draft" }).where(eq(services.id, ids.own));
    expect((await post(`/assets/${ids.own}/edit`, provider, { intent: "submit" })).status).toBe(303);
    const refused = await post(`/assets/${ids.own}/edit`, provider, { intent: "publish" });
    expect(refused.status).toBe(403);
    expect(await statusOf(ids.own)).toBe("in_review");
    expect((await post(`/assets/${ids.own}/edit`, coordinator, { intent: "publish" })).status).toBe(
      // the provider's listing may be outside the coordinator's localities
      (await isInCoordinatorLocality(ids.own)) ? 303 : 403,
    );
    await database.db.update(services).set({ listingStatus: "published" }).where(eq(services.id, ids.own));
  });

  it("records a change with only what changed, before and after, on the listing's history page", async () => {
    const response = await post(`/assets/${created}/edit`, coordinator, { ...listing(), intent: "save", name: "Soham Lunch Club", capacityAvailable: "2" });
    expect(response.status).toBe(303);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, created), eq(auditEvents.action, "asset.update")))
      .orderBy(desc(auditEvents.at));
    expect(audit!.details).toEqual({
      before: { name: "Soham Tuesday Lunch Club", capacity: { unit: "places", total: 30, available: 6, waitingList: false, waitingListWeeks: null } },
      after: { name: "Soham Lunch Club", capacity: { unit: "places", total: 30, available: 2, waitingList: false, waitingListWeeks: null } },
    });
    const history = await get(`/assets/${created}/history`, coordinator);
    expect(history.status).toBe(200);
    const html = await history.text();
    expect(html).toContain("Details changed");
    expect(html).toContain("Soham Tuesday Lunch Club");
    expect(html).toContain("Published");
    // Saving an untouched demo listing changes nothing that the form shows.
    const page = await (await get(`/assets/${ids.inLocality}/edit`, coordinator)).text();
    expect(page).toContain("Change the details");
  });

  it("refuses those without the permission, and changes nothing", async () => {
    expect((await get("/assets/new", provider)).status).toBe(403);
    expect((await post("/assets/new", provider, listing())).status).toBe(403);
    expect((await get("/assets/new", null)).headers.get("location")).toMatch(/^\/sign-in/);
    const before = await statusOf(ids.outsideLocality);
    expect((await post(`/assets/${ids.outsideLocality}/edit`, coordinator, { intent: "archive" })).status).toBe(403);
    expect((await post(`/assets/${ids.outsideLocality}/edit`, coordinator, { ...listing(), intent: "save" })).status).toBe(403);
    expect((await get(`/assets/${ids.outsideLocality}/history`, coordinator)).status).toBe(403);
    expect((await get(`/assets/${ids.inLocality}/edit`, provider)).status).toBe(403);
    expect(await statusOf(ids.outsideLocality)).toBe(before);
    expect((await get(`/assets/${ids.outsideLocality}/history`, administrator)).status).toBe(200);
    expect((await get(`/assets/${ids.own}/history`, provider)).status).toBe(200);
  });

  it("refuses a coordinator's new listing outside their localities with a field error, and saves nothing", async () => {
    const [ward] = await queryRows<{ name: string }>(database.db, sql`select ward_name as name from postcodes where postcode = 'CB7 4BX'`);
    expect(ward!.name).toBe("Ely West"); // not one of the demo coordinator's wards (Soham North, Soham South, Fordham & Isleham)
    const before = (await database.db.select({ count: sql<number>`count(*)::int` }).from(services))[0]!.count;
    const response = await post("/assets/new", coordinator, { ...listing(), name: "Ely Lunch Club", postcode: "CB7 4BX" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('id="postcode-error"');
    expect(html).toContain("CB7 4BX is outside your localities");
    expect((await database.db.select({ count: sql<number>`count(*)::int` }).from(services))[0]!.count).toBe(before);
  });

  it("refuses a coordinator's edit that moves a published listing out of their localities, and leaves it where it was", async () => {
    const [fordham] = await database.db
      .select({ id: services.id, wardCode: locations.wardCode, locationId: locations.id })
      .from(services)
      .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .innerJoin(wards, eq(wards.code, locations.wardCode))
      .where(and(eq(services.listingStatus, "published"), eq(wards.name, "Fordham & Isleham"), ne(services.organizationId, providerOrganisationId)))
      .orderBy(services.name)
      .limit(1);
    const response = await post(`/assets/${fordham!.id}/edit`, coordinator, { ...listing(), name: "Moved to Ely", postcode: "CB7 4BX", intent: "save" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("CB7 4BX is outside your localities");
    const [after] = await database.db
      .select({ status: services.listingStatus, name: services.name, wardCode: locations.wardCode })
      .from(services)
      .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
      .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
      .where(eq(services.id, fordham!.id));
    expect(after).toEqual({ status: "published", name: expect.not.stringMatching(/Moved to Ely/), wardCode: fordham!.wardCode });
    // Moving it within their localities is fine.
    const inside = await post(`/assets/${fordham!.id}/edit`, coordinator, { ...listing(), name: "Moved within Soham", intent: "save" });
    expect(inside.status).toBe(303);
  });

  it("holds a provider's edits to their published listing for a coordinator, always on their own organisation", async () => {
    const [before] = await database.db.select().from(services).where(eq(services.id, ids.own));
    expect(before!.listingStatus).toBe("published");
    const response = await post(`/assets/${ids.own}/edit`, provider, { ...listing(), intent: "save", organisation: "Someone Else Entirely" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/assets/${ids.own}/edit?done=proposed`);
    const [row] = await database.db.select().from(services).where(eq(services.id, ids.own));
    expect(row!.organizationId).toBe(providerOrganisationId);
    expect(row!.name).toBe(before!.name); // the public listing is unchanged until a coordinator approves
    const [change] = await database.db.select().from(listingChanges).where(and(eq(listingChanges.serviceId, ids.own), eq(listingChanges.status, "pending")));
    const [organisation] = await database.db.select().from(organizations).where(eq(organizations.id, providerOrganisationId));
    expect(change!.input).toMatchObject({ name: "Soham Tuesday Lunch Club", organisation: organisation!.name });
  });
});

describe(`a provider's changes to a published listing on ${testDriver}`, () => {
  const pending = () => database.db.select().from(listingChanges).where(and(eq(listingChanges.serviceId, ids.own), eq(listingChanges.status, "pending")));
  const nameOf = async () => (await database.db.select({ name: services.name }).from(services).where(eq(services.id, ids.own)))[0]!.name;
  const mailTo = async (subject: string) => database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, "provider@demo.example.org"), eq(mailOutbox.subject, subject)));
  const send = (name: string) => post(`/assets/${ids.own}/edit`, provider, { ...listing(), intent: "save", name });

  it("waits for a coordinator: approved, the listing takes them; rejected, the provider is told why; a newer one replaces an older", async () => {
    await database.db.update(listingChanges).set({ status: "replaced" }).where(eq(listingChanges.serviceId, ids.own));
    const original = await nameOf();
    expect((await send("Soham Tuesday Lunch Club")).status).toBe(303);

    // The provider sees what they sent, and that it waits.
    const editPage = await (await get(`/assets/${ids.own}/edit`, provider)).text();
    expect(editPage).toContain("are waiting for a coordinator to check them");
    expect(editPage).toContain('value="Soham Tuesday Lunch Club"');
    expect(editPage).toContain("Send changes for checking");
    // Only reviewers see the changes page.
    expect((await get(`/assets/${ids.own}/changes`, provider)).status).toBe(403);
    expect((await get(`/assets/${ids.own}/changes`, await sessionFor(database, "practitioner"))).status).toBe(403);

    // The queue and the changes page, field by field.
    const queue = await (await get("/coordinator/queue", administrator)).text();
    expect(queue).toContain(`Check the changes to ${original}`);
    const changesPage = await (await get(`/assets/${ids.own}/changes`, administrator)).text();
    expect(changesPage).toMatch(new RegExp(`<th[^>]*>Name</th><td[^>]*>${original}</td><td[^>]*>Soham Tuesday Lunch Club</td>`));
    const [change] = await pending();

    // Bad answers: a clear message, nothing changed.
    const noReason = await post(`/assets/${ids.own}/changes`, administrator, { change: change!.id, decision: "reject", reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("Say why you are rejecting the changes");
    const noDecision = await post(`/assets/${ids.own}/changes`, administrator, { change: change!.id });
    expect(noDecision.status).toBe(400);
    expect(await noDecision.text()).toContain("Choose whether to approve or reject the changes");
    const stale = await post(`/assets/${ids.own}/changes`, administrator, { change: "00000000-0000-4000-8000-000000000000", decision: "approve" });
    expect(stale.status).toBe(409);
    expect(await nameOf()).toBe(original);
    expect((await get(`/assets/${ids.own}/changes`, provider)).status).toBe(403);
    expect((await post(`/assets/${ids.own}/changes`, provider, { change: change!.id, decision: "approve" })).status).toBe(403);
    expect(await nameOf()).toBe(original);

    // Approved: published, on the listing's own organisation, audited as proposed by the provider.
    const approved = await post(`/assets/${ids.own}/changes`, administrator, { change: change!.id, decision: "approve" });
    expect(approved.status).toBe(303);
    expect(approved.headers.get("location")).toBe("/coordinator/queue?done=change-approve");
    const [row] = await database.db.select().from(services).where(eq(services.id, ids.own));
    expect(row).toMatchObject({ name: "Soham Tuesday Lunch Club", organizationId: providerOrganisationId, listingStatus: "published" });
    expect(await pending()).toEqual([]);
    const [update] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, ids.own), eq(auditEvents.action, "asset.update")))
      .orderBy(desc(auditEvents.at))
      .limit(1);
    expect(update!.actorRole).toBe("administrator");
    expect(update!.details).toMatchObject({ before: { name: original }, after: { name: "Soham Tuesday Lunch Club" }, proposedBy: change!.proposedBy });
    expect(await mailTo("Your changes to Soham Tuesday Lunch Club are published")).toHaveLength(1);

    // Two sent: the newer replaces the older. Rejected: nothing changes, and the provider is told why.
    await send("First try");
    await send("Second try");
    const waiting = await pending();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.input).toMatchObject({ name: "Second try" });
    const rejected = await post(`/assets/${ids.own}/changes`, administrator, { change: waiting[0]!.id, decision: "reject", reason: "The name must match the sign on the door." });
    expect(rejected.status).toBe(303);
    expect(await nameOf()).toBe("Soham Tuesday Lunch Club");
    const [decided] = await database.db.select().from(listingChanges).where(eq(listingChanges.id, waiting[0]!.id));
    expect(decided).toMatchObject({ status: "rejected", reason: "The name must match the sign on the door." });
    const [told] = await mailTo("Your changes to Soham Tuesday Lunch Club were not published");
    expect(told!.body).toContain("Their reason: The name must match the sign on the door.");
    // Dealt with: deciding again is refused.
    expect((await post(`/assets/${ids.own}/changes`, administrator, { change: waiting[0]!.id, decision: "approve" })).status).toBe(409);
    expect(await nameOf()).toBe("Soham Tuesday Lunch Club");
  });

  it("applies only what the provider changed: places updated and a coordinator's fix since are kept; archiving withdraws the change", async () => {
    await database.db.update(listingChanges).set({ status: "replaced" }).where(eq(listingChanges.serviceId, ids.own));
    const form = await (await get(`/assets/${ids.own}/edit`, administrator)).text();
    expect(form).toContain("Change the details");
    expect(duplicateIds(form)).toEqual([]);
    expect(duplicateIds(await (await get("/assets/new", coordinator)).text())).toEqual([]);
    const nameNow = await nameOf();
    expect((await post(`/assets/${ids.own}/edit`, provider, { ...listing(), intent: "save", name: nameNow, fees: "£5 a lunch from April" })).status).toBe(303);
    const [change] = await pending();
    // Since it was sent: places updated on their own page, and an administrator's fix to the name.
    await database.db.update(services).set({ capacityAvailable: 2 }).where(eq(services.id, ids.own));
    await database.db.update(services).set({ name: `${nameNow} (fixed)` }).where(eq(services.id, ids.own));
    const page = await (await get(`/assets/${ids.own}/changes`, administrator)).text();
    expect(page).toContain("£5 a lunch from April");
    expect(page).not.toMatch(/<th[^>]*>Name<\/th>/); // the provider did not change the name
    expect((await post(`/assets/${ids.own}/changes`, administrator, { change: change!.id, decision: "approve" })).status).toBe(303);
    const [after] = await database.db.select().from(services).where(eq(services.id, ids.own));
    expect(after).toMatchObject({ fees: "£5 a lunch from April", name: `${nameNow} (fixed)`, capacityAvailable: 2 });

    // A change waiting when the listing is archived no longer applies.
    expect((await send(`${nameNow} (fixed)`)).status).toBe(303);
    const [waiting] = await pending();
    expect((await post(`/assets/${ids.own}/edit`, administrator, { intent: "archive" })).status).toBe(303);
    const [withdrawn] = await database.db.select().from(listingChanges).where(eq(listingChanges.id, waiting!.id));
    expect(withdrawn!.status).toBe("withdrawn");
    expect(await (await get("/coordinator/queue", administrator)).text()).not.toContain(`/assets/${ids.own}/changes`);
    expect((await post(`/assets/${ids.own}/changes`, administrator, { change: waiting!.id, decision: "approve" })).status).toBe(409);
    await database.db.update(services).set({ listingStatus: "published" }).where(eq(services.id, ids.own));
  });

  it("merges capacity detail by detail and lists of needs as sets, and refuses a merge that no longer adds up", async () => {
    await database.db.update(listingChanges).set({ status: "replaced" }).where(eq(listingChanges.serviceId, ids.own));
    const name = await nameOf();
    // The listing as the provider will send it back: their answer, made current first.
    const [organisation] = await database.db.select().from(organizations).where(eq(organizations.id, providerOrganisationId));
    const theirs = { ...listing(), name, organisation: organisation!.name, needs: ["social-connection", "getting-out"] };
    expect((await post(`/assets/${ids.own}/edit`, administrator, { ...theirs, intent: "save" })).status).toBe(303);

    // The provider adds a waiting list and ticks the needs in another order.
    expect((await post(`/assets/${ids.own}/edit`, provider, { ...theirs, needs: ["getting-out", "social-connection"], waitingList: "yes", waitingListWeeks: "3", intent: "save" })).status).toBe(303);
    const [change] = await pending();
    // Since: places free updated, and a coordinator's change to the needs.
    await database.db.update(services).set({ capacityAvailable: 1 }).where(eq(services.id, ids.own));
    expect((await post(`/assets/${ids.own}/edit`, administrator, { ...theirs, capacityAvailable: "1", needs: ["carer-support"], intent: "save" })).status).toBe(303);
    const page = await (await get(`/assets/${ids.own}/changes`, administrator)).text();
    expect(page).not.toContain("Needs it meets"); // the same needs in another order are not a change
    expect((await post(`/assets/${ids.own}/changes`, administrator, { change: change!.id, decision: "approve" })).status).toBe(303);
    const [after] = await database.db.select().from(services).where(eq(services.id, ids.own));
    expect(after).toMatchObject({ capacityAvailable: 1, capacityTotal: 30, waitingList: true, waitingListWeeks: 3 });
    const needs = await database.db
      .select({ code: taxonomyTerms.code })
      .from(attributes)
      .innerJoin(taxonomyTerms, eq(taxonomyTerms.id, attributes.taxonomyTermId))
      .where(and(eq(attributes.linkId, ids.own), eq(taxonomyTerms.taxonomyId, taxonomyId(taxonomyCodes.needs))));
    expect(needs.map((row) => row.code)).toEqual(["carer-support"]);

    // A rate sent for a listing a coordinator has since made free: the merge would be free with a rate.
    const current = { ...theirs, capacityAvailable: "1", needs: ["carer-support"], waitingList: "yes", waitingListWeeks: "3" };
    expect((await post(`/assets/${ids.own}/edit`, provider, { ...current, hourlyRate: "12.00", intent: "save" })).status).toBe(303);
    const [priced] = await pending();
    expect((await post(`/assets/${ids.own}/edit`, administrator, { ...current, isFree: "yes", intent: "save" })).status).toBe(303);
    const refused = await post(`/assets/${ids.own}/changes`, administrator, { change: priced!.id, decision: "approve" });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("these changes do not add up");
    const [stillFree] = await database.db.select().from(services).where(eq(services.id, ids.own));
    expect(stillFree).toMatchObject({ isFree: true, hourlyRatePence: null });
    expect(await pending()).toHaveLength(1); // still waiting, to be rejected with that reason
  });

  it("withdraws a waiting change whatever takes the listing out of publication or to another organisation (an import, SQL)", async () => {
    const name = await nameOf();
    const [organisation] = await database.db.select().from(organizations).where(eq(organizations.id, providerOrganisationId));
    const sendAgain = async () => {
      expect((await post(`/assets/${ids.own}/edit`, provider, { ...listing(), name, organisation: organisation!.name, intent: "save" })).status).toBe(303);
      return (await pending())[0]!;
    };
    const statusOf = async (changeId: string) => (await database.db.select().from(listingChanges).where(eq(listingChanges.id, changeId)))[0]!.status;
    const first = await sendAgain();
    await database.db.update(services).set({ listingStatus: "in_review" }).where(eq(services.id, ids.own));
    expect(await statusOf(first.id)).toBe("withdrawn");
    await database.db.update(services).set({ listingStatus: "published" }).where(eq(services.id, ids.own));
    const second = await sendAgain();
    await database.db.update(services).set({ description: "Edited by an import" }).where(eq(services.id, ids.own));
    expect(await statusOf(second.id)).toBe("pending"); // other edits leave it waiting
    const [other] = await database.db.select().from(organizations).where(ne(organizations.id, providerOrganisationId)).limit(1);
    await database.db.update(services).set({ organizationId: other!.id }).where(eq(services.id, ids.own));
    expect(await statusOf(second.id)).toBe("withdrawn");
    await database.db.update(services).set({ organizationId: providerOrganisationId }).where(eq(services.id, ids.own));
  });

  it("lists a provider's own listings on their account page, with what waits and links to keep them true", async () => {
    expect((await send("Soham Tuesday Lunch Club (again)")).status).toBe(303);
    expect(await pending()).toHaveLength(1);
    const own = await database.db.select({ id: services.id, name: services.name }).from(services).where(eq(services.organizationId, providerOrganisationId));
    const page = (await (await get("/account", provider)).text()).replaceAll("<!-- -->", "");
    expect(page).toContain("Your listings");
    for (const listing of own) {
      expect(page).toContain(`href="/assets/${listing.id}/edit"`);
      expect(page).toContain(listing.name.replaceAll("&", "&amp;").replaceAll("'", "&#x27;"));
    }
    expect(page).toContain("Your changes are waiting to be checked");
    expect(page).not.toContain(`href="/assets/${ids.inLocality}/edit"`); // another organisation's
    const coordinatorPage = await (await get("/account", coordinator)).text();
    expect(coordinatorPage).not.toContain("Your listings");
  });

  it("lets a provider change a listing nobody sees yet (a draft) straight away", async () => {
    await database.db.update(services).set({ listingStatus: "draft" }).where(eq(services.id, ids.own));
    try {
      const response = await send("Soham Lunch Club (draft)");
      expect(response.headers.get("location")).toBe(`/assets/${ids.own}/edit?done=saved`);
      expect(await nameOf()).toBe("Soham Lunch Club (draft)");
    } finally {
      await database.db.update(services).set({ listingStatus: "published" }).where(eq(services.id, ids.own));
    }
  });
});

async function isInCoordinatorLocality(id: string) {
  const [row] = await queryRows<{ yes: boolean }>(
    database.db,
    sql`select exists (select 1 from service_at_locations sal join locations l on l.id = sal.location_id
        join user_localities ul on ul.ward_code = l.ward_code join users u on u.id = ul.user_id
        where sal.service_id = ${id} and u.role = 'coordinator') as yes`,
  );
  return row!.yes;
}

describe(`suggestions, problem reports and claims on ${testDriver}`, () => {
  it("takes a suggestion without an account; the coordinator accepts it as a prefilled draft and the person hears back", async () => {
    const sent = await post("/suggest", null, {
      name: "Fordham Knit and Natter",
      description: "Knitting and a chat on Thursday afternoons.",
      postcode: postcodeInLocality,
      email: "Someone@Example.org",
    });
    expect(sent.status).toBe(303);
    const [suggestion] = await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.email, "someone@example.org"));
    expect(suggestion).toMatchObject({ kind: "new_listing", status: "open" });
    const queue = await (await get("/coordinator/queue", coordinator)).text();
    expect(queue).toContain("New: Fordham Knit and Natter");

    const accepted = await post(`/coordinator/suggestions/${suggestion!.id}`, coordinator, { decision: "accept" });
    expect(accepted.headers.get("location")).toBe(`/assets/new?suggestion=${suggestion!.id}`);
    const form = await (await get(`/assets/new?suggestion=${suggestion!.id}`, coordinator)).text();
    expect(form).toContain('value="Fordham Knit and Natter"');
    const created = await post(`/assets/new?suggestion=${suggestion!.id}`, coordinator, {
      ...listing(),
      name: "Fordham Knit and Natter",
    });
    expect(created.status).toBe(303);
    const [after] = await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.id, suggestion!.id));
    expect(after).toMatchObject({ status: "accepted", serviceId: idFrom(created) });
    const mail = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, "someone@example.org"));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain("Fordham Knit and Natter");
  });

  it("rejects only with a reply, which is mailed", async () => {
    await post("/suggest", null, { name: "Not a real group", description: "Spam, really.", email: "reply-me@example.org" });
    const [suggestion] = await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.email, "reply-me@example.org"));
    const noReply = await post(`/coordinator/suggestions/${suggestion!.id}`, coordinator, { decision: "reject", reply: "" });
    expect(noReply.status).toBe(400);
    expect(await noReply.text()).toContain("Write a reply saying why it is rejected");
    const rejected = await post(`/coordinator/suggestions/${suggestion!.id}`, coordinator, { decision: "reject", reply: "We could not find this group." });
    expect(rejected.status).toBe(303);
    const [mail] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, "reply-me@example.org"));
    expect(mail!.body).toContain("We could not find this group.");
    expect((await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.id, suggestion!.id)))[0]!.status).toBe("rejected");
  });

  it("takes a problem report on a published listing into the queue of the coordinator for its place", async () => {
    const page = await (await get(`/assets/${ids.inLocality}`, null)).text();
    expect(page).toContain("Report a problem with this listing");
    const missing = await post(`/assets/${ids.inLocality}/report`, null, { message: "" });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("Tell us what is wrong with the listing");
    expect((await post(`/assets/${ids.inLocality}/report`, null, { message: "The phone number is wrong." })).status).toBe(303);
    expect(await (await get("/coordinator/queue", coordinator)).text()).toContain("The phone number is wrong.");
    // A report about a listing elsewhere does not reach this coordinator.
    await post(`/assets/${ids.outsideLocality}/report`, null, { message: "Closed down in the spring." });
    expect(await (await get("/coordinator/queue", coordinator)).text()).not.toContain("Closed down in the spring.");
    expect(await (await get("/coordinator/queue", administrator)).text()).toContain("Closed down in the spring.");
    const [elsewhere] = await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.message, "Closed down in the spring."));
    expect((await get(`/coordinator/suggestions/${elsewhere!.id}`, coordinator)).status).toBe(404);
    expect((await post(`/coordinator/suggestions/${elsewhere!.id}`, coordinator, { decision: "reject", reply: "No." })).status).toBe(404);
    expect((await get(`/coordinator/suggestions/${elsewhere!.id}`, provider)).status).toBe(403);
    // The coordinator for its place deals with it: accepting opens the listing to correct it.
    const accepted = await post(`/coordinator/suggestions/${elsewhere!.id}`, administrator, { decision: "accept", reply: "" });
    expect(accepted.headers.get("location")).toBe(`/assets/${ids.outsideLocality}/edit`);
    expect((await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.id, elsewhere!.id)))[0]!.status).toBe("accepted");
  });

  it("limits how many suggestions one address sends in an hour", async () => {
    let last = 0;
    for (let attempt = 0; attempt < 12; attempt++) {
      last = (await post("/suggest", null, { name: `Group ${attempt}`, description: "A group." })).status;
    }
    expect(last).toBe(429);
  });

  it("lets a provider claim a listing; once the coordinator approves, the provider keeps it up to date", async () => {
    expect((await get(`/assets/${ids.inLocality}/edit`, provider)).status).toBe(403);
    expect((await get(`/assets/${ids.inLocality}/claim`, coordinator)).status).toBe(403);
    const claimed = await post(`/assets/${ids.inLocality}/claim`, provider, { message: "I run the volunteers." });
    expect(claimed.status).toBe(303);
    const [claim] = await database.db.select().from(listingClaims).where(eq(listingClaims.serviceId, ids.inLocality));
    expect(await (await get("/coordinator/queue", coordinator)).text()).toContain("I run the volunteers.");
    // A provider cannot decide it; nor can a coordinator for a listing outside their localities.
    expect((await post("/coordinator/queue", provider, { claim: claim!.id, decision: "approve" })).status).toBe(403);
    expect((await post(`/assets/${ids.outsideLocality}/claim`, provider, { message: "Mine too." })).status).toBe(303);
    const [elsewhere] = await database.db.select().from(listingClaims).where(eq(listingClaims.serviceId, ids.outsideLocality));
    expect((await post("/coordinator/queue", coordinator, { claim: elsewhere!.id, decision: "approve" })).status).toBe(403);
    expect(await (await get("/coordinator/queue", coordinator)).text()).not.toContain("Mine too.");
    expect((await post("/coordinator/queue", coordinator, { claim: claim!.id, decision: "approve" })).status).toBe(303);
    const [row] = await database.db.select().from(services).where(eq(services.id, ids.inLocality));
    expect(row!.organizationId).toBe(providerOrganisationId);
    expect((await get(`/assets/${ids.inLocality}/edit`, provider)).status).toBe(200);
    const capacity = await get(`/assets/${ids.inLocality}/capacity`, provider);
    expect(capacity.status).toBe(200);
    expect(await capacity.text()).toContain("Save places"); // its own page, not the listing's
    const history = await (await get(`/assets/${ids.inLocality}/history`, provider)).text();
    expect(history).toContain("Claim approved");
  });
  it("lets a provider with no organisation yet join the organisation of the listing they claim", async () => {
    const [newcomer] = await database.db
      .insert(users)
      .values({ email: "new-provider@example.org", displayName: "Nia Newcomer", role: "provider", organizationId: null })
      .returning();
    const setCookie = await startSession(database.db, new Request("http://localhost/sign-in"), newcomer!.id);
    const cookie = setCookie.split(";")[0]!;
    const [session] = await database.db.select().from(sessions).where(eq(sessions.userId, newcomer!.id));
    const newcomerSession = { cookie, csrf: session!.csrfToken };
    const [target] = await database.db.select().from(services).where(eq(services.id, ids.inLocality));
    const other = (
      await database.db
        .select({ id: services.id, organizationId: services.organizationId })
        .from(services)
        .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
        .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
        .where(and(eq(services.listingStatus, "published"), ne(services.organizationId, target!.organizationId), eq(locations.wardCode, postcodeWard)))
        .limit(1)
    )[0]!;
    expect((await post(`/assets/${other.id}/claim`, newcomerSession, { message: "I started this group." })).status).toBe(303);
    const [claim] = await database.db.select().from(listingClaims).where(eq(listingClaims.userId, newcomer!.id));
    expect((await post("/coordinator/queue", coordinator, { claim: claim!.id, decision: "approve" })).status).toBe(303);
    expect((await database.db.select().from(users).where(eq(users.id, newcomer!.id)))[0]!.organizationId).toBe(other.organizationId);
    expect((await database.db.select().from(services).where(eq(services.id, other.id)))[0]!.organizationId).toBe(other.organizationId);
    expect((await get(`/assets/${other.id}/edit`, newcomerSession)).status).toBe(200);
    const [mail] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, "new-provider@example.org"));
    expect(mail!.subject).toContain("You now look after");
  });

  it("treats a suggestion's email as personal data: exported, erased, and cleared once dealt with and kept long enough", async () => {

    const exported = await exportSubject(database.db, anonymous, { email: "someone@example.org" });
    expect(exported.data["listing suggestions"]).toHaveLength(1);
    const erased = await eraseSubject(database.db, anonymous, { email: "someone@example.org" });
    expect(erased["listing suggestions"]).toBe(1);
    expect(await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.email, "someone@example.org"))).toHaveLength(0);
    // (last in this file: retention in 31 days' time also ends every session)
    // reply-me@ was rejected above: once the retention period has passed, its email goes.
    const [rejected] = await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.email, "reply-me@example.org"));
    const now = new Date();
    await applyRetention(database.db, now, { recordDays: 30, auditDays: 3650 });
    expect((await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.id, rejected!.id)))[0]!.email).toBe("reply-me@example.org");
    await applyRetention(database.db, new Date(now.getTime() + 31 * 86_400_000), { recordDays: 30, auditDays: 3650 });
    expect((await database.db.select().from(listingSuggestions).where(eq(listingSuggestions.id, rejected!.id)))[0]!.email).toBeNull();
  });

});
