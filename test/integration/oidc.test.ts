/**
 * Signing in with the council's identity provider, end to end: the built app and a real
 * OpenID Connect provider (oidc-provider) on loopback ports, driven hop by hop with cookies
 * kept per site, as a browser would.
 */
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { reloadConfigForTests } from "../../app/env.server";
import { auditEvents, sessions, users } from "../../db/schema";
import { createTestApp } from "../support/app";
import { CookieBrowser } from "../support/cookie-browser";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { startTestIdentityProvider, type TestIdentityProvider } from "../support/oidc-provider";
import { freePort } from "../support/server";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let idp: TestIdentityProvider;
const oidcVariables = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_REDIRECT_URI", "OIDC_BUTTON_LABEL"];
const buttonLabel = "Sign in with your council account";

/** Sets the OIDC_* variables (or clears them) and makes the app read its configuration again. */
function configureOidc(provider: Pick<TestIdentityProvider, "issuer" | "clientId" | "clientSecret"> | null) {
  for (const name of oidcVariables) delete process.env[name];
  if (provider) {
    process.env.OIDC_ISSUER = provider.issuer;
    process.env.OIDC_CLIENT_ID = provider.clientId;
    process.env.OIDC_CLIENT_SECRET = provider.clientSecret;
    process.env.OIDC_REDIRECT_URI = `${app.origin}/auth/oidc/callback`;
    process.env.OIDC_BUTTON_LABEL = buttonLabel;
  }
  reloadConfigForTests();
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  idp = await startTestIdentityProvider({ redirectUri: `${app.origin}/auth/oidc/callback` });
  configureOidc(idp);
});
afterAll(async () => {
  configureOidc(null);
  await idp?.close();
  await database?.destroy();
});

async function addUser(values: Partial<typeof users.$inferInsert> & { email: string; role: typeof users.$inferInsert.role }) {
  const [user] = await database.db
    .insert(users)
    .values({ displayName: values.email.split("@")[0]!, ...values })
    .returning();
  return user!;
}

const userById = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!;
const tally = async () => ({
  users: (await database.db.select({ n: count() }).from(users))[0]!.n,
  sessions: (await database.db.select({ n: count() }).from(sessions))[0]!.n,
});
const isCallback = (url: URL) => url.origin === app.origin && url.pathname === "/auth/oidc/callback";
const signInUrl = () => `${app.origin}/auth/oidc?redirectTo=%2Faccount`;

describe(`signing in with the council's identity provider on ${testDriver}`, () => {
  it("offers the council sign-in button on the sign-in page", async () => {
    const html = await (await app.request("/sign-in?redirectTo=%2Faccount")).text();
    expect(html).toContain(buttonLabel);
    expect(html).toMatch(/<a class="govuk-button govuk-button--secondary" href="\/auth\/oidc\?redirectTo=%2Faccount"/);
  });

  it("links a staff account by verified email, then signs it in by subject", async () => {
    const staff = await addUser({ email: "sam.carter@council.example.gov.uk", displayName: "Sam Carter", role: "practitioner" });

    idp.signInAs({ sub: "idp-sam", email: "Sam.Carter@Council.Example.gov.uk", email_verified: true });
    const browser = new CookieBrowser();
    const first = await browser.visit(signInUrl());
    expect(first.url.pathname).toBe("/account");
    expect(first.response.status).toBe(200);
    expect(await first.response.text()).toContain("Sam Carter");

    // The provider was asked for a PKCE code challenge, state and nonce.
    const authorise = browser.hops.find((hop) => hop.url.origin === idp.issuer && hop.url.pathname === "/auth")!;
    expect(authorise.url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorise.url.searchParams.get("state")).toBeTruthy();
    expect(authorise.url.searchParams.get("nonce")).toBeTruthy();
    // The transaction cookie was short-lived and HttpOnly; the callback cleared it and issued a session.
    const started = browser.hops.find((hop) => hop.url.pathname === "/auth/oidc")!;
    expect(started.setCookies[0]).toMatch(/^atlas_oidc=.*Max-Age=600.*HttpOnly.*SameSite=Lax/i);
    const callback = browser.hops.find((hop) => isCallback(hop.url))!;
    expect(callback.status).toBe(302);
    expect(callback.setCookies.some((cookie) => /^atlas_oidc=;.*Max-Age=0/i.test(cookie))).toBe(true);
    expect(callback.setCookies.some((cookie) => /^atlas_session=.+HttpOnly.*SameSite=Lax/i.test(cookie))).toBe(true);

    expect((await userById(staff.id)).oidcSubject).toBe("idp-sam");
    const events = await database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, staff.id));
    expect(events.map((event) => event.action).sort()).toEqual(["account.oidc-linked", "account.sign-in"]);
    expect(events.find((event) => event.action === "account.sign-in")!.details).toEqual({ method: "oidc" });

    // Next time the subject alone is enough, whatever the provider now says about email.
    idp.signInAs({ sub: "idp-sam", email: "samantha.carter@elsewhere.example.org", email_verified: false });
    const again = await new CookieBrowser().visit(signInUrl());
    expect(again.url.pathname).toBe("/account");
    expect(await again.response.text()).toContain("Sam Carter");
    const user = await userById(staff.id);
    expect(user.email).toBe("sam.carter@council.example.gov.uk");
    expect(user.lastSignInAt).not.toBeNull();

    // The used callback address cannot be replayed: its transaction cookie is gone.
    const replay = await browser.visit(callback.url);
    expect(replay.response.status).toBe(400);
    expect(await replay.response.text()).toContain("Your sign-in timed out");
  });

  it("refuses a person with no account, clearly, and creates nothing", async () => {
    const before = await tally();
    idp.signInAs({ sub: "idp-stranger", email: "stranger@council.example.gov.uk", email_verified: true });
    const { response, url } = await new CookieBrowser().visit(signInUrl());
    expect(isCallback(url)).toBe(true);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(
      "Your council account is not set up for Asset Atlas. Ask an administrator to invite you.",
    );
    expect(await tally()).toEqual(before);
    const [linked] = await database.db.select().from(users).where(eq(users.oidcSubject, "idp-stranger"));
    expect(linked).toBeUndefined();
  });

  it("does not link by an email address the provider has not verified", async () => {
    const staff = await addUser({ email: "unverified@council.example.gov.uk", role: "coordinator" });
    idp.signInAs({ sub: "idp-unverified", email: "unverified@council.example.gov.uk", email_verified: false });
    const { response } = await new CookieBrowser().visit(signInUrl());
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Your council account is not set up for Asset Atlas");
    expect((await userById(staff.id)).oidcSubject).toBeNull();
  });

  it("does not re-link an account already linked to another subject, nor link a resident", async () => {
    const linked = await addUser({ email: "linked@council.example.gov.uk", role: "commissioner", oidcSubject: "idp-original" });
    idp.signInAs({ sub: "idp-impostor", email: "linked@council.example.gov.uk", email_verified: true });
    expect((await new CookieBrowser().visit(signInUrl())).response.status).toBe(403);
    expect((await userById(linked.id)).oidcSubject).toBe("idp-original");

    const resident = await addUser({ email: "resident.person@example.org", role: "resident" });
    idp.signInAs({ sub: "idp-resident", email: "resident.person@example.org", email_verified: true });
    expect((await new CookieBrowser().visit(signInUrl())).response.status).toBe(403);
    expect((await userById(resident.id)).oidcSubject).toBeNull();
  });

  it("refuses a switched-off account", async () => {
    await addUser({ email: "left@council.example.gov.uk", role: "practitioner", oidcSubject: "idp-left", active: false });
    const before = await tally();
    idp.signInAs({ sub: "idp-left", email: "left@council.example.gov.uk", email_verified: true });
    const { response } = await new CookieBrowser().visit(signInUrl());
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("Your Asset Atlas account has been switched off");
    expect(await tally()).toEqual(before);
  });

  it("refuses an answer whose state was tampered with, and then the original too", async () => {
    await addUser({ email: "tamper@council.example.gov.uk", role: "practitioner", oidcSubject: "idp-tamper" });
    const before = await tally();
    idp.signInAs({ sub: "idp-tamper", email: "tamper@council.example.gov.uk", email_verified: true });
    const browser = new CookieBrowser();
    const { stoppedAt } = await browser.visit(signInUrl(), { stopBefore: isCallback });
    const tampered = new URL(stoppedAt!);
    tampered.searchParams.set("state", `${tampered.searchParams.get("state")}x`);
    const refused = await browser.visit(tampered);
    expect(refused.response.status).toBe(400);
    const html = await refused.response.text();
    expect(html).toContain("does not belong to the sign-in you started in this browser");
    expect(html).not.toMatch(/at \w+ \(|node_modules/); // no stack trace
    const original = await browser.visit(stoppedAt!);
    expect(original.response.status).toBe(400);
    expect(await tally()).toEqual(before);
  });

  it("says so plainly when the sign-in took too long", async () => {
    await addUser({ email: "slow@council.example.gov.uk", role: "practitioner", oidcSubject: "idp-slow" });
    idp.signInAs({ sub: "idp-slow", email: "slow@council.example.gov.uk", email_verified: true });
    const browser = new CookieBrowser();
    const { stoppedAt } = await browser.visit(signInUrl(), { stopBefore: isCallback });
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 11 * 60_000);
      const late = await browser.visit(stoppedAt!);
      expect(late.response.status).toBe(400);
      expect(await late.response.text()).toContain("Signing in took longer than 10 minutes");
    } finally {
      vi.useRealTimers();
    }
    // Without the transaction cookie at all (the browser dropped it): the same answer.
    const fresh = new CookieBrowser();
    const { stoppedAt: second } = await fresh.visit(signInUrl(), { stopBefore: isCallback });
    fresh.forget(app.origin, "atlas_oidc");
    const missing = await fresh.visit(second!);
    expect(missing.response.status).toBe(400);
    expect(await missing.response.text()).toContain("Your sign-in timed out");
  });

  it("explains when the provider says access_denied", async () => {
    idp.refuseNext();
    const { response, url } = await new CookieBrowser().visit(signInUrl());
    expect(isCallback(url)).toBe(true);
    expect(url.searchParams.get("error")).toBe("access_denied");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("you chose not to sign in to Asset Atlas");
  });

  it("answers 502 with a plain message when the provider cannot be reached", async () => {
    const deadPort = await freePort();
    configureOidc({ issuer: `http://127.0.0.1:${deadPort}`, clientId: idp.clientId, clientSecret: idp.clientSecret });
    const start = await app.request("/auth/oidc", { redirect: "manual" });
    expect(start.status).toBe(502);
    expect(await start.text()).toContain("We could not reach your council&#x27;s sign-in service");

    // A provider that goes away between the person signing in there and the token exchange.
    const brief = await startTestIdentityProvider({ redirectUri: `${app.origin}/auth/oidc/callback` });
    try {
      configureOidc(brief);
      await addUser({ email: "brief@council.example.gov.uk", role: "practitioner", oidcSubject: "idp-brief" });
      brief.signInAs({ sub: "idp-brief", email: "brief@council.example.gov.uk", email_verified: true });
      const browser = new CookieBrowser();
      const { stoppedAt } = await browser.visit(signInUrl(), { stopBefore: isCallback });
      await brief.close();
      const late = await browser.visit(stoppedAt!);
      expect(late.response.status).toBe(502);
      expect(await late.response.text()).toContain("We could not reach your council&#x27;s sign-in service");
    } finally {
      configureOidc(idp);
    }
  });

  it("without OIDC configuration, hides the button and answers 404 with a plain message", async () => {
    configureOidc(null);
    try {
      const signIn = await (await app.request("/sign-in")).text();
      expect(signIn).not.toContain(buttonLabel);
      expect(signIn).not.toContain("/auth/oidc");
      for (const path of ["/auth/oidc", "/auth/oidc/callback?code=x&state=y"]) {
        const response = await app.request(path, { redirect: "manual" });
        expect(response.status, path).toBe(404);
        expect(await response.text()).toContain("This service does not sign people in with a council account");
      }
    } finally {
      configureOidc(idp);
    }
  });
});
