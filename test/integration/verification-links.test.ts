/**
 * Listings kept true by their providers through emailed links, on the real HTTP stack: the
 * staged reminders (due, overdue, long overdue, then the coordinators), never more than one a
 * fortnight, recorded on the history, stopped by a verification; "Still right", "Update
 * places" and "Something has changed" by single-use, expiring links; the coordinator's own
 * "update places" link; and every refusal.
 */
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { auditEvents, listingChanges, mailOutbox, services, verificationLinks, verificationReminders } from "../../db/schema";
import { decideChange } from "../../app/modules/assets/changes.server";
import { listingScope } from "../../app/modules/assets/listing.server";
import { anonymous } from "../../app/modules/accounts/permissions";
import { sendVerificationReminders } from "../../app/modules/verification/links.server";
import { verificationWorklist } from "../../app/modules/verification/worklist.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let coordinator: TestSession;
const administrator = { ...anonymous, role: "administrator" as const };
const day = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const listing = { id: "", email: "lunch.club@example.org" };
let silent = "";

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  coordinator = await sessionFor(database, "coordinator");
  const { db } = database;
  // A published listing in the demo coordinator's localities, and one without any email address.
  const [own] = await queryRows<{ id: string }>(
    db,
    sql`select s.id from services s join service_at_locations sal on sal.service_id = s.id join locations l on l.id = sal.location_id
        join user_localities ul on ul.ward_code = l.ward_code join users u on u.id = ul.user_id
        where u.role = 'coordinator' and s.listing_status = 'published' order by s.name limit 2`,
  );
  listing.id = own!.id;
  await db.update(services).set({ email: listing.email }).where(eq(services.id, listing.id));
  const [other] = await queryRows<{ id: string }>(
    db,
    sql`select s.id from services s where s.listing_status = 'published' and s.id <> ${listing.id}::uuid order by s.name desc limit 1`,
  );
  silent = other!.id;
  await db.execute(sql`update services set email = null where id = ${silent}::uuid`);
  await db.execute(sql`update contacts set email = null where service_id = ${silent}::uuid`);
  await db.execute(sql`update organizations set email = null where id = (select organization_id from services where id = ${silent}::uuid)`);
  // Everything else checked as late as the job's clock will go here, so its work is these two listings.
  await db.update(services).set({ lastVerifiedAt: isoDay(new Date(Date.now() + 400 * day)) }).where(and(ne(services.id, listing.id), ne(services.id, silent)));
});
afterAll(async () => {
  await database?.destroy();
});

const post = (path: string, fields: Record<string, string>, session: TestSession | null = null) =>
  app.request(path, {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded", ...(session ? { cookie: session.cookie } : {}) },
    body: new URLSearchParams({ ...fields, ...(session ? { csrf: session.csrf } : {}) }),
    redirect: "manual",
  });
const get = (path: string, session: TestSession | null = null) => app.request(path, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });
const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

async function lastMailTo(to: string) {
  const [mail] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt)).limit(1);
  return mail;
}
/** The check link, places link and "something has changed" link in a reminder. */
function linksIn(body: string) {
  const check = /\/listing-check\/([A-Za-z0-9_-]{43})\n/.exec(body)?.[1];
  const places = /\/listing-places\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
  expect(body).toContain(`/listing-check/${check}/changes`);
  return { check: check!, places: places! };
}
const remindersOf = (serviceId: string) =>
  database.db.select().from(verificationReminders).where(eq(verificationReminders.serviceId, serviceId)).orderBy(verificationReminders.sentAt);
const historyOf = async (serviceId: string) =>
  (await database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectType, "asset"), eq(auditEvents.subjectId, serviceId)))).map((event) => event.action);

describe(`verification by emailed link on ${testDriver}`, () => {
  const start = new Date();
  const lastVerified = isoDay(new Date(start.getTime() - 200 * day));

  it("reminds in stages, never more than once a fortnight, then tells the coordinators and flags the listing, still published", async () => {
    const { db } = database;
    await db.update(services).set({ lastVerifiedAt: lastVerified }).where(eq(services.id, listing.id));
    const first = await sendVerificationReminders(db, { now: start, origin: app.origin });
    expect(first).toMatchObject({ sent: 1, noAddress: 1, coordinatorsTold: 0 });
    const mail = await lastMailTo(listing.email);
    expect(mail!.subject).toMatch(/still right\?$/);
    const links = linksIn(mail!.body);
    expect(links.places).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The same day, a week on, a fortnight on in the same stage: nothing more.
    for (const days of [0, 7, 15]) {
      expect(await sendVerificationReminders(db, { now: new Date(start.getTime() + days * day), origin: app.origin })).toMatchObject({ sent: 0 });
    }
    // Overdue (365 days), then long overdue (545 days), then a fortnight later the coordinators.
    expect((await sendVerificationReminders(db, { now: new Date(start.getTime() + 170 * day), origin: app.origin })).sent).toBe(1);
    expect((await sendVerificationReminders(db, { now: new Date(start.getTime() + 350 * day), origin: app.origin })).sent).toBe(1);
    expect((await sendVerificationReminders(db, { now: new Date(start.getTime() + 356 * day), origin: app.origin })).coordinatorsTold).toBe(0);
    const told = await sendVerificationReminders(db, { now: new Date(start.getTime() + 365 * day), origin: app.origin });
    expect(told.coordinatorsTold).toBeGreaterThanOrEqual(1);
    expect((await remindersOf(listing.id)).map((row) => row.stage)).toEqual(["due", "overdue", "long-overdue", "coordinator"]);
    const gaps = (await remindersOf(listing.id)).map((row, index, rows) => (index ? row.sentAt.getTime() - rows[index - 1]!.sentAt.getTime() : Infinity));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(14 * day);
    const [coordinatorMail] = await queryRows<{ subject: string }>(
      db,
      sql`select m.subject from mail_outbox m join users u on u.email = m."to" where u.role = 'coordinator' order by m.created_at desc limit 1`,
    );
    expect(coordinatorMail!.subject).toMatch(/^No answer about /);
    expect(await sendVerificationReminders(db, { now: new Date(start.getTime() + 400 * day), origin: app.origin })).toEqual({ sent: 0, noAddress: 0, coordinatorsTold: 0 });

    const [row] = await db.select({ status: services.listingStatus }).from(services).where(eq(services.id, listing.id));
    expect(row!.status).toBe("published");
    const history = await historyOf(listing.id);
    expect(history.filter((action) => action === "asset.verification-reminder")).toHaveLength(3);
    expect(history).toContain("asset.verification-flagged");
    // The listing without an email address: recorded, never sent, and flagged in its turn.
    const silentReminders = await remindersOf(silent);
    expect(silentReminders.map((reminder) => reminder.stage).at(-1)).toBe("coordinator");
    expect(silentReminders.every((reminder) => reminder.sentTo === null)).toBe(true);

    const worklist = await verificationWorklist(db, { ...administrator }, new Date(start.getTime() + 365 * day));
    const item = worklist.items.find((entry) => entry.id === listing.id)!;
    expect(item).toMatchObject({ flagged: true, reminder: { stage: "Long overdue", sentTo: listing.email } });
    expect(worklist.items[0]!.flagged).toBe(true);
  });

  it("sends each reminder once when several servers run the job at the same moment", async () => {
    const { db } = database;
    const fresh = isoDay(new Date(start.getTime() - 190 * day));
    await db.update(services).set({ lastVerifiedAt: fresh }).where(eq(services.id, listing.id));
    // The reminders above were sent on the job's clock, up to a year ahead: clear them.
    await db.delete(verificationReminders);
    const results = await Promise.all([1, 2, 3].map(() => sendVerificationReminders(db, { now: start, origin: app.origin })));
    expect(results.reduce((sum, result) => sum + result.sent, 0)).toBe(1);
    expect((await remindersOf(listing.id)).filter((row) => row.cycle === fresh)).toHaveLength(1);
  });

  it("'Still right' verifies it with one press, once; the link then says it is used, and reminders stop", async () => {
    const { check } = linksIn((await lastMailTo(listing.email))!.body);
    const page = await get(`/listing-check/${check}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await text(page);
    const [row] = await database.db.select({ name: services.name }).from(services).where(eq(services.id, listing.id));
    expect(html).toContain(`Is ${row!.name.replaceAll("'", "&#x27;")}`);
    expect(html).toContain("Still right");

    const pressed = await post(`/listing-check/${check}`, {});
    expect(pressed.status).toBe(303);
    expect(await text(await get(pressed.headers.get("location")!))).toContain("recorded as checked today");
    const [after] = await database.db.select({ lastVerifiedAt: services.lastVerifiedAt }).from(services).where(eq(services.id, listing.id));
    expect(after!.lastVerifiedAt).toBe(isoDay(new Date()));
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, listing.id), eq(auditEvents.action, "asset.verify")));
    expect(audit!.details).toMatchObject({ via: "verification-link", sentTo: listing.email });

    // Used: the page says so, and pressing again changes nothing.
    expect((await get(`/listing-check/${check}`)).status).toBe(410);
    expect((await post(`/listing-check/${check}`, {})).status).toBe(410);
    expect((await get(`/listing-check/${check}/changes`)).status).toBe(410);
    // Verified today: no reminder for it.
    const before = (await remindersOf(listing.id)).length;
    await sendVerificationReminders(database.db, { now: new Date(), origin: app.origin });
    expect((await remindersOf(listing.id)).length).toBe(before);

    const history = await text(await get(`/assets/${listing.id}/history`, coordinator));
    expect(history).toContain("Confirmed as still right");
    expect(history).toContain("by the provider, by the emailed link");
    const worklist = await text(await get("/coordinator/verification", coordinator));
    expect(worklist).toMatch(/Answered by their providers in the last 30 days \(1\)/);
    expect(worklist).toContain("Confirmed as still right");
  });

  it("'Update places' changes places and waiting time once; bad values are refused with a message", async () => {
    const { places } = linksIn((await lastMailTo(listing.email))!.body);
    expect((await get(`/listing-places/${places}`)).status).toBe(200);
    const bad = await post(`/listing-places/${places}`, { capacityUnit: "places", capacityTotal: "10", capacityAvailable: "12", waitingList: "no" });
    expect(bad.status).toBe(400);
    expect(await text(bad)).toContain("The number free now cannot be more than the total");
    const saved = await post(`/listing-places/${places}`, { capacityUnit: "places", capacityTotal: "12", capacityAvailable: "0", waitingList: "yes", waitingListWeeks: "3" });
    expect(saved.status).toBe(303);
    const [row] = await database.db.select().from(services).where(eq(services.id, listing.id));
    expect(row).toMatchObject({ capacityTotal: 12, capacityAvailable: 0, waitingList: true, waitingListWeeks: 3 });
    expect((await post(`/listing-places/${places}`, { capacityUnit: "places", capacityTotal: "12", capacityAvailable: "5", waitingList: "no" })).status).toBe(410);
    const history = await text(await get(`/assets/${listing.id}/history`, coordinator));
    expect(history).toContain("Places updated");
  });

  it("'Something has changed' waits for a coordinator, who approves it; the provider is told at the address", async () => {
    const { db } = database;
    await db.update(services).set({ lastVerifiedAt: isoDay(new Date(Date.now() - 200 * day)) }).where(eq(services.id, listing.id));
    expect((await sendVerificationReminders(db, { now: new Date(Date.now() + 15 * day), origin: app.origin })).sent).toBe(1);
    const { check } = linksIn((await lastMailTo(listing.email))!.body);
    const now = (await listingScope(db, listing.id))!.input;
    const unchanged = { description: now.description, contactName: now.contactName ?? "", phone: now.phone ?? "", email: now.email ?? "", website: now.website ?? "" };
    const empty = await post(`/listing-check/${check}/changes`, unchanged);
    expect(empty.status).toBe(400);
    expect(await text(empty)).toContain("Change a detail above, or say what else has changed");
    const badPhone = await post(`/listing-check/${check}/changes`, { ...unchanged, phone: "call us" });
    expect(badPhone.status).toBe(400);
    const sent = await post(`/listing-check/${check}/changes`, {
      ...unchanged,
      description: "A hot lunch every Tuesday and Thursday in the church hall.",
      phone: "01632 960999",
      note: "We now meet on Thursdays too.",
    });
    expect(sent.status).toBe(303);
    const [change] = await db.select().from(listingChanges).where(and(eq(listingChanges.serviceId, listing.id), eq(listingChanges.status, "pending")));
    expect(change).toMatchObject({ linkEmail: listing.email, note: "We now meet on Thursdays too.", proposedBy: null });
    // A change waiting: no more reminders meanwhile, even when overdue.
    expect((await sendVerificationReminders(db, { now: new Date(Date.now() + 200 * day), origin: app.origin })).sent).toBe(0);
    const review = await text(await get(`/assets/${listing.id}/changes`, coordinator));
    expect(review).toContain("through the link emailed to");
    expect(review).toContain("We now meet on Thursdays too.");

    const current = (await listingScope(db, listing.id))!;
    const decided = await decideChange(db, { ...administrator }, current, { changeId: change!.id, approve: true, reason: "" });
    expect(decided).toEqual({ id: listing.id });
    const after = (await listingScope(db, listing.id))!;
    expect(after.input).toMatchObject({ description: "A hot lunch every Tuesday and Thursday in the church hall.", phone: "01632 960999" });
    expect(after.lastVerifiedAt).toBe(isoDay(new Date()));
    expect((await lastMailTo(listing.email))!.subject).toMatch(/are published$/);
  });

  it("refuses a link that is not valid (404), has expired, or was replaced by a newer one (410)", async () => {
    const { db } = database;
    expect((await get("/listing-check/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).status).toBe(404);
    expect((await post("/listing-places/not-a-real-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", { capacityUnit: "places" })).status).toBe(404);
    await db.delete(verificationReminders);
    await db.update(services).set({ email: listing.email, lastVerifiedAt: isoDay(new Date(Date.now() - 200 * day)) }).where(eq(services.id, listing.id));
    await sendVerificationReminders(db, { now: new Date(), origin: app.origin });
    const older = linksIn((await lastMailTo(listing.email))!.body);
    // A fortnight later, overdue: the next reminder's links replace these.
    await db.update(services).set({ lastVerifiedAt: isoDay(new Date(Date.now() - 380 * day)) }).where(eq(services.id, listing.id));
    await sendVerificationReminders(db, { now: new Date(Date.now() + 15 * day), origin: app.origin });
    const newer = linksIn((await lastMailTo(listing.email))!.body);
    expect(newer.check).not.toBe(older.check);
    const replaced = await get(`/listing-check/${older.check}`);
    const replacedPage = await text(replaced);
    expect(replaced.status, replacedPage.slice(-3000)).toBe(410);
    expect(replacedPage).toContain("A newer link replaces this one");
    await db.update(verificationLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(verificationLinks.serviceId, listing.id));
    const expired = await post(`/listing-check/${newer.check}`, {});
    expect(expired.status).toBe(410);
    expect(await text(expired)).toContain("This link has expired");
    expect((await get(`/listing-places/${newer.places}`)).status).toBe(410);
  });

  it("lets the coordinator email an 'update places' link at any time, at most once an hour", async () => {
    const page = await get(`/assets/${listing.id}/places-link`, coordinator);
    expect(page.status).toBe(200);
    expect(await text(page)).toContain(listing.email);
    const sent = await post(`/assets/${listing.id}/places-link`, {}, coordinator);
    expect(sent.status).toBe(303);
    const mail = await lastMailTo(listing.email);
    expect(mail!.subject).toMatch(/^Please update the places at /);
    const token = /\/listing-places\/([A-Za-z0-9_-]{43})/.exec(mail!.body)![1]!;
    expect((await get(`/listing-places/${token}`)).status).toBe(200);
    const again = await post(`/assets/${listing.id}/places-link`, {}, coordinator);
    expect(again.status).toBe(409);
    expect(await text(again)).toContain("less than 60 minutes ago");
    expect(await historyOf(listing.id)).toContain("asset.places-link-sent");
    // A listing without an email address cannot be sent one.
    const none = await post(`/assets/${silent}/places-link`, {}, await sessionFor(database, "administrator"));
    expect(none.status).toBe(409);
  });
});
