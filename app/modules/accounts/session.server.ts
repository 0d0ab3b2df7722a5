/**
 * Sessions: a random token in a secure, HttpOnly, SameSite=Lax cookie; the database keeps only
 * its SHA-256, so a stolen database cannot be replayed as cookies. Sessions end after
 * SESSION_IDLE_MINUTES without a request and SESSION_ABSOLUTE_HOURS after sign-in, whatever
 * happens. A new session (and cookie) is issued at every sign-in.
 */
import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { sessions, userLocalities, users } from "../../../db/schema";
import { config } from "../../env.server";
import { anonymous, type Actor } from "./permissions";

/** Refresh last-seen at most this often, so every request is not a write. */
const touchEverySeconds = 60;

function sessionCookie() {
  return createCookie("atlas_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().cookieSecure,
    path: "/",
  });
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface SessionInfo {
  actor: Actor;
  sessionId: string | null;
  csrfToken: string | null;
  displayName: string | null;
}

const nobody: SessionInfo = { actor: anonymous, sessionId: null, csrfToken: null, displayName: null };

export async function readSession(db: Database, request: Request): Promise<SessionInfo> {
  let token: unknown;
  try {
    token = await sessionCookie().parse(request.headers.get("cookie"));
  } catch {
    return nobody; // a mangled cookie is simply no session
  }
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return nobody;
  const id = hashToken(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return nobody;
  const now = Date.now();
  const idleLimit = config().sessionIdleMinutes * 60_000;
  if (!row.user.active || row.session.expiresAt.getTime() <= now || now - row.session.lastSeenAt.getTime() > idleLimit) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return nobody;
  }
  if (now - row.session.lastSeenAt.getTime() > touchEverySeconds * 1000) {
    await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(eq(sessions.id, id));
  }
  const localities = await db
    .select({ districtCode: userLocalities.districtCode, wardCode: userLocalities.wardCode })
    .from(userLocalities)
    .where(eq(userLocalities.userId, row.user.id));
  return {
    actor: { role: row.user.role, userId: row.user.id, organizationId: row.user.organizationId, localities },
    sessionId: id,
    csrfToken: row.session.csrfToken,
    displayName: row.user.displayName,
  };
}

/** Starts a fresh session for `userId`, ending the one the request came with. Returns Set-Cookie. */
export async function startSession(db: Database, request: Request, userId: string): Promise<string> {
  await endSessionQuietly(db, request);
  const token = randomBytes(32).toString("base64url");
  const absoluteMs = config().sessionAbsoluteHours * 3_600_000;
  await db.insert(sessions).values({
    id: hashToken(token),
    userId,
    csrfToken: randomBytes(32).toString("base64url"),
    expiresAt: new Date(Date.now() + absoluteMs),
  });
  return sessionCookie().serialize(token, { maxAge: Math.floor(absoluteMs / 1000) });
}

/** Ends the request's session. Returns a Set-Cookie that clears the cookie. */
export async function endSession(db: Database, request: Request): Promise<string> {
  await endSessionQuietly(db, request);
  return sessionCookie().serialize("", { maxAge: 0 });
}

async function endSessionQuietly(db: Database, request: Request) {
  const token = await sessionCookie()
    .parse(request.headers.get("cookie"))
    .catch(() => null);
  if (typeof token === "string" && token) await db.delete(sessions).where(eq(sessions.id, hashToken(token)));
}
