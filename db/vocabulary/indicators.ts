/**
 * The programme indicators commissioners track (DOMAIN.md: BCP Council's Fulfilled Lives
 * business case, 2024, Appendix 1), the ASCOF measures a council reports anyway, and the spend
 * categories that show market diversity. Shared by the app, the seed and the import template.
 *
 * `source` says where values come from: "records" (worked out from the app's own records),
 * "import" (a council's CSV upload) or "spend" (worked out from imported spend). The England
 * averages beside BCP's baselines are the figures its business case quotes; a council imports
 * newer ones (measure "england-average") when it has them.
 */

export type IndicatorUnit = "percent" | "pounds" | "count";
export type IndicatorFrequency = "month" | "year";
export type IndicatorDirection = "higher" | "lower";

export interface Indicator {
  code: string;
  name: string;
  workstream: string;
  unit: IndicatorUnit;
  frequency: IndicatorFrequency;
  /** Which way is better. */
  direction: IndicatorDirection;
  whatGoodLooksLike: string;
  source: "records" | "import" | "spend";
  /** The ASCOF measure it is, if any. */
  ascof?: string;
  /** For records: what is counted, in a sentence. */
  definition?: string;
  /** BCP Council's baseline and the England average, as its business case gives them. */
  reference?: { baseline: string | null; baselineNote?: string; englandAverage: string | null };
}

const bcp = "BCP Council, Fulfilled Lives business case (2024), Appendix 1";
export const bcpBusinessCase = bcp;

export const indicators: readonly Indicator[] = [
  {
    code: "asc-spend-per-adult",
    name: "Gross current adult social care expenditure per adult aged 18 and over",
    workstream: "Programme",
    unit: "pounds",
    frequency: "year",
    direction: "lower",
    whatGoodLooksLike: "At least in line with England",
    source: "import",
    reference: { baseline: "557.18", englandAverage: "523.95" },
  },
  {
    code: "ltc-spend-per-18-64",
    name: "Spend on long-term care per person aged 18 to 64",
    workstream: "Programme",
    unit: "pounds",
    frequency: "year",
    direction: "lower",
    whatGoodLooksLike: "At least in line with England",
    source: "import",
    reference: { baseline: "269.21", englandAverage: "264.46" },
  },
  {
    code: "ltc-spend-per-65-plus",
    name: "Spend on long-term care per person aged 65 and over",
    workstream: "Programme",
    unit: "pounds",
    frequency: "year",
    direction: "lower",
    whatGoodLooksLike: "At least in line with England",
    source: "import",
    reference: { baseline: "1039.39", englandAverage: "872.83" },
  },
  {
    code: "care-act-referrals",
    name: "People referred to long-term locality teams for a Care Act assessment, a month",
    workstream: "How we work",
    unit: "count",
    frequency: "month",
    direction: "lower",
    whatGoodLooksLike: "Fewer referrals; 90% of those referred assessed (any conversation)",
    source: "import",
    reference: { baseline: "290", baselineNote: "35% assessed, 9% get a service", englandAverage: null },
  },
  {
    code: "ltc-team-services",
    name: "People a month receiving a service from the long-term locality teams",
    workstream: "How we work",
    unit: "count",
    frequency: "month",
    direction: "lower",
    whatGoodLooksLike: "Fewer",
    source: "import",
    reference: { baseline: "27", englandAverage: null },
  },
  {
    code: "tec-offered",
    name: "Requests for help where technology-enabled care was offered as an alternative",
    workstream: "How we work",
    unit: "percent",
    frequency: "month",
    direction: "higher",
    whatGoodLooksLike: "Rising, and those offered it not going on to need other services",
    source: "records",
    definition: "People who asked for help in the month and were referred or signposted to a technology-enabled care listing, as a share of everyone who asked for help that month.",
    reference: { baseline: null, baselineNote: "Not measured", englandAverage: null },
  },
  {
    code: "reablement-91-days",
    name: "Older people still at home 91 days after discharge from hospital into reablement",
    workstream: "Short-term support",
    unit: "percent",
    frequency: "year",
    direction: "higher",
    whatGoodLooksLike: "The England average",
    source: "import",
    ascof: "2B(1)",
    reference: { baseline: "71.6", englandAverage: "82.3" },
  },
  {
    code: "reablement-offered",
    name: "Older people offered reablement after discharge from hospital",
    workstream: "Short-term support",
    unit: "percent",
    frequency: "year",
    direction: "higher",
    whatGoodLooksLike: "The England average; also track access from community teams",
    source: "import",
    ascof: "2B(2)",
    reference: { baseline: "1.3", englandAverage: "2.9" },
  },
  {
    code: "reablement-before-long-term",
    name: "People receiving a long-term service who had reablement first",
    workstream: "Short-term support",
    unit: "percent",
    frequency: "year",
    direction: "higher",
    whatGoodLooksLike: "Above 70%",
    source: "import",
    reference: { baseline: "12", englandAverage: null },
  },
  {
    code: "short-term-spend-per-65-plus",
    name: "Spend on short-term care per person aged 65 and over",
    workstream: "Short-term support",
    unit: "pounds",
    frequency: "year",
    direction: "higher",
    whatGoodLooksLike: "Nearer England",
    source: "import",
    reference: { baseline: "1.42", englandAverage: "69.43" },
  },
  {
    code: "traditional-spend-share",
    name: "Care spend on traditional services (care homes, home care, day care)",
    workstream: "Self-directed support",
    unit: "percent",
    frequency: "year",
    direction: "lower",
    whatGoodLooksLike: "Falling",
    source: "spend",
    definition: "Imported spend on home care, day care and residential care as a share of all imported care spend (with personal assistants, micro-enterprises and community support).",
    reference: { baseline: "85", englandAverage: null },
  },
  {
    code: "home-care-under-10-hours",
    name: "Older home-care users receiving under 10 hours a week",
    workstream: "Support at home",
    unit: "percent",
    frequency: "year",
    direction: "lower",
    whatGoodLooksLike: "15% or less",
    source: "import",
    reference: { baseline: "41", englandAverage: null },
  },
  // Worked out from the app's own records.
  {
    code: "requests",
    name: "Requests for help a month",
    workstream: "How we work",
    unit: "count",
    frequency: "month",
    direction: "lower",
    whatGoodLooksLike: "Met early: more resolved in the first conversation",
    source: "records",
    definition:
      "People whose record was opened in the month (each a request for help), with how the request ended. Counted from people's records as they are now: a record erased or past its retention is no longer counted.",
  },
  {
    code: "resolved-in-conversation-1",
    name: "Requests resolved in the first conversation",
    workstream: "How we work",
    unit: "percent",
    frequency: "month",
    direction: "higher",
    whatGoodLooksLike: "Rising",
    source: "records",
    definition: "Of the requests made in the month that have ended (not still open), the share that ended while the person was still in conversation 1 (listen and connect).",
  },
  {
    code: "cashable-share",
    name: "Diverted care that is a cashable saving",
    workstream: "Programme",
    unit: "percent",
    frequency: "month",
    direction: "higher",
    whatGoodLooksLike: "Rising: more of what is avoided is a budget line that falls",
    source: "records",
    definition: "Cost avoided in the month from existing packages reduced or ended, as a share of all cost avoided that month (gross, in the report's price year).",
  },
  {
    code: "community-to-formal-spend",
    name: "Community support paid for, against the formal care it avoided",
    workstream: "Self-directed support",
    unit: "percent",
    frequency: "month",
    direction: "lower",
    whatGoodLooksLike: "Well under 100%: community support costs less than the care it replaces",
    source: "records",
    definition: "The cost of the personal assistants and micro-enterprises that met the need, as a share of the formal care they avoided, in the month.",
  },
  // ASCOF measures a council reports anyway: no England average is shipped; import it.
  {
    code: "social-contact",
    name: "People who use services who have as much social contact as they would like",
    workstream: "Outcomes (ASCOF)",
    unit: "percent",
    frequency: "year",
    direction: "higher",
    whatGoodLooksLike: "At or above the England average",
    source: "import",
    ascof: "1I(1)",
  },
  {
    code: "care-home-admissions-65-plus",
    name: "Long-term support needs of older adults met by admission to residential and nursing care homes, per 100,000",
    workstream: "Outcomes (ASCOF)",
    unit: "count",
    frequency: "year",
    direction: "lower",
    whatGoodLooksLike: "At or below the England average",
    source: "import",
    ascof: "2A(2)",
  },
  {
    code: "direct-payments",
    name: "People who use services who receive direct payments",
    workstream: "Outcomes (ASCOF)",
    unit: "percent",
    frequency: "year",
    direction: "higher",
    whatGoodLooksLike: "At or above the England average",
    source: "import",
    ascof: "1C(2A)",
  },
];

/** Imported spend by category, yearly, in pounds: market diversity by spend. */
export const spendCategories = [
  { code: "spend-personal-assistants", name: "Personal assistants (Direct Payments)", group: "diverse" },
  { code: "spend-micro-enterprises", name: "Community micro-enterprises", group: "diverse" },
  { code: "spend-community-support", name: "Community support (grants to voluntary and community groups)", group: "diverse" },
  { code: "spend-home-care", name: "Home care", group: "traditional" },
  { code: "spend-day-care", name: "Day care", group: "traditional" },
  { code: "spend-residential-care", name: "Residential and nursing care", group: "traditional" },
] as const;

export type SpendCategory = (typeof spendCategories)[number];

export const measures = ["value", "baseline", "england-average", "target"] as const;
export type Measure = (typeof measures)[number];

export const measureNames: Record<Measure, string> = {
  value: "Value",
  baseline: "Baseline",
  "england-average": "England average",
  target: "Target",
};

/** Every code a KPI file may name: the indicators that are imported, and the spend categories. */
export function importableCode(code: string): { unit: IndicatorUnit; frequency: IndicatorFrequency; name: string } | null {
  const spend = spendCategories.find((category) => category.code === code);
  if (spend) return { unit: "pounds", frequency: "year", name: spend.name };
  const indicator = indicators.find((candidate) => candidate.code === code);
  return indicator ? { unit: indicator.unit, frequency: indicator.frequency, name: indicator.name } : null;
}
