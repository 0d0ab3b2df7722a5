/**
 * The evidence engine: what diverted care was worth, year by year, with every figure traced to
 * the records and unit costs that made it. Pure and deterministic: it is given the records,
 * the unit costs and the programme, and reads nothing else (evidence.server.ts loads them).
 *
 * For each record, each day of diverted care in the programme's horizon is priced with the unit
 * cost in force that day; a record is split wherever the figure changes and at each programme
 * year. A line's amount is rate × quantity a week × days ÷ 7, rounded to whole pence.
 *
 *   gross cost avoided − cost of the community support used = net
 *   adjusted = Σ over records (net × confidence) × (1 − deadweight) × (1 − displacement)
 *              × (1 − attribution) × (1 − dropOff)^(year − 1) × (1 − optimismBias)
 *
 * Adjusted figures are computed exactly and rounded once, per year and per label (cashable,
 * non-cashable); every total above them is a sum of the rounded figures it lists.
 *
 * A record may carry its own adjustments (the dashboard's settings differ by kind of support and
 * by month); records are then adjusted setting by setting and the steps say which. Given a price
 * base, every unit cost is converted from its own price year to the base year with the index
 * (price-years.ts) before it prices a day, and each line shows the conversion.
 */
import { adjustmentNames, adjustmentOrder, describeShare, resolveAdjustments, share, type Adjustments, type AdjustmentsInput } from "./adjustments";
import { financeViews, fiscalRoi, maxYears, minYears, type FinanceViews, type FiscalRoi } from "./finance";
import { Exact, money, type Money } from "../../../db/evidence/money";
import { serviceName } from "./services";
import { conversion, type Conversion, type PriceIndex } from "../../../db/evidence/price-years";
import { EvidenceInputError } from "../../../db/evidence/input-error";
import { priceSpans, type UnitCost } from "./unit-costs";
import { addYears, fromDay, toDay } from "../../../db/calendar";

/** How much of a service a week: hours for hour-priced services, packages or placements otherwise. */
export interface CareQuantity {
  service: string;
  /** For services priced by the hour. */
  hoursPerWeek?: number | string;
  /** For services priced by the week or the placement week; 1 when not given. */
  packages?: number;
}

/** Community support whose cost is known as a weekly sum rather than through a unit cost. */
export interface FixedCommunityCost {
  description: string;
  weeklyCostPence: number;
}

export type CommunitySupport = CareQuantity | FixedCommunityCost;

export interface DivertedCareRecord extends CareQuantity {
  id: string;
  /** First day of diverted care (YYYY-MM-DD). */
  from: string;
  /** Last day of diverted care, inclusive. */
  to: string;
  /** How sure the practitioner was that the care would otherwise have been needed, 0–1. */
  confidence: number | string | Exact;
  /** True when an existing council-funded package or placement was reduced or ended (see ADR 0007). */
  cashable: boolean;
  communitySupport?: CommunitySupport[];
  /** This record's own adjustments (a setting for its kind of support or month), instead of the programme's. */
  adjustments?: RecordAdjustments;
}

/** Adjustments for some records, with a label that says which setting they are. */
export interface RecordAdjustments {
  label: string;
  shares: AdjustmentsInput;
}

export interface PriceBase {
  /** The price year every figure is stated in, "2026/27". */
  year: string;
  index: PriceIndex;
}

export interface EvidenceInput {
  records: readonly DivertedCareRecord[];
  unitCosts: readonly UnitCost[];
  /**
   * The horizon: `years` programme years from `start`. `firstYear` numbers the first of them
   * (default 1): a report that starts in a programme's third year passes 3, so drop-off counts
   * from the programme's start; years before the programme began (0 or less) have no drop-off.
   */
  programme: { start: string; years: number; firstYear?: number };
  investmentPence: number;
  adjustments?: AdjustmentsInput;
  /** State every figure in one price year, converting with this index. Without it, each line is in its unit cost's own price year. */
  priceBase?: PriceBase;
}

export interface Trace {
  records: string[];
  unitCosts: string[];
  /** Indexes into EvidenceResult.lines. */
  lines: number[];
}

export type TracedMoney = Money & { trace: Trace };

export interface EvidenceLine {
  recordId: string;
  role: "care avoided" | "community support";
  service: string;
  description: string;
  unitCostId: string | null;
  rate: Money;
  per: "hour" | "week" | "placement";
  priceYear: string | null;
  quantityPerWeek: string;
  from: string;
  to: string;
  days: number;
  year: number;
  amount: Money;
  /** With a price base: the unit cost as recorded, and how it was converted to the base year. */
  originalRate?: Money;
  conversion?: LineConversion | null;
}

export interface LineConversion {
  from: string;
  to: string;
  fromIndex: string;
  toIndex: string;
  /** index(to) ÷ index(from), six decimals (the exact ratio is used). */
  factor: string;
}

export interface AdjustmentStep {
  step: string;
  share: string | null;
  amount: Money;
}

export type AdjustedMoney = TracedMoney & { steps: AdjustmentStep[] };

export interface EvidenceYear {
  year: number;
  from: string;
  to: string;
  gross: TracedMoney;
  communitySupport: TracedMoney;
  net: TracedMoney;
  adjusted: { cashable: AdjustedMoney; nonCashable: AdjustedMoney; total: TracedMoney };
}

export interface EvidenceResult {
  programme: { start: string; end: string; years: number };
  adjustments: Record<keyof Adjustments, string>;
  years: EvidenceYear[];
  totals: {
    gross: TracedMoney;
    communitySupport: TracedMoney;
    net: TracedMoney;
    adjusted: { cashable: TracedMoney; nonCashable: TracedMoney; total: TracedMoney };
  };
  /** Both finance views over the programme's years; each year traced like the adjusted total it comes from. */
  finance: FinanceViews & { years: Array<FinanceViews["years"][number] & { trace: Trace }>; trace: Trace };
  fiscalRoi: FiscalRoi & { trace: Trace };
  cashableRoi: FiscalRoi & { trace: Trace };
  lines: EvidenceLine[];
  /** Records with no day inside the programme's horizon. */
  outsideHorizon: string[];
  /** When records carry their own adjustments: each setting used, with its shares. */
  adjustmentSets?: Array<{ label: string } & Record<keyof Adjustments, string>>;
  /** With a price base: the year every figure is in, and the index that converted them. */
  priceYear?: string;
  priceIndex?: { name: string; source: string; publishedOn: string };
}

interface AdjustmentSet {
  key: string;
  label: string;
  shares: Adjustments;
}

interface RecordYear {
  record: DivertedCareRecord;
  confidence: Exact;
  adjustments: AdjustmentSet;
  gross: bigint;
  community: bigint;
  lines: number[];
}

export function computeEvidence(input: EvidenceInput): EvidenceResult {
  const adjustments = resolveAdjustments(input.adjustments);
  const programmeSet: AdjustmentSet = { key: "programme", label: "the programme's adjustments", shares: adjustments };
  const sets = new Map<string, AdjustmentSet>();
  const { start, years: horizon } = input.programme;
  const firstYear = input.programme.firstYear ?? 1;
  if (!Number.isInteger(horizon) || horizon < minYears || horizon > maxYears) {
    throw new EvidenceInputError(`programme years must be a whole number from ${minYears} to ${maxYears}`);
  }
  if (!Number.isInteger(firstYear)) throw new EvidenceInputError("programme firstYear must be a whole number");
  const pricing: Pricing = { base: input.priceBase ?? null, conversions: new Map() };
  if (!Number.isSafeInteger(input.investmentPence) || input.investmentPence < 0) {
    throw new EvidenceInputError("investment must be whole pence, zero or more");
  }
  const yearStarts = Array.from({ length: horizon + 1 }, (_, index) => toDay(addYears(start, index)));
  const seen = new Set<string>();
  const lines: EvidenceLine[] = [];
  const byYear: RecordYear[][] = Array.from({ length: horizon }, () => []);
  const outsideHorizon: string[] = [];

  for (const record of input.records) {
    if (seen.has(record.id)) throw new EvidenceInputError(`record ${record.id} appears twice`);
    seen.add(record.id);
    const confidence = checked(() => share(record.confidence, `record ${record.id}: confidence`));
    const recordSet = record.adjustments ? adjustmentSetFor(record, sets) : programmeSet;
    const first = checked(() => toDay(record.from), `record ${record.id}: from`);
    const last = checked(() => toDay(record.to), `record ${record.id}: to`);
    if (last < first) throw new EvidenceInputError(`record ${record.id}: "to" (${record.to}) is before "from" (${record.from})`);
    let inHorizon = false;
    for (let index = 0; index < horizon; index++) {
      const from = Math.max(first, yearStarts[index]!);
      const to = Math.min(last + 1, yearStarts[index + 1]!);
      if (from >= to) continue;
      inHorizon = true;
      const year = index + firstYear;
      const entry: RecordYear = { record, confidence, adjustments: recordSet, gross: 0n, community: 0n, lines: [] };
      for (const line of priceCare(input.unitCosts, pricing, record, record, "care avoided", from, to, year)) {
        entry.gross += BigInt(line.amount.pence);
        entry.lines.push(lines.push(line) - 1);
      }
      for (const support of record.communitySupport ?? []) {
        const supportLines =
          "weeklyCostPence" in support
            ? [fixedCost(record, support, from, to, year, pricing)]
            : priceCare(input.unitCosts, pricing, record, support, "community support", from, to, year);
        for (const line of supportLines) {
          entry.community += BigInt(line.amount.pence);
          entry.lines.push(lines.push(line) - 1);
        }
      }
      byYear[index]!.push(entry);
    }
    if (!inHorizon) outsideHorizon.push(record.id);
  }

  const years = byYear.map((entries, index): EvidenceYear => {
    const year = index + firstYear;
    const cashable = adjusted(entries.filter((entry) => entry.record.cashable), programmeSet, year, lines);
    const nonCashable = adjusted(entries.filter((entry) => !entry.record.cashable), programmeSet, year, lines);
    return {
      year,
      from: fromDay(yearStarts[index]!),
      to: fromDay(yearStarts[index + 1]! - 1),
      gross: traced(sum(entries.map((entry) => entry.gross)), entries, lines, "care avoided"),
      communitySupport: traced(sum(entries.map((entry) => entry.community)), entries, lines, "community support"),
      net: traced(sum(entries.map((entry) => entry.gross - entry.community)), entries, lines),
      adjusted: { cashable, nonCashable, total: combine([cashable, nonCashable]) },
    };
  });

  const adjustedByYear = years.map((year) => year.adjusted.total.pence);
  const totals = {
    gross: combine(years.map((year) => year.gross)),
    communitySupport: combine(years.map((year) => year.communitySupport)),
    net: combine(years.map((year) => year.net)),
    adjusted: {
      cashable: combine(years.map((year) => year.adjusted.cashable)),
      nonCashable: combine(years.map((year) => year.adjusted.nonCashable)),
      total: combine(years.map((year) => year.adjusted.total)),
    },
  };
  // A year's adjusted saving is the recurring saving running that year; what is new in year y is
  // its change from year y − 1, so the cumulative cash-flow equals the sum of the years.
  const newSavings = adjustedByYear.map((pence, index) => pence - (index === 0 ? 0 : adjustedByYear[index - 1]!));
  const finance = financeViews(newSavings, input.investmentPence);

  return {
    programme: { start, end: fromDay(yearStarts[horizon]! - 1), years: horizon },
    adjustments: Object.fromEntries(adjustmentOrder.map((key) => [key, describeShare(adjustments[key])])) as Record<keyof Adjustments, string>,
    years,
    totals,
    finance: {
      ...finance,
      years: finance.years.map((year, index) => ({ ...year, trace: years[index]!.adjusted.total.trace })),
      trace: totals.adjusted.total.trace,
    },
    fiscalRoi: { ...fiscalRoi(totals.adjusted.total.pence, input.investmentPence), trace: totals.adjusted.total.trace },
    cashableRoi: { ...fiscalRoi(totals.adjusted.cashable.pence, input.investmentPence), trace: totals.adjusted.cashable.trace },
    lines,
    outsideHorizon,
    ...(sets.size > 0 ? { adjustmentSets: [...sets.values()].map((set) => ({ label: set.label, ...describeAdjustments(set.shares) })) } : {}),
    ...(pricing.base
      ? { priceYear: pricing.base.year, priceIndex: { name: pricing.base.index.name, source: pricing.base.index.source, publishedOn: pricing.base.index.publishedOn } }
      : {}),
  };
}

function describeAdjustments(shares: Adjustments): Record<keyof Adjustments, string> {
  return Object.fromEntries(adjustmentOrder.map((key) => [key, describeShare(shares[key])])) as Record<keyof Adjustments, string>;
}

function adjustmentSetFor(record: DivertedCareRecord, sets: Map<string, AdjustmentSet>): AdjustmentSet {
  const own = record.adjustments!;
  const shares = checked(() => resolveAdjustments(own.shares), `record ${record.id}: adjustments`);
  const key = `${own.label}|${adjustmentOrder.map((name) => `${shares[name].n}/${shares[name].d}`).join(",")}`;
  let set = sets.get(key);
  if (!set) {
    set = { key, label: own.label, shares };
    sets.set(key, set);
  }
  return set;
}

interface Pricing {
  base: PriceBase | null;
  /** Conversions already worked out, by price year. */
  conversions: Map<string, Conversion>;
}

function conversionFor(pricing: Pricing, priceYear: string): Conversion | null {
  if (!pricing.base) return null;
  let found = pricing.conversions.get(priceYear);
  if (!found) {
    found = conversion(pricing.base.index, priceYear, pricing.base.year);
    pricing.conversions.set(priceYear, found);
  }
  return found;
}

function lineConversion(step: Conversion): LineConversion {
  return { from: step.from, to: step.to, fromIndex: step.fromIndex, toIndex: step.toIndex, factor: step.factor.toFixed(6) };
}

function checked<T>(run: () => T, name?: string): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof EvidenceInputError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new EvidenceInputError(name ? `${name}: ${message}` : message);
  }
}

/** Prices [from, to) of a quantity of care, one line per unit cost in force. */
function priceCare(
  unitCosts: readonly UnitCost[],
  pricing: Pricing,
  record: DivertedCareRecord,
  care: CareQuantity,
  role: EvidenceLine["role"],
  from: number,
  to: number,
  year: number,
): EvidenceLine[] {
  return priceSpans(unitCosts, care.service, from, to).map((span) => {
    const quantity = quantityPerWeek(record, care, span.unitCost.unit);
    const days = span.to - span.from;
    const step = conversionFor(pricing, span.unitCost.priceYear);
    const rate = step ? Exact.of(span.unitCost.amountPence).mul(step.factor) : Exact.of(span.unitCost.amountPence);
    const amount = rate.mul(quantity).mul(days).div(7);
    return {
      recordId: record.id,
      role,
      service: care.service,
      description: serviceName(care.service),
      unitCostId: span.unitCost.id,
      rate: money(rate.round()),
      per: span.unitCost.unit,
      priceYear: span.unitCost.priceYear,
      quantityPerWeek: `${quantity.toFixed(2).replace(/\.?0+$/, "")} ${span.unitCost.unit === "hour" ? "hours" : span.unitCost.unit === "week" ? "packages" : "placements"}`,
      from: fromDay(span.from),
      to: fromDay(span.to - 1),
      days,
      year,
      amount: money(amount.round()),
      ...(step ? { originalRate: money(span.unitCost.amountPence), conversion: lineConversion(step) } : {}),
    };
  });
}

function quantityPerWeek(record: DivertedCareRecord, care: CareQuantity, unit: UnitCost["unit"]): Exact {
  const where = `record ${record.id}, ${care.service}`;
  if (unit === "hour") {
    if (care.packages !== undefined) throw new EvidenceInputError(`${where}: priced by the hour, so give hoursPerWeek, not packages`);
    if (care.hoursPerWeek === undefined) throw new EvidenceInputError(`${where}: priced by the hour, so give hoursPerWeek`);
    const hours = checked(() => Exact.decimal(care.hoursPerWeek!), `${where}: hoursPerWeek`);
    if (hours.compare(Exact.zero) < 0 || hours.compare(Exact.of(168)) > 0) {
      throw new EvidenceInputError(`${where}: hoursPerWeek must be between 0 and 168`);
    }
    return hours;
  }
  if (care.hoursPerWeek !== undefined) {
    throw new EvidenceInputError(`${where}: priced per ${unit === "week" ? "week" : "placement week"}, so give packages, not hoursPerWeek`);
  }
  const packages = care.packages ?? 1;
  if (!Number.isSafeInteger(packages) || packages < 1) throw new EvidenceInputError(`${where}: packages must be a whole number, 1 or more`);
  return Exact.of(packages);
}

/** A weekly sum with no price year of its own: taken as already in the price base's year. */
function fixedCost(record: DivertedCareRecord, support: FixedCommunityCost, from: number, to: number, year: number, pricing: Pricing): EvidenceLine {
  if (!Number.isSafeInteger(support.weeklyCostPence) || support.weeklyCostPence < 0) {
    throw new EvidenceInputError(`record ${record.id}: weeklyCostPence of "${support.description}" must be whole pence, zero or more`);
  }
  const days = to - from;
  return {
    recordId: record.id,
    role: "community support",
    service: "other",
    description: support.description,
    unitCostId: null,
    rate: money(support.weeklyCostPence),
    per: "week",
    priceYear: null,
    quantityPerWeek: "1 week",
    from: fromDay(from),
    to: fromDay(to - 1),
    days,
    year,
    amount: money(Exact.of(support.weeklyCostPence).mul(days).div(7).round()),
    ...(pricing.base ? { originalRate: money(support.weeklyCostPence), conversion: null } : {}),
  };
}

function stepFactor(adjustments: Adjustments, key: keyof Adjustments, year: number): Exact {
  // Drop-off counts whole programme years after the first; a year before the programme began has none.
  return key === "dropOff" ? adjustments.dropOff.complement().pow(Math.max(0, year - 1)) : adjustments[key].complement();
}

function shareText(adjustments: Adjustments, key: keyof Adjustments, year: number): string {
  return key === "dropOff" ? `${describeShare(adjustments.dropOff)} a year, year ${year}` : describeShare(adjustments[key]);
}

/** Net × confidence for some record-years, exact. */
function confident(entries: RecordYear[]): Exact {
  return entries.reduce((total, entry) => total.add(Exact.of(entry.gross - entry.community).mul(entry.confidence)), Exact.zero);
}

function adjusted(entries: RecordYear[], programmeSet: AdjustmentSet, year: number, lines: EvidenceLine[]): AdjustedMoney {
  const net = sum(entries.map((entry) => entry.gross - entry.community));
  const steps: AdjustmentStep[] = [
    { step: "net", share: null, amount: money(net) },
    { step: "× each record's confidence", share: null, amount: money(confident(entries).round()) },
  ];
  const groups = new Map<string, { set: AdjustmentSet; entries: RecordYear[] }>();
  for (const entry of entries) {
    const group = groups.get(entry.adjustments.key) ?? { set: entry.adjustments, entries: [] };
    group.entries.push(entry);
    groups.set(entry.adjustments.key, group);
  }
  if (groups.size <= 1) {
    const set = [...groups.values()][0]?.set ?? programmeSet;
    let value = confident(entries);
    for (const key of adjustmentOrder) {
      value = value.mul(stepFactor(set.shares, key, year));
      steps.push({ step: `less ${adjustmentNames[key]}`, share: shareText(set.shares, key, year), amount: money(value.round()) });
    }
    return { ...traced(value.round(), entries, lines), steps };
  }
  // Several settings: each group of records is adjusted with its own, then they are added up.
  let total = Exact.zero;
  for (const { set, entries: members } of groups.values()) {
    let value = confident(members);
    steps.push({ step: `${set.label}: net × confidence`, share: null, amount: money(value.round()) });
    for (const key of adjustmentOrder) {
      value = value.mul(stepFactor(set.shares, key, year));
      steps.push({ step: `${set.label}: less ${adjustmentNames[key]}`, share: shareText(set.shares, key, year), amount: money(value.round()) });
    }
    total = total.add(value);
  }
  steps.push({ step: "adjusted, every setting together", share: null, amount: money(total.round()) });
  return { ...traced(total.round(), entries, lines), steps };
}

/** One record-year's adjusted value, exact (the dashboard adds these up cell by cell). */
export function adjustedValue(record: DivertedCareRecord, netPence: bigint, year: number, programmeAdjustments: Adjustments): Exact {
  const shares = record.adjustments ? resolveAdjustments(record.adjustments.shares) : programmeAdjustments;
  let value = Exact.of(netPence).mul(share(record.confidence, `record ${record.id}: confidence`));
  for (const key of adjustmentOrder) value = value.mul(stepFactor(shares, key, year));
  return value;
}

function sum(values: bigint[]): bigint {
  return values.reduce((total, value) => total + value, 0n);
}

function traced(pence: bigint, entries: RecordYear[], lines: EvidenceLine[], role?: EvidenceLine["role"]): TracedMoney {
  const lineIndexes = entries.flatMap((entry) => entry.lines).filter((index) => !role || lines[index]!.role === role);
  return { ...money(pence), trace: trace(lineIndexes, lines) };
}

function trace(lineIndexes: number[], lines: EvidenceLine[]): Trace {
  const sorted = [...new Set(lineIndexes)].sort((a, b) => a - b);
  return {
    records: [...new Set(sorted.map((index) => lines[index]!.recordId))],
    unitCosts: [...new Set(sorted.map((index) => lines[index]!.unitCostId).filter((id): id is string => id !== null))],
    lines: sorted,
  };
}

function combine(figures: TracedMoney[]): TracedMoney {
  const pence = sum(figures.map((figure) => BigInt(figure.pence)));
  const lineIndexes = [...new Set(figures.flatMap((figure) => figure.trace.lines))].sort((a, b) => a - b);
  return {
    ...money(pence),
    trace: {
      records: [...new Set(figures.flatMap((figure) => figure.trace.records))],
      unitCosts: [...new Set(figures.flatMap((figure) => figure.trace.unitCosts))],
      lines: lineIndexes,
    },
  };
}
