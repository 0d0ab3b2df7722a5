import { count, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, queryRows } from "../../db/client.server";
import { services } from "../../db/schema";
import { seedDatabase } from "../../db/seed";
import { createTestDatabase } from "../support/database";

// Only meaningful on a PostgreSQL server: PGlite is one process by design.
describe("app servers starting together", () => {
  it("migrate and seed one at a time, so both start and the directory is seeded once", async () => {
    const target = await createTestDatabase({ empty: true });
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${(await queryRows<{ name: string }>(target.db, sql`select current_database() as name`))[0]!.name}`;
    const second = await openDatabase({ databaseUrl: url.toString(), dataDir: "" });
    try {
      const setUp = (handle: typeof second) =>
        handle.exclusively(async () => {
          await handle.migrate();
          return seedDatabase(handle.db, { demo: true });
        });
      const reports = await Promise.all([setUp(target), setUp(second)]);
      // Exactly one of them did the seeding; the other found it done.
      expect(reports.filter((report) => report.demoAssets !== undefined)).toHaveLength(1);
      const [seeded] = await target.db.select({ n: count() }).from(services);
      expect(Number(seeded!.n)).toBe(reports.find((report) => report.demoAssets)!.demoAssets);
    } finally {
      await second.close();
      await target.destroy();
    }
  }, 180_000); // two whole migrate-and-seed runs, one after the other, on a busy machine
});
