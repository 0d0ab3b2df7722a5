/**
 * Exact money arithmetic for the evidence engine (no data access; shared by server, CLI, pages
 * and the seed, hence under db/). Amounts are whole pence at the edges; in between, every figure is an exact fraction
 * of BigInts, so a cost per hour × 7.5 hours a week × 23 days ÷ 7 has no floating-point drift.
 *
 * Rounding rule (ADR 0007): a figure is rounded to whole pence only when it is reported, half
 * away from zero (£0.005 → £0.01, −£0.005 → −£0.01). Totals are sums of rounded lines, so a
 * total always equals the sum of the lines shown under it.
 */

/** An exact fraction n/d with d > 0, kept in lowest terms. */
export class Exact {
  readonly n: bigint;
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    if (d === 0n) throw new RangeError("division by zero");
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    this.n = g > 1n ? n / g : n;
    this.d = g > 1n ? d / g : d;
  }

  static of(value: bigint | number, denominator: bigint | number = 1n): Exact {
    return new Exact(toBigInt(value), toBigInt(denominator));
  }

  /** Parses a decimal written as a JavaScript number or string ("7.5", 0.35, "1e-3") exactly as written. */
  static decimal(value: number | string): Exact {
    const text = typeof value === "number" ? numberText(value) : value.trim();
    const match = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text) ?? /^([+-]?)()\.(\d+)(?:e([+-]?\d+))?$/i.exec(text);
    if (!match) throw new RangeError(`"${text}" is not a decimal number`);
    const [, sign, whole = "", fraction = "", exponentText] = match;
    const exponent = Number(exponentText ?? 0) - fraction.length;
    let n = BigInt(`${whole}${fraction}` || "0");
    if (sign === "-") n = -n;
    return exponent >= 0 ? new Exact(n * 10n ** BigInt(exponent), 1n) : new Exact(n, 10n ** BigInt(-exponent));
  }

  static readonly zero = new Exact(0n, 1n);
  static readonly one = new Exact(1n, 1n);

  add(other: Exact): Exact {
    return new Exact(this.n * other.d + other.n * this.d, this.d * other.d);
  }
  sub(other: Exact): Exact {
    return new Exact(this.n * other.d - other.n * this.d, this.d * other.d);
  }
  mul(other: Exact | bigint | number): Exact {
    const o = other instanceof Exact ? other : Exact.of(other);
    return new Exact(this.n * o.n, this.d * o.d);
  }
  div(other: Exact | bigint | number): Exact {
    const o = other instanceof Exact ? other : Exact.of(other);
    if (o.n === 0n) throw new RangeError("division by zero");
    return new Exact(this.n * o.d, this.d * o.n);
  }
  /** 1 − this: the share left after taking a share away. */
  complement(): Exact {
    return Exact.one.sub(this);
  }
  pow(exponent: number): Exact {
    let result = Exact.one;
    for (let i = 0; i < exponent; i++) result = result.mul(this);
    return result;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  compare(other: Exact): number {
    const difference = this.n * other.d - other.n * this.d;
    return difference === 0n ? 0 : difference < 0n ? -1 : 1;
  }

  /** Rounds half away from zero to a whole number (pence, when the fraction is in pence). */
  round(): bigint {
    const negative = this.n < 0n;
    const magnitude = negative ? -this.n : this.n;
    const rounded = (2n * magnitude + this.d) / (2n * this.d);
    return negative ? -rounded : rounded;
  }

  /** Whole pence as a JavaScript number (safe: throws beyond ±2^53). */
  toPence(): number {
    return safeNumber(this.round());
  }

  /** A decimal string with `places` decimals, rounded half away from zero: ratios and percentages. */
  toFixed(places: number): string {
    const scaled = this.mul(10n ** BigInt(places)).round();
    const negative = scaled < 0n;
    const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
    const whole = digits.slice(0, digits.length - places);
    const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : "";
    return `${negative ? "-" : ""}${whole}${fraction}`;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

function toBigInt(value: bigint | number): bigint {
  if (typeof value === "bigint") return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a whole number`);
  return BigInt(value);
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError("amount too large");
  }
  return Number(value);
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  return String(value); // shortest round-trip form: 0.1 → "0.1", 1e-7 → "1e-7"
}

/** Pounds as written (a number or string with at most two decimals) → whole pence, exactly. */
export function poundsToPence(pounds: number | string): number {
  const pence = Exact.decimal(pounds).mul(100);
  if (pence.d !== 1n) throw new RangeError(`£${String(pounds)} has more than two decimal places`);
  return safeNumber(pence.n);
}

/** Whole pence → "£1,234.56" (negative: "−£1,234.56"). */
export function formatPence(pence: number | bigint): string {
  const value = BigInt(pence);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const pounds = (magnitude / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rest = (magnitude % 100n).toString().padStart(2, "0");
  return `${negative ? "−" : ""}£${pounds}.${rest}`;
}

/** Money as the CLI and traces print it: integer pence for machines, pounds for people. */
export interface Money {
  pence: number;
  display: string;
}

export function money(pence: number | bigint): Money {
  const value = typeof pence === "bigint" ? safeNumber(pence) : pence;
  return { pence: value, display: formatPence(value) };
}
