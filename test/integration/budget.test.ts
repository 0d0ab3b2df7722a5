import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { services } from "../../db/schema";
import { costedPlan, figureInForce, plannerPerson, plannerPlace, priceSchedule, type PriceSchedule } from "../../app/modules/budget/budget.server";
import { currentPriceIndex } from "../../app/modules/evidence/price-index.server";
import { listUnitCosts } from "../../app/modules/evidence/unit-costs.server";
import { convertPence } from "../../db/evidence/price-years";
import { createTestApp } from "../support/app";
import { createTestDatabase, testDriver, type TestDatabase } from "../support/database";

let database: TestDatabase;
let app: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
});
afterAll(async () => {
  await database?.destroy();
});

const plannerPath = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const one of [value].flat()) params.append(key, one);
  return `/budget?${params}`;
};
const schedule2627HomeCare = (schedule: PriceSchedule) => schedule.figures.find((figure) => figure.service === "home-care")!.pence;
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

describe(`what a budget buys on ${testDriver}`, () => {
  it("the price schedule gives the local PA and micro-enterprise rates from the listings, and the home-care figure with its price year", async () => {
    const schedule = await priceSchedule(database.db, "2026-12-06");
    const rates = await database.db
      .select({ kind: services.kind, rate: services.hourlyRatePence })
      .from(services)
      .where(and(eq(services.listingStatus, "published"), eq(services.status, "active"), isNotNull(services.hourlyRatePence)));
    const pas = rates.filter((row) => row.kind === "personal_assistant").map((row) => row.rate!).sort((a, b) => a - b);
    expect(schedule.priceYear).toBe("2026/27");
    expect(schedule.personalAssistants.listings).toBe(pas.length);
    expect(schedule.personalAssistants.lowestPence).toBe(pas[0]);
    expect(schedule.personalAssistants.highestPence).toBe(pas.at(-1));
    expect(schedule.personalAssistants.medianPence).toBe(pas[Math.ceil(pas.length / 2) - 1]);
    expect(schedule.microEnterprises.listings).toBeGreaterThan(0);
    expect(schedule.daySessions.listings).toBeGreaterThan(0);
    expect(schedule.freeGroups).toBeGreaterThan(0);
    // The unit-cost figures are converted to the listings' price year with the price index in use.
    const index = await currentPriceIndex(database.db);
    for (const figure of schedule.figures) {
      const stored = figureInForce(await listUnitCosts(database.db, figure.service), figure.service, "2026-12-06")!;
      expect(figure.priceYear, figure.service).toBe("2026/27");
      expect(figure.sameYear, figure.service).toBe(true);
      expect(figure.pence, figure.service).toBe(convertPence(index, stored.amountPence, stored.priceYear, "2026/27"));
      if (stored.priceYear !== "2026/27") {
        expect(figure.pence, figure.service).not.toBe(stored.amountPence);
        expect(figure.source).toContain(`Converted from ${stored.priceYear} to 2026/27 prices`);
      }
    }
    expect(schedule.figures.find((figure) => figure.service === "home-care")?.pence).toBeGreaterThan(0);

    const page = text(await (await app.request("/prices")).text());
    expect(page).toContain("Local price schedule");
    expect(page).toContain(`Personal assistants (PAs) ${pas.length}`);
    expect(page).toContain("Agency home care (the council's figure)");
  });

  it("£150 a week in Soham for company and daily living: free groups, paid hours with what is left, and home care compared", async () => {
    const place = await plannerPlace(database.db, "Soham");
    if ("error" in place) throw new Error(place.error);
    const question = { budget: 15_000, need: ["social-connection", "daily-living"], place: "Soham", hours: null };
    const plan = await costedPlan(database.db, question, plannerPerson(question, place.place), "2026-12-06");
    expect(plan.lines.length).toBeGreaterThanOrEqual(2);
    expect(plan.lines.some((line) => line.kind === "free-group" && line.costPence === 0 && line.needs.includes("social-connection"))).toBe(true);
    const paid = plan.lines.find((line) => line.kind === "paid-hours")!;
    expect(paid.needs).toContain("daily-living");
    expect(paid.costPence).toBe(paid.unitPence * paid.hoursPerWeek);
    expect(plan.totalPence).toBe(plan.lines.reduce((sum, line) => sum + line.costPence, 0));
    expect(plan.leftPence).toBe(15_000 - plan.totalPence);
    expect(plan.leftPence).toBeGreaterThanOrEqual(0);
    // The budget is spent to the last whole hour the rest buys.
    expect(plan.leftPence).toBeLessThan(paid.unitPence);
    expect(plan.homeCare!.hours).toBe(paid.hoursPerWeek);
    expect(plan.homeCare!.costPence).toBe(plan.homeCare!.ratePence * paid.hoursPerWeek);
    // Home care in the same price year as the listings' rates it is compared with.
    expect(plan.homeCare!.priceYear).toBe("2026/27");
    expect(plan.homeCare!.ratePence).toBe(schedule2627HomeCare(await priceSchedule(database.db, "2026-12-06")));

    const response = await app.request(plannerPath({ budget: "£150", need: ["social-connection", "daily-living"], place: "Soham" }));
    expect(response.status).toBe(200);
    const page = text(await response.text());
    expect(page).toContain("A week of support for £150.00");
    expect(page).toContain(paid.name);
    expect(page).toContain(`Left from your budget £${(plan.leftPence / 100).toFixed(2)}`);
    expect(page).toContain(`The same ${paid.hoursPerWeek} hours of agency home care would cost`);
  });

  it("hours asked for that the budget cannot buy are said, not silently dropped", async () => {
    const response = await app.request(plannerPath({ budget: "40", need: "daily-living", place: "CB7 5AA", hours: "10" }));
    expect(response.status).toBe(200);
    expect(text(await response.text())).toMatch(/Your budget buys [0-3] hours? of paid help, not the 10 hours you asked for/);
  });

  for (const [budget, message] of [
    ["-5", "Enter a budget of more than £0 a week"],
    ["-£5", "Enter a budget of more than £0 a week"],
    ["1000000", "Enter a weekly budget of £2,000 or less"],
    ["£1,000,000", "Enter a weekly budget of £2,000 or less"],
    ["lots", "Enter your weekly budget in pounds, like 150 or 150.50"],
    ["", "Enter your weekly budget in pounds, like 150"],
  ] as const) {
    it(`refuses a budget of "${budget}" with a clear message and no plan`, async () => {
      const response = await app.request(plannerPath({ budget, need: "daily-living", place: "Soham" }));
      expect(response.status).toBe(400);
      const page = text(await response.text());
      expect(page).toContain("There is a problem");
      expect(page).toContain(message);
      expect(page).not.toContain("A week of support for");
    });
  }

  it("asks for a need and a place it can find, and keeps what was typed", async () => {
    const response = await app.request(plannerPath({ budget: "150", place: "Nowhereville" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(text(html)).toContain("Choose at least one thing the support should help with");
    expect(text(html)).toContain('We could not find "Nowhereville"');
    expect(html).toContain('value="150"');
  });
});
