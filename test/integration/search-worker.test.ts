/**
 * The search worker and reindex against a stand-in for Meilisearch's HTTP API (no Meilisearch
 * binary can run here; see test/support/meili-standin.ts): what it sends, that it waits for
 * the tasks, retries after a failure without losing anything, and what a reindex leaves behind.
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { config, reloadConfigForTests } from "../../app/env.server";
import { checkHealth } from "../../app/modules/health/health.server";
import { createMeiliEngine, type MeiliEngine } from "../../search/meilisearch.server";
import { type indexSettings, type AssetDocument } from "../../search/meili-query";
import { reindex } from "../../search/reindex.server";
import { searchEngine } from "../../search/index.server";
import { backoffSeconds, discardOutbox, drainOutbox, outboxBacklog, prepareIndex, processBatch } from "../../search/worker.server";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { startMeiliStandin, type MeiliStandin } from "../support/meili-standin";

let database: TestDatabase;
let meili: MeiliStandin;
let engine: MeiliEngine;
let listing: { id: string; location_id: string };
let other: { id: string };

const outbox = () =>
  queryRows<{ service_id: string; attempts: number; processed: boolean; waiting_seconds: number; last_error: string | null; claimed_by: string | null }>(
    database.db,
    sql`select service_id, attempts, processed_at is not null as processed, last_error, claimed_by,
               greatest(0, extract(epoch from available_at - now()))::float8 as waiting_seconds
        from search_outbox order by id`,
  );
const publishedCount = async () =>
  (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from services where listing_status = 'published'`))[0]!.n;

beforeAll(async () => {
  database = await createTestDatabase();
  [listing] = (await queryRows<typeof listing>(
    database.db,
    sql`select s.id, sal.location_id from services s join service_at_locations sal on sal.service_id = s.id
        where s.listing_status = 'published' order by s.id limit 1`,
  )) as [typeof listing];
  [other] = (await queryRows<typeof other>(
    database.db,
    sql`select id from services where listing_status = 'published' and id <> ${listing.id}::uuid order by id limit 1`,
  )) as [typeof other];
});
afterAll(async () => {
  await database?.destroy();
});
beforeEach(async () => {
  meili = await startMeiliStandin();
  engine = createMeiliEngine({ host: meili.host, apiKey: "test-master-key", indexUid: "assets" });
  await database.db.execute(sql`delete from search_outbox`);
});
afterEach(async () => {
  await meili.close();
});

describe(`search worker on ${testDriver}, against a Meilisearch stand-in`, () => {
  it("applies the settings in code: searchable, filterable with _geo, sortable, synonyms, typo tolerance, ranking", async () => {
    await engine.applySettings();
    expect(meili.writes().map((request) => `${request.method} ${request.path}`)).toEqual(["POST /indexes", "PATCH /indexes/assets/settings"]);
    const settings = meili.indexes.get("assets")!.settings as ReturnType<typeof indexSettings>;
    expect(settings.filterableAttributes).toEqual(expect.arrayContaining(["_geo", "needs", "kind", "days", "freeOrLowCost", "directPayment", "hasCapacity", "ageFrom", "ageTo", "accessibility"]));
    expect(settings.sortableAttributes).toEqual(expect.arrayContaining(["_geo", "name"]));
    expect(settings.synonyms.lonely).toEqual(expect.arrayContaining(["needsocialconnection", "befriending"]));
    expect(settings.synonyms.dinner).toContain("lunch");
    expect(settings.typoTolerance).toMatchObject({ enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } });
    expect(settings.stopWords).toContain("the");
    expect(settings.rankingRules).toEqual(["words", "typo", "proximity", "exactness", "attributeRank", "sort", "wordPosition", "name:asc"]);
    expect(meili.requests.every((request) => request.authorization === "Bearer test-master-key")).toBe(true);
    // Sent by the official client, which names itself in every request.
    expect(meili.requests.every((request) => /^Meilisearch JavaScript \(v\d+\.\d+\.\d+\)$/.test(request.client ?? ""))).toBe(true);
    // Again: the index exists, so only the settings are sent.
    await engine.applySettings();
    expect(meili.writes().at(-1)).toMatchObject({ method: "PATCH", path: "/indexes/assets/settings" });
    expect(meili.writes().filter((request) => request.path === "/indexes")).toHaveLength(1);
    // What the worker does first: the index exists, so only the settings, no rebuild.
    expect(await prepareIndex(database.db, engine)).toBeNull();
    expect(meili.writes().at(-1)).toMatchObject({ method: "PATCH", path: "/indexes/assets/settings" });
    expect(meili.writes().some((request) => request.path.includes("_reindex_"))).toBe(false);
  });

  it("builds the index in full before the first drain when it does not exist", async () => {
    const built = await prepareIndex(database.db, engine);
    expect(built).toMatchObject({ documents: await publishedCount(), indexed: await publishedCount() });
    expect(meili.indexes.get("assets")!.documents.size).toBe(await publishedCount());
  });

  it("sends changed listings' documents, deletes archived ones, waits for the tasks, then marks the rows processed", async () => {
    await database.db.execute(sql`update services set capacity_available = 4, direct_payment = true where id = ${listing.id}::uuid`);
    await database.db.execute(sql`update services set listing_status = 'archived' where id = ${other.id}::uuid`);
    const report = await drainOutbox(database.db, engine);
    expect(report).toMatchObject({ claimed: 2, indexed: 1, deleted: 1, errors: [], pending: 0 });

    const added = meili.writes().find((request) => request.path.startsWith("/indexes/assets/documents?"))!;
    expect(added.path).toBe("/indexes/assets/documents?primaryKey=id");
    const [document] = added.body as AssetDocument[];
    expect(document).toMatchObject({ id: listing.id, hasCapacity: true, directPayment: true });
    expect(document!._geo).toEqual({ lat: expect.any(Number), lng: expect.any(Number) });
    expect(document!.needs.length).toBeGreaterThan(0);
    expect(document!.needWords).toEqual(document!.needs.map((need) => `need${need.replace(/-/g, "")}`));
    expect(document!.places.length).toBeGreaterThan(0);
    expect(meili.writes().find((request) => request.path === "/indexes/assets/documents/delete-batch")!.body).toEqual([other.id]);
    // Each task was polled until it succeeded (the stand-in says "processing" first).
    expect(meili.requests.filter((request) => request.path.startsWith("/tasks/")).length).toBeGreaterThanOrEqual(4);
    expect(await outbox()).toEqual([
      expect.objectContaining({ service_id: listing.id, processed: true, claimed_by: null }),
      expect.objectContaining({ service_id: other.id, processed: true, claimed_by: null }),
    ]);
    expect([...meili.indexes.get("assets")!.documents.keys()]).toEqual([listing.id]);
    // Nothing left: a second drain claims nothing and sends nothing.
    const before = meili.writes().length;
    expect((await drainOutbox(database.db, engine)).claimed).toBe(0);
    expect(meili.writes()).toHaveLength(before);
  });

  it("keeps the rows after a 5xx, backs off, and succeeds on the retry", async () => {
    await database.db.execute(sql`update services set capacity_available = 9 where id = ${listing.id}::uuid`);
    meili.fail("POST", /\/documents$/, 503);
    const failed = await drainOutbox(database.db, engine);
    expect(failed.errors).toEqual([expect.stringMatching(/503/)]);
    expect(failed.pending).toBe(1);
    const [row] = await outbox();
    expect(row).toMatchObject({ service_id: listing.id, attempts: 1, processed: false, claimed_by: null, last_error: expect.stringMatching(/503/) });
    expect(row!.waiting_seconds).toBeGreaterThan(backoffSeconds(1) - 2);
    expect(row!.waiting_seconds).toBeLessThanOrEqual(backoffSeconds(1));
    // Not before its time: nothing is claimed while it waits.
    expect((await drainOutbox(database.db, engine)).claimed).toBe(0);
    expect(await outboxBacklog(database.db)).toMatchObject({ waiting: 1, lastError: expect.stringMatching(/503/) });

    await database.db.execute(sql`update search_outbox set available_at = now()`); // time passes
    const retried = await drainOutbox(database.db, engine);
    expect(retried).toMatchObject({ claimed: 1, indexed: 1, errors: [], pending: 0 });
    const documentPosts = meili.requests.filter((request) => request.method === "POST" && request.path.startsWith("/indexes/assets/documents?"));
    expect(documentPosts).toHaveLength(2); // the failed one and the retry
    expect(meili.indexes.get("assets")!.documents.get(listing.id)).toMatchObject({ hasCapacity: true });
    expect((await outbox())[0]).toMatchObject({ attempts: 2, processed: true, last_error: null });
    expect(await outboxBacklog(database.db)).toEqual({ waiting: 0, oldestSeconds: 0, lastError: null });
  });

  it("treats a task that Meilisearch reports failed as a failure, and an unreachable server too", async () => {
    await database.db.execute(sql`update services set capacity_available = 3 where id = ${listing.id}::uuid`);
    meili.fail("POST", /\/documents$/, "task");
    expect((await drainOutbox(database.db, engine)).errors).toEqual([expect.stringMatching(/task \d+ failed/)]);
    expect((await outbox())[0]).toMatchObject({ processed: false, attempts: 1 });

    await database.db.execute(sql`update search_outbox set available_at = now()`);
    const unreachable = createMeiliEngine({ host: "http://127.0.0.1:9", indexUid: "assets", timeoutMs: 2000 });
    expect((await drainOutbox(database.db, unreachable)).errors).toEqual([expect.stringMatching(/did not answer/)]);
    expect((await outbox())[0]).toMatchObject({ processed: false, attempts: 2 });
    expect((await outbox())[0]!.waiting_seconds).toBeGreaterThan(backoffSeconds(2) - 2);
  });

  it("treats an answer that is not JSON (a proxy's 502 page) as an outage, not a bug, and retries", async () => {
    await database.db.execute(sql`update services set capacity_available = 13 where id = ${listing.id}::uuid`);
    meili.fail("POST", /\/documents$/, "html");
    const failed = await drainOutbox(database.db, engine);
    expect(failed.errors).toEqual([expect.stringMatching(/not JSON/)]);
    expect((await outbox())[0]).toMatchObject({ processed: false, attempts: 1, last_error: expect.stringMatching(/not JSON/) });
    await database.db.execute(sql`update search_outbox set available_at = now()`);
    expect(await drainOutbox(database.db, engine)).toMatchObject({ claimed: 1, indexed: 1, errors: [], pending: 0 });
  });

  it("leaves a listing another worker holds alone, and takes back rows whose lease ran out", async () => {
    await database.db.execute(sql`update services set capacity_available = 5 where id = ${listing.id}::uuid`);
    await database.db.execute(sql`update search_outbox set claimed_by = 'worker-b', claimed_until = now() + interval '5 minutes'`);
    await database.db.execute(sql`update services set capacity_available = 6 where id = ${listing.id}::uuid`); // a second row, unclaimed
    const deferred = await processBatch(database.db, engine, { workerId: "worker-a" });
    expect(deferred).toMatchObject({ claimed: 1, deferred: 1, indexed: 0 });
    expect(meili.writes()).toEqual([]);
    expect((await outbox()).map((row) => [row.claimed_by, row.attempts])).toEqual([["worker-b", 0], [null, 0]]);

    // worker-b died: once its lease ends, its row is anyone's.
    await database.db.execute(sql`update search_outbox set claimed_until = now() - interval '1 second', available_at = now()`);
    const taken = await drainOutbox(database.db, engine, { workerId: "worker-a" });
    expect(taken).toMatchObject({ claimed: 2, indexed: 1, pending: 0 });
  });

  it("lets several workers drain together: each change is sent once, by one of them", async () => {
    await database.db.execute(sql`update services set capacity_available = coalesce(capacity_available, 0) + 2
      where id in (select id from services where listing_status = 'published' order by id limit 60)`);
    // On PostgreSQL the two run on separate connections at once (SKIP LOCKED decides); on PGlite, in turn.
    const [a, b] = await Promise.all([
      drainOutbox(database.db, engine, { workerId: "worker-a", batchSize: 7 }),
      drainOutbox(database.db, engine, { workerId: "worker-b", batchSize: 7 }),
    ]);
    const rest = await drainOutbox(database.db, engine, { workerId: "worker-c" }); // anything deferred
    expect(a.errors.concat(b.errors, rest.errors)).toEqual([]);
    expect(a.indexed + b.indexed + rest.indexed).toBe(60);
    const sent = meili
      .writes()
      .filter((request) => request.path.startsWith("/indexes/assets/documents?"))
      .flatMap((request) => (request.body as AssetDocument[]).map((document) => document.id));
    expect(sent).toHaveLength(60);
    expect(new Set(sent).size).toBe(60);
    expect((await outbox()).every((row) => row.processed)).toBe(true);
  });

  // why PostgreSQL only: the race needs a transaction open on one connection while a worker runs on another; PGlite has one.
  // Concurrent transactions need a server: PGlite has one connection. Defined only on PostgreSQL
  // (the integration-postgres project, which CI always runs), so nothing shows as skipped.
  if (testDriver === "postgres") it("does not lose a change whose transaction commits after a worker took the listing's earlier row", async () => {
    await database.db.execute(sql`update services set capacity_available = 1 where id = ${listing.id}::uuid`); // row 1, waiting
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`update services set capacity_available = 12 where id = ${listing.id}::uuid`); // not yet committed
      const meanwhile = await drainOutbox(database.db, engine); // another connection: takes row 1, reads capacity 1
      expect(meanwhile.indexed).toBe(1);
    });
    expect(meili.indexes.get("assets")!.documents.get(listing.id)).toMatchObject({ hasCapacity: true });
    const waiting = (await outbox()).filter((row) => !row.processed);
    expect(waiting.map((row) => row.service_id)).toEqual([listing.id]); // the committed change is still queued
    await drainOutbox(database.db, engine);
    expect(meili.requests.filter((request) => request.path.startsWith("/indexes/assets/documents?"))).toHaveLength(2);
  });

  it("claims at most a batch at a time and forgets processed rows after a day", async () => {
    await database.db.execute(sql`update services set capacity_available = coalesce(capacity_available, 0) + 1
      where id in (select id from services where listing_status = 'published' order by id limit 5)`);
    const first = await processBatch(database.db, engine, { batchSize: 2 });
    expect(first.claimed).toBe(2);
    const rest = await drainOutbox(database.db, engine, { batchSize: 2 });
    expect(rest).toMatchObject({ claimed: 3, batches: 2, pending: 0 });
    await database.db.execute(sql`update search_outbox set processed_at = now() - interval '25 hours' where id = (select min(id) from search_outbox)`);
    await drainOutbox(database.db, engine);
    expect(await outbox()).toHaveLength(4);
  });

  it("reports the engine and what waits in the health check", async () => {
    expect((await checkHealth(async () => database)).search).toEqual({ engine: "embedded" });
    await database.db.execute(sql`update services set capacity_available = 8 where id = ${listing.id}::uuid`);
    process.env.MEILI_HOST = meili.host;
    process.env.MEILI_MASTER_KEY = "k";
    reloadConfigForTests();
    try {
      const health = await checkHealth(async () => database);
      expect(health).toMatchObject({ status: "ok", search: { engine: "meilisearch", waiting: 1, lastError: null } });
    } finally {
      delete process.env.MEILI_HOST;
      delete process.env.MEILI_MASTER_KEY;
      reloadConfigForTests();
    }
  });

  it("asks Meilisearch one /multi-search per search, and falls back to the in-memory engine when it cannot answer", async () => {
    process.env.MEILI_HOST = meili.host;
    process.env.MEILI_MASTER_KEY = "k";
    reloadConfigForTests();
    try {
      const engine = searchEngine(database.db, config().meili);
      expect(engine.name).toBe("meilisearch");
      // The stand-in does not search (it answers 404 here), so the in-memory engine answers.
      const results = await engine.searchAssets({ text: "lunch", page: 1, perPage: 20, needs: ["social-connection"], directPayment: false });
      expect(results.total).toBeGreaterThan(0);
      const asked = meili.requests.filter((request) => request.path === "/multi-search");
      expect(asked).toHaveLength(1);
      const { queries } = asked[0]!.body as { queries: { indexUid: string; q: string; filter?: string[]; facets?: string[]; matchingStrategy?: string }[] };
      // The page and both facet counts; then, in case nothing has the word, the needs "lunch" suggests.
      expect(queries.map((query) => [query.indexUid, query.q, query.matchingStrategy, query.filter, query.facets])).toEqual([
        ["assets", "lunch", "last", ['needs IN ["social-connection"]'], undefined],
        ["assets", "lunch", "last", undefined, ["needs"]],
        ["assets", "lunch", "last", ['needs IN ["social-connection"]'], ["kind"]],
        ["assets", "", "last", ['needs IN ["social-connection"]', 'needs IN ["social-connection"]'], undefined],
      ]);
      // A proxy's error page instead of Meilisearch's JSON: still an outage, still answered.
      meili.fail("POST", /^\/multi-search$/, "html");
      expect((await engine.searchAssets({ text: "lunch", page: 1, perPage: 20 })).total).toBeGreaterThan(0);
      expect(meili.requests.filter((request) => request.path === "/multi-search")).toHaveLength(2);
    } finally {
      delete process.env.MEILI_HOST;
      delete process.env.MEILI_MASTER_KEY;
      reloadConfigForTests();
    }
    expect(searchEngine(database.db, config().meili).name).toBe("memory");
  });

  it("without Meilisearch, trims rows older than an hour", async () => {
    await database.db.execute(sql`update services set capacity_available = 2
      where id in (select id from services where listing_status = 'published' order by id limit 2)`);
    const [old, recent] = await outbox();
    await database.db.execute(sql`update search_outbox set enqueued_at = now() - interval '2 hours' where service_id = ${old!.service_id}::uuid`);
    const [{ written_by: trimmedBy }] = (await queryRows<{ written_by: string }>(
      database.db,
      sql`select written_by::text from search_outbox where service_id = ${old!.service_id}::uuid`,
    )) as [{ written_by: string }];
    expect(await discardOutbox(database.db)).toBe(1);
    expect((await outbox()).map((row) => row.service_id)).toEqual([recent!.service_id]);
    // What was trimmed is recorded, for matching catalogues that might not have seen it.
    expect(await queryRows(database.db, sql`select up_to::text from search_outbox_trimmed`)).toEqual([{ up_to: trimmedBy }]);
    expect(await discardOutbox(database.db)).toBe(0);
    expect(await queryRows(database.db, sql`select up_to::text from search_outbox_trimmed`)).toEqual([{ up_to: trimmedBy }]);
  });
});

describe(`reindex on ${testDriver}, against a Meilisearch stand-in`, () => {
  it("builds a fresh index with the settings, swaps it in, drops the old one and reports counts", async () => {
    // A live index with a document that should no longer be there.
    await engine.applySettings();
    meili.indexes.get("assets")!.documents.set("stale", { id: "stale", name: "Closed long ago" });

    const report = await reindex(database.db, engine, { batchSize: 100 });
    const published = await publishedCount();
    expect(report).toMatchObject({ documents: published, indexed: published, requeued: 0 });
    expect([...meili.indexes.keys()]).toEqual(["assets"]);
    const live = meili.indexes.get("assets")!;
    expect(live.documents.has("stale")).toBe(false);
    expect((live.settings as ReturnType<typeof indexSettings>).filterableAttributes).toContain("_geo");
    const paths = meili.writes().map((request) => `${request.method} ${request.path.replace(/_reindex_\d+/, "_reindex_N")}`);
    expect(paths.filter((path) => path === "POST /indexes/assets_reindex_N/documents?primaryKey=id")).toHaveLength(Math.ceil(published / 100));
    expect(paths.slice(-2)).toEqual(["POST /swap-indexes", "DELETE /indexes/assets_reindex_N"]);
    const ids = await queryRows<{ id: string }>(database.db, sql`select id from services where listing_status = 'published'`);
    expect(new Set(live.documents.keys())).toEqual(new Set(ids.map((row) => row.id)));
  });

  it("queues again what the worker applied to the old index while the new one was building", async () => {
    await engine.applySettings();
    let changedDuringBuild = false;
    meili.before("POST", /_reindex_\d+\/documents$/, async () => {
      if (changedDuringBuild) return;
      changedDuringBuild = true;
      // A listing changes and the worker (another server) sends it to the live, soon replaced, index.
      await database.db.execute(sql`update services set capacity_available = 11 where id = ${listing.id}::uuid`);
      await drainOutbox(database.db, engine);
    });
    const report = await reindex(database.db, engine, { batchSize: 1000 });
    expect(changedDuringBuild).toBe(true);
    expect(report.requeued).toBe(1);
    expect((await outbox()).filter((row) => !row.processed).map((row) => row.service_id)).toEqual([listing.id]);
    expect((await drainOutbox(database.db, engine)).indexed).toBe(1);
  });

  it("leaves the live index alone when building fails, and drops the half-built one", async () => {
    await engine.applySettings();
    meili.indexes.get("assets")!.documents.set("kept", { id: "kept" });
    meili.fail("POST", /_reindex_\d+\/documents$/, 500, 10);
    await expect(reindex(database.db, engine)).rejects.toThrow(/500/);
    expect([...meili.indexes.keys()]).toEqual(["assets"]);
    expect([...meili.indexes.get("assets")!.documents.keys()]).toEqual(["kept"]);
  });
});
