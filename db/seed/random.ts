/**
 * Seeded randomness for invented data (the demo directory and evidence, the benchmarks'
 * synthetic listings): the same label gives the same stream on every run, so the demo is the
 * same everywhere and a test can name what it holds. Never Math.random.
 */

/** FNV-1a: turns a label into a 32-bit seed, so each thing gets its own stable stream. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: tiny, fast and good enough for invented data. Numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream seeded by a label, with the choices the invented data makes. */
export class Random {
  readonly next: () => number;

  constructor(label: string) {
    this.next = mulberry32(hash32(label));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** an integer in [min, max], inclusive */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** a multiple of `step` in [min, max] */
  stepped(min: number, max: number, step: number): number {
    return min + step * this.int(0, Math.floor((max - min) / step));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` distinct items, in their original order */
  sample<T>(items: readonly T[], count: number): T[] {
    const indexes = this.shuffle(items.map((_, index) => index)).slice(0, count);
    return indexes.sort((a, b) => a - b).map((index) => items[index]!);
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other]!, copy[index]!];
    }
    return copy;
  }

  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weightOf(item), 0);
    let target = this.next() * total;
    for (const item of items) {
      target -= weightOf(item);
      if (target < 0) return item;
    }
    return items[items.length - 1]!;
  }
}
