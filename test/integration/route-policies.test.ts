/**
 * Every route × every role: the app allows or refuses exactly as the route policy table
 * says. Built from the routes in the build, so a new route without a policy fails here.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { and, eq, ne, notInArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locations, serviceAtLocations, services, userLocalities, users } from "../../db/schema";
import { anonymous, can, roles, type Actor, type Role } from "../../app/modules/accounts/permissions";
import { routePolicies } from "../../app/modules/accounts/route-policies";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { projectRoot } from "../support/paths";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let build: ServerBuild;
const sessionsByRole = new Map<Role, TestSession>();
let assetId = "";
let userId = "";

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const buildFile = path.join(projectRoot, "build/index.js");
  expect(fs.existsSync(buildFile)).toBe(true);
  build = (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  for (const role of roles) sessionsByRole.set(role, await sessionFor(database, role));
  // A listing nobody but an administrator may change: not the demo provider's organisation, and
  // outside the demo coordinator's localities.
  const [provider] = await database.db.select().from(users).where(eq(users.role, "provider"));
  const coordinatorWards = await database.db
    .select({ wardCode: userLocalities.wardCode })
    .from(userLocalities)
    .innerJoin(users, eq(users.id, userLocalities.userId))
    .where(eq(users.role, "coordinator"));
  const [asset] = await database.db
    .select({ id: services.id })
    .from(services)
    .innerJoin(serviceAtLocations, eq(serviceAtLocations.serviceId, services.id))
    .innerJoin(locations, eq(locations.id, serviceAtLocations.locationId))
    .where(
      and(
        eq(services.listingStatus, "published"),
        ne(services.organizationId, provider!.organizationId!),
        notInArray(locations.wardCode, coordinatorWards.map((w) => w.wardCode!)),
      ),
    )
    .limit(1);
  assetId = asset!.id;
  const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.role, "resident"));
  userId = user!.id;
});
afterAll(async () => {
  await database?.destroy();
});

const everyone = ["anonymous", ...roles] as const;
const actorFor = (role: Actor["role"]): Actor => ({ ...anonymous, role, userId: role === "anonymous" ? null : "x" });
/** {asset} in a policy's path: a listing that is neither the demo provider's nor in the demo coordinator's localities. */
const foreignAsset = { organizationId: "someone-else", districtCode: "elsewhere", wardCode: "elsewhere" };

function refused(response: Response, role: Actor["role"]): boolean {
  if (role === "anonymous") {
    return response.status >= 300 && response.status < 400 && (response.headers.get("location") ?? "").startsWith("/sign-in");
  }
  return response.status === 403;
}

describe(`the route × role matrix on ${testDriver}`, () => {
  it("has a policy for every route in the app", () => {
    const missing = Object.keys(build.routes).filter((id) => !routePolicies[id]);
    expect(missing, "routes without a policy in app/modules/accounts/route-policies.ts").toEqual([]);
  });

  it("answers every GET as the policy says, for every role", async () => {
    let cases = 0;
    for (const [id, policy] of Object.entries(routePolicies)) {
      if (!build.routes[id]) throw new Error(`Policy for a route that does not exist: ${id}`);
      for (const role of everyone) {
        const session = role === "anonymous" ? undefined : sessionsByRole.get(role);
        const response = await app.request(policy.path.replace("{asset}", assetId).replace("{user}", userId), {
          headers: session ? { cookie: session.cookie } : {},
          redirect: "manual",
        });
        const expectAllowed =
          policy.loader === "public" || can(actorFor(role), policy.loader, policy.onAsset ? foreignAsset : undefined);
        expect(response.status, `${id} as ${role}`).toBeLessThan(500);
        expect(refused(response, role), `GET ${id} as ${role}: ${response.status}`).toBe(!expectAllowed);
        cases++;
      }
    }
    expect(cases).toBe(Object.keys(routePolicies).length * everyone.length);
    // why the longer limit: one request per route × role, so it grows with every route (12 s alone, 30 s+ on a busy machine).
  }, 120_000);

  it("answers every form post as the policy says, for every role", async () => {
    for (const [id, policy] of Object.entries(routePolicies)) {
      if (!policy.action) continue;
      for (const role of everyone) {
        // A fresh session each time: a post (sign-out, say) may end the one it came with.
        const session = role === "anonymous" ? undefined : await sessionFor(database, role);
        const response = await app.request(policy.path.replace("{asset}", assetId).replace("{user}", userId), {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            origin: app.origin,
            ...(session ? { cookie: session.cookie } : {}),
          },
          body: new URLSearchParams(session ? { csrf: session.csrf } : {}),
          redirect: "manual",
        });
        const expectAllowed = can(actorFor(role), policy.action, policy.onAsset ? foreignAsset : undefined);
        expect(response.status, `POST ${id} as ${role}`).toBeLessThan(500);
        expect(refused(response, role), `POST ${id} as ${role}: ${response.status}`).toBe(!expectAllowed);
      }
    }
  });
});
