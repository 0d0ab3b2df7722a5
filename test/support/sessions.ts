/** Signed-in sessions for tests, one per demo role, made the way sign-in makes them. */
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "../../db/client.server";
import { sessions, users } from "../../db/schema";
import { hashToken, startSession } from "../../app/modules/accounts/session.server";
import type { Role } from "../../app/modules/accounts/permissions";

export interface TestSession {
  cookie: string; // "atlas_session=…"
  csrf: string;
}

export async function sessionFor(database: DatabaseHandle, role: Role): Promise<TestSession> {
  const [user] = await database.db.select().from(users).where(eq(users.role, role)).limit(1);
  if (!user) throw new Error(`No ${role} account in the test database`);
  return sessionForUser(database, user.id);
}

/** A signed-in session for one particular account. */
export async function sessionForUser(database: DatabaseHandle, userId: string): Promise<TestSession> {
  const setCookie = await startSession(database.db, new Request("http://localhost/sign-in"), userId);
  const cookie = setCookie.split(";")[0]!;
  const token = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
  const [session] = await database.db
    .select({ csrf: sessions.csrfToken })
    .from(sessions)
    .where(eq(sessions.id, hashToken(JSON.parse(Buffer.from(token, "base64").toString("utf8")) as string)));
  return { cookie, csrf: session!.csrf };
}
