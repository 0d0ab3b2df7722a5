/**
 * The commissioners' dashboard through the real HTTP stack, on a small fixture in Fenland (no
 * demo data there) whose figures are worked out by hand below; suppression; CSV downloads;
 * refusals for every role without evidence:read; targets, investment and ROI; and a unit-cost
 * change that leaves past periods' figures as they were.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, divertedCare, persons, referrals, requests, services, wards } from "../../db/schema";
import { stableId } from "../../db/vocabulary/ids";
import { anonymous, type Role } from "../../app/modules/accounts/permissions";
import { applyRetention, eraseSubject, exportSubject } from "../../app/modules/privacy/personal-data.server";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let commissioner: TestSession;

const fenland = "E07000010";
const period = `from=2025-01&to=2025-03&district=${fenland}&priceYear=2024/25`;
const square = { type: "Polygon" as const, coordinates: [[[0, 52], [0.01, 52], [0.01, 52.01], [0, 52]]] };
const wardA = "E05099001";
const wardB = "E05099002";
const wardC = "E05099003";

/**
 * By hand, in 2024/25 prices (the default unit costs: home care at the Homecare Association's
 * £28.53 an hour for 2024/25; PA or micro-enterprise £13.00 an hour in 2019/20 prices, × 100 ÷
 * 80.8738 = £16.07 in 2024/25 prices; residential £1,070 a placement week, 2024/25; confidence
 * "high" = 90%; no adjustments set):
 * - ward A: 6 people, home care 10 h a week for 28 days in January (a VCS group): 40 h and £1,141.20 each → 240 h, £6,847.20;
 * - ward C: 5 people, home care 4 h a week for 28 days in February (a VCS group): 16 h and £456.48 each → 80 h, £2,282.40,
 *   each an existing package reduced (cashable): £2,054.16 of the adjusted total is cashable (£2,282.40 × 90%);
 * - ward B: 2 people, home care 7 h a week for 14 days in February met by a PA: 14 h, £399.42 gross and £225.04 of
 *   PA time each (1,300p × 14 × 100 ÷ 80.8738 = 22,504.2p); 1 person, a residential placement for 14 days in March: 2 weeks, £2,140.00.
 * Total: 14 people, 348 h, 2 placement weeks (withheld: one person had them), gross £12,068.44, community support £450.08,
 * net £11,618.36, adjusted for 90% confidence £10,456.52 (cashable £2,054.16 + cost avoidance £8,402.36).
 */
async function insertFixture() {
  const db = database.db;
  await db.insert(wards).values([
    { code: wardA, name: "Test Ward A", districtCode: fenland, boundary: square, boundaryVintage: "test" },
    { code: wardB, name: "Test Ward B", districtCode: fenland, boundary: square, boundaryVintage: "test" },
    { code: wardC, name: "Test Ward C", districtCode: fenland, boundary: square, boundaryVintage: "test" },
  ]);
  const [vcs] = await db.select({ id: services.id }).from(services).where(and(eq(services.kind, "vcs_group"), eq(services.listingStatus, "published"))).limit(1);
  const [pa] = await db.select({ id: services.id }).from(services).where(and(eq(services.kind, "personal_assistant"), eq(services.listingStatus, "published"))).limit(1);
  let count = 0;
  const add = async (ward: string, outcome: "signposted" | "short_term" | "nothing_further", care?: { service: string; hours: string | null; from: string; to: string; via: string; need: string; cashable?: boolean }) => {
    count += 1;
    const personId = stableId("test-person", String(count));
    await db.insert(persons).values({
      id: personId,
      reference: `TEST-${count}`,
      ageBand: "75-84",
      postcode: "PE15 0AA",
      latitude: 52.5,
      longitude: 0.08,
      wardCode: ward,
      districtCode: fenland,
      lawfulBasis: "public_task",
      createdAt: new Date("2025-01-02T10:00:00Z"),
    });
    // The request that brought them, closed after 10 days (short-term support: 4 days).
    await db.insert(requests).values({
      personId,
      source: "gp",
      receivedOn: "2025-01-02",
      wardCode: ward,
      districtCode: fenland,
      outcome,
      closedOn: outcome === "short_term" ? "2025-01-06" : "2025-01-12",
      shortTermSupport: outcome === "short_term" ? ["reablement"] : [],
    });
    if (!care) return;
    const referralId = stableId("test-referral", String(count));
    await db.insert(referrals).values({ id: referralId, personId, serviceId: care.via, kind: "referral", status: "started", needs: [care.need], consentToShare: true });
    await db.insert(divertedCare).values({ referralId, personId, service: care.service, hoursPerWeek: care.hours, fromDate: care.from, toDate: care.to, confidence: "high", cashable: care.cashable ?? false });
  };
  for (let i = 0; i < 6; i++) await add(wardA, "signposted", { service: "home-care", hours: "10", from: "2025-01-01", to: "2025-01-28", via: vcs!.id, need: "social-connection" });
  for (let i = 0; i < 5; i++) await add(wardC, "signposted", { service: "home-care", hours: "4", from: "2025-02-01", to: "2025-02-28", via: vcs!.id, need: "daily-living", cashable: true });
  for (let i = 0; i < 2; i++) await add(wardB, "signposted", { service: "home-care", hours: "7", from: "2025-02-01", to: "2025-02-14", via: pa!.id, need: "daily-living" });
  await add(wardB, "signposted", { service: "residential-placement-65-plus", hours: null, from: "2025-03-01", to: "2025-03-14", via: vcs!.id, need: "carer-support" });
  for (let i = 0; i < 3; i++) await add(wardA, "short_term");
  for (let i = 0; i < 2; i++) await add(wardA, "nothing_further");
  // Outside the period, and in another district: not counted.
  await db.insert(requests).values([
    { source: "self", receivedOn: "2024-12-31", wardCode: wardA, districtCode: fenland },
    { source: "self", receivedOn: "2025-02-01", districtCode: "E07000009" },
  ]);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await insertFixture();
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
const csv = async (table: string) => {
  const response = await get(`/evidence/csv/${table}?${period}`, commissioner);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/csv");
  expect(response.headers.get("content-disposition")).toContain(`attachment; filename="diverted-care-${table}-${fenland}-2025-01-to-2025-03-2024-25-prices.csv"`);
  const lines = (await response.text()).split("\n");
  expect(lines[1]).toMatch(/^"?Money in 2024\/25 prices/);
  return lines.slice(4, -1);
};

describe(`the evidence dashboard on ${testDriver}`, () => {
  it("adds up the fixture as worked out by hand, with suppression and secondary suppression", async () => {
    const header = "People,Hours of care diverted,Placement weeks avoided,Cost avoided (£),Community support paid for (£),Net cost avoided (£),Adjusted for confidence and the adjustments (£)";
    const total = "Total,14,348.00,,12068.44,450.08,11618.36,10456.52";
    expect(await csv("by-ward")).toEqual([
      `Ward,${header}`,
      "Test Ward A,6,240.00,,6847.20,0.00,6847.20,6162.48",
      "Test Ward B,fewer than 5,,,,,,", // 3 people
      "Test Ward C,not shown,,,,,,", // 5 people, withheld so that ward B cannot be worked out from the total
      total,
    ]);
    expect(await csv("by-month")).toEqual([
      `Month,${header}`,
      "Jan 2025,not shown,,,,,,", // 6 people: the smallest other month, withheld to protect March
      "Feb 2025,7,108.00,,3081.24,450.08,2631.16,2368.04",
      "Mar 2025,fewer than 5,,,,,,", // 1 placement
      total,
    ]);
    expect((await csv("by-district")).slice(1)).toEqual(["Fenland,14,348.00,,12068.44,450.08,11618.36,10456.52", total]);
    expect(await csv("by-need")).toEqual([
      `Need,${header}`,
      "Company and social connection,not shown,,,,,,",
      "Help with daily living,7,108.00,,3081.24,450.08,2631.16,2368.04",
      "Support for carers,fewer than 5,,,,,,",
      total,
    ]);
    // Two kinds: a PA (2 people) and VCS groups (12) — one small cell hides the other.
    expect(await csv("by-kind")).toEqual([
      `Kind of asset,${header}`,
      "Personal assistant (PA),fewer than 5,,,,,,",
      "Voluntary or community group,not shown,,,,,,",
      total,
    ]);
    expect(await csv("funnel")).toEqual([
      "How the request ended,Requests,Median days to outcome",
      "Signposted or referred to community support,14,10",
      "Short-term support,fewer than 5,",
      "Nothing further needed,fewer than 5,",
      "Formal care,0,",
      "Other,0,",
      "Still open,0,",
      "Total,19,",
    ]);
  });

  it("shows the same figures on the page, adjusted for confidence, each traceable to its unit costs", async () => {
    const page = await (await get(`/evidence?${period}`, commissioner)).text();
    expect(page).toContain("Fenland, Jan 2025 to Mar 2025");
    expect(page).toContain("All money on this page is in 2024/25 prices");
    expect(page).toContain("£12,068.44");
    expect(page).toContain("£11,618.36");
    expect(page).toContain("£10,456.52"); // £11,618.36 × 90%
    expect(page).toContain("£2,054.16 (the rest is cost avoidance"); // ward C's reduced packages, × 90%
    // The adjustment steps for each label, so each table adds up: £8,402.36 + £2,054.16 = £10,456.52.
    // The demo programme (for the whole council area, which Fenland inherits) began after this period.
    expect(page).toMatch(/Before the programme started \(no drop-off\), cost avoidance[\s\S]*£8,402\.36/);
    expect(page).toMatch(/Before the programme started \(no drop-off\), cashable savings[\s\S]*£2,054\.16/);
    expect(page).toContain("No adjustments are set for this area");
    expect(page).toContain("Cashable return on investment");
    const trace = await get(`/evidence/trace?${period}&dimension=ward&key=${wardA}`, commissioner);
    expect(trace.status).toBe(200);
    const traceText = await trace.text();
    expect(traceText).toContain("£28.53 an hour (2024/25 prices)");
    expect(traceText).toContain("240 hours");
    expect(traceText).toContain("£6,847.20");
    expect(traceText).toContain("£6,162.48"); // adjusted: × 90%
    expect(traceText).not.toContain("TEST-"); // never a person's reference
    // Inside a trace, a unit cost used for fewer than 5 people shows the rate but not the quantity or amount.
    const total = await (await get(`/evidence/trace?${period}&dimension=month&key=total`, commissioner)).text();
    expect(total).toContain("£1,070.00 a placement week (2024/25 prices)");
    expect(total).toContain("fewer than 5");
    expect(total).not.toContain("£2,140.00"); // the one placement
    expect(total).toContain("£12,068.44");
    // The PA's unit cost is shown as recorded and as converted, with the index values.
    expect(total).toContain("£13.00 an hour (2019/20 prices)");
    expect(total).toContain("£16.07 an hour: × 1.236494 (index 100.0000 for 2024/25 ÷ 80.8738 for 2019/20)");
    // A withheld cell's trace is refused.
    expect((await get(`/evidence/trace?${period}&dimension=ward&key=${wardB}`, commissioner)).status).toBe(403);
    expect((await get(`/evidence/trace?${period}&dimension=ward&key=E05000000`, commissioner)).status).toBe(404);
  });

  it("stores a dated monthly target and the programme investment, and refuses a negative investment", async () => {
    const negative = await post(`/evidence?${period}`, commissioner, { intent: "investment", amount: "-100", investedOn: "2025-01-15", description: "Grants", district: fenland });
    expect(negative.status).toBe(400);
    expect(await negative.text()).toContain("The investment cannot be negative");
    const badMonth = await post(`/evidence?${period}`, commissioner, { intent: "target", monthlyTarget: "2000", fromMonth: "Feb", district: fenland });
    expect(badMonth.status).toBe(400);

    const target = await post(`/evidence?${period}`, commissioner, { intent: "target", monthlyTarget: "2000", fromMonth: "2025-02", district: fenland });
    expect(target.status).toBe(302);
    expect(target.headers.get("location")).toContain("saved=target");
    const investment = await post(`/evidence?${period}`, commissioner, { intent: "investment", amount: "1,000", investedOn: "2025-01-15", description: "Grants to groups", district: fenland });
    expect(investment.status).toBe(302);

    expect(await csv("trajectory")).toEqual([
      "Month,Cost avoided (£),Monthly target (£),Cost avoided so far (£),Target so far (£)",
      "Jan 2025,,,,", // withheld, and so is every running total after it
      "Feb 2025,3081.24,2000.00,,2000.00",
      "Mar 2025,,2000.00,,4000.00",
    ]);
    const page = await (await get(`/evidence?${period}`, commissioner)).text();
    expect(page).toContain("£10.46 of adjusted benefit for every £1 invested."); // £10,456.52 ÷ £1,000
  });

  it("keeps past periods' figures when an administrator records a new home-care rate", async () => {
    const before = await csv("by-ward");
    const admin = await sessionFor(database, "administrator");
    const early = await post("/admin/unit-costs", admin, { service: "home-care", amount: "19.00", priceYear: "2018/19", validFrom: "2018-04-01", source: "Test" });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain("The new figure must start after 1 April 2025");
    const negative = await post("/admin/unit-costs", admin, { service: "home-care", amount: "-19.00", priceYear: "2026/27", validFrom: "2026-04-01", source: "Test" });
    expect(await negative.text()).toContain("The amount cannot be negative");
    const badYear = await post("/admin/unit-costs", admin, { service: "home-care", amount: "19.00", priceYear: "2026-27", validFrom: "2026-04-01", source: "Test" });
    expect(await badYear.text()).toContain("Enter the price year like 2026/27");

    const recorded = await post("/admin/unit-costs", admin, { service: "home-care", amount: "25.00", priceYear: "2025/26", validFrom: "2026-01-01", source: "Council uplift" });
    expect(recorded.status).toBe(302);
    expect(await csv("by-ward")).toEqual(before); // all the fixture's home care is before 2026
    const list = await (await get("/admin/unit-costs", admin)).text();
    expect(list).toContain("From 1 April 2025 to 31 December 2025");
    expect(list).toContain("£25.00 an hour");
  });

  it("says which unit cost is missing rather than failing", async () => {
    const [someone] = await database.db.select().from(persons).where(eq(persons.reference, "TEST-1"));
    const [referral] = await database.db.select().from(referrals).where(eq(referrals.personId, someone!.id));
    // The demo's day-care figure starts on 1 April 2024: nothing prices day care before it.
    await database.db.insert(divertedCare).values({ referralId: referral!.id, personId: someone!.id, service: "day-care", hoursPerWeek: "6", fromDate: "2024-01-08", toDate: "2024-01-19", confidence: "low" });
    const response = await get(`/evidence?from=2024-01&to=2024-01&district=${fenland}`, commissioner);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("No unit cost for &quot;day-care&quot; in force on 2024-01-08");
  });

  it("refuses every role without evidence:read, and sends strangers to sign in", async () => {
    const roles: Role[] = ["resident", "provider", "practitioner", "coordinator"];
    const paths = ["/evidence", `/evidence/csv/by-ward?${period}`, `/evidence/trace?${period}&dimension=ward&key=${wardA}`, "/evidence/modeller", "/evidence/modeller.csv?model=cohort&weeklyCost=100&shareDiverted=5&years=1"];
    for (const role of roles) {
      const session = await sessionFor(database, role);
      for (const path of paths) expect((await get(path, session)).status, `${role} ${path}`).toBe(403);
      expect((await post(`/evidence?${period}`, session, { intent: "target", monthlyTarget: "1", fromMonth: "2025-01" })).status).toBe(403);
    }
    for (const path of paths) {
      const response = await get(path);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toMatch(/^\/sign-in\?/);
    }
    expect((await get("/admin/unit-costs", commissioner)).status).toBe(403);
  });

  it("models a cohort and a cash-flow, and refuses adjustments over 100%", async () => {
    const page = await (await get("/evidence/modeller?model=cohort&packages=469&weeklyCost=203730&shareDiverted=5&years=3", commissioner)).text();
    expect(page).toContain("£10,593,960.00");
    expect(page).toContain("£1,589,094.00");
    const over = await (await get("/evidence/modeller?model=cohort&weeklyCost=1000&shareDiverted=5&years=3&deadweight=120", commissioner)).text();
    expect(over).toContain("The deadweight cannot be over 100%");
    const cashflow = await (await get("/evidence/modeller.csv?model=cashflow&savings=500000,250000,0&cashflowInvestment=250000", commissioner)).text();
    expect(cashflow).toContain("Cumulative cash-flow (£),2000000.00"); // 500,000 × 3 + 250,000 × 2
    expect(cashflow).toContain("Net cumulative cash-flow (£),1750000.00");
  });
});

describe(`evidence that outlives people's records on ${testDriver}`, () => {
  it("keeps every figure when people are erased or their records reach the end of retention, with nothing left that points to them", async () => {
    const tables = ["by-ward", "by-month", "by-district", "by-need", "by-kind", "trajectory", "funnel"];
    const before = await Promise.all(tables.map(csv));
    const [erased] = await database.db.select().from(persons).where(eq(persons.reference, "TEST-1"));
    const [expired] = await database.db.select().from(persons).where(eq(persons.reference, "TEST-7"));
    const theirIds = [erased!.id, expired!.id];
    await database.db.update(divertedCare).set({ note: "Mrs A, who lives at 3 Mill Lane" }).where(eq(divertedCare.personId, erased!.id));
    const theirRows = await database.db.select().from(divertedCare).where(inArray(divertedCare.personId, theirIds));
    expect(theirRows.length).toBeGreaterThanOrEqual(2); // (an earlier test gave one of them a second row)
    // The audit event of a recording, as older versions wrote it: the row's id and its figures beside the person's id.
    const [inserted] = await database.db
      .insert(auditEvents)
      .values({ actorRole: "practitioner", action: "diverted-care.record", subjectType: "referral", subjectId: theirRows[0]!.referralId, details: { divertedCareId: theirRows[0]!.id, personId: theirRows[0]!.personId, service: "home-care", hoursPerWeek: "10.00", fromDate: "2025-01-01", weeklyPence: 17500 } })
      .returning({ id: auditEvents.id });
    const admin = { ...anonymous, role: "administrator" as const };

    expect((await eraseSubject(database.db, admin, { reference: "TEST-1" })).people).toBe(1);
    await database.db.update(persons).set({ lastActivityAt: new Date("2020-01-01T00:00:00Z") }).where(eq(persons.id, expired!.id));
    expect((await applyRetention(database.db, new Date(), { recordDays: 730, auditDays: 2190 })).people).toBeGreaterThanOrEqual(1);
    expect(await database.db.select().from(persons).where(inArray(persons.id, theirIds))).toEqual([]);

    // The same people counted, hours, money, places, needs, kinds, months and requests: nothing fell.
    expect(await Promise.all(tables.map(csv))).toEqual(before);
    // Their requests are kept for the funnel, but nothing in them leads back.
    expect(await database.db.select().from(requests).where(inArray(requests.personId, theirIds))).toEqual([]);

    // Nothing points back: not the old row ids, person, referral, note or recorder; a new random
    // subject per person; the recording time only to the month.
    expect(await database.db.select().from(divertedCare).where(inArray(divertedCare.id, theirRows.map((row) => row.id)))).toEqual([]);
    const orphans = await database.db.select().from(divertedCare).where(isNull(divertedCare.personId));
    const kept = theirRows.map((original) => {
      const matches = orphans.filter(
        (row) => row.service === original.service && row.hoursPerWeek === original.hoursPerWeek && row.fromDate === original.fromDate && row.wardCode === original.wardCode && row.confidence === original.confidence,
      );
      expect(matches.length, `the kept copy of ${original.id}`).toBeGreaterThanOrEqual(1);
      return matches[0]!;
    });
    for (const row of kept) {
      expect(row).toMatchObject({ personId: null, referralId: null, note: null, recordedBy: null });
      expect(row.districtCode).not.toBeNull();
      expect(row.assetKind).not.toBeNull();
      expect(theirIds).not.toContain(row.subject);
      expect(row.recordedAt.getUTCDate()).toBe(1);
      expect(row.recordedAt.getUTCHours()).toBe(0);
    }
    expect(new Set(kept.map((row) => row.subject)).size).toBe(2);
    // The audit event keeps who recorded diverted care for that person id, and when, not which row or what.
    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.id, inserted!.id));
    expect(audit!.details).toEqual({ personId: theirRows[0]!.personId });
    expect((await exportSubject(database.db, admin, { reference: "TEST-1" })).data.people).toEqual([]);
  });

  it("refuses to truncate people's records, which would delete the evidence without de-identifying it", async () => {
    const error = (await database.db.execute(sql`truncate persons cascade`).catch((caught: unknown) => caught)) as Error & { cause?: Error };
    expect(error).toBeInstanceOf(Error);
    expect(`${error.message} ${error.cause?.message ?? ""}`).toMatch(/persons cannot be truncated/);
    expect((await database.db.select().from(divertedCare)).length).toBeGreaterThan(0);
  });
});
