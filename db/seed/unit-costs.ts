/**
 * Default unit costs (not demo data: every council needs figures to start from), from the
 * business cases and national reference points in ../shared/DOMAIN.md, each with its price year
 * and source. Administrators record their own figures on top; a new figure closes the old one.
 *
 * Price years: the ABA business case's figures are Cambridgeshire's from 2019/20 ("2020"), so
 * they are recorded as 2019/20 prices, in force from 1 April 2019. Reference series are in force
 * for their own year and closed by the next year's figure.
 *
 * Which figure prices home care by default: the business case's £17.50 (2019/20) until March
 * 2022, then the Homecare Association's minimum price for each year (a current national
 * reference point), because pricing 2026 care at 2019/20 rates understates what was avoided.
 * Every report converts each figure to one price year with the GDP deflators (ADR 0031). A
 * council replaces these with its own contracted rates on /admin/unit-costs.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../client.server";
import { unitCosts } from "../schema";
import { stableId } from "../vocabulary/ids";

type Unit = "hour" | "week" | "placement";

export interface DefaultUnitCost {
  service: string;
  unit: Unit;
  amountPence: number;
  priceYear: string;
  source: string;
  notes?: string;
  validFrom: string;
  validTo: string | null;
}

const aba = "Asset-Based Area business case (Cambridgeshire County Council), figures for 2019/20";
const bcp = "BCP Council business case, 2024/25";
const hca = "Homecare Association, minimum price for homecare in England";

/** The Homecare Association's minimum price for homecare in England, year by year (DOMAIN.md). */
const homecareMinimumPrices = [
  ["2022/23", 2320, "2022-04-01", "2023-04-01"],
  ["2023/24", 2595, "2023-04-01", "2024-04-01"],
  ["2024/25", 2853, "2024-04-01", "2025-04-01"],
  ["2025/26", 3214, "2025-04-01", null],
] as const;

export const defaultUnitCosts: DefaultUnitCost[] = [
  {
    service: "home-care",
    unit: "hour",
    amountPence: 1750,
    priceYear: "2019/20",
    source: aba,
    notes: "The business case gives £17–18 an hour (Cambridgeshire 2020); this is the middle of that range. Peterborough's improved rate was £18.50.",
    validFrom: "2019-04-01",
    validTo: "2022-04-01",
  },
  // From April 2022 home care is priced at the national reference point (see above).
  ...homecareMinimumPrices.map(
    ([priceYear, amountPence, validFrom, validTo]): DefaultUnitCost => ({
      service: "home-care",
      unit: "hour",
      amountPence,
      priceYear,
      source: `${hca}, ${priceYear} (a national reference point)`,
      notes: "Used by default because the business case's own figure is from 2019/20. Replace it with the council's contracted rate when you have it.",
      validFrom,
      validTo,
    }),
  ),
  {
    service: "pa-micro-enterprise",
    unit: "hour",
    amountPence: 1300,
    priceYear: "2019/20",
    source: aba,
    notes: "About £13 an hour for a personal assistant or micro-enterprise.",
    validFrom: "2019-04-01",
    validTo: null,
  },
  {
    service: "reablement-bridging",
    unit: "hour",
    amountPence: 3500,
    priceYear: "2019/20",
    source: aba,
    notes: "About £35 an hour.",
    validFrom: "2019-04-01",
    validTo: null,
  },
  {
    service: "domiciliary-package-65-plus",
    unit: "week",
    amountPence: 35235,
    priceYear: "2024/25",
    source: bcp,
    notes: "Average weekly cost of a domiciliary care package for a person aged 65 or over.",
    validFrom: "2024-04-01",
    validTo: null,
  },
  {
    service: "residential-placement-65-plus",
    unit: "placement",
    amountPence: 107000,
    priceYear: "2024/25",
    source: bcp,
    notes: "Weekly cost of a residential care placement for a person aged 65 or over.",
    validFrom: "2024-04-01",
    validTo: null,
  },
  // National reference points, for comparison and uprating (not used unless a record names them).
  ...homecareMinimumPrices.map(
    ([priceYear, amountPence, validFrom, validTo]): DefaultUnitCost => ({
      service: "home-care-minimum-price",
      unit: "hour",
      amountPence,
      priceYear,
      source: `${hca}, ${priceYear}`,
      notes: "A national reference point for what an hour of home care costs a provider to deliver.",
      validFrom,
      validTo,
    }),
  ),
  {
    service: "pa-median-pay",
    unit: "hour",
    amountPence: 1050,
    priceYear: "2022/23",
    source: "Skills for Care, median pay of personal assistants, February 2023",
    notes: "Pay, not the full cost to the employer.",
    validFrom: "2023-02-01",
    validTo: null,
  },
  {
    service: "care-home-fee-self-funder",
    unit: "placement",
    amountPence: 84600,
    priceYear: "2016/17",
    source: "Competition and Markets Authority, care homes market study (2016): average weekly fee, self-funders",
    validFrom: "2016-04-01",
    validTo: null,
  },
  {
    service: "care-home-fee-council-funded",
    unit: "placement",
    amountPence: 62100,
    priceYear: "2016/17",
    source: "Competition and Markets Authority, care homes market study (2016): average weekly fee, council-funded",
    validFrom: "2016-04-01",
    validTo: null,
  },
];

export function unitCostId(service: string, validFrom: string): string {
  return stableId("unit-cost", `${service}/${validFrom}`);
}

/**
 * Adds the defaults. A series an administrator has touched (any figure that is not a default) is
 * left exactly as it is; a series that is still all defaults takes the new default figures the
 * way an administrator would add them: each new figure closes the open one on its first day.
 */
export async function seedUnitCosts(db: Database): Promise<number> {
  let added = 0;
  const defaultIds = new Set(defaultUnitCosts.map((figure) => unitCostId(figure.service, figure.validFrom)));
  await db.transaction(async (tx) => {
    for (const service of new Set(defaultUnitCosts.map((figure) => figure.service))) {
      const existing = await tx.select().from(unitCosts).where(eq(unitCosts.service, service));
      if (existing.some((row) => !defaultIds.has(row.id))) continue;
      const present = new Set(existing.map((row) => row.id));
      for (const figure of defaultUnitCosts.filter((candidate) => candidate.service === service)) {
        const id = unitCostId(figure.service, figure.validFrom);
        if (present.has(id)) continue;
        if (existing.some((row) => row.validFrom >= figure.validFrom)) continue;
        await tx.update(unitCosts).set({ validTo: figure.validFrom }).where(and(eq(unitCosts.service, service), isNull(unitCosts.validTo)));
        await tx.insert(unitCosts).values({ id, ...figure, notes: figure.notes ?? null });
        existing.push({ ...figure, id } as (typeof existing)[number]);
        added += 1;
      }
    }
  });
  return added;
}
