import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { auditEvents, mailOutbox, passwordResets, rateLimits, sessions, users } from "../../db/schema";
import { anonymous } from "../../app/modules/accounts/permissions";
import {
  applyRetention,
  eraseSubject,
  exportSubject,
  registerPersonalDataSource,
  type PersonalDataSource,
} from "../../app/modules/privacy/personal-data.server";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor } from "../support/sessions";

let database: TestDatabase;
const admin = { ...anonymous, role: "administrator" as const };
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

describe(`retention, export and erasure on ${testDriver}`, () => {
  it("removes what has been kept too long and keeps what has not", async () => {
    const { db } = database;
    const { cookie } = await sessionFor(database, "practitioner"); // a live session
    const [user] = await db.select().from(users).where(eq(users.role, "practitioner"));
    await db.insert(sessions).values({ id: "expired", userId: user!.id, csrfToken: "x", expiresAt: daysAgo(1) });
    await db.insert(passwordResets).values([
      { tokenHash: "old", userId: user!.id, expiresAt: daysAgo(3) },
      { tokenHash: "fresh", userId: user!.id, expiresAt: new Date(now.getTime() + 3_600_000) },
    ]);
    await db.insert(rateLimits).values({ key: "stale", windowStart: daysAgo(2), count: 3 });
    await db.insert(mailOutbox).values([
      { to: "a@example.org", subject: "old", body: "", createdAt: daysAgo(40) },
      { to: "a@example.org", subject: "new", body: "", createdAt: daysAgo(2) },
    ]);
    await db.insert(auditEvents).values([
      { action: "ancient", subjectType: "test", at: daysAgo(3000) },
      { action: "recent", subjectType: "test", at: daysAgo(10) },
    ]);

    const results = await applyRetention(db, now, { recordDays: 730, auditDays: 2190 });
    expect(results).toMatchObject({ accounts: 3, "mail outbox": 1, "audit trail": 1 });
    expect((await db.select().from(sessions)).map((s) => s.id)).not.toContain("expired");
    expect((await db.select().from(sessions)).length).toBeGreaterThan(0);
    expect((await db.select().from(passwordResets)).map((r) => r.tokenHash)).toEqual(["fresh"]);
    expect((await db.select().from(mailOutbox)).map((m) => m.subject)).toEqual(["new"]);
    const actions = (await db.select().from(auditEvents)).map((e) => e.action);
    expect(actions).toContain("recent");
    expect(actions).not.toContain("ancient");
    expect(cookie).toMatch(/^atlas_session=/);
  });

  it("exports everything held about a person, without their password hash, and audits the export", async () => {
    const email = "coordinator@demo.example.org";
    const exported = await exportSubject(database.db, admin, { email: " Coordinator@Demo.example.org" });
    expect(exported.subject).toBe(" Coordinator@Demo.example.org");
    const [account] = exported.data.accounts as Array<{ account: Record<string, unknown>; localities: unknown[] }>;
    expect(account!.account.email).toBe(email);
    expect(account!.account).not.toHaveProperty("passwordHash");
    expect(account!.account.hasPassword).toBe(true);
    expect(account!.localities.length).toBeGreaterThan(0);
    expect(JSON.stringify(exported)).not.toMatch(/\$argon2id\$/);
    const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "privacy.export"));
    expect(audits).toHaveLength(1);
  });

  it("erases a person on request: the account says nothing about them and cannot sign in", async () => {
    const email = "provider@demo.example.org";
    const [before] = await database.db.select().from(users).where(eq(users.email, email));
    await sessionFor(database, "provider");
    const erased = await eraseSubject(database.db, admin, { email });
    expect(erased.accounts).toBe(1);
    const [after] = await database.db.select().from(users).where(eq(users.id, before!.id));
    expect(after).toMatchObject({ displayName: "Erased account", active: false, passwordHash: null, organizationId: null });
    expect(after!.email).not.toContain("provider");
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, before!.id))).toHaveLength(0);
    const again = await exportSubject(database.db, admin, { email });
    expect(again.data.accounts).toEqual([]);
  });

  it("lets a later kind of personal data plug in, and retention then covers it", async () => {
    // A stand-in for people's records (the matching issue adds the real table): a real table here.
    await database.db.execute(sql`create table test_people (id serial primary key, reference text, email text, last_active timestamptz)`);
    await database.db.execute(
      sql`insert into test_people (reference, email, last_active) values ('P-1', 'p1@example.org', now() - interval '800 days'), ('P-2', 'p2@example.org', now())`,
    );
    const people: PersonalDataSource = {
      name: "test people",
      description: "A stand-in for people's records.",
      async applyRetention(db, policy, at) {
        const rows = await queryRows<{ id: number }>(
          db,
          sql`update test_people set reference = 'anonymised', email = null
              where last_active < ${new Date(at.getTime() - policy.recordDays * 86_400_000).toISOString()}::timestamptz and email is not null
              returning id`,
        );
        return rows.length;
      },
      exportSubject: (db, subject) => queryRows(db, sql`select reference from test_people where email = ${subject.email}`),
      async eraseSubject(db, subject) {
        return (await queryRows(db, sql`delete from test_people where email = ${subject.email} returning id`)).length;
      },
    };
    registerPersonalDataSource(people);
    const results = await applyRetention(database.db, now, { recordDays: 730, auditDays: 2190 });
    expect(results["test people"]).toBe(1);
    expect((await exportSubject(database.db, admin, { email: "p2@example.org" })).data["test people"]).toEqual([{ reference: "P-2" }]);
    expect((await eraseSubject(database.db, admin, { email: "p2@example.org" }))["test people"]).toBe(1);
    const left = await queryRows<{ reference: string }>(database.db, sql`select reference from test_people order by id`);
    expect(left).toEqual([{ reference: "anonymised" }]);
  });
});
