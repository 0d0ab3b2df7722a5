/**
 * What a budget buys locally: the public price schedule (local rates from published listings
 * and the unit-cost table) and the costed week the planner proposes from the matching engine's
 * ranked local support. Nothing a person types here is stored.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../../db/client.server";
import { findPlaceOrName } from "../../../search/place-names.server";
import { milesToMetres } from "../matching/candidate-row";
import { matchPerson, type MatchCandidate, type MatchPerson } from "../matching/engine";
import { loadCandidates, type PersonForMatching } from "../matching/matching.server";
import { matchingCatalogue } from "../matching/catalogue.server";
import { listUnitCosts } from "../evidence/unit-costs.server";
import { currentPriceIndex } from "../evidence/price-index.server";
import { conversion, convertPence, describeConversion, PriceIndexError, type PriceIndex } from "../../../db/evidence/price-years";
import type { UnitCost } from "../evidence/unit-costs";
import type { BudgetQuestion } from "./budget-form";
import { planWeek, type HomeCareRate, type Plan, type PlannerOption } from "./planner";
import { londonDay } from "../../../db/calendar";

/** The financial year a day falls in: 2026-12-06 → "2026/27" (the year listings' own prices are in). */
export function financialYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
}

/** The figure in force for a service on a day, if any (validity is [validFrom, validTo)). */
export function figureInForce(costs: readonly UnitCost[], service: string, day: string): UnitCost | null {
  return costs.find((cost) => cost.service === service && cost.validFrom <= day && (cost.validTo === null || cost.validTo > day)) ?? null;
}

/** The price index in use, or null when none is recorded (figures are then shown in their own year). */
async function priceIndexOrNull(db: Database): Promise<PriceIndex | null> {
  try {
    return await currentPriceIndex(db);
  } catch (error) {
    if (error instanceof PriceIndexError) return null;
    throw error;
  }
}

/**
 * A unit-cost figure in `year` prices (the year listings' own prices are in), converted with the
 * price index as /evidence converts; left in its own year, and said so, when the index cannot.
 */
function inPriceYear(index: PriceIndex | null, figure: UnitCost, year: string): { pence: number; priceYear: string; source: string } {
  if (figure.priceYear === year || !index) return { pence: figure.amountPence, priceYear: figure.priceYear, source: figure.source };
  try {
    const pence = convertPence(index, figure.amountPence, figure.priceYear, year);
    return { pence, priceYear: year, source: `${figure.source} Converted from ${describeConversion(conversion(index, figure.priceYear, year))}.` };
  } catch (error) {
    if (error instanceof PriceIndexError) return { pence: figure.amountPence, priceYear: figure.priceYear, source: figure.source };
    throw error;
  }
}

export interface RateSummary {
  listings: number;
  lowestPence: number | null;
  medianPence: number | null;
  highestPence: number | null;
  /** Of them, how many say they can be paid by Direct Payment. */
  directPayment: number;
}

export interface PriceSchedule {
  priceYear: string;
  asOf: string;
  personalAssistants: RateSummary;
  microEnterprises: RateSummary;
  /** Groups, hubs and day services that charge by the session. */
  daySessions: RateSummary;
  freeGroups: number;
  /** Unit-cost figures in force today, each with its own price year. */
  figures: Array<{ service: string; name: string; unit: string; pence: number; priceYear: string; source: string; sameYear: boolean }>;
}

const scheduleFigures = [
  { service: "home-care", name: "Agency home care (the council's figure)", unit: "an hour" },
  { service: "home-care-minimum-price", name: "Home care: the national minimum price (Homecare Association)", unit: "an hour" },
  { service: "pa-micro-enterprise", name: "Personal assistant or micro-enterprise (the council's figure)", unit: "an hour" },
  { service: "day-care", name: "Day care (the council's figure)", unit: "an hour" },
  { service: "reablement-bridging", name: "Reablement bridging", unit: "an hour" },
] as const;

function toSummary(row: { listings: number; lowest: number | null; median: number | null; highest: number | null; dp: number } | undefined): RateSummary {
  return {
    listings: row?.listings ?? 0,
    lowestPence: row?.lowest ?? null,
    medianPence: row?.median ?? null,
    highestPence: row?.highest ?? null,
    directPayment: row?.dp ?? 0,
  };
}

/** Local rates from published listings, and the unit costs in force, for the public price schedule. */
export async function priceSchedule(db: Database, day = londonDay()): Promise<PriceSchedule> {
  const hourly = await queryRows<{ kind: string; listings: number; lowest: number; median: number; highest: number; dp: number }>(
    db,
    sql`select kind::text as kind, count(*)::int as listings, min(hourly_rate_pence)::int as lowest,
          (percentile_disc(0.5) within group (order by hourly_rate_pence))::int as median,
          max(hourly_rate_pence)::int as highest, count(*) filter (where direct_payment)::int as dp
        from services
        where listing_status = 'published' and status = 'active' and hourly_rate_pence is not null
          and kind in ('personal_assistant', 'micro_enterprise')
        group by kind`,
  );
  const [sessions] = await queryRows<{ listings: number; lowest: number | null; median: number | null; highest: number | null; dp: number }>(
    db,
    sql`with priced as (
          select s.id, s.direct_payment, round(min(co.amount) * 100)::int as pence
          from services s join cost_options co on co.service_id = s.id
          where s.listing_status = 'published' and s.status = 'active' and not s.is_free and co.amount > 0
            and s.kind not in ('personal_assistant', 'micro_enterprise') and s.hourly_rate_pence is null
          group by s.id, s.direct_payment
        )
        select count(*)::int as listings, min(pence)::int as lowest,
          (percentile_disc(0.5) within group (order by pence))::int as median,
          max(pence)::int as highest, count(*) filter (where direct_payment)::int as dp
        from priced`,
  );
  const [free] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from services
        where listing_status = 'published' and status = 'active' and is_free
          and kind not in ('personal_assistant', 'micro_enterprise')`,
  );
  const priceYear = financialYearOf(day);
  const [costs, index] = await Promise.all([listUnitCosts(db), priceIndexOrNull(db)]);
  const figures = scheduleFigures.flatMap((wanted) => {
    const figure = figureInForce(costs, wanted.service, day);
    if (!figure) return [];
    const converted = inPriceYear(index, figure, priceYear);
    return [{ service: wanted.service, name: wanted.name, unit: wanted.unit, ...converted, sameYear: converted.priceYear === priceYear }];
  });
  return {
    priceYear,
    asOf: day,
    personalAssistants: toSummary(hourly.find((row) => row.kind === "personal_assistant")),
    microEnterprises: toSummary(hourly.find((row) => row.kind === "micro_enterprise")),
    daySessions: toSummary(sessions),
    freeGroups: free?.count ?? 0,
    figures,
  };
}

/** Agency home care an hour, as the unit-cost table has it today, in this financial year's prices (as listings' rates are); null when no figure is in force. */
export async function homeCareRate(db: Database, day = londonDay()): Promise<HomeCareRate | null> {
  const figure = figureInForce(await listUnitCosts(db, "home-care"), "home-care", day);
  return figure ? inPriceYear(await priceIndexOrNull(db), figure, financialYearOf(day)) : null;
}

export interface PlannerPlace {
  label: string;
  latitude: number;
  longitude: number;
  wardCode: string | null;
  districtCode: string | null;
}

/** The place typed (postcode, town, village, ward or district), with the ward of its nearest postcode. */
export async function plannerPlace(db: Database, typed: string): Promise<{ place: PlannerPlace } | { error: string }> {
  const found = await findPlaceOrName(db, typed);
  if (!found.found) {
    const suggestions = found.suggestions.slice(0, 3).map((s) => s.label);
    return {
      error: suggestions.length
        ? `We could not find "${found.typed}". Did you mean ${suggestions.join(", or ")}?`
        : `We could not find "${found.typed}". Enter a postcode in Cambridgeshire or Peterborough, or a town or village, like Soham`,
    };
  }
  const centre = sql`ll_to_earth(${found.latitude}::float8, ${found.longitude}::float8)`;
  const [nearest] = await queryRows<{ ward_code: string; district_code: string }>(
    db,
    sql`select ward_code, district_code from postcodes
        where earth_box(${centre}, ${3 * milesToMetres}::float8) @> ll_to_earth(latitude, longitude)
        order by earth_distance(${centre}, ll_to_earth(latitude, longitude)) limit 1`,
  );
  return {
    place: { label: found.label, latitude: found.latitude, longitude: found.longitude, wardCode: nearest?.ward_code ?? null, districtCode: nearest?.district_code ?? null },
  };
}

/**
 * The person the planner matches for: their needs and place; any day, any time, the default
 * distance; cost left to the budget. Residents are not asked their age (we ask for as little as
 * we can), so the planner looks for support open to adults of 65 to 74, the cohort this serves.
 */
export function plannerPerson(question: Pick<BudgetQuestion, "need">, place: PlannerPlace, overrides: Partial<MatchPerson> = {}): PersonForMatching {
  return {
    needs: question.need,
    riskFactors: [],
    ageBand: "65-74",
    wardCode: place.wardCode,
    districtCode: place.districtCode,
    preferredDays: [],
    preferredTimes: [],
    maxTravelMiles: null,
    maxHourlyRatePence: null,
    hasDirectPayment: true,
    latitude: place.latitude,
    longitude: place.longitude,
    ...overrides,
  };
}

/** Ranks local support with the matching engine, then plans the week from it. */
export async function costedPlan(db: Database, question: Pick<BudgetQuestion, "budget" | "need" | "hours">, person: PersonForMatching, day = londonDay()): Promise<Plan & { considered: number }> {
  const candidates: MatchCandidate[] = (await matchingCatalogue(db).candidatesFor(person)) ?? (await loadCandidates(db, person));
  const result = matchPerson(person, candidates, { today: day, limit: 200 });
  const byId = new Map(candidates.map((candidate) => [candidate.id, candidate]));
  const options: PlannerOption[] = result.matches.flatMap((match) => {
    const candidate = byId.get(match.id);
    return candidate
      ? [
          {
            id: match.id,
            name: match.name,
            kind: match.kind,
            needs: candidate.needs,
            isFree: candidate.isFree,
            hourlyRatePence: candidate.hourlyRatePence,
            sessionCostPence: candidate.sessionCostPence,
            schedules: candidate.schedules,
            summary: match.summary,
          },
        ]
      : [];
  });
  const plan = planWeek({ weeklyBudgetPence: question.budget, needs: question.need, hoursWanted: question.hours }, options, await homeCareRate(db, day));
  return { ...plan, considered: candidates.length };
}
