/**
 * Unit costs as the engine sees them (no data access): which figure was in force for a service
 * on a day, and how a new figure takes over from the old one without overwriting it.
 *
 * Validity is half-open, [validFrom, validTo): a figure closed on 2026-04-01 was last in force
 * on 31 March 2026, and the next figure starts on 1 April.
 */
import { EvidenceInputError } from "../../../db/evidence/input-error";
import type { UnitCostUnit } from "./services";
import { fromDay, toDay } from "../../../db/calendar";

export interface UnitCost {
  id: string;
  service: string;
  unit: UnitCostUnit;
  amountPence: number;
  priceYear: string;
  source: string;
  validFrom: string;
  validTo: string | null;
}

/** Asked to price a service on a day no unit cost covers. */
export class MissingUnitCostError extends Error {
  constructor(
    readonly service: string,
    readonly date: string,
  ) {
    super(`No unit cost for "${service}" in force on ${date}: add one that covers that date.`);
    this.name = "MissingUnitCostError";
  }
}

export interface PricedSpan {
  unitCost: UnitCost;
  /** First day, inclusive (days since 1970-01-01). */
  from: number;
  /** Day after the last, exclusive. */
  to: number;
}

/**
 * Splits [from, to) at every change of unit cost for the service; each piece carries the figure
 * in force. A day no figure covers is a MissingUnitCostError naming the service and the date.
 */
export function priceSpans(unitCosts: readonly UnitCost[], service: string, from: number, to: number): PricedSpan[] {
  const figures = unitCosts
    .filter((cost) => cost.service === service)
    .map((cost) => ({ cost, from: toDay(cost.validFrom), to: cost.validTo === null ? Infinity : toDay(cost.validTo) }))
    .sort((a, b) => a.from - b.from);
  const backwards = figures.find((figure) => figure.to <= figure.from);
  if (backwards) throw new EvidenceInputError(`Unit cost ${backwards.cost.id} for "${service}" ends (${backwards.cost.validTo}) before it starts (${backwards.cost.validFrom}).`);
  const spans: PricedSpan[] = [];
  let day = from;
  while (day < to) {
    const inForce = figures.filter((figure) => figure.from <= day && day < figure.to);
    if (inForce.length === 0) throw new MissingUnitCostError(service, fromDay(day));
    if (inForce.length > 1) {
      throw new EvidenceInputError(
        `Unit costs for "${service}" overlap on ${fromDay(day)} (${inForce.map((figure) => figure.cost.id).join(", ")}): close one first.`,
      );
    }
    const figure = inForce[0]!;
    // Stop at the next figure's start too, so an overlapping figure is noticed rather than skipped.
    const nextStart = figures.find((other) => other.from > day)?.from ?? Infinity;
    const end = Math.min(to, figure.to, nextStart);
    spans.push({ unitCost: figure.cost, from: day, to: end });
    day = end;
  }
  return spans;
}

export interface NewUnitCost {
  service: string;
  unit: UnitCostUnit;
  amountPence: number;
  priceYear: string;
  source: string;
  validFrom: string;
  /** The day after the last day in force, when the figure is for a fixed time (a year's reference price); null or absent: until replaced. */
  validTo?: string | null;
}

/**
 * What recording a new figure does to the figures already there: the open figure for the
 * service (if any) is closed on the new figure's first day. Nothing else changes; a figure
 * that would start on or before an existing one's start, or change the unit, is refused.
 */
export function planNewUnitCost(existing: readonly UnitCost[], figure: NewUnitCost): { close: UnitCost | null } {
  const forService = existing.filter((cost) => cost.service === figure.service);
  const start = toDay(figure.validFrom);
  if (figure.validTo != null && toDay(figure.validTo) <= start) {
    throw new EvidenceInputError(`A figure cannot end (${figure.validTo}) on or before the day it starts (${figure.validFrom}).`);
  }
  const later = forService.find((cost) => toDay(cost.validFrom) >= start);
  if (later) {
    throw new EvidenceInputError(
      `A figure for "${figure.service}" already starts on ${later.validFrom}: a new figure must start after ${later.validFrom}, so past figures stay as they were.`,
    );
  }
  const open = forService.find((cost) => cost.validTo === null) ?? null;
  if (open && open.unit !== figure.unit) {
    throw new EvidenceInputError(`"${figure.service}" is priced per ${open.unit}, not per ${figure.unit}.`);
  }
  const coveringLater = forService.find((cost) => cost.validTo !== null && toDay(cost.validTo) > start);
  if (coveringLater && coveringLater !== open) {
    throw new EvidenceInputError(`A figure for "${figure.service}" is already in force on ${figure.validFrom}.`);
  }
  return { close: open };
}
