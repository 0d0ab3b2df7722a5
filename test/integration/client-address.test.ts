/**
 * Who the client is, for rate limits and lock-out: the socket's address, unless TRUST_PROXY says
 * a proxy stands in front, and then only the hop that proxy appended. Several clients are played
 * for real by leaving from different loopback addresses (127.0.0.x).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, sessions, users } from "../../db/schema";
import { demoPassword } from "../../db/seed/demo-accounts";
import { countAttempt, rateLimits } from "../../app/modules/accounts/rate-limit.server";
import { addressKey } from "../../app/modules/accounts/sign-in.server";
import { appSuite } from "../support/app";
import { useConfig } from "../support/config";
import { testDriver } from "../support/database";
import { postForm } from "../support/raw-http";

const suite = appSuite();

const signIn = (email: string, password: string, from: string, headers: Record<string, string> = {}) =>
  postForm(suite.app.origin, "/sign-in", { email, password }, { from, headers });

/**
 * Spends all but `left` of an address's sign-in attempts this quarter-hour, as earlier wrong
 * guesses would have (each real guess costs an argon2 check: 45 of them take a minute here).
 */
async function spendAttempts(address: string, left: number) {
  for (let spent = 0; spent < rateLimits.signInPerAddress.limit - left; spent++) {
    await countAttempt(suite.database.db, addressKey(address), rateLimits.signInPerAddress);
  }
}

async function statuses(count: number, attempt: (index: number) => Promise<{ status: number }>): Promise<number[]> {
  const result: number[] = [];
  for (let index = 0; index < count; index++) result.push((await attempt(index)).status);
  return result;
}

// why the longer limit: each wrong password is an argon2 check, a second or more on a busy 2-core machine.
const slow = 120_000;

describe(`client addresses on ${testDriver}`, () => {
  it("ignores X-Forwarded-For and its cousins without TRUST_PROXY: a new header is not a new client", async () => {
    useConfig({ DEMO_MODE: "true" });
    await spendAttempts("127.0.0.2", 3);
    const spoofing = await statuses(6, (guess) => {
      const spoofed = `203.0.113.${guess}`;
      return signIn(`guess-${guess}@example.org`, "wrong", "127.0.0.2", {
        "x-forwarded-for": spoofed,
        "x-real-ip": spoofed,
        forwarded: `for=${spoofed}`,
        "true-client-ip": spoofed,
      });
    });
    expect(spoofing).toEqual([400, 400, 400, 429, 429, 429]);
  }, slow);

  it("does not let one address's failed sign-ins lock out anyone else, nor the account's owner", async () => {
    useConfig({ DEMO_MODE: "true" });
    // The attacker's wrong passwords for the practitioner's account: five, then refused, even the right one.
    const attacker = await statuses(6, () => signIn("practitioner@demo.example.org", "wrong", "127.0.0.3"));
    expect(attacker).toEqual([400, 400, 400, 400, 400, 429]);
    expect((await signIn("practitioner@demo.example.org", demoPassword, "127.0.0.3")).status).toBe(429);
    // Then the attacker's whole allowance, across every account.
    await spendAttempts("127.0.0.3", 0);
    expect((await signIn("coordinator@demo.example.org", demoPassword, "127.0.0.3")).status).toBe(429);
    // The owner, and everyone else, from their own addresses: not locked out.
    expect((await signIn("practitioner@demo.example.org", demoPassword, "127.0.0.4")).status).toBe(302);
    expect((await signIn("coordinator@demo.example.org", demoPassword, "127.0.0.5")).status).toBe(302);
    const [practitioner] = await suite.database.db.select().from(users).where(eq(users.email, "practitioner@demo.example.org"));
    expect(practitioner!.lockedUntil).toBeNull();
  }, slow);

  it("locks an account for everyone when wrong passwords for it come from many addresses", async () => {
    useConfig({ DEMO_MODE: "true" });
    const email = "commissioner@demo.example.org";
    // Four addresses, five wrong passwords each: within each address's allowance, twenty for the account.
    for (let address = 10; address < 14; address++) {
      expect(await statuses(5, () => signIn(email, "wrong", `127.0.0.${address}`))).toEqual([400, 400, 400, 400, 400]);
    }
    const owner = await signIn(email, demoPassword, "127.0.0.20");
    expect(owner.status).toBe(429);
    expect(owner.body).toContain("Too many attempts to sign in");
    const [user] = await suite.database.db.select().from(users).where(eq(users.email, email));
    expect(user!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const events = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, user!.id));
    expect(events.map((event) => event.action)).toContain("account.locked");
  }, slow);

  it("with TRUST_PROXY, takes only the right-most X-Forwarded-For entry, the one the proxy appended", async () => {
    useConfig({ TRUST_PROXY: "true", DEMO_MODE: "true" });
    await spendAttempts("198.51.100.7", 1);
    // The client wrote the left part; the proxy appended 198.51.100.7, so that is who is asking.
    const proxied = await statuses(3, (guess) => signIn(`proxied-${guess}@example.org`, "wrong", "127.0.0.6", { "x-forwarded-for": `203.0.113.${guess}, 198.51.100.7` }));
    expect(proxied).toEqual([400, 429, 429]);
    // Another client behind the same proxy (a different appended hop) has its own allowance.
    expect((await signIn("proxied-other@example.org", "wrong", "127.0.0.6", { "x-forwarded-for": "198.51.100.7, 198.51.100.8" })).status).toBe(400);
  }, slow);

  it("does not take X-Forwarded-Host as this site without TRUST_PROXY, so a cross-site form is still refused", async () => {
    useConfig({ DEMO_MODE: "true" });
    const before = (await suite.database.db.select().from(sessions)).length;
    const forged = await postForm(suite.app.origin, "/sign-in", { email: "admin@demo.example.org", password: demoPassword }, {
      headers: { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    });
    expect(forged.status).toBe(403);
    expect((await suite.database.db.select().from(sessions)).length).toBe(before);

    // Behind a trusted proxy the forwarded host is this site's public name.
    useConfig({ DEMO_MODE: "true", TRUST_PROXY: "true" });
    const proxied = await postForm(suite.app.origin, "/sign-in", { email: "admin@demo.example.org", password: demoPassword }, {
      headers: { origin: "https://atlas.example.gov.uk", "x-forwarded-host": "atlas.example.gov.uk", "x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.9" },
    });
    expect(proxied.status).toBe(302);
  });
});
