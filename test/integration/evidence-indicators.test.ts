/**
 * The programme indicators page through the real HTTP stack, on the demo data: BCP's Appendix 1
 * indicators with the demo's baselines, England averages, targets and imported demo values, the
 * ones worked out from records, charts that agree with their tables, CSV; and the import: a bad
 * file refused row by row with nothing imported, a good one checked, then imported once.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kpiValues } from "../../db/schema";
import { indicators } from "../../db/vocabulary/indicators";
import type { Role } from "../../app/modules/accounts/permissions";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";
import { chartLabelDisagreements, duplicateIds } from "../support/html";
import { sessionFor, type TestSession } from "../support/sessions";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;
let commissioner: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  commissioner = await sessionFor(database, "commissioner");
});
afterAll(async () => {
  await database?.destroy();
});

const get = (path: string, session: TestSession | null = commissioner) => app.request(path, { headers: session ? { cookie: session.cookie } : {}, redirect: "manual" });
async function upload(session: TestSession, name: string, content: string) {
  const form = new FormData();
  form.set("csrf", session.csrf);
  form.set("file", new File([content], name, { type: "text/csv" }));
  return app.request("/evidence/indicators/import", { method: "POST", headers: { origin: app.origin, cookie: session.cookie }, body: form, redirect: "manual" });
}
const storedValues = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(kpiValues))[0]!.n;

describe(`programme indicators on ${testDriver}`, () => {
  it("shows every Appendix 1 indicator with the demo's baselines, England averages, targets and values", async () => {
    const response = await get("/evidence/indicators?district=E07000009");
    expect(response.status).toBe(200);
    const page = await response.text();
    for (const indicator of indicators) expect(page, indicator.code).toContain(indicator.name);
    // BCP's baselines and the England averages its business case quotes (dated 2023/24, said so in their source).
    expect(page).toMatch(/data-indicator="asc-spend-per-adult"[\s\S]*?£557\.18 \(2023\/24\)[\s\S]*?£523\.95 \(2023\/24\)/);
    expect(page).toMatch(/data-indicator="reablement-91-days"[\s\S]*?71\.6% \(2023\/24\)[\s\S]*?82\.3% \(2023\/24\)/);
    expect(page).toMatch(/data-indicator="tec-offered"[\s\S]*?Not measured/);
    // Imported demo values and targets.
    expect(page).toMatch(/data-indicator="home-care-under-10-hours"[\s\S]*?31% \([\d/]+\)[\s\S]*?41% \(2023\/24\)[\s\S]*?15%/);
    // Worked out: the traditional services' share from the imported demo spend (2 years).
    expect(page).toMatch(/data-indicator="traditional-spend-share"[\s\S]*?\d+(\.\d)?% \(\d{4}\/\d{2}\)/);
    // And from the records: requests a month.
    expect(page).toMatch(/data-indicator="requests"[\s\S]*?\d+ \(\w+ \d{4}\)/);
    expect(duplicateIds(page)).toEqual([]);
  });

  it("draws each indicator over time with a chart whose withheld bars agree with its table, and a CSV", async () => {
    for (const code of ["reablement-91-days", "requests", "resolved-in-conversation-1", "tec-offered", "cashable-share", "community-to-formal-spend", "care-act-referrals", "traditional-spend-share"]) {
      const page = await (await get(`/evidence/indicators/${code}?district=E07000009`)).text();
      expect(page, code).toContain('data-chart="chart-indicator"');
      expect(page, code).toContain('data-table="indicator"');
      expect(chartLabelDisagreements(page), code).toEqual([]);
    }
    const reablement = await (await get("/evidence/indicators/reablement-91-days")).text();
    expect(reablement).toContain("Baseline (2023/24): 71.6%");
    expect(reablement).toContain("England average (2023/24): 82.3%");
    expect(reablement).toContain("Demo value, invented for illustration");
    const csv = await get("/evidence/indicators.csv?indicator=reablement-91-days");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = await csv.text();
    expect(text).toContain("Indicator code,Indicator,Period,Value,Price year,Source,Baseline,England average,Target,Better when,What good looks like");
    expect(text).toMatch(/reablement-91-days,Older people still at home 91 days after discharge from hospital into reablement,\d{4}\/\d{2},7\d\.\d%/);
    expect((await get("/evidence/indicators/no-such-thing")).status).toBe(404);
  });

  it("refuses a file with an unknown indicator, a period twice, a percentage over 100 and text for a number, row by row, importing nothing", async () => {
    const before = await storedValues();
    const file = [
      "indicator,period,value,measure,price_year,source,note",
      "reablement-91-days,2025/26,79.5,value,,SALT 2025/26,",
      "reablement-91-dayz,2025/26,79.5,value,,SALT 2025/26,",
      "reablement-91-days,2025/26,80.1,value,,SALT again,",
      "reablement-offered,2025/26,140,value,,SALT 2025/26,",
      "home-care-under-10-hours,2025/26,about forty,value,,Case system,",
    ].join("\n");
    const checked = await upload(commissioner, "bad.csv", file);
    expect(checked.status).toBe(303);
    const report = await (await get(checked.headers.get("location")!)).text();
    expect(report).toContain("bad.csv cannot be imported");
    expect(report).toContain("5 problems: nothing was imported");
    expect(report).toContain("&quot;reablement-91-dayz&quot; is not an indicator Asset Atlas knows");
    expect(report).toContain("2025/26 is given twice for this indicator and measure (rows 2 and 4): keep one.");
    expect(report).toContain("140% is over 100%: give a percentage from 0 to 100.");
    expect(report).toContain("&quot;about forty&quot; is not a number");
    expect(report).not.toMatch(/Import (all|this row)/);
    // Posting "import" for it anyway is refused.
    const id = checked.headers.get("location")!.split("/").at(-1)!;
    const forced = await app.request(`/evidence/indicators/import/${id}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: app.origin, cookie: commissioner.cookie }, body: new URLSearchParams({ csrf: commissioner.csrf }), redirect: "manual" });
    expect(forced.status).toBe(409);
    expect(await storedValues()).toBe(before);
  });

  it("checks a good file first, then imports every row once, dated and sourced, and shows it", async () => {
    const before = await storedValues();
    const file = "indicator,period,value,measure,source\nsocial-contact,2024/25,44.0,england-average,Test source for the England average\nsocial-contact,2025/26,47.5,value,Adult social care survey 2025/26\n";
    const checked = await upload(commissioner, "good.csv", file);
    const location = checked.headers.get("location")!;
    const report = await (await get(location)).text();
    expect(report).toContain("good.csv is ready to import");
    expect(report).toContain("Nothing: a new value");
    expect(await storedValues()).toBe(before); // the dry run writes no values
    const post = () => app.request(location, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: app.origin, cookie: commissioner.cookie }, body: new URLSearchParams({ csrf: commissioner.csrf }), redirect: "manual" });
    expect((await post()).status).toBe(303);
    expect(await storedValues()).toBe(before + 2);
    expect((await post()).status).toBe(409); // not twice
    const [row] = await database.db.select().from(kpiValues).where(eq(kpiValues.source, "Adult social care survey 2025/26"));
    expect(row).toMatchObject({ indicator: "social-contact", measure: "value", period: "2025/26", periodStart: "2025-04-01", isDemo: false });
    const page = await (await get("/evidence/indicators/social-contact")).text();
    expect(page).toContain("47.5%");
    expect(page).toContain("England average (2024/25): 44%");
  });

  it("lets only commissioners and administrators import, and only staff with evidence:read read", async () => {
    const roles: Role[] = ["resident", "provider", "practitioner", "coordinator"];
    for (const role of roles) {
      const session = await sessionFor(database, role);
      expect((await get("/evidence/indicators", session)).status, role).toBe(403);
      expect((await get("/evidence/indicators/import", session)).status, role).toBe(403);
      expect((await upload(session, "x.csv", "indicator,period,value,source\n")).status, role).toBe(403);
    }
    const signedOut = await get("/evidence/indicators", null);
    expect(signedOut.status).toBe(302);
    const administrator = await sessionFor(database, "administrator");
    expect((await get("/evidence/indicators/import", administrator)).status).toBe(200);
  });
});

describe(`every chart's labels agree with its table on ${testDriver}`, () => {
  it("on the dashboard, for every district and the whole area", async () => {
    for (const district of ["", "E07000009", "E07000010", "E07000008"]) {
      const page = await (await get(`/evidence?district=${district}`)).text();
      expect(page, district).toContain('data-chart="chart-month"');
      expect(chartLabelDisagreements(page), district || "all districts").toEqual([]);
    }
  });
});
