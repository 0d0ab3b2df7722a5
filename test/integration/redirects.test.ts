/**
 * Where the app sends someone next (after signing in, after changing the shortlist) is only ever
 * a path on this site, whatever the address or form said; never a 500.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { services } from "../../db/schema";
import { demoPassword } from "../../db/seed/demo-accounts";
import { appSuite } from "../support/app";
import { useConfig } from "../support/config";
import { testDriver } from "../support/database";
import { postForm, rawRequest } from "../support/raw-http";
import { sessionFor } from "../support/sessions";
import { hostileRedirectTargets as hostileTargets } from "../support/hostile-input";

const suite = appSuite();

/** Where a browser would go, resolving Location against the app as Chromium does (the WHATWG URL parser). */
function expectOnThisSite(location: string | undefined, target: string) {
  expect(location, JSON.stringify(target)).toBeTruthy();
  const resolved = new URL(location!, suite.app.origin);
  expect(resolved.origin, `${JSON.stringify(target)} → ${JSON.stringify(location)}`).toBe(suite.app.origin);
  expect(location!.startsWith("/") && !location!.startsWith("//") && !location!.startsWith("/\\"), JSON.stringify(location)).toBe(true);
}

describe(`redirect targets on ${testDriver}`, () => {
  it("sends a signed-in visitor of /sign-in?redirectTo=… only to a path on this site", async () => {
    const { cookie } = await sessionFor(suite.database, "coordinator");
    for (const target of hostileTargets) {
      const response = await rawRequest(suite.app.origin, `/sign-in?${new URLSearchParams({ redirectTo: target })}`, { headers: { cookie } });
      expect(response.status, JSON.stringify(target)).toBe(302);
      expectOnThisSite(response.headers.location, target);
      expect(response.headers["set-cookie"]?.join(";") ?? "").not.toContain("owned");
    }
    // Raw escapes as the issue gave them, straight into the address.
    for (const query of ["%2F%09%2Fevil.example%2Fphish", "%2F%0A%2Fevil.example", "%2F%0D%0A%2Fevil.example", "%2F%0B%2Fevil.example", "%2F%E3%80%80%2Fevil.example", "%ZZ"]) {
      const response = await rawRequest(suite.app.origin, `/sign-in?redirectTo=${query}`, { headers: { cookie } });
      expect(response.status, query).toBeLessThan(500);
      if (response.status === 302) expectOnThisSite(response.headers.location, query);
    }
  });

  it("keeps a same-site target, with its query, after signing in", async () => {
    useConfig({ DEMO_MODE: "true" });
    const response = await postForm(suite.app.origin, "/sign-in", {
      email: "commissioner@demo.example.org",
      password: demoPassword,
      redirectTo: "/evidence?from=2026-01",
    });
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("/evidence?from=2026-01");
  });

  // Each sign-in hashes a password (argon2id): a busy two-core machine needs more than the default.
  it("sends someone who signs in with a hostile redirectTo to their account page, never a 500", { timeout: 120_000 }, async () => {
    useConfig({ DEMO_MODE: "true" });
    for (const target of hostileTargets) {
      const response = await postForm(suite.app.origin, "/sign-in", { email: "provider@demo.example.org", password: demoPassword, redirectTo: target });
      expect(response.status, JSON.stringify(target)).toBe(302);
      expectOnThisSite(response.headers.location, target);
    }
  });

  it("returns from the shortlist only to a path on this site", async () => {
    const [listing] = await suite.database.db.select({ id: services.id }).from(services).where(and(eq(services.listingStatus, "published"))).limit(1);
    for (const target of hostileTargets) {
      const response = await postForm(suite.app.origin, "/shortlist", { intent: "add", id: listing!.id, returnTo: target });
      expect(response.status, JSON.stringify(target)).toBe(303);
      expectOnThisSite(response.headers.location, target);
    }
    const fine = await postForm(suite.app.origin, "/shortlist", { intent: "add", id: listing!.id, returnTo: "/search?q=lunch#results" });
    expect(fine.headers.location).toBe("/search?q=lunch#results");
  });
});
