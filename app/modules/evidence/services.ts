/**
 * The kinds of formal care (and of community support) that unit costs price. A service's unit
 * says what one unit is:
 * - "hour": an hour of care (records give hours per week);
 * - "week": a week of a care package (records give how many packages run);
 * - "placement": a week of a residential placement (records give how many placements run).
 * Councils may price other services too: the unit-cost table takes any service key, and the
 * engine only needs a figure in force for the service and dates it is asked about.
 */

export type UnitCostUnit = "hour" | "week" | "placement";

export interface ServiceDefinition {
  code: string;
  name: string;
  unit: UnitCostUnit;
  /** A national reference series to read this service's figures against. */
  reference?: string;
}

export const evidenceServices = [
  { code: "home-care", name: "Home care", unit: "hour", reference: "home-care-minimum-price" },
  { code: "pa-micro-enterprise", name: "Personal assistant or micro-enterprise", unit: "hour", reference: "pa-median-pay" },
  { code: "reablement-bridging", name: "Reablement bridging", unit: "hour" },
  { code: "domiciliary-package-65-plus", name: "Domiciliary care package, 65+", unit: "week" },
  { code: "residential-placement-65-plus", name: "Residential care placement, 65+", unit: "placement", reference: "care-home-fee-council-funded" },
  { code: "day-care", name: "Day care", unit: "hour" },
  // National reference points (DOMAIN.md), for comparison and uprating rather than for pricing records.
  { code: "home-care-minimum-price", name: "Homecare Association minimum price for homecare", unit: "hour" },
  { code: "pa-median-pay", name: "Median pay of personal assistants (Skills for Care)", unit: "hour" },
  { code: "care-home-fee-self-funder", name: "Care home weekly fee, self-funders (CMA 2016)", unit: "placement" },
  { code: "care-home-fee-council-funded", name: "Care home weekly fee, council-funded (CMA 2016)", unit: "placement" },
] as const satisfies readonly ServiceDefinition[];

/** Reference series: for comparison and uprating, never to price a record. */
export const referenceServices: ReadonlySet<string> = new Set(["home-care-minimum-price", "pa-median-pay", "care-home-fee-self-funder", "care-home-fee-council-funded"]);

export function serviceName(code: string): string {
  return evidenceServices.find((service) => service.code === code)?.name ?? code;
}

export const unitNames: Record<UnitCostUnit, string> = {
  hour: "an hour",
  week: "a week",
  placement: "a placement week",
};
