/**
 * A fresh install, with no settings, that nobody can take over: the development outbox and the
 * demo accounts are off unless switched on (and the outbox then shows only to administrators),
 * and emailed links come from configuration or the address the server listens on, never from
 * the request's Host or X-Forwarded-Host.
 */
import { and, desc, eq, isNull, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox, referrals, services } from "../../db/schema";
import { demoPassword } from "../../db/seed/demo-accounts";
import { roles } from "../../app/modules/accounts/permissions";
import { sendReferralReminders } from "../../app/modules/referrals/referrals.server";
import { appSuite } from "../support/app";
import { insertPerson, practitionerId } from "../support/caseload-people";
import { useConfig } from "../support/config";
import { testDriver } from "../support/database";
import { postForm, rawRequest } from "../support/raw-http";
import { sessionFor } from "../support/sessions";

const suite = appSuite();

async function latestMailTo(email: string) {
  const [message] = await suite.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(desc(mailOutbox.createdAt)).limit(1);
  return message?.body ?? "";
}

const resetLink = /https?:\/\/[^\s/]+\/password-reset\/[A-Za-z0-9_-]{43}/;

describe(`a fresh install with no settings, on ${testDriver}`, () => {
  it("shows nobody the development outbox, so a reset link cannot be read off it", async () => {
    useConfig({});
    expect((await postForm(suite.app.origin, "/password-reset", { email: "admin@demo.example.org" })).status).toBe(200);
    expect(await latestMailTo("admin@demo.example.org")).toMatch(resetLink);
    const anonymous = await rawRequest(suite.app.origin, "/dev/outbox");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in\?/);
    for (const role of roles) {
      const { cookie } = await sessionFor(suite.database, role);
      const page = await rawRequest(suite.app.origin, "/dev/outbox", { headers: { cookie } });
      expect(page.status, role).toBe(role === "administrator" ? 404 : 403);
      expect(page.body).not.toMatch(/password-reset\/[A-Za-z0-9_-]{43}/);
    }
  });

  it("refuses the demo accounts, whose password is public", async () => {
    useConfig({});
    const response = await postForm(suite.app.origin, "/sign-in", { email: "admin@demo.example.org", password: demoPassword });
    expect(response.status).toBe(400);
    expect(response.body).toContain("Demo accounts are switched off on this service.");
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("lets the demo accounts sign in when DEMO_MODE is on", async () => {
    useConfig({ DEMO_MODE: "true" });
    const response = await postForm(suite.app.origin, "/sign-in", { email: "admin@demo.example.org", password: demoPassword });
    expect(response.status).toBe(302);
  });

  it("with DEV_OUTBOX on, shows the outbox to administrators only", async () => {
    useConfig({ DEV_OUTBOX: "true" });
    await postForm(suite.app.origin, "/password-reset", { email: "coordinator@demo.example.org" });
    const anonymous = await rawRequest(suite.app.origin, "/dev/outbox");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in\?/);
    for (const role of roles.filter((r) => r !== "administrator")) {
      const { cookie } = await sessionFor(suite.database, role);
      const page = await rawRequest(suite.app.origin, "/dev/outbox", { headers: { cookie } });
      expect(page.status, role).toBe(403);
      expect(page.body).not.toMatch(/password-reset\/[A-Za-z0-9_-]{43}/);
    }
    const { cookie } = await sessionFor(suite.database, "administrator");
    const admin = await rawRequest(suite.app.origin, "/dev/outbox", { headers: { cookie } });
    expect(admin.status).toBe(200);
    expect(admin.body).toMatch(/password-reset\/[A-Za-z0-9_-]{43}/);
    expect(admin.headers["cache-control"]).toBe("private, no-store");
  });
});

describe(`links in emails, on ${testDriver}`, () => {
  it("come from the address the server listens on, whatever Host or X-Forwarded-Host the request gives", async () => {
    useConfig({});
    const poisoned: Array<Record<string, string>> = [
      { host: "evil.example" },
      { "x-forwarded-host": "evil.example" },
      { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    ];
    for (const headers of poisoned) {
      const response = await rawRequest(suite.app.origin, "/password-reset", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: "email=practitioner%40demo.example.org",
      });
      expect(response.status, JSON.stringify(headers)).toBe(200);
      const link = resetLink.exec(await latestMailTo("practitioner@demo.example.org"))?.[0] ?? "";
      expect(link.startsWith(`${suite.app.origin}/password-reset/`), `${link} for ${JSON.stringify(headers)}`).toBe(true);
    }
  });

  it("come from PUBLIC_URL when it is set", async () => {
    useConfig({ PUBLIC_URL: "https://atlas.example.gov.uk/" });
    await rawRequest(suite.app.origin, "/password-reset", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", host: "evil.example" },
      body: "email=commissioner%40demo.example.org",
    });
    expect(await latestMailTo("commissioner@demo.example.org")).toMatch(/https:\/\/atlas\.example\.gov\.uk\/password-reset\/[A-Za-z0-9_-]{43}/);
  });

  it("in the daily reminder, point at the port the app listens on, not localhost:3000", async () => {
    useConfig({});
    await suite.database.db.update(referrals).set({ remindedAt: new Date() }).where(isNull(referrals.remindedAt));
    const owner = await practitionerId(suite.database.db);
    const person = await insertPerson(suite.database.db, owner, { reference: "REMIND-LINK-1" });
    const [listing] = await suite.database.db.select({ id: services.id }).from(services).where(eq(services.listingStatus, "published")).limit(1);
    await suite.database.db.insert(referrals).values({
      personId: person.id,
      serviceId: listing!.id,
      kind: "referral",
      status: "referred",
      consentToShare: true,
      sharedSummary: "Summary",
      createdBy: owner,
      statusChangedAt: new Date(Date.now() - 30 * 86_400_000),
    });
    expect(await sendReferralReminders(suite.database.db)).toBe(1);
    const [mail] = await suite.database.db.select().from(mailOutbox).where(and(like(mailOutbox.subject, "%REMIND-LINK-1%")));
    expect(mail!.body).toContain(`${suite.app.origin}/people/${person.id}/support`);
    expect(mail!.body).not.toContain("localhost:3000");
  });
});
