/**
 * Unit costs in the database: the seed's defaults are DOMAIN.md's figures, and recording a new
 * figure closes the old one without changing what past periods were worth.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, unitCosts, users } from "../../db/schema";
import type { Actor } from "../../app/modules/accounts/permissions";
import { computeEvidence, type DivertedCareRecord } from "../../app/modules/evidence/engine";
import { evidenceFor } from "../../app/modules/evidence/evidence.server";
import { listUnitCosts, recordUnitCost } from "../../app/modules/evidence/unit-costs.server";
import { seedUnitCosts, unitCostId } from "../../db/seed/unit-costs";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let administrator: Actor;
const commissioner: Actor = { role: "commissioner", userId: null, organizationId: null, localities: [] };

beforeAll(async () => {
  database = await createTestDatabase();
  const [admin] = await database.db.select().from(users).where(eq(users.role, "administrator")).limit(1);
  administrator = { role: "administrator", userId: admin!.id, organizationId: null, localities: [] };
});
afterAll(async () => {
  await database?.destroy();
});

const lastYear: DivertedCareRecord = {
  id: "R-1",
  service: "home-care",
  hoursPerWeek: 10,
  from: "2025-04-01",
  to: "2026-03-31",
  confidence: 1,
  cashable: false,
  communitySupport: [{ service: "pa-micro-enterprise", hoursPerWeek: 2 }],
};

describe(`unit costs on ${testDriver}`, () => {
  it("seeds DOMAIN.md's figures with their price years and sources, home care at the national reference point from 2022", async () => {
    const figures = await listUnitCosts(database.db);
    const open = (service: string) => figures.find((figure) => figure.service === service && figure.validTo === null);
    // The business case's £17.50 (2019/20) until March 2022, then the Homecare Association's minimum price year by year.
    expect(figures.filter((figure) => figure.service === "home-care").map((figure) => [figure.priceYear, figure.amountPence, figure.validFrom, figure.validTo])).toEqual([
      ["2019/20", 1750, "2019-04-01", "2022-04-01"],
      ["2022/23", 2320, "2022-04-01", "2023-04-01"],
      ["2023/24", 2595, "2023-04-01", "2024-04-01"],
      ["2024/25", 2853, "2024-04-01", "2025-04-01"],
      ["2025/26", 3214, "2025-04-01", null],
    ]);
    expect(open("home-care")!.source).toContain("Homecare Association");
    expect(open("pa-micro-enterprise")).toMatchObject({ unit: "hour", amountPence: 1300, priceYear: "2019/20" });
    expect(open("reablement-bridging")).toMatchObject({ unit: "hour", amountPence: 3500 });
    expect(open("domiciliary-package-65-plus")).toMatchObject({ unit: "week", amountPence: 35235, priceYear: "2024/25", source: expect.stringContaining("BCP") });
    expect(open("residential-placement-65-plus")).toMatchObject({ unit: "placement", amountPence: 107000, priceYear: "2024/25" });
    expect(open("pa-median-pay")).toMatchObject({ amountPence: 1050, priceYear: "2022/23" });
    expect(open("care-home-fee-self-funder")).toMatchObject({ amountPence: 84600, priceYear: "2016/17" });
    expect(open("care-home-fee-council-funded")).toMatchObject({ amountPence: 62100 });
    expect(
      figures.filter((figure) => figure.service === "home-care-minimum-price").map((figure) => [figure.priceYear, figure.amountPence, figure.validFrom, figure.validTo]),
    ).toEqual([
      ["2022/23", 2320, "2022-04-01", "2023-04-01"],
      ["2023/24", 2595, "2023-04-01", "2024-04-01"],
      ["2024/25", 2853, "2024-04-01", "2025-04-01"],
      ["2025/26", 3214, "2025-04-01", null],
    ]);
    for (const figure of figures) expect(figure.source.length, figure.service).toBeGreaterThan(10);
    // DOMAIN.md has no day-care figure: the only one is the demo seed's, labelled as invented.
    expect(figures.filter((figure) => figure.service === "day-care").map((figure) => figure.source)).toEqual([expect.stringMatching(/^Demo figure/)]);
  });

  it("a new figure closes the old one; last year's evidence is unchanged, next year's uses the new rate", async () => {
    const input = { records: [lastYear], programme: { start: "2025-04-01", years: 1 }, investmentPence: 100_000 };
    const before = computeEvidence({ ...input, unitCosts: await listUnitCosts(database.db) });
    expect(before.totals.gross.pence).toBe(1_675_871); // £32.14 × 10 h × 365 days ÷ 7 = 1,675,871.4p

    const added = await recordUnitCost(database.db, administrator, {
      service: "home-care",
      unit: "hour",
      amountPence: 1950,
      priceYear: "2026/27",
      source: "Council's 2026/27 home-care framework rate",
      validFrom: "2026-04-01",
    });
    const homeCare = await listUnitCosts(database.db, "home-care");
    expect(homeCare.slice(-2).map((figure) => [figure.amountPence, figure.validFrom, figure.validTo])).toEqual([
      [3214, "2025-04-01", "2026-04-01"],
      [1950, "2026-04-01", null],
    ]);
    const [audit] = await database.db.select().from(auditEvents).where(and(eq(auditEvents.action, "unit-cost.record"), eq(auditEvents.subjectId, added.id)));
    expect(audit).toMatchObject({ actorId: administrator.userId, details: { service: "home-care", closed: homeCare.at(-2)!.id } });
    const [row] = await database.db.select().from(unitCosts).where(eq(unitCosts.id, added.id));
    expect(row!.recordedBy).toBe(administrator.userId);

    const after = await evidenceFor(database.db, commissioner, input);
    expect(after.totals).toEqual(before.totals);
    expect(after.lines).toEqual(before.lines);

    const spanning = await evidenceFor(database.db, commissioner, {
      ...input,
      programme: { start: "2025-04-01", years: 2 },
      records: [{ ...lastYear, from: "2026-03-25", to: "2026-04-07", communitySupport: [] }],
    });
    expect(spanning.lines.map((line) => [line.year, line.rate.pence, line.days, line.amount.pence])).toEqual([
      [1, 3214, 7, 32_140],
      [2, 1950, 7, 19_500],
    ]);
  });

  it("refuses to rewrite the past, and refuses anyone but an administrator", async () => {
    const figure = { service: "home-care", unit: "hour" as const, amountPence: 1800, priceYear: "2025/26", source: "a late correction", validFrom: "2025-10-01" };
    await expect(recordUnitCost(database.db, administrator, figure)).rejects.toThrow(/already starts on 2026-04-01/);
    const refused = await recordUnitCost(database.db, commissioner, { ...figure, validFrom: "2027-04-01" }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    const provider: Actor = { role: "provider", userId: null, organizationId: null, localities: [] };
    const noEvidence = await evidenceFor(database.db, provider, { records: [], programme: { start: "2025-04-01", years: 1 }, investmentPence: 0 }).catch((error: unknown) => error);
    expect((noEvidence as Response).status).toBe(403);
    expect((await listUnitCosts(database.db, "home-care")).length).toBe(6);
  });

  it("the table itself refuses a second open figure, a non-positive amount and a muddled price year", async () => {
    const base = { service: "reablement-bridging", unit: "hour" as const, priceYear: "2026/27", source: "test", validFrom: "2030-04-01" };
    await expect(database.db.insert(unitCosts).values({ ...base, amountPence: 3600 })).rejects.toThrow();
    await expect(database.db.insert(unitCosts).values({ ...base, service: "new-service", amountPence: 0 })).rejects.toThrow();
    await expect(database.db.insert(unitCosts).values({ ...base, service: "new-service", amountPence: 100, priceYear: "2026" })).rejects.toThrow();
    await expect(database.db.insert(unitCosts).values({ ...base, service: "new-service", amountPence: 100, validTo: "2030-04-01" })).rejects.toThrow();
  });

  it("brings an installation seeded before the national reference points up to date, unless an administrator has touched the series", async () => {
    const fresh = await createTestDatabase();
    try {
      const db = fresh.db;
      // As the first seed left it: the business case's home-care figure, open since 2019.
      await db.delete(unitCosts).where(eq(unitCosts.service, "home-care"));
      await db.insert(unitCosts).values({ id: unitCostId("home-care", "2019-04-01"), service: "home-care", unit: "hour", amountPence: 1750, priceYear: "2019/20", source: "ABA", validFrom: "2019-04-01" });
      // An administrator's own figure closes the default PA one: that series is theirs from now on.
      await recordUnitCost(db, administrator, { service: "pa-micro-enterprise", unit: "hour", amountPence: 1500, priceYear: "2025/26", source: "Council's PA rate", validFrom: "2025-04-01" });
      // And a default removed from a series they touched is not put back.
      await db.delete(unitCosts).where(eq(unitCosts.id, unitCostId("pa-micro-enterprise", "2019-04-01")));
      const paBefore = await listUnitCosts(db, "pa-micro-enterprise");
      expect(paBefore.map((figure) => figure.amountPence)).toEqual([1500]);

      expect(await seedUnitCosts(db)).toBe(4);
      expect((await listUnitCosts(db, "home-care")).map((figure) => [figure.amountPence, figure.validFrom, figure.validTo])).toEqual([
        [1750, "2019-04-01", "2022-04-01"],
        [2320, "2022-04-01", "2023-04-01"],
        [2595, "2023-04-01", "2024-04-01"],
        [2853, "2024-04-01", "2025-04-01"],
        [3214, "2025-04-01", null],
      ]);
      expect(await listUnitCosts(db, "pa-micro-enterprise")).toEqual(paBefore);
      expect(await seedUnitCosts(db)).toBe(0); // a second run changes nothing
    } finally {
      await fresh.destroy();
    }
  });
});
