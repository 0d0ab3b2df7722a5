/**
 * requirePermission: the first line of every loader and action. It reads the session, checks
 * that a form post came from this site (CSRF), and asks the permission table. Refusals are
 * typed responses with a message a person understands.
 */
import { timingSafeEqual } from "node:crypto";
import { redirect } from "@remix-run/node";
import type { Database } from "../../../db/client.server";
import { database } from "../../db.server";
import { can, permissionTable, type AssetScope, type Permission } from "./permissions";
import { readSession, type SessionInfo } from "./session.server";

export interface Authorised extends SessionInfo {
  db: Database;
}

const readOnlyMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export async function requirePermission(
  request: Request,
  permission: Permission,
  asset?: AssetScope,
): Promise<Authorised> {
  const db = await database();
  const session = await readSession(db, request);
  if (!readOnlyMethods.has(request.method)) await requireSameSiteForm(request, session);
  if (!can(session.actor, permission, asset)) {
    if (session.actor.role === "anonymous") {
      const url = new URL(request.url);
      throw redirect(`/sign-in?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`);
    }
    throw new Response(`You do not have permission to ${permissionTable[permission].description}.`, { status: 403 });
  }
  return { ...session, db };
}

/**
 * For routes that act on one listing: the role is checked first (so a stranger learns nothing,
 * not even whether the listing exists), then the listing is found (404 if not), then the
 * permission is checked against whose it is and where it is.
 */
export async function requireAssetPermission<Scope extends AssetScope>(
  request: Request,
  permission: Permission,
  findScope: (db: Database) => Promise<Scope | null>,
): Promise<Authorised & { scope: Scope }> {
  const authorised = await requirePermission(request, permission);
  const scope = await findScope(authorised.db);
  if (!scope) throw new Response("Listing not found", { status: 404 });
  if (!can(authorised.actor, permission, scope)) {
    throw new Response(`You do not have permission to ${permissionTable[permission].description}.`, { status: 403 });
  }
  return { ...authorised, scope };
}

const crossSiteMessage =
  "This form was sent from another website or has expired, so nothing was changed. Go back, reload the page and try again.";

/**
 * CSRF: a mutation must come from our own pages. Browsers say where a request came from
 * (Origin, Sec-Fetch-Site); signed-in forms also carry the session's token. This site is the
 * host the request was made to, which server/http.ts takes from X-Forwarded-Host only with
 * TRUST_PROXY.
 */
async function requireSameSiteForm(request: Request, session: SessionInfo) {
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const originHost = origin === null || origin === "null" ? null : safeHost(origin);
  const sameOrigin = origin === null || (originHost !== null && originHost === new URL(request.url).host);
  if (!sameOrigin || fetchSite === "cross-site" || fetchSite === "same-site") {
    throw new Response(crossSiteMessage, { status: 403 });
  }
  if (session.csrfToken) {
    const sent = await readFormField(request, "csrf");
    if (!sent || !tokensMatch(sent, session.csrfToken)) throw new Response(crossSiteMessage, { status: 403 });
  }
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

async function readFormField(request: Request, name: string): Promise<string | null> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) return null;
  try {
    const value = (await request.clone().formData()).get(name);
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

function tokensMatch(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
