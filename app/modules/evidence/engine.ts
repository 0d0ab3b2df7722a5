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
 */
import { adjustmentNames, adjustmentOrder, describeShare, resolveAdjustments, share, type Adjustments, type AdjustmentsInput } from "./adjustments";
import { addYears, fromDay, toDay } from "./dates";
import { financeViews, fiscalRoi, maxYears, minYears, type FinanceViews, type FiscalRoi } from "./finance";
import { Exact, money, type Money } from "./money";
import { serviceName } from "./services";
import { EvidenceInputError, priceSpans, type UnitCost } from "./unit-costs";

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
}

export interface EvidenceInput {
  records: readonly DivertedCareRecord[];
  unitCosts: readonly UnitCost[];
  programme: { start: string; years: number };
  investmentPence: number;
  adjustments?: AdjustmentsInput;
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
}

interface RecordYear {
  record: DivertedCareRecord;
  confidence: Exact;
  gross: bigint;
  community: bigint;
  lines: number[];
}

export function computeEvidence(input: EvidenceInput): EvidenceResult {
  const adjustments = resolveAdjustments(input.adjustments);
  const { start, years: horizon } = input.programme;
  if (!Number.isInteger(horizon) || horizon < minYears || horizon > maxYears) {
    throw new EvidenceInputError(`programme years must be a whole number from ${minYears} to ${maxYears}`);
  }
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
    const first = checked(() => toDay(record.from), `record ${record.id}: from`);
    const last = checked(() => toDay(record.to), `record ${record.id}: to`);
    if (last < first) throw new EvidenceInputError(`record ${record.id}: "to" (${record.to}) is before "from" (${record.from})`);
    let inHorizon = false;
    for (let index = 0; index < horizon; index++) {
      const from = Math.max(first, yearStarts[index]!);
      const to = Math.min(last + 1, yearStarts[index + 1]!);
      if (from >= to) continue;
      inHorizon = true;
      const entry: RecordYear = { record, confidence, gross: 0n, community: 0n, lines: [] };
      for (const line of priceCare(input.unitCosts, record, record, "care avoided", from, to, index + 1)) {
        entry.gross += BigInt(line.amount.pence);
        entry.lines.push(lines.push(line) - 1);
      }
      for (const support of record.communitySupport ?? []) {
        const supportLines =
          "weeklyCostPence" in support
            ? [fixedCost(record, support, from, to, index + 1)]
            : priceCare(input.unitCosts, record, support, "community support", from, to, index + 1);
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
    const year = index + 1;
    const cashable = adjusted(entries.filter((entry) => entry.record.cashable), adjustments, year, lines);
    const nonCashable = adjusted(entries.filter((entry) => !entry.record.cashable), adjustments, year, lines);
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
  };
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
    const amount = Exact.of(span.unitCost.amountPence).mul(quantity).mul(days).div(7);
    return {
      recordId: record.id,
      role,
      service: care.service,
      description: serviceName(care.service),
      unitCostId: span.unitCost.id,
      rate: money(span.unitCost.amountPence),
      per: span.unitCost.unit,
      priceYear: span.unitCost.priceYear,
      quantityPerWeek: `${quantity.toFixed(2).replace(/\.?0+$/, "")} ${span.unitCost.unit === "hour" ? "hours" : span.unitCost.unit === "week" ? "packages" : "placements"}`,
      from: fromDay(span.from),
      to: fromDay(span.to - 1),
      days,
      year,
      amount: money(amount.round()),
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

function fixedCost(record: DivertedCareRecord, support: FixedCommunityCost, from: number, to: number, year: number): EvidenceLine {
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
  };
}

function stepFactor(adjustments: Adjustments, key: keyof Adjustments, year: number): Exact {
  return key === "dropOff" ? adjustments.dropOff.complement().pow(year - 1) : adjustments[key].complement();
}

function adjusted(entries: RecordYear[], adjustments: Adjustments, year: number, lines: EvidenceLine[]): AdjustedMoney {
  const net = sum(entries.map((entry) => entry.gross - entry.community));
  let value = entries.reduce((total, entry) => total.add(Exact.of(entry.gross - entry.community).mul(entry.confidence)), Exact.zero);
  const steps: AdjustmentStep[] = [
    { step: "net", share: null, amount: money(net) },
    { step: "× each record's confidence", share: null, amount: money(value.round()) },
  ];
  for (const key of adjustmentOrder) {
    value = value.mul(stepFactor(adjustments, key, year));
    const shareText = key === "dropOff" ? `${describeShare(adjustments.dropOff)} a year, year ${year}` : describeShare(adjustments[key]);
    steps.push({ step: `less ${adjustmentNames[key]}`, share: shareText, amount: money(value.round()) });
  }
  return { ...traced(value.round(), entries, lines), steps };
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
