/**
 * An account's saved searches. Every function takes the owner's id and touches only that
 * account's rows, so another account's id is simply not found. Exported and erased with the
 * account by the shortlist's personal-data source (app/modules/shortlist/shortlist.server.ts).
 */
import { and, asc, count, eq } from "drizzle-orm";
import type { Database } from "../../../db/client.server";
import { savedSearches, users } from "../../../db/schema";
import { maxSavedSearches } from "./saved-search";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from an address or a form, if it could be one (the database refuses anything else with an error). */
export function savedSearchId(value: unknown): string | null {
  return typeof value === "string" && uuid.test(value) ? value.toLowerCase() : null;
}

export async function listSavedSearches(db: Database, userId: string) {
  return db
    .select({ id: savedSearches.id, name: savedSearches.name, query: savedSearches.query, createdAt: savedSearches.createdAt })
    .from(savedSearches)
    .where(eq(savedSearches.userId, userId))
    .orderBy(asc(savedSearches.name), asc(savedSearches.createdAt));
}

export async function findSavedSearch(db: Database, userId: string, id: string | null) {
  if (!id) return null;
  const [row] = await db
    .select({ id: savedSearches.id, name: savedSearches.name, query: savedSearches.query })
    .from(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, userId)));
  return row ?? null;
}

export type SaveOutcome =
  | { outcome: "saved" | "renamed" | "already"; id: string }
  | { outcome: "full" };

/**
 * Keeps a search (query already normalised). The same search again keeps one row: a new name
 * renames it. The account's row is locked meanwhile, so two saves at once cannot pass the limit.
 */
export async function saveSearch(db: Database, userId: string, search: { name: string; query: string }): Promise<SaveOutcome> {
  return db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const [existing] = await tx
      .select({ id: savedSearches.id, name: savedSearches.name })
      .from(savedSearches)
      .where(and(eq(savedSearches.userId, userId), eq(savedSearches.query, search.query)));
    if (existing) {
      if (existing.name === search.name) return { outcome: "already", id: existing.id };
      await tx.update(savedSearches).set({ name: search.name }).where(eq(savedSearches.id, existing.id));
      return { outcome: "renamed", id: existing.id };
    }
    const [held] = await tx.select({ n: count() }).from(savedSearches).where(eq(savedSearches.userId, userId));
    if ((held?.n ?? 0) >= maxSavedSearches) return { outcome: "full" };
    const [row] = await tx.insert(savedSearches).values({ userId, name: search.name, query: search.query }).returning({ id: savedSearches.id });
    return { outcome: "saved", id: row!.id };
  });
}

/** False when the account has no such saved search. */
export async function renameSavedSearch(db: Database, userId: string, id: string, name: string): Promise<boolean> {
  const rows = await db
    .update(savedSearches)
    .set({ name })
    .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, userId)))
    .returning({ id: savedSearches.id });
  return rows.length > 0;
}

/** The deleted search's name, or null when the account has no such saved search. */
export async function deleteSavedSearch(db: Database, userId: string, id: string): Promise<string | null> {
  const [row] = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.userId, userId)))
    .returning({ name: savedSearches.name });
  return row?.name ?? null;
}
