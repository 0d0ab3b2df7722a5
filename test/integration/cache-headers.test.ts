/**
 * Pages with people's details, and every page a signed-in person sees, tell browsers and proxies
 * not to keep them (Cache-Control: private, no-store); HSTS when the app is served over TLS.
 */
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, services } from "../../db/schema";
import { appSuite } from "../support/app";
import { insertPerson, practitionerId, referralFormFields } from "../support/caseload-people";
import { useConfig } from "../support/config";
import { testDriver } from "../support/database";
import { rawRequest } from "../support/raw-http";
import { sessionFor, type TestSession } from "../support/sessions";

const suite = appSuite();
let practitioner: TestSession;
let personId = "";
let respondPath = "";

beforeAll(async () => {
  practitioner = await sessionFor(suite.database, "practitioner");
  personId = (await insertPerson(suite.database.db, await practitionerId(suite.database.db), { reference: "CACHE-0001" })).id;
  const [listing] = await suite.database.db
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.listingStatus, "published"), isNotNull(services.email)))
    .limit(1);
  const referred = await rawRequest(suite.app.origin, `/people/${personId}/refer/${listing!.id}`, {
    method: "POST",
    headers: { origin: suite.app.origin, cookie: practitioner.cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: practitioner.csrf, ...referralFormFields }).toString(),
  });
  expect(referred.status).toBeLessThan(400);
  const [mail] = await suite.database.db.select().from(mailOutbox).orderBy(desc(mailOutbox.createdAt)).limit(1);
  respondPath = /\/referrals\/respond\/[A-Za-z0-9_-]{43}/.exec(mail!.body)![0];
});

describe(`caching headers on ${testDriver}`, () => {
  it("marks pages holding a person's details private, no-store", async () => {
    const pages = [`/people/${personId}`, `/people/${personId}/support`, "/referrals", "/people", "/account"];
    for (const page of pages) {
      const response = await rawRequest(suite.app.origin, page, { headers: { cookie: practitioner.cookie } });
      expect(response.status, page).toBe(200);
      expect(response.headers["cache-control"], page).toBe("private, no-store");
    }
    // The provider's link needs no account, and shows what the practitioner shared.
    const link = await rawRequest(suite.app.origin, respondPath);
    expect(link.status).toBe(200);
    expect(link.body).toContain("Would like company on Tuesdays.");
    expect(link.headers["cache-control"]).toBe("private, no-store");
  });

  it("marks every page a signed-in person sees private, no-store, even public ones", async () => {
    for (const page of ["/", "/search?q=lunch", "/oruk/services?per_page=1", "/about"]) {
      const response = await rawRequest(suite.app.origin, page, { headers: { cookie: practitioner.cookie } });
      expect(response.status, page).toBe(200);
      expect(response.headers["cache-control"], page).toBe("private, no-store");
    }
  });

  it("lets the public feed be cached when nobody is signed in", async () => {
    const response = await rawRequest(suite.app.origin, "/oruk/services?per_page=1");
    expect(response.headers["cache-control"]).toBe("public, max-age=60");
  });

  it("sends Strict-Transport-Security when COOKIE_SECURE is on (the default), not when it is off", async () => {
    useConfig({});
    for (const page of ["/", "/favicon.svg", "/sign-in"]) {
      const response = await rawRequest(suite.app.origin, page);
      expect(response.headers["strict-transport-security"], page).toBe("max-age=31536000; includeSubDomains");
    }
    useConfig({ COOKIE_SECURE: "false" });
    expect((await rawRequest(suite.app.origin, "/")).headers["strict-transport-security"]).toBeUndefined();
  });
});
