import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, rateLimits, savedShortlists, services, users } from "../../db/schema";
import { anonymous } from "../../app/modules/accounts/permissions";
import { exportSubject } from "../../app/modules/privacy/personal-data.server";
import { savedListSource } from "../../app/modules/shortlist/shortlist.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let ids: string[];
let names: string[];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const rows = await database.db
    .select({ id: services.id, name: services.name })
    .from(services)
    .where(and(eq(services.listingStatus, "published"), eq(services.status, "active")))
    .orderBy(services.id)
    .limit(3);
  ids = rows.map((row) => row.id);
  names = rows.map((row) => row.name);
});
afterAll(async () => {
  await database?.destroy();
});

/** Every test request comes from 127.0.0.1: the per-address count starts again unless a test is about it. */
const forgetAddressCounts = () => database.db.delete(rateLimits).where(like(rateLimits.key, "shortlist-send:%"));
async function post(fields: Record<string, string>, options: { keepAddressCount?: boolean; cookie?: string } = {}) {
  if (!options.keepAddressCount) await forgetAddressCounts();
  return app.request("/shortlist", {
    method: "POST",
    headers: {
      origin: app.origin,
      "content-type": "application/x-www-form-urlencoded",
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");
const outboxTo = (to: string) => database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));

describe(`sending a shortlist on ${testDriver}`, () => {
  it("by email: every listing with its link and the whole list's link, through the mail transport", async () => {
    const response = await post({ intent: "send-email", ids: ids.join(","), email: "Me@Example.net", returnTo: "/shortlist" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/shortlist?sent=email");
    const [mail] = await outboxTo("me@example.net");
    expect(mail!.channel).toBe("email");
    for (const name of names) expect(mail!.body).toContain(name);
    expect(mail!.body).toContain(`/shortlist?ids=${encodeURIComponent(ids.join(","))}`);
    expect(text(await (await app.request("/shortlist?sent=email")).text())).toContain("We have emailed the list.");
  });

  it("by text message: through the text transport (the development outbox here), in international form, within six parts", async () => {
    const response = await post({ intent: "send-text", ids: ids.join(","), mobile: "07700 900123", returnTo: `/shortlist?ids=${ids.join(",")}` });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/shortlist?ids=${encodeURIComponent(ids.join(","))}&sent=text`);
    const [sms] = await outboxTo("+447700900123");
    expect(sms!.channel).toBe("sms");
    expect(sms!.body.length).toBeLessThanOrEqual(918);
    expect(sms!.body).toContain(names[0]!);
    expect(sms!.body).toContain("All details: ");
  });

  for (const [fields, message] of [
    [{ intent: "send-email", email: "not an email" }, "Enter an email address like name@example.org"],
    [{ intent: "send-text", mobile: "01353 665555" }, "Enter a UK mobile number, like 07700 900123 (texts cannot go to a landline)"],
    [{ intent: "send-text", mobile: "call me" }, "Enter a UK mobile number"],
    [{ intent: "send-text", mobile: "" }, "Enter a mobile number, like 07700 900123"],
  ] as const) {
    it(`refuses ${JSON.stringify(fields)} with a clear message and sends nothing`, async () => {
      const before = (await database.db.select().from(mailOutbox)).length;
      const response = await post({ ...fields, ids: ids.join(",") });
      expect(response.status).toBe(400);
      const page = text(await response.text());
      expect(page).toContain(message);
      expect(await database.db.select().from(mailOutbox)).toHaveLength(before);
    });
  }

  it("the same list to the same address 20 times goes once; ten sends an hour from one client, then refused", async () => {
    await forgetAddressCounts();
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await post({ intent: "send-email", ids: ids.join(","), email: "again@example.net" }, { keepAddressCount: true });
      outcomes.push(response.status === 303 ? response.headers.get("location")!.split("sent=")[1]! : String(response.status));
    }
    expect(outcomes[0]).toBe("email");
    expect(outcomes.slice(1, 10)).toEqual(Array(9).fill("email-again"));
    expect(outcomes.slice(10)).toEqual(Array(10).fill("429"));
    expect(await outboxTo("again@example.net")).toHaveLength(1);
  });

  it("a resident with an account keeps their shortlist: added on one device, there on another", async () => {
    const resident = await sessionFor(database, "resident");
    const added = await post({ intent: "add", id: ids[0]!, returnTo: "/shortlist", csrf: resident.csrf }, { cookie: resident.cookie });
    expect(added.status).toBe(303);
    const [row] = await database.db.select().from(savedShortlists);
    expect(row!.serviceIds).toEqual([ids[0]]);
    // Another device: the same session cookie but no shortlist cookie.
    const elsewhere = text(await (await app.request("/shortlist", { headers: { cookie: resident.cookie } })).text());
    expect(elsewhere).toContain(names[0]!);
    expect(elsewhere).toContain("Shortlist (1)");
    const removed = await post({ intent: "remove", id: ids[0]!, returnTo: "/shortlist", csrf: resident.csrf }, { cookie: resident.cookie });
    expect(removed.status).toBe(303);
    const [after] = await database.db.select().from(savedShortlists);
    expect(after!.serviceIds).toEqual([]);

    // Exported with the account, and gone when the account is erased.
    await post({ intent: "add", id: ids[1]!, returnTo: "/shortlist", csrf: resident.csrf }, { cookie: resident.cookie });
    const [account] = await database.db.select({ email: users.email }).from(users).where(eq(users.role, "resident")).limit(1);
    const exported = await exportSubject(database.db, anonymous, { email: account!.email });
    expect(exported.data["saved shortlists and searches"]).toEqual([expect.objectContaining({ shortlist: [ids[1]] })]);
    expect(await savedListSource.eraseSubject(database.db, { email: account!.email })).toBe(1);
    expect(await database.db.select().from(savedShortlists)).toHaveLength(0);
  });
});
