/** Sessions that time out, demo accounts in production, secrets and stack traces that never leak. */
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "../../db/schema";
import { demoPassword } from "../../db/seed/demo-accounts";
import { config, reloadConfigForTests } from "../../app/env.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { projectRoot } from "../support/paths";
import { sessionFor } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterEach(() => {
  reloadConfigForTests();
  globalThis.__atlasDatabase = Promise.resolve(database);
});
afterAll(async () => {
  await database?.destroy();
});

const account = (cookie: string) => app.request("/account", { headers: { cookie }, redirect: "manual" });

describe(`hardening on ${testDriver}`, () => {
  it("ends a session after the idle time-out", async () => {
    const { cookie } = await sessionFor(database, "practitioner");
    expect((await account(cookie)).status).toBe(200);
    await database.db.update(sessions).set({ lastSeenAt: sql`now() - interval '31 minutes'` });
    const response = await account(cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("ends a session at the absolute time-out, however active", async () => {
    const { cookie } = await sessionFor(database, "commissioner");
    const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.role, "commissioner"));
    await database.db.update(sessions).set({ expiresAt: sql`now() - interval '1 second'` });
    expect((await account(cookie)).status).toBe(302);
    expect(await database.db.select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(0);
  });

  it("refuses demo accounts unless DEMO_MODE is on", async () => {
    globalThis.__atlasConfig = { ...config(), demoMode: false };
    const response = await app.request("/sign-in", {
      method: "POST",
      headers: { origin: app.origin, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "admin@demo.example.org", password: demoPassword }),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Demo accounts are switched off on this service.");
  });

  it("shows a plain error page, never a stack trace or the error itself, when something breaks", async () => {
    globalThis.__atlasDatabase = Promise.reject(new Error("secret-internal-detail: connection to 10.0.0.5 refused"));
    globalThis.__atlasDatabase.catch(() => {});
    const response = await app.request("/search?q=lunch");
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain("Sorry, there is a problem with the service");
    expect(html).not.toContain("secret-internal-detail");
    expect(html).not.toMatch(/at [\w.<>]+ \(.*:\d+:\d+\)/);
  });
});

describe("the client bundle", () => {
  it("holds no server secrets or server-only code", () => {
    const folder = path.join(projectRoot, "public/build");
    const files = fs.readdirSync(folder, { recursive: true }).map(String).filter((file) => file.endsWith(".js"));
    expect(files.length).toBeGreaterThan(0);
    const forbidden = [
      /DATABASE_URL/,
      /OIDC_CLIENT_SECRET/,
      /TEST_DATABASE_URL/,
      /postgres:\/\//,
      /password_hash/,
      /\$argon2id\$/,
      /pg_advisory_lock/,
      /websearch_to_tsquery/,
      /@electric-sql\/pglite/,
    ];
    for (const file of files) {
      const text = fs.readFileSync(path.join(folder, file), "utf8");
      for (const pattern of forbidden) expect(pattern.test(text), `${pattern} in public/build/${file}`).toBe(false);
    }
  });
});
