/**
 * A set of listing slots as bits in 32-bit words: the filters, facets and word matches of the
 * in-memory engine are unions and intersections of these, a word at a time.
 */
export class Bitset {
  words: Uint32Array;

  constructor(capacity: number) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(capacity / 32)));
  }

  get capacity(): number {
    return this.words.length * 32;
  }

  /** Room for `capacity` slots, keeping what is set. */
  grow(capacity: number): void {
    if (capacity <= this.capacity) return;
    const words = new Uint32Array(Math.max(Math.ceil(capacity / 32), this.words.length * 2));
    words.set(this.words);
    this.words = words;
  }

  set(slot: number): void {
    this.words[slot >>> 5]! |= 1 << (slot & 31);
  }

  clear(slot: number): void {
    this.words[slot >>> 5]! &= ~(1 << (slot & 31));
  }

  has(slot: number): boolean {
    return ((this.words[slot >>> 5]! >>> (slot & 31)) & 1) === 1;
  }

  /** A copy sized like `size` words (for sets that must line up with another). */
  static sized(words: number): Bitset {
    const set = new Bitset(1);
    set.words = new Uint32Array(words);
    return set;
  }

  copy(): Bitset {
    const set = Bitset.sized(this.words.length);
    set.words.set(this.words);
    return set;
  }

  and(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) a[i]! &= b[i]!;
    a.fill(0, n);
    return this;
  }

  or(other: Bitset): this {
    const a = this.words;
    const b = other.words;
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) a[i]! |= b[i]!;
    return this;
  }

  count(): number {
    let total = 0;
    for (const word of this.words) total += popcount(word);
    return total;
  }

  /** The size of this ∩ other, without making it. */
  countAnd(other: Bitset): number {
    const a = this.words;
    const b = other.words;
    const n = Math.min(a.length, b.length);
    let total = 0;
    for (let i = 0; i < n; i++) total += popcount(a[i]! & b[i]!);
    return total;
  }

  isEmpty(): boolean {
    for (const word of this.words) if (word !== 0) return false;
    return true;
  }

  /** Calls `visit` for each slot in the set, in order. */
  forEach(visit: (slot: number) => void): void {
    const words = this.words;
    for (let i = 0; i < words.length; i++) {
      let word = words[i]!;
      while (word !== 0) {
        const low = word & -word;
        visit(i * 32 + (31 - Math.clz32(low)));
        word ^= low;
      }
    }
  }
}

function popcount(word: number): number {
  word -= (word >>> 1) & 0x55555555;
  word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
  return (((word + (word >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
