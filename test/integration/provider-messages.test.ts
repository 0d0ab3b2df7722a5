import { and, eq, isNotNull, isNull, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, mailOutbox, providerMessages, rateLimits, services } from "../../db/schema";
import { anonymous } from "../../app/modules/accounts/permissions";
import { applyRetention, eraseSubject, exportSubject } from "../../app/modules/privacy/personal-data.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let listing: { id: string; name: string; email: string };
let silent: { id: string; name: string };

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const published = and(eq(services.listingStatus, "published"), eq(services.status, "active"));
  const [withEmail] = await database.db.select({ id: services.id, name: services.name, email: services.email }).from(services).where(and(published, isNotNull(services.email))).limit(1);
  listing = { ...withEmail!, email: withEmail!.email! };
  const [another] = await database.db.select({ id: services.id, name: services.name }).from(services).where(and(published, isNull(services.email))).limit(1);
  silent = another!;
});
afterAll(async () => {
  await database?.destroy();
});



/** Every test request comes from 127.0.0.1: the per-address count starts again unless a test is about it. */
const forgetAddressCounts = () => database.db.delete(rateLimits).where(like(rateLimits.key, "ask:%"));
async function ask(id: string, fields: Record<string, string>, options: { keepAddressCount?: boolean } = {}) {
  if (!options.keepAddressCount) await forgetAddressCounts();
  return app.request(`/assets/${id}/ask`, {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
const mailTo = (to: string) => database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));

describe(`asking a provider about a place on ${testDriver}`, () => {
  it("sends the question to the provider with a single-use link, and their answer to the resident, neither seeing the other's email", async () => {
    const listingPage = await (await app.request(`/assets/${listing.id}`)).text();
    expect(listingPage).toContain(`/assets/${listing.id}/ask`);
    const before = (await mailTo(listing.email)).length;
    const response = await ask(listing.id, { message: "Do you have a place on Tuesdays for my dad?", name: "Ann", email: "Ann.Resident@example.net", consent: "yes" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/assets/${listing.id}/ask?sent=1`);
    expect(text(await (await app.request(response.headers.get("location")!)).text())).toContain(`We have sent your question to ${listing.name}`);

    const [stored] = await database.db.select().from(providerMessages).where(eq(providerMessages.residentEmail, "ann.resident@example.net"));
    expect(stored!.message).toBe("Do you have a place on Tuesdays for my dad?");
    expect(stored!.consentAt).toBeInstanceOf(Date);
    const toProvider = (await mailTo(listing.email)).slice(before);
    expect(toProvider).toHaveLength(1);
    expect(toProvider[0]!.body).toContain("Do you have a place on Tuesdays for my dad?");
    expect(toProvider[0]!.body).not.toContain("ann.resident@example.net");
    const link = /\/messages\/reply\/([A-Za-z0-9_-]{43})/.exec(toProvider[0]!.body)![1]!;

    const page = text(await (await app.request(`/messages/reply/${link}`)).text());
    expect(page).toContain("Ann asked on");
    expect(page).not.toContain("example.net");

    const refused = await app.request(`/messages/reply/${link}`, {
      method: "POST",
      headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ reply: "x".repeat(10_000) }),
    });
    expect(refused.status).toBe(400);
    expect(text(await refused.text())).toContain("Your answer must be 2,000 characters or fewer");

    const answered = await app.request(`/messages/reply/${link}`, {
      method: "POST",
      headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ reply: "Yes, Tuesdays at 10. Ring us on 01632 960000." }),
      redirect: "manual",
    });
    expect(answered.status).toBe(303);
    const toResident = await mailTo("ann.resident@example.net");
    expect(toResident).toHaveLength(1);
    expect(toResident[0]!.subject).toBe(`${listing.name} has answered your question`);
    expect(toResident[0]!.body).toContain("Yes, Tuesdays at 10.");
    expect(toResident[0]!.body).not.toContain(listing.email);

    // The link works once.
    const again = await app.request(`/messages/reply/${link}`, {
      method: "POST",
      headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ reply: "A second answer" }),
    });
    expect(again.status).toBe(410);
    expect(await mailTo("ann.resident@example.net")).toHaveLength(1);
    const audit = await database.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, listing.id));
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(["provider-message.send", "provider-message.reply"]));
  });

  for (const [fields, message] of [
    [{ message: "Hello", email: "not-an-email", consent: "yes" }, "Enter an email address like name@example.org"],
    [{ message: "Hello", email: "", consent: "yes" }, "Enter your email address, so we can send you the reply"],
    [{ message: "x".repeat(10_000), email: "b@example.net", consent: "yes" }, "Your message must be 2,000 characters or fewer"],
    [{ message: "Hello", email: "b@example.net" }, "Tick the box to agree to us keeping your message and email"],
    [{ message: "   ", email: "b@example.net", consent: "yes" }, "Write your question"],
  ] as const) {
    it(`refuses ${JSON.stringify(fields).slice(0, 60)} with "${message.slice(0, 40)}…" and stores nothing`, async () => {
      const count = (await database.db.select().from(providerMessages)).length;
      const response = await ask(listing.id, fields);
      expect(response.status).toBe(400);
      const page = text(await response.text());
      expect(page).toContain("There is a problem");
      expect(page).toContain(message);
      expect(await database.db.select().from(providerMessages)).toHaveLength(count);
    });
  }

  it("eleven messages in an hour from one address: the eleventh is refused", async () => {
    await forgetAddressCounts();
    const statuses: number[] = [];
    for (let n = 0; n < 11; n++) statuses.push((await ask(listing.id, { message: `Question ${n}`, email: `many${n}@example.net`, consent: "yes" }, { keepAddressCount: true })).status);
    expect(statuses.slice(0, 10).every((status) => status === 303)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("the same message sent 20 times is stored and sent once; after five in an hour from one email the rest are refused", async () => {
    const before = (await mailTo(listing.email)).length;
    await forgetAddressCounts();
    const statuses: number[] = [];
    const locations: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await ask(listing.id, { message: "Is there parking?", email: "repeat@example.net", consent: "yes" }, { keepAddressCount: true });
      statuses.push(response.status);
      locations.push(response.headers.get("location") ?? "");
    }
    expect(statuses.slice(0, 5)).toEqual([303, 303, 303, 303, 303]);
    expect(locations[0]).toContain("sent=1");
    expect(locations.slice(1, 5).every((location) => location.endsWith("sent=again"))).toBe(true);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    expect(await database.db.select().from(providerMessages).where(eq(providerMessages.residentEmail, "repeat@example.net"))).toHaveLength(1);
    expect((await mailTo(listing.email)).length - before).toBe(1);
    expect(text(await (await app.request(`/assets/${listing.id}/ask?sent=again`)).text())).toContain("We did not send it again");
  });

  it("a listing with no email cannot be messaged: the page says to phone, and a post is refused", async () => {
    expect(text(await (await app.request(`/assets/${silent.id}/ask`)).text())).toContain("This provider cannot get messages through the site");
    const response = await ask(silent.id, { message: "Hello", email: "c@example.net", consent: "yes" });
    expect(response.status).toBe(400);
    expect(await database.db.select().from(providerMessages).where(eq(providerMessages.residentEmail, "c@example.net"))).toHaveLength(0);
  });

  it("is exported and erased with the resident's email, and deleted by the retention job after 60 days", async () => {
    await ask(listing.id, { message: "Keep me for a while", email: "kept@example.net", consent: "yes" });
    const exported = await exportSubject(database.db, anonymous, { email: "kept@example.net" });
    const rows = exported.data["messages to providers"] as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.message).toBe("Keep me for a while");
    expect(rows[0]).not.toHaveProperty("replyTokenHash");

    const soon = await applyRetention(database.db, new Date(Date.now() + 59 * 86_400_000));
    expect(await database.db.select().from(providerMessages).where(eq(providerMessages.residentEmail, "kept@example.net"))).toHaveLength(1);
    expect(soon["messages to providers"]).toBe(0);
    const later = await applyRetention(database.db, new Date(Date.now() + 61 * 86_400_000));
    expect(later["messages to providers"]).toBeGreaterThanOrEqual(1);
    expect(await database.db.select().from(providerMessages)).toHaveLength(0);

    await ask(listing.id, { message: "Erase me", email: "erase@example.net", consent: "yes" });
    const erased = await eraseSubject(database.db, anonymous, { email: "erase@example.net" });
    expect(erased["messages to providers"]).toBe(1);
  });
});
