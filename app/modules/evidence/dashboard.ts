/**
 * The commissioners' dashboard, computed (no data access): diverted care records for a period
 * are cut at each month's edge and priced by the evidence engine with the unit costs in force
 * on each day; the engine's priced lines are then added up by month, ward, kind of asset and
 * need. Every cell keeps the indexes of the lines behind it (its trace), and every table is
 * suppressed as suppression.ts says before it leaves the server.
 *
 * Each month of a record carries the adjustment setting in force for its kind of support that
 * month (settings.ts), so the engine adjusts it exactly as the modeller would; with a price base,
 * every amount (unit costs and targets) is stated in that price year (ADR 0031).
 */
import { assetKindName } from "../../../db/vocabulary/kinds";
import { needName } from "../../../db/vocabulary/needs";
import { resolveAdjustments } from "./adjustments";
import { adjustedValue, computeEvidence, type DivertedCareRecord, type EvidenceLine, type EvidenceResult, type PriceBase, type RecordAdjustments } from "./engine";
import { maxYears } from "./finance";
import { Exact, money, type Money } from "../../../db/evidence/money";
import { convertPence, financialYearOf } from "../../../db/evidence/price-years";
import { settingFor, settingLabel, sharesOf, type AdjustmentSetting } from "./settings";
import { serviceName } from "./services";
import { fewerThanFive, isSmall, suppressedCells, withheldToProtect } from "./suppression";
import { EvidenceInputError } from "../../../db/evidence/input-error";
import { type UnitCost } from "./unit-costs";
import { addYears, fromDay, toDay } from "../../../db/calendar";

export type ConfidenceLevel = "low" | "medium" | "high";

/** How a practitioner's confidence level reads as a share (ADR 0015). */
export const confidenceShares: Record<ConfidenceLevel, string> = { low: "0.5", medium: "0.75", high: "0.9" };

/** One diverted-care record as the dashboard needs it: no person details, only where and what. */
export interface DashboardRecord {
  id: string;
  personId: string;
  service: string;
  /** Hours a week for hour-priced services; null for placements and packages. */
  hoursPerWeek: string | null;
  from: string;
  /** Last day, inclusive; null while it continues. */
  to: string | null;
  confidence: ConfidenceLevel;
  /** An existing package reduced or ended (a budget line cut), not care that would otherwise have started. */
  cashable: boolean;
  districtCode: string | null;
  districtName: string | null;
  wardCode: string | null;
  wardName: string | null;
  /** The kind of asset the person was referred to. */
  assetKind: string;
  /** The need the referral was mainly for (the first it names). */
  need: string | null;
}

export interface MonthlyTarget {
  validFrom: string;
  monthlyTargetPence: number;
}

export interface Period {
  /** First month, YYYY-MM. */
  from: string;
  /** Last month, YYYY-MM, inclusive. */
  to: string;
}

export const dimensions = ["month", "district", "ward", "kind", "need"] as const;
export type Dimension = (typeof dimensions)[number];

export const dimensionNames: Record<Dimension, string> = {
  month: "Month",
  district: "District",
  ward: "Ward",
  kind: "Kind of asset",
  need: "Need",
};

export interface Cell {
  key: string;
  label: string;
  /** People with diverted care in the cell; null when withheld. */
  people: number | null;
  peopleDisplay: string;
  suppressed: boolean;
  /** Hours of hour-priced care diverted (two decimals); null when withheld. */
  hours: string | null;
  /** Weeks of residential placement avoided (two decimals); null when withheld (also when 1–4 people had one). */
  placementWeeks: string | null;
  gross: Money | null;
  communitySupport: Money | null;
  net: Money | null;
  /** Net after each record's confidence and the adjustments in force (rounded once per cell). */
  adjusted: Money | null;
}

export interface Table {
  dimension: Dimension;
  rows: Cell[];
  total: Cell;
}

interface Bucket {
  people: Set<string>;
  /** People with a residential placement avoided: a rarer, more telling fact, suppressed on its own. */
  placementPeople: Set<string>;
  hours: Exact;
  placementWeeks: Exact;
  gross: bigint;
  community: bigint;
  lines: number[];
  /** Pieces (record-months) in the bucket: their adjusted values add up to the cell's. */
  pieces: Set<string>;
  adjusted: Exact;
}

export interface Dashboard {
  period: Period & { firstDay: string; lastDay: string; months: string[] };
  evidence: EvidenceResult;
  /** The record-months the engine priced, each with the adjustments it carried. */
  pieces: DivertedCareRecord[];
  tables: Record<Dimension, Table>;
  /** Line indexes behind each cell, by dimension and key (for the trace page; never sent whole). */
  traces: Record<Dimension, Map<string, number[]>>;
  trajectory: Array<{
    month: string;
    label: string;
    gross: Money | null;
    target: Money | null;
    cumulativeGross: Money | null;
    cumulativeTarget: Money | null;
    suppressed: boolean;
    /** The month's people as its table row shows them ("fewer than 5", "not shown" when withheld). */
    peopleDisplay: string;
  }>;
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return monthPattern.test(text);
}

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split("-").map(Number) as [number, number];
  const [endYear, endMonth] = to.split("-").map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, "0")}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"];

/** "2026-03" → "Mar 2026" (no Intl: it is called for every priced line). */
export function monthLabel(month: string): string {
  return `${monthNames[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

function monthEnd(month: string): number {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return Date.UTC(year, number, 1) / 86_400_000 - 1;
}

/** Where a record belongs in each dimension: key and label. */
function placeIn(record: DashboardRecord, dimension: Exclude<Dimension, "month">): { key: string; label: string } {
  if (dimension === "district") return { key: record.districtCode ?? "none", label: record.districtName ?? "District not recorded" };
  if (dimension === "ward") return { key: record.wardCode ?? "none", label: record.wardName ?? "Ward not recorded" };
  if (dimension === "kind") return { key: record.assetKind, label: assetKindName(record.assetKind) };
  return { key: record.need ?? "none", label: record.need ? needName(record.need) : "Need not recorded" };
}

/** No setting in force: nothing is taken off, and the steps say so. */
const noSetting: RecordAdjustments = { label: "No adjustments set (0%)", shares: {} };

/**
 * The engine's horizon for a period: whole programme years from the programme's start (so a
 * month is always in the same programme year, whatever period is shown), or from the period's
 * first month when no programme start is set.
 */
export function horizonFor(period: Period, programmeStart: string | null): { start: string; years: number; firstYear: number } {
  const first = `${period.from}-01`;
  const last = fromDay(monthEnd(period.to));
  if (!programmeStart) return { start: first, years: Math.max(1, Math.ceil(monthsBetween(period.from, period.to).length / 12)), firstYear: 1 };
  let offset = 0;
  while (addYears(programmeStart, offset) > first) offset -= 1;
  while (addYears(programmeStart, offset + 1) <= first) offset += 1;
  const start = addYears(programmeStart, offset);
  let years = 1;
  while (addYears(start, years) <= last) years += 1;
  if (years > maxYears) throw new EvidenceInputError(`Choose a shorter period: programme years are counted from ${programmeStart}, and a report can cover at most ${maxYears} of them.`);
  return { start, years, firstYear: offset + 1 };
}

export function buildDashboard(input: {
  records: readonly DashboardRecord[];
  unitCosts: readonly UnitCost[];
  period: Period;
  /** The last day with data: continuing records run to here. */
  today: string;
  targets: readonly MonthlyTarget[];
  investmentPence: number;
  /** State every amount in this price year; targets are converted from their month's financial year. */
  priceBase?: PriceBase;
  /** The area's adjustment settings (none: nothing is taken off). */
  adjustments?: readonly AdjustmentSetting[];
  /** The programme's first day, from which drop-off counts years; null: from the period's start. */
  programmeStart?: string | null;
}): Dashboard {
  const months = monthsBetween(input.period.from, input.period.to);
  const firstDay = toDay(`${input.period.from}-01`);
  const lastDay = monthEnd(input.period.to);
  const todayDay = toDay(input.today);
  const byId = new Map(input.records.map((record) => [record.id, record]));
  const monthDays = months.map((month) => ({ month, first: toDay(`${month}-01`), last: monthEnd(month) }));
  const settings = input.adjustments ?? [];
  const adjustmentsFor = (record: DashboardRecord, month: string): RecordAdjustments => {
    const setting = settingFor(settings, record.assetKind, month);
    return setting ? { label: settingLabel(setting), shares: sharesOf(setting) } : noSetting;
  };

  // Cut each record at the period's edges, at today, and at every month's edge.
  const pieces = input.records.flatMap((record): DivertedCareRecord[] => {
    const start = Math.max(toDay(record.from), firstDay);
    const end = Math.min(record.to === null ? todayDay : toDay(record.to), lastDay, todayDay);
    if (end < start) return [];
    return monthDays.flatMap(({ month, first, last }) => {
      const from = Math.max(start, first);
      const to = Math.min(end, last);
      if (to < from) return [];
      const hourly = record.hoursPerWeek !== null;
      return [
        {
          id: `${record.id}@${month}`,
          service: record.service,
          ...(hourly ? { hoursPerWeek: record.hoursPerWeek! } : { packages: 1 }),
          from: fromDay(from),
          to: fromDay(to),
          confidence: confidenceShares[record.confidence],
          // The practitioner says whether an existing, paid package was reduced or ended.
          cashable: record.cashable,
          // A PA or micro-enterprise is paid for, at its own unit cost: counted as community support.
          communitySupport:
            hourly && (record.assetKind === "personal_assistant" || record.assetKind === "micro_enterprise")
              ? [{ service: "pa-micro-enterprise", hoursPerWeek: record.hoursPerWeek! }]
              : [],
          adjustments: adjustmentsFor(record, month),
        },
      ];
    });
  });

  const evidence = computeEvidence({
    records: pieces,
    unitCosts: input.unitCosts,
    programme: horizonFor(input.period, input.programmeStart ?? null),
    investmentPence: input.investmentPence,
    ...(input.priceBase ? { priceBase: input.priceBase } : {}),
  });

  // Each piece's adjusted value, exactly as the engine adjusts it: cells add these up.
  const pieceById = new Map(pieces.map((piece) => [piece.id, piece]));
  const pieceNet = new Map<string, { net: bigint; year: number }>();
  for (const line of evidence.lines) {
    const entry = pieceNet.get(line.recordId) ?? { net: 0n, year: line.year };
    entry.net += BigInt(line.amount.pence) * (line.role === "care avoided" ? 1n : -1n);
    pieceNet.set(line.recordId, entry);
  }
  const none = resolveAdjustments();
  const pieceAdjusted = new Map([...pieceNet.entries()].map(([id, { net, year }]) => [id, adjustedValue(pieceById.get(id)!, net, year, none)]));

  const buckets = Object.fromEntries(dimensions.map((dimension) => [dimension, new Map<string, Bucket & { label: string }>()])) as Record<
    Dimension,
    Map<string, Bucket & { label: string }>
  >;
  const total: Bucket = emptyBucket();
  for (const month of months) buckets.month.set(month, { ...emptyBucket(), label: monthLabel(month) });

  evidence.lines.forEach((line, index) => {
    const [recordId, month] = line.recordId.split("@") as [string, string];
    const record = byId.get(recordId)!;
    const places: Array<[Dimension, { key: string; label: string }]> = [
      ["month", { key: month, label: "" }],
      ["district", placeIn(record, "district")],
      ["ward", placeIn(record, "ward")],
      ["kind", placeIn(record, "kind")],
      ["need", placeIn(record, "need")],
    ];
    for (const target of [total, ...places.map(([dimension, place]) => bucketFor(buckets[dimension], place))]) {
      addLine(target, line, index, record);
    }
  });
  const allBuckets = [total, ...dimensions.flatMap((dimension) => [...buckets[dimension].values()])];
  for (const bucket of allBuckets) bucket.adjusted = [...bucket.pieces].reduce((sum, id) => sum.add(pieceAdjusted.get(id) ?? Exact.zero), Exact.zero);

  const tables = Object.fromEntries(
    dimensions.map((dimension) => {
      const entries = [...buckets[dimension].entries()];
      if (dimension !== "month") entries.sort((a, b) => a[1].label.localeCompare(b[1].label));
      const table = suppressTable(dimension, entries, total);
      // The total row's adjusted figure is the engine's, so it is the headline to the penny.
      if (table.total.adjusted) table.total.adjusted = money(evidence.totals.adjusted.total.pence);
      return [dimension, table];
    }),
  ) as Record<Dimension, Table>;
  const traces = Object.fromEntries(
    dimensions.map((dimension) => [dimension, new Map([...buckets[dimension].entries()].map(([key, bucket]) => [key, bucket.lines]))]),
  ) as Record<Dimension, Map<string, number[]>>;

  let cumulativeGross = 0n;
  let cumulativeTarget: bigint | null = null;
  let trajectoryHidden = false;
  const trajectory = tables.month.rows.map((row) => {
    const recorded = targetFor(input.targets, row.key);
    // A target is in the prices of its month's financial year.
    const target = recorded === null || !input.priceBase ? recorded : convertPence(input.priceBase.index, recorded, financialYearOf(`${row.key}-01`), input.priceBase.year);
    if (row.suppressed) trajectoryHidden = true;
    cumulativeGross += BigInt(row.gross?.pence ?? 0);
    if (target !== null) cumulativeTarget = (cumulativeTarget ?? 0n) + BigInt(target);
    return {
      month: row.key,
      label: row.label,
      gross: row.gross,
      target: target === null ? null : money(target),
      // A running total past a withheld month would give that month away.
      cumulativeGross: trajectoryHidden ? null : money(cumulativeGross),
      cumulativeTarget: cumulativeTarget === null ? null : money(cumulativeTarget),
      suppressed: row.suppressed,
      peopleDisplay: row.peopleDisplay,
    };
  });

  return {
    period: { ...input.period, firstDay: fromDay(firstDay), lastDay: fromDay(lastDay), months },
    evidence,
    pieces,
    tables,
    traces,
    trajectory,
  };
}

/** The target in force for a month: the latest one starting on or before its first day. */
export function targetFor(targets: readonly MonthlyTarget[], month: string): number | null {
  const first = `${month}-01`;
  const inForce = targets.filter((target) => target.validFrom <= first).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1));
  return inForce[0]?.monthlyTargetPence ?? null;
}

function emptyBucket(): Bucket {
  return { people: new Set(), placementPeople: new Set(), hours: Exact.zero, placementWeeks: Exact.zero, gross: 0n, community: 0n, lines: [], pieces: new Set(), adjusted: Exact.zero };
}

function bucketFor(map: Map<string, Bucket & { label: string }>, place: { key: string; label: string }) {
  let bucket = map.get(place.key);
  if (!bucket) {
    bucket = { ...emptyBucket(), label: place.label };
    map.set(place.key, bucket);
  }
  return bucket;
}

function addLine(bucket: Bucket, line: EvidenceLine, index: number, record: DashboardRecord) {
  bucket.lines.push(index);
  bucket.pieces.add(line.recordId);
  if (line.role === "community support") {
    bucket.community += BigInt(line.amount.pence);
    return;
  }
  bucket.people.add(record.personId);
  bucket.gross += BigInt(line.amount.pence);
  const weeks = Exact.of(line.days).div(7);
  if (line.per === "hour") bucket.hours = bucket.hours.add(Exact.decimal(record.hoursPerWeek!).mul(weeks));
  else if (line.per === "placement") {
    bucket.placementWeeks = bucket.placementWeeks.add(weeks);
    bucket.placementPeople.add(record.personId);
  }
}

function cellOf(key: string, label: string, bucket: Bucket, suppressed: boolean, placementsWithheld: boolean): Cell {
  const people = bucket.people.size;
  if (suppressed) {
    return {
      key,
      label,
      people: null,
      peopleDisplay: isSmall(people) ? fewerThanFive : withheldToProtect,
      suppressed: true,
      hours: null,
      placementWeeks: null,
      gross: null,
      communitySupport: null,
      net: null,
      adjusted: null,
    };
  }
  return {
    key,
    label,
    people,
    peopleDisplay: String(people),
    suppressed: false,
    hours: bucket.hours.toFixed(2),
    placementWeeks: placementsWithheld ? null : bucket.placementWeeks.toFixed(2),
    gross: money(bucket.gross),
    communitySupport: money(bucket.community),
    net: money(bucket.gross - bucket.community),
    adjusted: money(bucket.adjusted.round()),
  };
}

function suppressTable(dimension: Dimension, entries: Array<[string, Bucket & { label: string }]>, total: Bucket): Table {
  const withheld = suppressedCells(
    entries.map(([, bucket]) => bucket.people.size),
    total.people.size,
  );
  // Placement weeks describe the people with a placement avoided: the same rule, on their count.
  const placementsWithheld = suppressedCells(
    entries.map(([, bucket]) => bucket.placementPeople.size),
    total.placementPeople.size,
  );
  return {
    dimension,
    rows: entries.map(([key, bucket], index) => cellOf(key, bucket.label, bucket, withheld.has(index), placementsWithheld.has(index))),
    total: cellOf("total", "Total", total, isSmall(total.people.size), isSmall(total.placementPeople.size)),
  };
}

/** The unit costs and quantities behind one cell, aggregated: never a record or a person. */
export interface TraceRow {
  role: EvidenceLine["role"];
  service: string;
  unitCost: UnitCost | null;
  /** The rate used: in the report's price year when converted. */
  rate: Money;
  per: EvidenceLine["per"];
  /** The unit cost's own price year. */
  priceYear: string | null;
  /** The unit cost as recorded, and how it was converted (null: not converted). */
  originalRate: Money | null;
  conversion: EvidenceLine["conversion"] | null;
  /** People priced at this unit cost, or "fewer than 5" / "not shown". */
  peopleDisplay: string;
  /** Hours, or placement/package weeks; null when withheld. */
  quantity: string | null;
  quantityUnit: string;
  amount: Money | null;
}

/**
 * The cell's lines grouped by unit cost. Each group counts its people and is suppressed like a
 * table (its total is the cell's people): a group of 1–4, say one residential placement in a
 * ward, shows its unit cost but not its quantity or amount.
 */
export function traceRows(evidence: EvidenceResult, lineIndexes: readonly number[], unitCosts: readonly UnitCost[], records: readonly DashboardRecord[]): TraceRow[] {
  const byId = new Map(records.map((record) => [record.id, record]));
  const groups = new Map<string, { line: EvidenceLine; quantity: Exact; amount: bigint; people: Set<string> }>();
  const everyone = new Set<string>();
  for (const index of lineIndexes) {
    const line = evidence.lines[index]!;
    const key = `${line.role}|${line.service}|${line.unitCostId ?? line.description}`;
    const group = groups.get(key) ?? { line, quantity: Exact.zero, amount: 0n, people: new Set<string>() };
    const weeks = Exact.of(line.days).div(7);
    const record = byId.get(line.recordId.split("@")[0]!)!;
    group.quantity = group.quantity.add(line.per === "hour" ? Exact.decimal(record.hoursPerWeek!).mul(weeks) : weeks);
    group.amount += BigInt(line.amount.pence);
    group.people.add(record.personId);
    everyone.add(record.personId);
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) =>
    a.line.role === b.line.role ? a.line.service.localeCompare(b.line.service) || a.line.from.localeCompare(b.line.from) : a.line.role === "care avoided" ? -1 : 1,
  );
  const withheld = suppressedCells(
    sorted.map((group) => group.people.size),
    everyone.size,
  );
  return sorted.map(({ line, quantity, amount, people }, index) => ({
    role: line.role,
    service: serviceName(line.service),
    unitCost: unitCosts.find((cost) => cost.id === line.unitCostId) ?? null,
    rate: line.rate,
    per: line.per,
    priceYear: line.priceYear,
    originalRate: line.originalRate ?? null,
    conversion: line.conversion ?? null,
    peopleDisplay: withheld.has(index) ? (isSmall(people.size) ? fewerThanFive : withheldToProtect) : String(people.size),
    quantity: withheld.has(index) ? null : quantity.toFixed(2),
    quantityUnit: line.per === "hour" ? "hours" : line.per === "placement" ? "placement weeks" : "package weeks",
    amount: withheld.has(index) ? null : money(amount),
  }));
}
