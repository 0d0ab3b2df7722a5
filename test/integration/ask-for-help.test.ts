/**
 * "Ask for help" from the public, through the module the form calls and through the real HTTP
 * stack: a request lands in the queue of the place given (or the default queue), acknowledged by
 * email; each bad input the residents' issue names is refused with a clear message, the form
 * comes back filled in and nothing is stored; the same request twenty times is stored once; the
 * limits per address and per contact hold; the hidden field and the minimum fill time refuse
 * programs. A practitioner in the locality sees the request in the queue.
 */
import { and, count, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, mailOutbox, rateLimits, requestEvents, requests, services } from "../../db/schema";
import { askForHelp, askHelpPerAddress, askHelpPerContact, checkFormStart, defaultQueueDistrict, formStartToken } from "../../app/modules/requests/ask-for-help.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { practitionerId } from "../support/caseload-people";
import { sessionForUser, type TestSession } from "../support/sessions";

// why: the app and this test sign the form's start time with the same key, as several app servers would.
process.env.FORM_SIGNING_KEY = "ask-for-help-integration-test-key";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let practitioner: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  practitioner = await sessionForUser(database, await practitionerId(database.db));
});
afterAll(async () => {
  await database?.destroy();
});

/** A form shown ten seconds ago: long enough for a person to have filled it in. */
const started = () => formStartToken(new Date(Date.now() - 10_000));
let addressNumber = 0;
/** A different client address for each test, so one test's sends do not count against another's. */
const nextAddress = () => `192.0.2.${++addressNumber}`;

const joan = {
  who: "me",
  contactName: "Joan Example",
  contactPhone: "01353 665 555",
  contactEmail: "Joan.Example@example.org",
  contactTimes: "Weekday mornings",
  askedFor: "I keep falling at home and I cannot cope on my own.",
  where: "cb7 5bx",
  consent: "yes",
  website: "",
};

const requestCount = async () => (await database.db.select({ n: count() }).from(requests))[0]!.n;
const ask = (form: Record<string, string>, address = nextAddress()) => askForHelp(database.db, { started: started(), ...form }, { address, language: "en" });
const mailTo = (to: string) => database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));

describe(`asking for help on ${testDriver}`, () => {
  it("stores a request in the queue of the postcode's locality, with its first event, an audit entry without their words, and emails a reference", async () => {
    const result = await ask(joan);
    expect(result.kind).toBe("stored");
    if (result.kind !== "stored") return;
    expect(result.reference).toMatch(/^REQ-\d{6}$/);
    expect(result.queue).toEqual({ districtCode: "E07000009", wardCode: "E05011569" });
    const [row] = await database.db.select().from(requests).where(eq(requests.reference, result.reference));
    expect(row).toMatchObject({
      source: "self",
      personId: null,
      practitionerId: null,
      contactName: "Joan Example",
      contactPhone: "01353 665555",
      contactEmail: "joan.example@example.org",
      postcode: "CB7 5BX",
      contactTimes: "Weekday mornings",
      askedFor: joan.askedFor,
      contactConsent: true,
      districtCode: "E07000009",
      wardCode: "E05011569",
    });
    const events = await database.db.select().from(requestEvents).where(eq(requestEvents.requestId, row!.id));
    expect(events.map((event) => [event.kind, event.note])).toEqual([["received", "Asked through the website"]]);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "request.contact"), eq(auditEvents.subjectId, row!.id)));
    expect(audit!.details).toMatchObject({ source: "self", channel: "website", queue: "place given" });
    expect(JSON.stringify(audit!.details)).not.toContain("falling");
    expect(JSON.stringify(audit!.details)).not.toContain("Joan");
    const [mail] = await mailTo("joan.example@example.org");
    expect(mail!.subject).toBe(`We have your request for help (${result.reference})`);
    expect(mail!.body).toContain("The East Cambridgeshire (Soham North) team will contact you");
    expect(mail!.body).toContain(joan.askedFor);
    expect(mail!.body).toContain("up to 730 days");
  });

  it("puts a request for someone else, with their agreement and no place given, in the default queue, by phone only and so with no email", async () => {
    const result = await ask({ ...joan, who: "someone", theyAgree: "yes", contactEmail: "", where: "", contactName: "Sam Carer", askedFor: "My mum keeps falling." });
    expect(result.kind).toBe("stored");
    if (result.kind !== "stored") return;
    expect(result.queue).toEqual({ districtCode: defaultQueueDistrict, wardCode: null });
    const [row] = await database.db.select().from(requests).where(eq(requests.reference, result.reference));
    expect(row).toMatchObject({ source: "family_carer", contactEmail: null, postcode: null, districtCode: defaultQueueDistrict, wardCode: null });
    const events = await database.db.select().from(requestEvents).where(eq(requestEvents.requestId, row!.id));
    expect(events[0]!.note).toBe("Asked through the website for someone else, who agrees to being contacted");
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "request.contact"), eq(auditEvents.subjectId, row!.id)));
    expect(audit!.details).toMatchObject({ source: "family_carer", theyAgree: true, queue: "default" });
  });

  it("finds the locality from a place name", async () => {
    const result = await ask({ ...joan, where: "Littleport", contactEmail: "", contactPhone: "07700 900 001", askedFor: "Someone to talk to." });
    expect(result.kind).toBe("stored");
    if (result.kind !== "stored") return;
    expect(result.queue.districtCode).toBe("E07000009");
    const [row] = await database.db.select().from(requests).where(eq(requests.reference, result.reference));
    expect(row!.postcode).toBeNull();
  });

  it("refuses each bad input with its own message, gives back what was typed, and stores nothing", async () => {
    const before = await requestCount();
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [{ contactPhone: "", contactEmail: "" }, { contactPhone: "askHelp.errors.noContact" }],
      [{ contactEmail: "joan at example dot org" }, { contactEmail: "askHelp.errors.email" }],
      [{ contactPhone: "12345" }, { contactPhone: "askHelp.errors.phone" }],
      [{ contactPhone: "call me maybe" }, { contactPhone: "askHelp.errors.phone" }],
      [{ contactPhone: "+1 415 555 0100" }, { contactPhone: "askHelp.errors.phone" }],
      [{ askedFor: "x".repeat(10_000) }, { askedFor: "askHelp.errors.askedForLong" }],
      [{ askedFor: "   " }, { askedFor: "askHelp.errors.askedFor" }],
      [{ contactName: "" }, { contactName: "askHelp.errors.name" }],
      [{ consent: "" }, { consent: "askHelp.errors.consent" }],
      [{ who: "" }, { who: "askHelp.errors.who" }],
      [{ who: "someone" }, { theyAgree: "askHelp.errors.theyAgree" }],
      [{ where: "Atlantis-on-Sea" }, { where: "guided.errors.unknown-name" }],
      [{ website: "https://spam.example" }, { website: "askHelp.errors.honeypot" }],
    ];
    for (const [change, errors] of cases) {
      const result = await ask({ ...joan, ...change });
      expect(result, JSON.stringify(change).slice(0, 80)).toMatchObject({ kind: "refused", status: 400, errors });
      if (result.kind !== "refused") continue;
      expect(Object.keys(result.errors), JSON.stringify(change).slice(0, 80)).toEqual(Object.keys(errors));
      // Nothing lost: the fields come back as typed (the honeypot and the start time do not).
      const { website: _hidden, ...typed } = { ...joan, ...change };
      expect(result.values).toEqual(typed);
    }
    // Several at once: every message together, not one at a time.
    const many = await ask({ who: "", contactName: "", contactPhone: "", contactEmail: "", askedFor: "", consent: "" });
    expect(many.kind === "refused" && Object.keys(many.errors).sort()).toEqual(["askedFor", "consent", "contactName", "contactPhone", "who"]);
    expect(await requestCount()).toBe(before);
  });

  it("accepts UK numbers however they are written, and keeps them in one form", async () => {
    for (const [typed, kept] of [
      ["+44 (0)1353 665555", "01353 665555"],
      ["0044 7700 900123", "07700 900123"],
      ["020-7946-0000", "020 7946 0000"],
    ] as const) {
      const result = await ask({ ...joan, contactEmail: "", contactPhone: typed, askedFor: `Phone test ${typed}` });
      expect(result.kind, typed).toBe("stored");
      if (result.kind !== "stored") continue;
      const [row] = await database.db.select().from(requests).where(eq(requests.reference, result.reference));
      expect(row!.contactPhone).toBe(kept);
    }
  });

  it("stores the same request sent twenty times once, at once or one after another, and says so", async () => {
    const same = { ...joan, contactEmail: "twenty@example.org", contactPhone: "", askedFor: "Help with   shopping,\nplease." };
    const before = await requestCount();
    const address = nextAddress();
    const results = await Promise.all(Array.from({ length: 20 }, () => ask(same, address)));
    expect(await requestCount()).toBe(before + 1);
    const references = new Set(results.map((result) => (result.kind === "refused" ? "refused" : result.reference)));
    expect(references.size).toBe(1);
    expect(results.filter((result) => result.kind === "stored")).toHaveLength(1);
    expect(results.filter((result) => result.kind === "already")).toHaveLength(19);
    // Again later, with the words spaced differently: still the same request.
    const again = await ask({ ...same, askedFor: "Help with shopping, please." });
    expect(again.kind).toBe("already");
    expect(await requestCount()).toBe(before + 1);
    expect(await mailTo("twenty@example.org")).toHaveLength(1);
  });

  it("limits new requests per address and per contact, across app processes (the count is in the database)", async () => {
    const before = await requestCount();
    const address = nextAddress();
    const fromOneAddress = [];
    for (let index = 0; index <= askHelpPerAddress.limit; index += 1) {
      fromOneAddress.push(await ask({ ...joan, contactEmail: `neighbour${index}@example.org`, contactPhone: "", askedFor: `Request number ${index}` }, address));
    }
    expect(fromOneAddress.slice(0, askHelpPerAddress.limit).every((result) => result.kind === "stored")).toBe(true);
    expect(fromOneAddress.at(-1)).toMatchObject({ kind: "refused", status: 429, errors: { form: "askHelp.errors.tooMany" } });
    expect(await requestCount()).toBe(before + askHelpPerAddress.limit);

    const fromOneContact = [];
    for (let index = 0; index <= askHelpPerContact.limit; index += 1) {
      fromOneContact.push(await ask({ ...joan, contactEmail: "busy@example.org", contactPhone: "", askedFor: `Something else ${index}` }));
    }
    expect(fromOneContact.slice(0, askHelpPerContact.limit).every((result) => result.kind === "stored")).toBe(true);
    expect(fromOneContact.at(-1)).toMatchObject({ kind: "refused", status: 429 });
    // The addresses and contacts are kept hashed, not as typed.
    const keys = await database.db.select({ key: rateLimits.key }).from(rateLimits).where(like(rateLimits.key, "ask-help%"));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((row) => row.key.includes("@") || row.key.includes("192.0.2"))).toBe(false);
  });

  it("refuses a form sent faster than a person can fill it in, one whose time was made up, and one left open for days", async () => {
    const before = await requestCount();
    const now = new Date();
    expect(checkFormStart(formStartToken(new Date(now.getTime() - 1000)), now)).toBe("too-quick");
    expect(checkFormStart(formStartToken(new Date(now.getTime() - 3 * 86_400_000)), now)).toBe("expired");
    expect(checkFormStart(`${now.getTime() - 60_000}.forged`, now)).toBe("invalid");
    expect(checkFormStart(undefined, now)).toBe("invalid");
    expect(checkFormStart(formStartToken(new Date(now.getTime() - 60_000)), now)).toBe("ok");
    const quick = await askForHelp(database.db, { ...joan, askedFor: "Too quick", started: formStartToken() }, { address: nextAddress(), language: "en" });
    expect(quick).toMatchObject({ kind: "refused", errors: { form: "askHelp.errors.tooQuick" }, values: { askedFor: "Too quick" } });
    const forged = await askForHelp(database.db, { ...joan, askedFor: "Forged", started: "1.abc" }, { address: nextAddress(), language: "en" });
    expect(forged).toMatchObject({ kind: "refused", errors: { form: "askHelp.errors.expired" } });
    expect(await requestCount()).toBe(before);
  });
});

describe(`the ask-for-help page on ${testDriver}`, () => {
  const postForm = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request("/ask-for-help", {
      method: "POST",
      headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });

  it("shows the form without an account, in English and in Polish, with the default queue and how long details are kept", async () => {
    const page = await app.request("/ask-for-help?for=someone&where=Soham&back=/what-matters/results");
    expect(page.status).toBe(200);
    const html = (await page.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("Ask for help or a call back");
    expect(html).toContain("your request goes to the East Cambridgeshire team");
    expect(html).toContain("up to 730 days");
    expect(html).toMatch(/id="who-someone" name="who" type="radio" checked=""/);
    expect(html).toContain('value="Soham"');
    expect(html).toContain('href="/what-matters/results"');
    const polish = (await (await app.request("/ask-for-help?lang=pl")).text()).replaceAll("<!-- -->", "");
    expect(polish).toContain("Poproś o pomoc lub o telefon");
    expect(polish).toContain('lang="pl"');
    // Reached from a search that finds nothing and from a listing, with the way back to them.
    const nothing = (await (await app.request("/search?q=xyzzyplughfrobnicate")).text()).replaceAll("<!-- -->", "").replaceAll("&amp;", "&");
    expect(nothing).toContain("No results");
    expect(nothing).toContain('href="/ask-for-help?back=%2Fsearch%3Fq%3Dxyzzyplughfrobnicate"');
    const [listing] = await database.db.select({ id: services.id }).from(services).where(eq(services.listingStatus, "published")).limit(1);
    const listingPage = (await (await app.request(`/assets/${listing!.id}`)).text()).replaceAll("&amp;", "&");
    expect(listingPage).toContain(`href="/ask-for-help?back=%2Fassets%2F${listing!.id}"`);
    // A way back only to this site.
    expect(await (await app.request("/ask-for-help?back=//evil.example")).text()).not.toContain('class="govuk-back-link"');
  });

  it("refuses bad input with an error summary and the form filled in, in the page's language; then stores, redirects to the reference, and a practitioner sees it in the queue", async () => {
    const before = await requestCount();
    const long = "y".repeat(10_000);
    const refused = await postForm({ ...joan, contactEmail: "not-an-email", askedFor: long, started: started() }, { "x-forwarded-for": "198.51.100.1" });
    expect(refused.status).toBe(400);
    const html = (await refused.text()).replaceAll("<!-- -->", "");
    expect(html).toContain("There is a problem");
    expect(html).toContain('href="#contactEmail"');
    expect(html).toContain("Enter an email address in the right format, like name@example.org");
    expect(html).toContain("What it is about must be 1,000 characters or fewer");
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain("Joan Example");
    expect(html).toContain("y".repeat(1000));
    const polish = await postForm({ ...joan, contactPhone: "123", started: started() }, { cookie: "atlas_lang=pl" });
    expect((await polish.text()).replaceAll("<!-- -->", "")).toContain("Podaj brytyjski numer telefonu");
    expect(await requestCount()).toBe(before);

    const sent = await postForm({ ...joan, contactName: "Page Caller", contactEmail: "page.caller@example.org", askedFor: "Lunch with other people, please.", started: started() });
    expect(sent.status).toBe(303);
    const location = sent.headers.get("location")!;
    expect(location).toMatch(/^\/ask-for-help\?sent=REQ-\d{6}&status=stored&team=E07000009&ward=E05011569$/);
    const reference = new URL(location, app.origin).searchParams.get("sent")!;
    const confirmation = (await (await app.request(location)).text()).replaceAll("<!-- -->", "");
    expect(confirmation).toContain("Request sent");
    expect(confirmation).toContain(reference);
    expect(confirmation).toContain("The East Cambridgeshire (Soham North) team will contact you");
    expect(await requestCount()).toBe(before + 1);

    // Sent again (the back button and Send): the same reference, said plainly.
    const again = await postForm({ ...joan, contactName: "Page Caller", contactEmail: "page.caller@example.org", askedFor: "Lunch with other people, please.", started: started() });
    expect(again.headers.get("location")).toContain(`sent=${reference}&status=already`);
    expect((await (await app.request(again.headers.get("location")!)).text()).replaceAll("<!-- -->", "")).toContain("We already have this request");
    expect(await requestCount()).toBe(before + 1);

    const queue = (await (await app.request("/people?practitioner=queue", { headers: { cookie: practitioner.cookie } })).text()).replaceAll("<!-- -->", "");
    expect(queue).toContain(reference);
    expect(queue).toContain("Page Caller");
  });
});
