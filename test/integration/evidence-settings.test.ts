/**
 * The programme's adjustments and the price index through the real HTTP stack: set by those with
 * the permission, refused for the rest and for bad figures, audited, and applied by the dashboard,
 * its CSV and its trace exactly as the modeller (the `roi` scenario engine) applies them to the
 * same records. A small fixture in Fenland (no demo data there), all in 2024/25.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, divertedCare, evidenceAdjustments, persons, priceIndexEditions, referrals, services, unitCosts } from "../../db/schema";
import { stableId } from "../../db/vocabulary/ids";
import type { Role } from "../../app/modules/accounts/permissions";
import { currentPriceIndex } from "../../app/modules/evidence/price-index.server";
import { runScenario } from "../../app/modules/evidence/scenario";
import { listUnitCosts } from "../../app/modules/evidence/unit-costs.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { chartLabelDisagreements } from "../support/html";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let administrator: TestSession;
let commissioner: TestSession;

const fenland = "E07000010";
const period = `from=2025-01&to=2025-02&district=${fenland}&priceYear=2024/25`;

/**
 * 6 people: home care 10 h a week, 1–28 January 2025, met by a voluntary group (cost avoidance);
 * 5 people: home care 4 h a week, 1–28 February 2025, met by a PA 4 h a week (cashable).
 * Each within one month, so the dashboard prices each record whole, as a scenario file would.
 */
async function insertFixture() {
  const db = database.db;
  const [vcs] = await db.select({ id: services.id }).from(services).where(and(eq(services.kind, "vcs_group"), eq(services.listingStatus, "published"))).limit(1);
  const [pa] = await db.select({ id: services.id }).from(services).where(and(eq(services.kind, "personal_assistant"), eq(services.listingStatus, "published"))).limit(1);
  for (let index = 0; index < 11; index++) {
    const january = index < 6;
    const personId = stableId("settings-person", String(index));
    await db.insert(persons).values({ id: personId, reference: `SET-${index}`, ageBand: "75-84", postcode: "PE15 0AA", latitude: 52.5, longitude: 0.08, districtCode: fenland, lawfulBasis: "public_task", createdAt: new Date("2025-01-02T10:00:00Z") });
    const referralId = stableId("settings-referral", String(index));
    await db.insert(referrals).values({ id: referralId, personId, serviceId: january ? vcs!.id : pa!.id, kind: "referral", status: "started", needs: ["daily-living"], consentToShare: true });
    await db.insert(divertedCare).values({
      referralId,
      personId,
      service: "home-care",
      hoursPerWeek: january ? "10" : "4",
      fromDate: january ? "2025-01-01" : "2025-02-01",
      toDate: january ? "2025-01-28" : "2025-02-28",
      confidence: january ? "high" : "medium",
      cashable: !january,
    });
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await insertFixture();
  administrator = await sessionFor(database, "administrator");
  commissioner = await sessionFor(database, "commissioner");
});
afterAll(async () => {
  await database?.destroy();
});

const get = (path: string, session?: TestSession) => app.request(path, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });
const post = (path: string, session: TestSession, fields: Record<string, string>) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: app.origin, cookie: session.cookie },
    body: new URLSearchParams({ csrf: session.csrf, ...fields }),
    redirect: "manual",
  });
/** The adjusted figure of the dashboard's by-kind CSV total row, in pence. */
async function adjustedTotal(): Promise<number> {
  const text = await (await get(`/evidence/csv/by-kind?${period}`, commissioner)).text();
  const total = text.split("\n").find((line) => line.startsWith("Total,"))!;
  return Math.round(Number(total.split(",").at(-1)) * 100);
}
const noAdjustments = { displacement: "0", attribution: "0", dropOff: "0", optimismBias: "0" };

describe(`the programme's adjustments on ${testDriver}`, () => {
  it("change the dashboard's adjusted figures, its CSV and its traces when an administrator sets deadweight, and are audited", async () => {
    const before = await adjustedTotal();
    // By hand, 2024/25 prices (home care £28.53 an hour; PA £13.00 in 2019/20 = 1300 × 100 ÷ 80.8738 in 2024/25):
    // January 6 × 40 h × £28.53 × 90% = £6,162.48; February 5 × (16 h × £28.53 − PA 1300 × 16 × 100 ÷ 80.8738 = 25,718.9p → £257.19) × 75%.
    expect(before).toBe(616_248 + Math.round(5 * (45_648 - 25_719) * 0.75));

    const saved = await post("/evidence/settings", administrator, { intent: "adjustments", district: fenland, fromMonth: "2024-04", deadweight: "20", ...noAdjustments, source: "Evaluation of the pilot, 2024" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/evidence/settings?district=${fenland}&saved=adjustments`);
    // Each label is rounded once: cost avoidance £6,162.48 × 80%, cashable £747.3375 × 80%.
    expect(await adjustedTotal()).toBe(Math.round(616_248 * 0.8) + Math.round(5 * (45_648 - 25_719) * 0.75 * 0.8));

    const page = await (await get(`/evidence?${period}`, commissioner)).text();
    expect(page).toContain("Every kind of support, set from 2024-04: deadweight 20%");
    expect(page).toMatch(/less deadweight<\/td><td[^>]*>20%<\/td><td[^>]*>£4,929\.98/); // the step, with its share
    expect(chartLabelDisagreements(page)).toEqual([]);
    const trace = await (await get(`/evidence/trace?${period}&dimension=month&key=2025-01`, commissioner)).text();
    expect(trace).toContain("£4,929.98"); // £6,162.48 × 80%
    expect(trace).toContain("Every kind of support, set from 2024-04");

    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "evidence.adjustments.set")).orderBy(desc(auditEvents.at)).limit(1);
    expect(audit).toMatchObject({ actorRole: "administrator", details: { district: fenland, deadweight: "20.00", from: "2024-04", source: "Evaluation of the pilot, 2024" } });
    const settings = await (await get(`/evidence/settings?district=${fenland}`, commissioner)).text();
    expect(settings).toContain("Evaluation of the pilot, 2024");
    expect(settings).toContain("admin@demo.example.org");
  });

  it("apply to the same records exactly as the modeller does, per kind of support and programme year, in the same price year", async () => {
    // A commissioner sets the PA kind its own, and the district's programme started in April 2023, so 2025 is its second year.
    expect((await post("/evidence/settings", commissioner, { intent: "adjustments", district: fenland, assetKind: "personal_assistant", fromMonth: "2024-04", deadweight: "40", displacement: "5", attribution: "10", dropOff: "10", optimismBias: "15", source: "PA market review" })).status).toBe(302);
    expect((await post("/evidence/settings", commissioner, { intent: "programme", district: fenland, name: "Fenland pilot", startMonth: "2023-04" })).status).toBe(302);
    const dashboard = await adjustedTotal();

    const rows = await database.db.select({ row: divertedCare, kind: services.kind }).from(divertedCare).innerJoin(referrals, eq(referrals.id, divertedCare.referralId)).innerJoin(services, eq(services.id, referrals.serviceId)).where(eq(divertedCare.districtCode, fenland));
    const index = await currentPriceIndex(database.db);
    const scenario = {
      kind: "evidence",
      programme: { start: "2024-04-01", years: 1, firstYear: 2 },
      investment: 0,
      unitCosts: (await listUnitCosts(database.db)).map((cost) => ({ id: cost.id, service: cost.service, unit: cost.unit, amount: (cost.amountPence / 100).toFixed(2), priceYear: cost.priceYear, source: cost.source, validFrom: cost.validFrom, validTo: cost.validTo })),
      records: rows.map(({ row, kind }) => ({
        id: row.id,
        service: row.service,
        hoursPerWeek: Number(row.hoursPerWeek),
        from: row.fromDate,
        to: row.toDate,
        confidencePercent: row.confidence === "high" ? 90 : 75,
        cashable: row.cashable,
        communitySupport: kind === "personal_assistant" ? [{ service: "pa-micro-enterprise", hoursPerWeek: Number(row.hoursPerWeek) }] : [],
        adjustments:
          kind === "personal_assistant"
            ? { label: "PA", deadweightPercent: 40, displacementPercent: 5, attributionPercent: 10, dropOffPercent: 10, optimismBiasPercent: 15 }
            : { label: "every kind", deadweightPercent: 20 },
      })),
    };
    const modelled = runScenario(scenario, { priceYear: "2024/25", priceIndex: index });
    expect(modelled.kind).toBe("evidence");
    if (modelled.kind !== "evidence") return;
    expect(dashboard).toBe(modelled.totals.adjusted.total.pence);
    // And it is what the shares say: January × 0.8; February × 0.6 × 0.95 × 0.9 × 0.9 (second year's drop-off) × 0.85.
    expect(modelled.totals.adjusted.nonCashable.pence).toBe(Math.round(616_248 * 0.8));
    const page = await (await get(`/evidence?${period}`, commissioner)).text();
    expect(page).toContain("Programme years count from 2023-04-01 (Fenland pilot)");
    expect(page).toContain("Programme year 2, cashable savings");
    expect(page).toContain("10% a year, year 2");
  });

  it("are refused over 100%, without a source, and for anyone without the permission; nothing is stored", async () => {
    const count = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(evidenceAdjustments))[0]!.n;
    const stored = await count();
    const over = await post("/evidence/settings", administrator, { intent: "adjustments", district: fenland, fromMonth: "2025-01", deadweight: "120", ...noAdjustments, source: "" });
    expect(over.status).toBe(400);
    const body = await over.text();
    expect(body).toContain("The deadweight cannot be over 100%");
    expect(body).toContain("Say where the figures come from, or why you chose them");
    const roles: Role[] = ["resident", "provider", "practitioner", "coordinator"];
    for (const role of roles) {
      const session = await sessionFor(database, role);
      expect((await post("/evidence/settings", session, { intent: "adjustments", fromMonth: "2025-01", deadweight: "10", ...noAdjustments, source: "x" })).status, role).toBe(403);
      expect((await get("/evidence/settings", session)).status, role).toBe(403);
    }
    expect(await count()).toBe(stored);
  });
});

describe(`the price index and unit costs on ${testDriver}`, () => {
  it("refuses an edition with a gap year by its field, and converts with a newer edition once recorded (audited)", async () => {
    const editions = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(priceIndexEditions))[0]!.n;
    const before = await editions();
    const gap = await post("/admin/price-index", administrator, { name: "Test deflators", source: "A test", publishedOn: "2026-06-30", values: "2019/20, 80\n2020/21, 85\n2022/23, 91" });
    expect(gap.status).toBe(400);
    expect(await gap.text()).toContain("The index has a gap: 2021/22 is missing between 2020/21 and 2022/23.");
    expect(await editions()).toBe(before);
    expect((await post("/admin/price-index", commissioner, { name: "x", source: "x", publishedOn: "2026-06-30", values: "2019/20 1\n2020/21 2" })).status).toBe(403);

    const nominal = await adjustedTotal();
    // The same years with 2019/20 = 50: the PA's £13.00 (2019/20) is now £26.00 in 2024/25 prices, and home care unchanged.
    const lines = (await currentPriceIndex(database.db)).values.map((row) => `${row.year} ${row.year === "2019/20" ? "50" : row.value}${row.forecast ? " forecast" : ""}`);
    const recorded = await post("/admin/price-index", administrator, { name: "Test deflators", source: "A test edition", publishedOn: "2026-06-30", values: lines.join("\n") });
    expect(recorded.status).toBe(302);
    expect((await currentPriceIndex(database.db)).source).toBe("A test edition");
    expect(await adjustedTotal()).toBeLessThan(nominal); // more community support paid for, in 2024/25 prices
    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "price-index.record"));
    expect(audit).toMatchObject({ actorRole: "administrator", details: { name: "Test deflators", years: "2000/01 to 2030/31" } });
    const trace = await (await get(`/evidence/trace?${period}&dimension=month&key=total`, commissioner)).text();
    expect(trace).toContain("£26.00 an hour: × 2.000000 (index 100.0000 for 2024/25 ÷ 50.0000 for 2019/20)");
  });

  it("refuses a unit cost that ends before it starts, by its field, and flags figures more than two years old", async () => {
    const backwards = await post("/admin/unit-costs", administrator, { service: "reablement-bridging", amount: "40.00", priceYear: "2026/27", validFrom: "2027-04-01", validTo: "2027-03-31", source: "Test" });
    expect(backwards.status).toBe(400);
    const body = await backwards.text();
    expect(body).toContain("The last day must be on or after the date the figure starts: a figure cannot end before it starts");
    expect(body).toContain('href="#validTo"');
    expect((await database.db.select().from(unitCosts).where(and(eq(unitCosts.service, "reablement-bridging"), eq(unitCosts.validFrom, "2027-04-01")))).length).toBe(0);

    const list = await (await get("/admin/unit-costs", administrator)).text();
    expect(list).toMatch(/figures in force today are more than two years older than this financial year/);
    expect(list).toContain("Reablement bridging (2019/20)");
    expect(list).toContain("More than two years old");
    expect(list).toContain("National reference point: Homecare Association minimum price for homecare, £32.14 (2025/26)");
    const dashboard = await (await get(`/evidence?${period}`, administrator)).text();
    expect(dashboard).toMatch(/unit costs in force today are more than two years old/);
    expect(await (await get(`/evidence?${period}`, commissioner)).text()).not.toMatch(/more than two years old/);
  });
});
