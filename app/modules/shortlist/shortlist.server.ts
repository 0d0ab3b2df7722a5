import { createCookie } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { savedSearches, savedShortlists, users } from "../../../db/schema";
import type { PersonalDataSource } from "../privacy/personal-data.server";
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

/** An account's kept shortlist and saved searches: exported with the account, deleted when it is erased. */
export const savedListSource: PersonalDataSource = {
  name: "saved shortlists and searches",
  description: "The shortlist and searches a signed-in account kept.",
  async applyRetention() {
    // why nothing: they live as long as the account; erasing the account removes them.
    return 0;
  },
  async exportSubject(db, subject) {
    const userId = await accountId(db, subject.email);
    if (!userId) return [];
    const shortlists = await db.select().from(savedShortlists).where(eq(savedShortlists.userId, userId));
    const searches = await db.select().from(savedSearches).where(eq(savedSearches.userId, userId));
    return [...shortlists.map((row) => ({ shortlist: row.serviceIds, updatedAt: row.updatedAt })), ...searches.map((row) => ({ search: row.name, query: row.query, createdAt: row.createdAt }))];
  },
  async eraseSubject(db, subject) {
    const userId = await accountId(db, subject.email);
    if (!userId) return 0;
    const lists = await db.delete(savedShortlists).where(eq(savedShortlists.userId, userId)).returning({ id: savedShortlists.userId });
    const searches = await db.delete(savedSearches).where(eq(savedSearches.userId, userId)).returning({ id: savedSearches.id });
    return lists.length + searches.length;
  },
};

async function accountId(db: Database, email: string | undefined): Promise<string | null> {
  if (!email) return null;
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase()));
  return user?.id ?? null;
}
