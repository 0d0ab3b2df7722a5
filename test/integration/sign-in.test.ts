import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessions, users } from "../../db/schema";
import { demoAccounts, demoPassword } from "../../db/seed/demo-accounts";
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

const sameSite = () => ({ origin: app.origin, "content-type": "application/x-www-form-urlencoded" });

function postSignIn(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request("/sign-in", {
    method: "POST",
    headers: { ...sameSite(), ...headers },
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

const cookieFrom = (response: Response) => (response.headers.get("set-cookie") ?? "").split(";")[0]!;

describe(`signing in on ${testDriver}`, () => {
  it("signs a demo account in with a fresh session cookie, and out again", async () => {
    const email = demoAccounts.find((account) => account.role === "practitioner")!.email;
    const response = await postSignIn({ email, password: demoPassword, redirectTo: "/account" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account");
    const setCookie = response.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^atlas_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Secure/i);

    const account = await app.request("/account", { headers: { cookie: cookieFrom(response) } });
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("Pat Practitioner");
  });

  it("answers repeated failures for a known and an unknown email alike, attempt by attempt", async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      known.push((await postSignIn({ email: "practitioner@demo.example.org", password: "wrong" })).status);
      unknown.push((await postSignIn({ email: "nobody-at-all@demo.example.org", password: "wrong" })).status);
    }
    expect(known).toEqual(unknown);
  });

  it("does not count successful sign-ins towards the limit", async () => {
    const email = demoAccounts.find((account) => account.role === "coordinator")!.email;
    for (let attempt = 0; attempt < 7; attempt++) {
      expect((await postSignIn({ email, password: demoPassword })).status).toBe(302);
    }
  });

  it("gives a wrong password and an unknown email the same answer", async () => {
    const wrong = await postSignIn({ email: "commissioner@demo.example.org", password: "nope" });
    const unknown = await postSignIn({ email: "nobody@demo.example.org", password: "nope" });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const message = "The email address or password is not right. Check them and try again.";
    expect(await wrong.text()).toContain(message);
    expect(await unknown.text()).toContain(message);
  });

  it("says what is missing, field by field", async () => {
    const html = await (await postSignIn({ email: "", password: "" })).text();
    expect(html).toContain("Enter your email address");
    expect(html).toContain("Enter your password");
    const malformed = await (await postSignIn({ email: "not-an-email", password: "x" })).text();
    expect(malformed).toContain("Enter an email address in the correct format");
  });

  it("stops an address guessing an account's password after five wrong answers, and says so plainly", async () => {
    const email = "resident@demo.example.org";
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await postSignIn({ email, password: "wrong" })).status);
    // Five wrong answers from this address; the sixth attempt is refused outright, even with the right password.
    // (Other addresses, the owner's, may still sign in: test/integration/client-address.test.ts.)
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const locked = await postSignIn({ email, password: demoPassword });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("Too many attempts to sign in");
  });

  it("refuses a sign-in posted from another site, and changes nothing", async () => {
    const before = await database.db.select().from(sessions);
    const response = await postSignIn(
      { email: "admin@demo.example.org", password: demoPassword },
      { origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("sent from another website, so nothing was changed");
    expect(await database.db.select().from(sessions)).toHaveLength(before.length);
  });

  it("treats a tampered session cookie as signed out", async () => {
    const { cookie } = await sessionFor(database, "administrator");
    const tampered = cookie.slice(0, -4) + (cookie.endsWith("AAAA") ? "BBBB" : "AAAA");
    const response = await app.request("/account", { headers: { cookie: tampered }, redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=%2Faccount/);
  });

  it("refuses a signed-in form without the session's anti-forgery token", async () => {
    const { cookie } = await sessionFor(database, "coordinator");
    const response = await app.request("/sign-out", {
      method: "POST",
      headers: { ...sameSite(), cookie },
      body: new URLSearchParams({ csrf: "forged" }),
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    const stillIn = await app.request("/account", { headers: { cookie }, redirect: "manual" });
    expect(stillIn.status).toBe(200);
  });

  it("treats SQL and script in the email field as plain text", async () => {
    for (const email of ["' or 1=1 --@x.org", "<script>alert(1)</script>@x.org", "admin@demo.example.org' --"]) {
      const response = await postSignIn({ email, password: "x" });
      expect(response.status).toBe(400);
      expect(await response.text()).not.toContain("<script>alert(1)</script>");
    }
    expect(await database.db.select().from(users)).toHaveLength(demoAccounts.length);
  });

  it("never redirects to another site after sign-in", async () => {
    const email = demoAccounts.find((account) => account.role === "provider")!.email;
    const response = await postSignIn({ email, password: demoPassword, redirectTo: "//evil.example/x" });
    expect(response.headers.get("location")).toBe("/account");
  });

  it("sends security headers with every page", async () => {
    const response = await app.request("/");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await response.text();
    for (const script of html.match(/<script[^>]*>/g) ?? []) expect(script).toContain(`nonce="${nonce}"`);
  });
});
