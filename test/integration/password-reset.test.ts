import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, passwordResets, sessions, users } from "../../db/schema";
import { config, reloadConfigForTests } from "../../app/env.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.destroy();
});

const post = (path: string, fields: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });

async function latestLinkTo(email: string): Promise<string> {
  const [message] = await database.db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, email))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  const match = /\/password-reset\/([A-Za-z0-9_-]{43})/.exec(message?.body ?? "");
  if (!match) throw new Error(`No reset link mailed to ${email}`);
  return `/password-reset/${match[1]}`;
}

describe(`password reset by emailed link on ${testDriver}`, () => {
  const email = "admin@demo.example.org";

  it("mails a link that sets a new password once, ends old sessions and lets the person sign in", async () => {
    const { cookie } = await sessionFor(database, "administrator");
    const asked = await post("/password-reset", { email: "  Admin@Demo.Example.org " });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Check your email");
    const link = await latestLinkTo(email);

    const form = await app.request(link);
    expect(await form.text()).toContain("Choose a new password");

    const weak = await post(link, { password: "short", confirm: "short" });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain("at least 12 characters");
    const mismatch = await post(link, { password: "correct horse battery", confirm: "correct horse staple" });
    expect(await mismatch.text()).toContain("The passwords do not match");

    const done = await post(link, { password: "correct horse battery", confirm: "correct horse battery" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Your password has been changed");

    const [user] = await database.db.select().from(users).where(eq(users.email, email));
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(0);
    const oldSession = await app.request("/account", { headers: { cookie }, redirect: "manual" });
    expect(oldSession.status).toBe(302);

    const signIn = await post("/sign-in", { email, password: "correct horse battery" });
    expect(signIn.status).toBe(302);

    const reused = await post(link, { password: "another good password", confirm: "another good password" });
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain("This link has expired or has already been used");
    expect(await (await app.request(link)).text()).toContain("This link cannot be used");
  });

  it("refuses an expired link", async () => {
    await post("/password-reset", { email: "commissioner@demo.example.org" });
    const link = await latestLinkTo("commissioner@demo.example.org");
    await database.db.update(passwordResets).set({ expiresAt: sql`now() - interval '1 minute'` });
    const response = await post(link, { password: "correct horse battery", confirm: "correct horse battery" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This link has expired or has already been used");
  });

  it("answers an unknown email exactly as a known one, and mails nobody", async () => {
    const before = await database.db.select().from(mailOutbox);
    const response = await post("/password-reset", { email: "nobody@demo.example.org" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Check your email");
    expect(await database.db.select().from(mailOutbox)).toHaveLength(before.length);
  });

  it("limits how many links one address can ask for, with a clear message", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await post("/password-reset", { email: "provider@demo.example.org" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await post("/password-reset", { email: "provider@demo.example.org" });
    expect(await limited.text()).toContain("You have asked for too many links");
  });

  it("says what is wrong with the email field", async () => {
    const response = await post("/password-reset", { email: "" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Enter your email address");
  });

  it("shows the development outbox to an administrator when DEV_OUTBOX is on", async () => {
    globalThis.__atlasConfig = { ...config(), devOutbox: true };
    try {
      const { cookie } = await sessionFor(database, "administrator");
      const html = await (await app.request("/dev/outbox", { headers: { cookie } })).text();
      expect(html).toContain("Development outbox");
      expect(html).toContain("Reset your Asset Atlas password");
    } finally {
      reloadConfigForTests();
    }
  });
});
