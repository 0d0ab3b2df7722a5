/**
 * Hostile input the forms once answered with a 500: a NUL byte in a text field (PostgreSQL
 * refuses it), a body that is not a form, no body at all. NUL bytes are stripped before any
 * route reads the form or the address (the feed's address apart: a 400 naming the parameter);
 * anything but a form gets a plain 415.
 */
import { desc, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listingSuggestions, persons, postcodes, requests, services, userLocalities, users } from "../../db/schema";
import { appSuite } from "../support/app";
import { testDriver } from "../support/database";
import { rawRequest } from "../support/raw-http";
import { sessionFor, type TestSession } from "../support/sessions";

const suite = appSuite();
let coordinator: TestSession;
let practitioner: TestSession;
let postcodeInLocality = "";
let publishedId = "";

beforeAll(async () => {
  coordinator = await sessionFor(suite.database, "coordinator");
  practitioner = await sessionFor(suite.database, "practitioner");
  const wards = await suite.database.db
    .select({ wardCode: userLocalities.wardCode })
    .from(userLocalities)
    .innerJoin(users, eq(users.id, userLocalities.userId))
    .where(eq(users.role, "coordinator"));
  const [postcode] = await suite.database.db
    .select({ postcode: postcodes.postcode })
    .from(postcodes)
    .where(inArray(postcodes.wardCode, wards.map((w) => w.wardCode!)))
    .limit(1);
  postcodeInLocality = postcode!.postcode;
  const [listing] = await suite.database.db.select({ id: services.id }).from(services).where(eq(services.listingStatus, "published")).limit(1);
  publishedId = listing!.id;
});

const nul = "\u0000";

function post(path: string, session: TestSession | null, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
  if (session) body.append("csrf", session.csrf);
  return rawRequest(suite.app.origin, path, {
    method: "POST",
    headers: { origin: suite.app.origin, "content-type": "application/x-www-form-urlencoded", ...(session ? { cookie: session.cookie } : {}) },
    body: body.toString(),
  });
}

describe(`NUL bytes in text fields, on ${testDriver}`, () => {
  it("are stripped from a suggested listing, which is then saved", async () => {
    const response = await post("/suggest", null, { name: `Soham${nul} Knitters`, description: `Knitting${nul} and tea.`, phone: "01632 960111" });
    expect(response.status).toBe(303);
    const [saved] = await suite.database.db.select().from(listingSuggestions).orderBy(desc(listingSuggestions.createdAt)).limit(1);
    expect(saved!.listing).toMatchObject({ name: "Soham Knitters", description: "Knitting and tea." });
  });

  it("are stripped from a reported problem", async () => {
    const response = await post(`/assets/${publishedId}/report`, null, { message: `The phone${nul} number is wrong.` });
    expect(response.status).toBe(303);
    const [saved] = await suite.database.db.select().from(listingSuggestions).orderBy(desc(listingSuggestions.createdAt)).limit(1);
    expect(saved!.message).toBe("The phone number is wrong.");
  });

  it("are stripped from the listing form", async () => {
    const response = await post("/assets/new", coordinator, {
      name: `Nul${nul} Lunch Club`,
      description: `Lunch${nul} on Tuesdays.`,
      kind: "vcs_group",
      delivery: "at_venue",
      organisation: `Friends${nul} of Lunch`,
      postcode: postcodeInLocality,
      isFree: "yes",
      capacityUnit: "places",
      capacityTotal: "30",
      capacityAvailable: "6",
      needs: ["social-connection"],
      directPayment: "no",
      waitingList: "no",
    });
    expect(response.status, response.body.slice(0, 2000)).toBe(303);
    const [saved] = await suite.database.db.select({ name: services.name, description: services.description }).from(services).where(eq(services.name, "Nul Lunch Club"));
    expect(saved).toEqual({ name: "Nul Lunch Club", description: "Lunch on Tuesdays." });
  });

  it("are stripped from the person form", async () => {
    const response = await post("/people/new", practitioner, {
      reference: "NUL-0001",
      ageBand: "75-84",
      postcode: "cb7 5aa",
      involved: `Daughter${nul} visits`,
      whatMatters: `Lonely${nul} since a fall.`,
      needs: ["social-connection"],
      riskFactors: ["loneliness"],
      preferredDays: ["TU"],
      maxTravelMiles: "5",
      budget: "free",
      hasDirectPayment: "no",
      source: "gp",
      sourceNote: `Staploe${nul} surgery`,
      receivedOn: "2026-01-05",
      conversation: "c1",
      lawfulBasis: "public_task",
      consentGiven: "yes",
    });
    expect(response.status, response.body.slice(0, 2000)).toBe(302);
    const [saved] = await suite.database.db.select().from(persons).where(eq(persons.reference, "NUL-0001"));
    expect(saved!.whatMatters).toBe("Lonely since a fall.");
    expect(saved!.involved).toBe("Daughter visits");
    const [request] = await suite.database.db.select().from(requests).where(eq(requests.personId, saved!.id));
    expect(request!.sourceNote).toBe("Staploe surgery");
  });

  it("in an address's query or path are harmless", async () => {
    expect((await rawRequest(suite.app.origin, "/search?q=lunch%00club&postcode=cb7%00")).status).toBe(200);
    expect((await rawRequest(suite.app.origin, "/assets/%00")).status).toBe(404);
  });

  it("in the Open Referral UK feed's address are refused, naming the parameter, or not found", async () => {
    const refused = await rawRequest(suite.app.origin, "/oruk/services?search=a%00b");
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual({ status: 400, error: "Bad Request", parameter: "search", message: "search must not contain a NUL character (%00)." });
    const taxonomies = await rawRequest(suite.app.origin, "/oruk/taxonomies?per_page=5&search=needs%00");
    expect(taxonomies.status).toBe(400);
    expect(JSON.parse(taxonomies.body)).toMatchObject({ parameter: "search" });
    expect((await rawRequest(suite.app.origin, `/oruk/services/${publishedId}%00`)).status).toBe(404);
    expect((await rawRequest(suite.app.origin, "/oruk/services%00")).status).toBe(404);
    // Outside the feed the byte is still taken out: the same search on the page is answered.
    expect((await rawRequest(suite.app.origin, "/search?q=a%00b")).status).toBe(200);
  });
});

describe(`bodies that are not forms, on ${testDriver}`, () => {
  const notForms: Array<{ what: string; headers: Record<string, string>; body?: string }> = [
    { what: "JSON", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "x", description: "y" }) },
    { what: "plain text", headers: { "content-type": "text/plain" }, body: "name=x&description=y" },
    { what: "XML", headers: { "content-type": "application/xml" }, body: "<name>x</name>" },
    { what: "no content type", headers: {}, body: "name=x&description=y" },
    { what: "no body and no content type", headers: {} },
  ];

  it("are refused with 415 and a plain message, on pages with and without a session", async () => {
    const targets: Array<[string, TestSession | null]> = [
      ["/suggest", null],
      ["/sign-in", null],
      ["/password-reset", null],
      ["/shortlist", null],
      [`/assets/${publishedId}/report`, null],
      ["/people/new", practitioner],
      ["/assets/new", coordinator],
      ["/sign-out", coordinator],
    ];
    for (const [path, session] of targets) {
      for (const { what, headers, body } of notForms) {
        const response = await rawRequest(suite.app.origin, path, {
          method: "POST",
          headers: { origin: suite.app.origin, ...headers, ...(session ? { cookie: session.cookie } : {}) },
          body,
        });
        expect(response.status, `${what} to ${path}`).toBe(415);
        expect(response.body).toContain("This page accepts only forms sent from Asset Atlas's own pages.");
        expect(response.body).not.toMatch(/at [\w.<>]+ \(.*:\d+:\d+\)|SyntaxError|TypeError/);
      }
    }
  });

  it("answer an empty form with the form's own errors", async () => {
    const response = await rawRequest(suite.app.origin, "/suggest", { method: "POST", headers: { origin: suite.app.origin, "content-type": "application/x-www-form-urlencoded" } });
    expect(response.status).toBe(400);
    expect(response.body).toContain("Enter the name of the group or service");
  });

  it("refuses a form too large to be a person's, before reading it all", async () => {
    const response = await rawRequest(suite.app.origin, "/suggest", {
      method: "POST",
      headers: { origin: suite.app.origin, "content-type": "application/x-www-form-urlencoded" },
      body: `name=${"a".repeat(3 * 1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(response.body).toContain("too large");
  });
});
