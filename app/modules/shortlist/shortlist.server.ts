import { createCookie } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { savedShortlists } from "../../../db/schema";
import { config } from "../../env.server";
import { getPublishedAsset } from "../assets/asset.server";
import { maxShortlist, parseShortlist } from "./shortlist";

function shortlistCookie() {
  return createCookie("atlas_shortlist", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().cookieSecure,
    path: "/",
    maxAge: 60 * 60 * 24 * 90,
  });
}

/** Whose shortlist: a signed-in account keeps theirs in the database as well, so it follows them to another device. */
export interface ShortlistOwner {
  db: Database;
  userId: string | null;
}

async function readCookie(request: Request): Promise<string[]> {
  const value = await shortlistCookie()
    .parse(request.headers.get("cookie"))
    .catch(() => null);
  return parseShortlist(typeof value === "string" ? value : null);
}

async function readSaved(owner: ShortlistOwner | undefined): Promise<string[]> {
  if (!owner?.userId) return [];
  const [row] = await owner.db.select({ ids: savedShortlists.serviceIds }).from(savedShortlists).where(eq(savedShortlists.userId, owner.userId));
  return row?.ids ?? [];
}

/** The browser's list; for a signed-in account, what they kept first, then anything added on this device before signing in. */
export async function readShortlist(request: Request, owner?: ShortlistOwner): Promise<string[]> {
  const browser = await readCookie(request);
  if (!owner?.userId) return browser;
  return parseShortlist([...(await readSaved(owner)), ...browser].join(","));
}

async function keep(owner: ShortlistOwner | undefined, ids: string[]) {
  if (!owner?.userId) return;
  const value = sql`${`{${ids.join(",")}}`}::uuid[]`;
  await owner.db
    .insert(savedShortlists)
    .values({ userId: owner.userId, serviceIds: value, updatedAt: new Date() })
    .onConflictDoUpdate({ target: savedShortlists.userId, set: { serviceIds: value, updatedAt: new Date() } });
}

export type ShortlistChange =
  | { intent: "add"; id: string }
  | { intent: "remove"; id: string }
  | { intent: "replace"; ids: string[] }
  | { intent: "clear" };

/** Applies a change and returns the Set-Cookie header, plus whether the list was full. */
export async function changeShortlist(request: Request, change: ShortlistChange, owner?: ShortlistOwner) {
  let ids = await readShortlist(request, owner);
  let full = false;
  if (change.intent === "add") {
    if (ids.length >= maxShortlist && !ids.includes(change.id)) full = true;
    else ids = parseShortlist([...ids, change.id].join(","));
  } else if (change.intent === "remove") {
    ids = ids.filter((id) => id !== change.id);
  } else if (change.intent === "replace") {
    ids = parseShortlist(change.ids.join(","));
  } else {
    ids = [];
  }
  await keep(owner, ids);
  return { ids, full, cookie: await shortlistCookie().serialize(ids.join(",")) };
}

/** The shortlisted listings that are still published, with what a printed list needs. */
export async function loadShortlist(db: Database, ids: string[]) {
  const assets = await Promise.all(ids.map((id) => getPublishedAsset(db, id)));
  return {
    assets: assets.filter((asset): asset is NonNullable<typeof asset> => asset !== null),
    missing: assets.filter((asset) => asset === null).length,
  };
}
