/**
 * The adjustments that turn net cost avoided into the benefit a finance committee can rely on
 * (HM Treasury Green Book / GMCA cost-benefit guidance, SROI). This is the one place their
 * defaults live. Each is a share between 0 and 1 taken away from the benefit:
 *
 * - deadweight: what would have happened anyway (the person would not have needed the care);
 * - displacement: benefit that only moved cost elsewhere (to another budget or another person);
 * - attribution: the share of the outcome owed to others (the NHS, family, other programmes);
 * - dropOff: how much of the effect fades each year after the first, compounding:
 *   year y keeps (1 − dropOff)^(y − 1);
 * - optimismBias: the correction for appraisers' known over-estimation.
 *
 * The confidence recorded on each diverted-care record (0–1) is applied to that record first.
 *
 * Defaults are zero, i.e. "not adjusted", on purpose: these shares are a council's judgement
 * for its own programme, not the software's, and every result states the shares it used so a
 * reader can see when nothing was taken off. Record confidence defaults to nothing: every
 * record must say how sure the practitioner was.
 */
import { Exact } from "../../../db/evidence/money";

export interface Adjustments {
  deadweight: Exact;
  displacement: Exact;
  attribution: Exact;
  dropOff: Exact;
  optimismBias: Exact;
}

/** The order they are applied in and shown in traces (multiplication: the order does not change the result). */
export const adjustmentOrder = ["deadweight", "displacement", "attribution", "dropOff", "optimismBias"] as const satisfies ReadonlyArray<
  keyof Adjustments
>;

export const adjustmentNames: Record<keyof Adjustments, string> = {
  deadweight: "deadweight",
  displacement: "displacement",
  attribution: "attribution",
  dropOff: "drop-off",
  optimismBias: "optimism bias",
};

export const defaultAdjustments: Readonly<Adjustments> = Object.freeze({
  deadweight: Exact.zero,
  displacement: Exact.zero,
  attribution: Exact.zero,
  dropOff: Exact.zero,
  optimismBias: Exact.zero,
});

export type AdjustmentsInput = Partial<Record<keyof Adjustments, number | string | Exact>>;

/** Shares given as decimals between 0 and 1 (e.g. 0.25); anything missing takes its default. */
export function resolveAdjustments(input: AdjustmentsInput = {}): Adjustments {
  const resolved = { ...defaultAdjustments };
  for (const key of adjustmentOrder) {
    const value = input[key];
    if (value === undefined) continue;
    resolved[key] = share(value, key);
  }
  return resolved;
}

/** A share between 0 and 1, exactly as written; otherwise an error naming it. */
export function share(value: number | string | Exact, name: string): Exact {
  let exact: Exact;
  try {
    exact = value instanceof Exact ? value : Exact.decimal(value);
  } catch {
    throw new RangeError(`${name} must be a number between 0 and 1`);
  }
  if (exact.compare(Exact.zero) < 0 || exact.compare(Exact.one) > 0) {
    throw new RangeError(`${name} must be between 0 and 1 (0% to 100%), not ${value instanceof Exact ? value.toFixed(4) : String(value)}`);
  }
  return exact;
}

export function describeShare(value: Exact): string {
  return `${value.mul(100).toFixed(2).replace(/\.?0+$/, "")}%`;
}
