import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, mailOutbox, sessions, userLocalities, users, wards } from "../../db/schema";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let admin: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  admin = await sessionFor(database, "administrator");
});
afterAll(async () => {
  await database?.destroy();
});

function post(path: string, fields: Array<[string, string]>, session: TestSession | null = admin) {
  const body = new URLSearchParams(fields);
  if (session) body.append("csrf", session.csrf);
  return app.request(path, {
    method: "POST",
    headers: {
      origin: app.origin,
      "content-type": "application/x-www-form-urlencoded",
      ...(session ? { cookie: session.cookie } : {}),
    },
    body,
    redirect: "manual",
  });
}

describe(`administering accounts on ${testDriver}`, () => {
  it("invites a coordinator for two wards, who sets a password from the emailed link and signs in", async () => {
    const wardRows = await database.db.select().from(wards);
    const soham = wardRows.filter((ward) => ward.name.startsWith("Soham"));
    const response = await post("/admin/accounts/new", [
      ["displayName", "Sam Coordinator"],
      ["email", "Sam.Coordinator@Example.org"],
      ["role", "coordinator"],
      ...soham.map((ward): [string, string] => ["localities", `ward:${ward.code}`]),
    ]);
    expect(response.status).toBe(302);
    const [user] = await database.db.select().from(users).where(eq(users.email, "sam.coordinator@example.org"));
    expect(user!.role).toBe("coordinator");
    expect(user!.passwordHash).toBeNull();
    const localities = await database.db.select().from(userLocalities).where(eq(userLocalities.userId, user!.id));
    expect(localities.map((l) => l.wardCode).sort()).toEqual(soham.map((w) => w.code).sort());

    const [mail] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, user!.email));
    expect(mail!.subject).toBe("You have been invited to Asset Atlas");
    const link = /\/password-reset\/[A-Za-z0-9_-]{43}/.exec(mail!.body)![0];
    const set = await post(link, [["password", "a long enough password"], ["confirm", "a long enough password"]], null);
    expect(set.status).toBe(200);
    const signIn = await post("/sign-in", [["email", user!.email], ["password", "a long enough password"]], null);
    expect(signIn.status).toBe(302);

    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "account.invite"), eq(auditEvents.subjectId, user!.id)));
    expect(audit!.actorRole).toBe("administrator");
  });

  it("says what is wrong with an invitation, field by field, and creates nothing", async () => {
    const before = await database.db.select().from(users);
    const cases: Array<[Array<[string, string]>, string]> = [
      [[["displayName", ""], ["email", "x@example.org"], ["role", "practitioner"]], "Enter their name"],
      [[["displayName", "X"], ["email", "not an email"], ["role", "practitioner"]], "Enter an email address in the correct format"],
      [[["displayName", "X"], ["email", "x@example.org"], ["role", "wizard"]], "Choose a role"],
      [[["displayName", "X"], ["email", "x@example.org"], ["role", "provider"]], "Choose the organisation this provider works for"],
      [[["displayName", "X"], ["email", "x@example.org"], ["role", "coordinator"]], "Choose at least one locality"],
      [[["displayName", "X"], ["email", "x@example.org"], ["role", "coordinator"], ["localities", "ward:E99999999"]], "Choose localities from the list"],
      [[["displayName", "X"], ["email", "ADMIN@demo.example.org"], ["role", "practitioner"]], "There is already an account with this email address"],
    ];
    for (const [fields, message] of cases) {
      const response = await post("/admin/accounts/new", fields);
      expect(response.status, message).toBe(400);
      expect(await response.text(), message).toContain(message);
    }
    expect(await database.db.select().from(users)).toHaveLength(before.length);
  });

  it("changes a role with before and after in the audit trail, and the change ends their sessions", async () => {
    const practitioner = await sessionFor(database, "practitioner");
    const [user] = await database.db.select().from(users).where(eq(users.role, "practitioner"));
    const response = await post(`/admin/accounts/${user!.id}`, [["intent", "save"], ["role", "commissioner"]]);
    expect(response.status).toBe(302);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(0);
    const after = await app.request("/account", { headers: { cookie: practitioner.cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "account.change-access"))
      .orderBy(desc(auditEvents.at));
    expect(audit!.details).toMatchObject({ before: { role: "practitioner" }, after: { role: "commissioner" } });
  });

  it("deactivates an account so it cannot sign in, and refuses to deactivate yourself", async () => {
    const [resident] = await database.db.select().from(users).where(eq(users.role, "resident"));
    const response = await post(`/admin/accounts/${resident!.id}`, [["intent", "deactivate"]]);
    expect(response.status).toBe(302);
    const signIn = await post("/sign-in", [["email", resident!.email], ["password", "demo-atlas-2026"]], null);
    expect(signIn.status).toBe(400);

    const [self] = await database.db.select().from(users).where(eq(users.role, "administrator"));
    const refused = await post(`/admin/accounts/${self!.id}`, [["intent", "deactivate"]]);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("You cannot deactivate your own account");
    const [stillActive] = await database.db.select().from(users).where(eq(users.id, self!.id));
    expect(stillActive!.active).toBe(true);
  });

  it("links an account to a council sign-in identifier by hand, refuses one already in use, and unlinks", async () => {
    const [practitioner] = await database.db.select().from(users).where(eq(users.email, "provider@demo.example.org"));
    const [coordinator] = await database.db.select().from(users).where(eq(users.role, "coordinator"));
    const linked = await post(`/admin/accounts/${practitioner!.id}`, [["intent", "link-oidc"], ["oidcSubject", " entra-7f3a9c "]]);
    expect(linked.status).toBe(302);
    const [after] = await database.db.select().from(users).where(eq(users.id, practitioner!.id));
    expect(after!.oidcSubject).toBe("entra-7f3a9c");
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "account.oidc-linked"), eq(auditEvents.subjectId, practitioner!.id)));
    expect(audit!.details).toMatchObject({ before: { oidcSubject: null }, after: { oidcSubject: "entra-7f3a9c" } });

    const taken = await post(`/admin/accounts/${coordinator!.id}`, [["intent", "link-oidc"], ["oidcSubject", "entra-7f3a9c"]]);
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain("Another account already uses this council sign-in identifier");
    const spaced = await post(`/admin/accounts/${coordinator!.id}`, [["intent", "link-oidc"], ["oidcSubject", "two words"]]);
    expect(spaced.status).toBe(400);
    expect(await spaced.text()).toContain("cannot contain spaces");
    const [coordinatorAfter] = await database.db.select().from(users).where(eq(users.id, coordinator!.id));
    expect(coordinatorAfter!.oidcSubject).toBeNull();

    const unlinked = await post(`/admin/accounts/${practitioner!.id}`, [["intent", "link-oidc"], ["oidcSubject", ""]]);
    expect(unlinked.status).toBe(302);
    const [cleared] = await database.db.select().from(users).where(eq(users.id, practitioner!.id));
    expect(cleared!.oidcSubject).toBeNull();
  });

  it("stores script and SQL in a name as plain text and shows it escaped", async () => {
    const name = `<script>alert("x")</script> '; drop table users; --`;
    const response = await post("/admin/accounts/new", [
      ["displayName", name],
      ["email", "payload@example.org"],
      ["role", "practitioner"],
    ]);
    expect(response.status).toBe(302);
    const html = await (await app.request("/admin/accounts", { headers: { cookie: admin.cookie } })).text();
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert");
  });

  it("answers 404 for an unknown account", async () => {
    const response = await app.request("/admin/accounts/00000000-0000-4000-8000-000000000000", {
      headers: { cookie: admin.cookie },
    });
    expect(response.status).toBe(404);
  });
});
