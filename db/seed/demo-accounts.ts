/**
 * One demo account for each role, printed in the README. Demo only: sign-in refuses them
 * unless DEMO_MODE is on (app/modules/accounts/sign-in.server.ts).
 */
import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client.server";
import { services, userLocalities, users, wards, type role } from "../schema";
import { stableId } from "../vocabulary/ids";

export const demoPassword = "demo-atlas-2026";

/**
 * The demo password's argon2id hash, made once with the app's hasher (sign-in.server.ts); a
 * unit test checks it still verifies. Fixed so that the seed needs nothing from the app.
 */
export const demoPasswordHash = "$argon2id$v=19$m=65536,t=3,p=4$KLQOFBjMrTug2cr2XDPJIg$4iyVxR+K4Z4iAUESUk3tkbLBkwkLDilgCRrEg4HvmY4";

type Role = (typeof role.enumValues)[number];

export const demoAccounts: ReadonlyArray<{ role: Role; email: string; displayName: string }> = [
  { role: "resident", email: "resident@demo.example.org", displayName: "Rita Resident" },
  { role: "provider", email: "provider@demo.example.org", displayName: "Priya Provider" },
  { role: "practitioner", email: "practitioner@demo.example.org", displayName: "Pat Practitioner" },
  { role: "coordinator", email: "coordinator@demo.example.org", displayName: "Cal Coordinator" },
  { role: "commissioner", email: "commissioner@demo.example.org", displayName: "Chris Commissioner" },
  { role: "administrator", email: "admin@demo.example.org", displayName: "Ada Administrator" },
];

/** The coordinator's locality: the Soham and Fordham & Isleham wards. */
const coordinatorWards = ["Soham North", "Soham South", "Fordham & Isleham"];

export async function seedDemoAccounts(db: Database): Promise<number> {
  const [providerService] = await db
    .select({ organizationId: services.organizationId })
    .from(services)
    .where(and(eq(services.isDemo, true), eq(services.listingStatus, "published"), eq(services.kind, "vcs_group")))
    .orderBy(asc(services.name))
    .limit(1);
  const passwordHash = demoPasswordHash;
  const localityWards = await db.select({ code: wards.code, name: wards.name }).from(wards);
  await db.transaction(async (tx) => {
    for (const account of demoAccounts) {
      const id = stableId("user", account.email);
      await tx
        .insert(users)
        .values({
          id,
          ...account,
          passwordHash,
          isDemo: true,
          organizationId: account.role === "provider" ? (providerService?.organizationId ?? null) : null,
        })
        .onConflictDoNothing();
      if (account.role === "coordinator") {
        for (const ward of localityWards.filter((w) => coordinatorWards.includes(w.name))) {
          await tx
            .insert(userLocalities)
            .values({ id: stableId("user-locality", `${account.email}/${ward.code}`), userId: id, wardCode: ward.code })
            .onConflictDoNothing();
        }
      }
    }
  });
  return demoAccounts.length;
}
