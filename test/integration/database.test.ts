import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../db/client.server";
import { districts, postcodes, postcodeSectors, services, wards } from "../../db/schema";
import { applyFunctions, readFunctionFiles } from "../../db/functions";
import { seedDatabase } from "../../db/seed";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.destroy();
});

describe(`the database on ${testDriver}`, () => {
  it("opens in the mode the driver implies", () => {
    expect(database.mode).toBe(testDriver === "pglite" ? "embedded" : "server");
  });

  it("has the search extensions, created by a migration", async () => {
    const rows = await queryRows<{ extname: string }>(database.db, sql`select extname from pg_extension order by 1`);
    expect(rows.map((row) => row.extname)).toEqual(expect.arrayContaining(["cube", "earthdistance", "pg_trgm", "unaccent"]));
  });

  it("re-running the migrations changes nothing", async () => {
    const before = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    await database.migrate();
    const after = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect(after[0]!.n).toBeGreaterThanOrEqual(2);
  });

  it("has every SQL function and trigger from exactly one file in db/functions, and no other", async () => {
    const inForce = await queryRows<{ kind: string; name: string; func: string }>(
      database.db,
      sql`select 'function' as kind, p.proname as name, p.proname as func from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          union all
          select 'trigger', t.tgname, p.proname from pg_trigger t join pg_proc p on p.oid = t.tgfoid where not t.tgisinternal
          order by 1, 2`,
    );
    const files = readFunctionFiles();
    // A function's file is named after it; a trigger lives in the file of the function it runs.
    const fileOf = (name: string) => files.filter((file) => file.statements.some((statement) => new RegExp(`\\b${name}\\b`).test(statement)));
    for (const object of inForce) {
      const file = object.kind === "function" ? files.find((candidate) => candidate.name === object.name) : fileOf(object.name).find((candidate) => candidate.name === object.func);
      expect(file, `${object.kind} ${object.name}`).toBeDefined();
    }
    expect(inForce.filter((object) => object.kind === "function").map((object) => object.name).sort()).toEqual(files.map((file) => file.name).sort());
    // Applied once: a second pass finds nothing changed.
    expect(await applyFunctions(database.db)).toEqual([]);
  });

  it("holds the real geography: 6 districts, 14 wards, 21,110 postcodes, 143 sectors", async () => {
    const [[d], [w], [p], [s]] = await Promise.all([
      database.db.select({ n: count() }).from(districts),
      database.db.select({ n: count() }).from(wards),
      database.db.select({ n: count() }).from(postcodes),
      database.db.select({ n: count() }).from(postcodeSectors),
    ]);
    expect([Number(d!.n), Number(w!.n), Number(p!.n), Number(s!.n)]).toEqual([6, 14, 21110, 143]);
    const [ely] = await database.db.select().from(wards).where(eq(wards.name, "Ely North"));
    expect(ely!.districtCode).toBe("E07000009");
    expect(["Polygon", "MultiPolygon"]).toContain(ely!.boundary.type);
  });

  it("finds postcodes by distance with earthdistance", async () => {
    // Ely Cathedral is at about 52.3986, 0.2636; CB7 4 postcodes lie within a mile of it.
    const rows = await queryRows<{ postcode: string; metres: number }>(
      database.db,
      sql`select postcode, earth_distance(ll_to_earth(latitude, longitude), ll_to_earth(52.3986, 0.2636))::float8 as metres
          from postcodes
          where earth_box(ll_to_earth(52.3986, 0.2636), 1609) @> ll_to_earth(latitude, longitude)
            and earth_distance(ll_to_earth(latitude, longitude), ll_to_earth(52.3986, 0.2636)) < 1609
          order by metres limit 5`,
    );
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.postcode.startsWith("CB7 4") || row.postcode.startsWith("CB6 1"))).toBe(true);
    expect(rows[0]!.metres).toBeLessThan(rows[4]!.metres + 0.001);
  });

  it("holds at least 300 demo assets across every kind, each at a real postcode", async () => {
    const byKind = await queryRows<{ kind: string; n: number; with_rate: number }>(
      database.db,
      sql`select kind, count(*)::int as n, count(hourly_rate_pence)::int as with_rate from services group by kind`,
    );
    const total = byKind.reduce((sum, row) => sum + row.n, 0);
    expect(total).toBeGreaterThanOrEqual(300);
    expect(byKind.map((row) => row.kind).sort()).toEqual(
      [
        "commissioned_service",
        "community_hub",
        "faith_group",
        "local_business",
        "micro_enterprise",
        "personal_assistant",
        "technology_enabled_care",
        "vcs_group",
      ].sort(),
    );
    const rated = byKind
      .filter((row) => row.kind === "personal_assistant" || row.kind === "micro_enterprise")
      .reduce((sum, row) => sum + row.with_rate, 0);
    expect(rated).toBeGreaterThanOrEqual(30);

    const [orphans] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from locations l left join postcodes p on p.postcode = l.postcode where p.postcode is null`,
    );
    expect(orphans!.n).toBe(0);
    const [notDemo] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from services where not is_demo`);
    expect(notDemo!.n).toBe(0);
  });

  it("covers every need with published assets", async () => {
    const rows = await queryRows<{ code: string; n: number }>(
      database.db,
      sql`select t.code, count(distinct s.id)::int as n
          from taxonomy_terms t
          join taxonomies x on x.id = t.taxonomy_id and x.name = 'Asset Atlas needs'
          left join attributes a on a.taxonomy_term_id = t.id
          left join services s on s.id = a.link_id and s.listing_status = 'published'
          group by t.code`,
    );
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row.n, row.code).toBeGreaterThanOrEqual(5);
  });

  it("seeding again is a no-op", async () => {
    const [before] = await database.db.select({ n: count() }).from(services);
    expect(await seedDatabase(database.db, { demo: true })).toEqual({});
    const [after] = await database.db.select({ n: count() }).from(services);
    expect(after!.n).toBe(before!.n);
  });
});

describe("the seed is deterministic", () => {
  // Creates, migrates and seeds a whole database from nothing (about 15 s on a quiet machine): more than the default 30 s on a busy one.
  it("gives an empty database exactly the same directory", { timeout: 90_000 }, async () => {
    const fresh = await createTestDatabase({ empty: true });
    try {
      await fresh.migrate();
      const report = await seedDatabase(fresh.db, { demo: true });
      expect(report.geography).toEqual({ districts: 6, wards: 14, postcodes: 21110 });
      const digest = (handle: TestDatabase) =>
        queryRows<{ digest: string }>(
          handle.db,
          sql`select md5(string_agg(s.id::text || s.name || s.kind || coalesce(l.postcode, '') || coalesce(s.hourly_rate_pence::text, ''), '|' order by s.id)) as digest
              from services s join service_at_locations sal on sal.service_id = s.id join locations l on l.id = sal.location_id`,
        );
      expect((await digest(fresh))[0]!.digest).toBe((await digest(database))[0]!.digest);
    } finally {
      await fresh.destroy();
    }
  });
});
