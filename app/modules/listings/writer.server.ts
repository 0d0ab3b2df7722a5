/**
 * The one way a listing is created, changed or moved: the form, the CSV and Open Referral UK
 * imports and the harvest all hand their listings (as rows, db/listings/rows.ts) to
 * writeListings. It checks, once for all of them, that the actor may write each listing where
 * it is and where it will be (the locality rule of the permission table), then writes them in
 * one transaction with their audit rows; the search columns and outbox rows come with the write
 * (db/listings/write.ts). See docs/decisions/0019-one-listing-writer.md.
 */
import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { auditEvents, locations, services } from "../../../db/schema";
import type { ListingRows } from "../../../db/listings/rows";
import { bulkInsert, deleteListingRows, finishListingWrite, readListingRows, refreshListingStatistics, writeListingRows } from "../../../db/listings/write";
import { recordAudit } from "../accounts/audit.server";
import { can, type Actor } from "../accounts/permissions";
import type { Transition } from "../assets/workflow";
import { londonDay } from "../../../db/calendar";
import { log } from "../operations/log.server";

export interface ListingWrite {
  rows: ListingRows;
  /** The audit row written with it ("asset.create", "asset.update", "asset.import" …), or null when the caller audits it itself. */
  audit: { action: string; details: Record<string, unknown> } | null;
  /** How to name its place in a refusal (the postcode); by default the places' own postcodes. */
  placeLabel?: string | null;
}

/** Why a listing may not be written: it is outside the actor's reach now ("listing") or would be ("place"). */
export interface WriteProblem {
  index: number;
  kind: "listing" | "place";
  message: string;
}

interface Placed {
  wardCode: string | null;
  districtCode: string | null;
  postcode: string | null;
}

/**
 * The locality rule, applied to every listing on create and on every edit: the actor must be
 * allowed to change the listing as it is (providers: their organisation's; coordinators: one of
 * its places in their localities), and as it will be.
 */
export async function scopeProblems(db: Database, actor: Actor, writes: ReadonlyArray<Pick<ListingWrite, "rows" | "placeLabel">>): Promise<WriteProblem[]> {
  if (actor.role === "administrator") return [];
  const ids = writes.map((write) => write.rows.service.id);
  const held = new Map<string, { organizationId: string; places: Placed[] }>();
  for (let start = 0; start < ids.length; start += 5000) {
    const batch = JSON.stringify(ids.slice(start, start + 5000));
    const rows = await queryRows<{ id: string; organization_id: string; ward_code: string | null; district_code: string | null; postcode: string | null }>(
      db,
      sql`select s.id, s.organization_id, l.ward_code, l.district_code, l.postcode
          from services s
          left join service_at_locations sal on sal.service_id = s.id
          left join locations l on l.id = sal.location_id
          where s.id = any (array(select json_array_elements_text(${batch}::json)::uuid))`,
    );
    for (const row of rows) {
      const entry = held.get(row.id) ?? { organizationId: row.organization_id, places: [] };
      if (row.ward_code || row.district_code) entry.places.push({ wardCode: row.ward_code, districtCode: row.district_code, postcode: row.postcode });
      held.set(row.id, entry);
    }
  }
  const mayChange = (organizationId: string | null, places: Placed[]) =>
    actor.role === "provider"
      ? can(actor, "asset:update", { organizationId, wardCode: null, districtCode: null })
      : places.some((place) => can(actor, "asset:update", { organizationId, wardCode: place.wardCode, districtCode: place.districtCode }));
  const problems: WriteProblem[] = [];
  writes.forEach((write, index) => {
    const before = held.get(write.rows.service.id);
    if (before && !mayChange(before.organizationId, before.places)) {
      problems.push({ index, kind: "listing", message: "This listing is outside your localities, so you cannot change it." });
    }
    const organizationId = write.rows.service.organizationId ?? before?.organizationId ?? null;
    const after: Placed[] = write.rows.places
      ? write.rows.places.map(({ location }) => ({ wardCode: location.wardCode ?? null, districtCode: location.districtCode ?? null, postcode: location.postcode ?? null }))
      : (before?.places ?? []);
    if (!mayChange(organizationId, after)) {
      const label = write.placeLabel ?? (after.length === 1 ? after[0]!.postcode : null);
      problems.push({
        index,
        kind: "place",
        message: label
          ? `${label} is outside your localities, so you cannot place a listing there. Ask that place's coordinator.`
          : "None of its locations has a postcode in your localities, so you cannot place it there.",
      });
    }
  });
  return problems;
}

/**
 * Writes the listings, all or none, with an audit row each; refused (nothing written) when any
 * is outside the actor's reach. Inside a caller's transaction it is a savepoint of it.
 */
export async function writeListings(db: Database, actor: Actor, writes: ListingWrite[], why: string): Promise<{ problems: WriteProblem[] }> {
  const problems = await scopeProblems(db, actor, writes);
  if (problems.length) return { problems };
  await db.transaction((tx) => writeChecked(tx as unknown as Database, actor, writes, why));
  return { problems: [] };
}

/** Writes listings already checked against the locality rule, with their audit rows. */
async function writeChecked(tx: Database, actor: Actor, writes: ListingWrite[], why: string) {
  await writeListingRows(tx, writes.map((write) => write.rows), why);
  await bulkInsert(
      tx,
      auditEvents,
      writes.flatMap(({ rows, audit }) => (audit ? [{ rows, audit }] : [])).map((write) => ({
        actorId: actor.userId,
        actorRole: actor.role,
        action: write.audit.action,
        subjectType: "asset",
        subjectId: write.rows.service.id,
        details: write.audit.details,
      })),
  );
}

/**
 * Moves a listing along the workflow if it is still where the caller saw it; false if it has
 * moved on. The caller has checked the transition's permission.
 */
export async function changeStatus(db: Database, actor: Actor, id: string, transition: Transition): Promise<boolean> {
  const move = { from: transition.from, to: transition.to, action: `asset.${transition.intent}`, today: londonDay() };
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local atlas.bulk_load = 'on'`);
    const moved = await tx
      .update(services)
      .set({
        listingStatus: move.to,
        lastModified: new Date(),
        // Publishing is a check: the listing is true today.
        ...(move.to === "published" ? { lastVerifiedAt: move.today, assuredDate: move.today } : {}),
      })
      .where(and(eq(services.id, id), eq(services.listingStatus, move.from)))
      .returning({ id: services.id });
    if (moved.length === 0) return false;
    // A provider's change waiting on it is withdrawn by a trigger if it leaves "published" (db/functions/listing_changes_withdraw.sql).
    await finishListingWrite(tx, [id], `status:${move.to}`);
    await recordAudit(tx, actor, { action: move.action, subjectType: "asset", subjectId: id, details: { before: { status: move.from }, after: { status: move.to } } });
    return true;
  });
}

export { refreshListingStatistics };

/** The listings as they are now, every part of them (for the form to keep what it does not show). */
export const snapshotListings = (db: Database, ids: string[]) => readListingRows(db, ids);

/**
 * Lets the server answer what is waiting. The embedded database runs in this thread and answers
 * with promises that settle at once, so a loop of queries never lets a request in; a turn of the
 * event loop does, and its queries then take turns with the import's.
 */
export const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `items.map(build)` with a turn for waiting requests every `size` items: building 10,000 listings' rows takes seconds. */
export async function mapInTurns<T, U>(items: readonly T[], build: (item: T, index: number) => U, size = 500): Promise<U[]> {
  const out: U[] = [];
  for (let start = 0; start < items.length; start += size) {
    if (start > 0) await yieldToRequests();
    out.push(...items.slice(start, start + size).map((item, offset) => build(item, start + offset)));
  }
  return out;
}

/**
 * A pause after each batch (twice as long as it took, at most a second): every server's catalogue
 * first reloads what the batch wrote, which costs about as long again, and a page asks the
 * database several things one after another; without a pause each of them would wait behind the
 * next batch. The import then gives the site about half the database's time.
 */
const pauseAfter = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(1000, Math.max(0, milliseconds))));

/** How long one batch may hold the embedded database (its only connection): a page waits at most this long per query. */
const batchBudgetMs = 100;

/**
 * Writes many listings (an import) all or none, without holding the database for the whole of
 * it: the embedded database runs one transaction at a time, so one transaction of 10,000
 * listings would make every page wait for seconds. Every listing is checked first (the locality
 * rule); then they are written in short transactions, each followed by a pause for the site
 * (pauseAfter). A batch's size follows the time the last one took, so that each holds the
 * database for about `batchBudgetMs` whatever the machine's speed, but never under 50 listings
 * (each batch costs a score of statements whatever its size); `batchSize` fixes it. The
 * listings a batch replaces are read first and kept aside (only those the database holds: new
 * listings have nothing to put back). If a batch fails, everything written before it is put
 * back as it was (and new listings deleted) and the error is raised: nothing of the import stays.
 * See docs/decisions/0021-imports-in-batches.md.
 */
export async function writeListingsInBatches(
  db: Database,
  actor: Actor,
  writes: ListingWrite[],
  why: string,
  options: { batchSize?: number; beforeEach?: (tx: Database) => Promise<void>; onProgress?: (written: number, total: number) => Promise<void> } = {},
): Promise<{ problems: WriteProblem[] }> {
  const problems = await scopeProblems(db, actor, writes);
  if (problems.length) return { problems };
  const held = await heldListings(db, writes.map((write) => write.rows.service.id));
  let batchSize = options.batchSize ?? 100;
  // The planner's statistics are refreshed as the tables grow: after 500 listings, then each
  // time the count written doubles (refreshListingStatistics says why).
  let refreshAt = 500;
  const replaced: ListingRows[] = [];
  const created: string[] = [];
  try {
    for (let start = 0; start < writes.length; ) {
      const started = performance.now();
      const batch = writes.slice(start, start + batchSize);
      const ids = batch.map((write) => write.rows.service.id);
      await db.transaction(async (tx) => {
        const inside = tx as unknown as Database;
        const before = await readListingRows(inside, ids.filter((id) => held.has(id)));
        await options.beforeEach?.(inside);
        await writeChecked(inside, actor, batch, why);
        const wasHeld = new Set(before.map((rows) => rows.service.id));
        replaced.push(...before);
        created.push(...ids.filter((id) => !wasHeld.has(id)));
        for (const id of ids) held.add(id); // a file naming a listing twice replaces what its first row wrote
      });
      start += batch.length;
      const took = performance.now() - started;
      if (start >= refreshAt && start < writes.length) {
        while (refreshAt <= start) refreshAt *= 2;
        await yieldToRequests();
        // Only the planner gains from it: a failure (a timeout, a cancel) must not undo a good import.
        await refreshListingStatistics(db).catch((error: unknown) => log.warn({ err: error }, "refreshing the listing tables' statistics during an import failed; the import goes on"));
      }
      await options.onProgress?.(start, writes.length);
      if (start < writes.length) {
        if (!options.batchSize) batchSize = Math.max(50, Math.min(1000, Math.round((batch.length * batchBudgetMs) / Math.max(1, took))));
        await pauseAfter(2 * took);
      }
    }
  } catch (error) {
    // Each listing as it was before its first batch (a file may name one twice).
    const isNew = new Set(created);
    const original = new Map<string, ListingRows>();
    for (const rows of replaced) if (!original.has(rows.service.id) && !isNew.has(rows.service.id)) original.set(rows.service.id, rows);
    await db.transaction(async (tx) => {
      await deleteListingRows(tx, created, `${why}:undone`);
      await writeListingRows(tx, [...original.values()], `${why}:undone`);
    });
    throw error;
  }
  return { problems: [] };
}

/** Which of these listings the database holds now, 5,000 ids a statement. */
async function heldListings(db: Database, ids: string[]): Promise<Set<string>> {
  const held = new Set<string>();
  for (let start = 0; start < ids.length; start += 5000) {
    const batch = JSON.stringify(ids.slice(start, start + 5000));
    const rows = await queryRows<{ id: string }>(db, sql`select id from services where id = any (array(select json_array_elements_text(${batch}::json)::uuid))`);
    for (const row of rows) held.add(row.id);
  }
  return held;
}

/** SQL: a location in the actor's localities (the locality rule, for queries that list listings). */
export function locationInLocalities(actor: Actor): SQL | undefined {
  if (actor.role === "administrator") return undefined;
  const wardCodes = actor.localities.map((l) => l.wardCode).filter((c): c is string => c !== null);
  const districtCodes = actor.localities.filter((l) => l.wardCode === null && l.districtCode !== null).map((l) => l.districtCode!);
  const parts = [
    wardCodes.length ? inArray(locations.wardCode, wardCodes) : undefined,
    districtCodes.length ? inArray(locations.districtCode, districtCodes) : undefined,
  ].filter((part): part is SQL => part !== undefined);
  return parts.length ? or(...parts) : sql`false`;
}
