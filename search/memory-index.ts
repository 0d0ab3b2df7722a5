/**
 * The in-memory search index: every published listing's searchable words, filters, facets and
 * places, packed for speed, and the search contract (search/types.ts) answered from it. Pure: it
 * knows nothing of the database (search/memory.server.ts keeps it current from the listing feed),
 * so unit tests build one from listings directly.
 *
 * Packed as:
 * - slots: each listing version gets the next slot; a changed listing's old slot is marked dead
 *   and its new version appended, so every list of slots stays in order without rewriting. When a
 *   quarter of the slots are dead, everything is packed again.
 * - words: a dictionary (word → id, with its Porter2 stem), and per word its postings (the slots
 *   that contain it, and in which fields: name, description, place). Each slot's words in order
 *   are kept in one typed array, for phrases and how close words are.
 * - filters and facets: a bitset per need, kind, accessibility feature and day, and for free or
 *   low cost, Direct Payment and places free; ages as two small-integer arrays.
 * - places: each slot's points as earth coordinates in typed arrays, and a grid of cells about
 *   2 km square for finding the listings near a point without looking at the rest.
 *
 * The rules it applies are in docs/search.md ("The rules"); search/query-plan.ts reads the query.
 */
import { assetKinds, type AssetKind } from "../db/vocabulary/kinds";
import { accessibilityFeatures, needCodes, type NeedCode } from "../db/vocabulary/needs";
import { Bitset } from "./bitset";
import type { CardFields } from "./card-columns";
import { earthPoint, greatCircle } from "./earth";
import { planQuery, type PlannedTerm } from "./query-plan";
import { cleanText, stemOf, typos, words } from "./text";
import {
  maxRadiusMiles,
  milesToMetres,
  minRadiusMiles,
  type AssetHit,
  type AssetQuery,
  type AssetResults,
  type DayCode,
  type WordMatch,
} from "./types";

export interface SearchPlace {
  latitude: number | null;
  longitude: number | null;
  town: string | null;
  postcode: string | null;
  wardName: string | null;
}

/** One published listing, as the index takes it (search/memory.server.ts reads these from the database). */
export interface SearchListing {
  id: string;
  name: string;
  description: string;
  kind: AssetKind;
  needs: NeedCode[];
  accessibility: string[];
  days: DayCode[];
  isFree: boolean;
  directPayment: boolean;
  hourlyRatePence: number | null;
  freeOrLowCost: boolean;
  hasCapacity: boolean;
  minimumAge: number | null;
  maximumAge: number | null;
  /** What its result card shows (places or waiting list, price, days), as search/card-columns.ts reads it. */
  card: CardFields;
  /** In the listing's order (service_at_locations by id): the first is shown when there is no point. */
  places: SearchPlace[];
}

/** What a hit shows, held per slot (the words are held as word ids, not text). */
interface Held {
  id: string;
  name: string;
  summary: string;
  hourlyRatePence: number | null;
  card: CardFields;
  places: SearchPlace[];
}

const kindCodes = assetKinds.map((kind) => kind.code as AssetKind);
const featureCodes = accessibilityFeatures.map((feature) => feature.code as string);
const dayCodes: DayCode[] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/** Word id 0 separates the values of the place field (town, ward …): 8 positions apart. */
const gap = 0;
const gapPositions = 8;
/** Attributes, in rank order: a word found in the name counts for more than in the description. */
const NAME = 0;
const DESCRIPTION = 1;
const PLACE = 2;
const NEEDS = 3;
/** Grid cells in degrees: about 2.2 km north-south and 2.4 km east-west in Cambridgeshire. */
const cellLatitude = 0.02;
const cellLongitude = 0.035;
const farProximity = 8;

/** Needs as a bit mask, and the mask's needs as one shared array (hits share them). */
const needMaskOf = (codes: readonly string[]) => codes.reduce((mask, code) => mask | (1 << needCodes.indexOf(code as NeedCode)), 0);
const needListByMask = Array.from({ length: 1 << needCodes.length }, (_, mask) =>
  Object.freeze([...needCodes].filter((_, bit) => mask & (1 << bit)).sort()),
);

/**
 * A word's postings: the slots that hold it, each with where: the best place it is found, as
 * field × 64 + its first position in that field (up to 63), the same measure the ranking uses.
 */
class Postings {
  slots = new Uint32Array(4);
  places = new Uint16Array(4);
  length = 0;
  push(slot: number, place: number) {
    if (this.length === this.slots.length) {
      const slots = new Uint32Array(this.length * 2);
      slots.set(this.slots);
      this.slots = slots;
      const places = new Uint16Array(this.length * 2);
      places.set(this.places);
      this.places = places;
    }
    this.slots[this.length] = slot;
    this.places[this.length++] = place;
  }
}

/** How a term was matched: what was typed (or a form of it), the vocabulary's words, or a typo or word start. */
const TYPED = 0;
const VOCABULARY = 1;
const INEXACT = 2;

/**
 * What one term matched, per slot it matched: fewest typos, the closest to what was typed
 * (TYPED, VOCABULARY, INEXACT), and the best place (field × 64 + position).
 */
interface TermMatches {
  term: PlannedTerm;
  bits: Bitset;
  typos: Uint8Array;
  exactness: Uint8Array;
  place: Uint16Array;
  /** Per word id: typos + 1 if the word matches the term, 0 if not. */
  wordMatch: Uint8Array;
  /** The term's phrases (its own words first, when it is a phrase), as stem ids; unknown stems left out. */
  phrases: number[][];
}

export class SearchIndex {
  private capacity = 0;
  private next = 0;
  private held: (Held | undefined)[] = [];
  private slotOf = new Map<string, number>();
  private alive = new Bitset(0);
  private liveCount = 0;
  private needBits = needCodes.map(() => new Bitset(0));
  private kindBits = kindCodes.map(() => new Bitset(0));
  private featureBits = featureCodes.map(() => new Bitset(0));
  private dayBits = dayCodes.map(() => new Bitset(0));
  private freeBits = new Bitset(0);
  private directPaymentBits = new Bitset(0);
  private capacityBits = new Bitset(0);
  private needMask = new Uint8Array(0);
  private kindOf = new Uint8Array(0);
  private flags = new Uint8Array(0); // bit 0: isFree, bit 1: directPayment
  private minimumAge = new Int16Array(0);
  private maximumAge = new Int16Array(0);

  // words
  private words: string[] = [""];
  private wordIds = new Map<string, number>();
  private wordStem: number[] = [-1];
  private stemIds = new Map<string, number>();
  private stemWords: number[][] = [];
  private wordsByInitial = new Map<string, number[]>();
  private postings: Postings[] = [new Postings()];
  private tokens = new Uint32Array(1024);
  private tokenCount = 0;
  /** Per slot: where its words start, where the description and the place start, where they end. */
  private tokenStart = new Uint32Array(0);
  private descriptionStart = new Uint32Array(0);
  private placeStart = new Uint32Array(0);
  private tokenEnd = new Uint32Array(0);

  // places
  private pointStart = new Uint32Array(0);
  private pointCount = new Uint16Array(0);
  private pointX = new Float64Array(64);
  private pointY = new Float64Array(64);
  private pointZ = new Float64Array(64);
  private pointTotal = 0;
  private grid = new Map<number, number[]>();

  // names in order, for ties and sort=name
  private nameOrder: number[] = [];
  private nameRank = new Int32Array(0);
  private namesDirty = false;
  private derivations = new Map<string, Array<[word: number, typos: number, exact: boolean]>>();
  /** Per-slot working arrays, reused by every search (a search runs start to end without pausing). */
  private scratch = { size: 0, metres: new Float64Array(0), primary: new Float64Array(0), secondary: new Float64Array(0), slots: new Int32Array(0) };
  private termScratch: { typos: Uint8Array; exactness: Uint8Array; place: Uint16Array }[] = [];

  /** The working arrays, large enough for every slot. */
  private working() {
    if (this.scratch.size < this.next) {
      const size = Math.max(this.capacity, this.next);
      this.scratch = { size, metres: new Float64Array(size), primary: new Float64Array(size), secondary: new Float64Array(size), slots: new Int32Array(size) };
      this.termScratch = [];
    }
    return this.scratch;
  }

  get size(): number {
    return this.liveCount;
  }

  get deadSlots(): number {
    return this.next - this.liveCount;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Adds a listing, or replaces the one with its id. Call `settle()` after a batch of changes. */
  add(listing: SearchListing): void {
    this.remove(listing.id);
    const slot = this.next++;
    if (slot >= this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    this.held[slot] = {
      id: listing.id,
      name: listing.name,
      summary: summarise(listing.description),
      hourlyRatePence: listing.hourlyRatePence,
      card: internCard(listing.card),
      places: listing.places.map(internPlace),
    };
    this.slotOf.set(listing.id, slot);
    this.alive.set(slot);
    this.liveCount++;
    const mask = needMaskOf(listing.needs.filter((need) => needCodes.includes(need)));
    this.needMask[slot] = mask;
    needCodes.forEach((_, bit) => mask & (1 << bit) && this.needBits[bit]!.set(slot));
    const kind = Math.max(0, kindCodes.indexOf(listing.kind));
    this.kindOf[slot] = kind;
    this.kindBits[kind]!.set(slot);
    for (const feature of listing.accessibility) {
      const at = featureCodes.indexOf(feature);
      if (at >= 0) this.featureBits[at]!.set(slot);
    }
    for (const day of listing.days) {
      const at = dayCodes.indexOf(day);
      if (at >= 0) this.dayBits[at]!.set(slot);
    }
    if (listing.freeOrLowCost) this.freeBits.set(slot);
    if (listing.directPayment) this.directPaymentBits.set(slot);
    if (listing.hasCapacity) this.capacityBits.set(slot);
    this.flags[slot] = (listing.isFree ? 1 : 0) | (listing.directPayment ? 2 : 0);
    this.minimumAge[slot] = listing.minimumAge ?? -1;
    this.maximumAge[slot] = listing.maximumAge ?? -1;
    this.addWords(slot, listing);
    this.addPoints(slot, listing.places);
    this.namesDirty = true;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.alive.clear(slot);
    this.liveCount--;
    this.held[slot] = undefined;
    // Filters need no clearing: every search starts from the live slots.
    this.namesDirty = true;
  }

  /** After a batch of changes: packs again when a quarter of the slots are dead; orders names. */
  settle(): void {
    if (this.deadSlots > 1000 && this.deadSlots > this.liveCount / 3) this.pack();
    if (this.namesDirty) this.orderNames();
  }

  // ── Building ──

  private grow(capacity: number) {
    const copy = <T extends Uint8Array | Uint16Array | Uint32Array | Int16Array | Int32Array>(to: T, from: T): T => (to.set(from), to);
    const grow8 = (from: Uint8Array): Uint8Array<ArrayBuffer> => copy(new Uint8Array(capacity), from as Uint8Array<ArrayBuffer>);
    this.needMask = grow8(this.needMask);
    this.kindOf = grow8(this.kindOf);
    this.flags = grow8(this.flags);
    this.minimumAge = copy(new Int16Array(capacity), this.minimumAge);
    this.maximumAge = copy(new Int16Array(capacity), this.maximumAge);
    this.tokenStart = copy(new Uint32Array(capacity), this.tokenStart);
    this.descriptionStart = copy(new Uint32Array(capacity), this.descriptionStart);
    this.placeStart = copy(new Uint32Array(capacity), this.placeStart);
    this.tokenEnd = copy(new Uint32Array(capacity), this.tokenEnd);
    this.pointStart = copy(new Uint32Array(capacity), this.pointStart);
    this.pointCount = copy(new Uint16Array(capacity), this.pointCount);
    this.nameRank = copy(new Int32Array(capacity), this.nameRank);
    for (const set of [this.alive, ...this.needBits, ...this.kindBits, ...this.featureBits, ...this.dayBits, this.freeBits, this.directPaymentBits, this.capacityBits]) {
      set.grow(capacity);
    }
    this.capacity = capacity;
  }

  private wordId(word: string): number {
    let id = this.wordIds.get(word);
    if (id !== undefined) return id;
    id = this.words.length;
    this.words.push(word);
    this.wordIds.set(word, id);
    const stem = stemOf(word);
    let stemId = this.stemIds.get(stem);
    if (stemId === undefined) {
      stemId = this.stemWords.length;
      this.stemIds.set(stem, stemId);
      this.stemWords.push([]);
    }
    this.stemWords[stemId]!.push(id);
    this.wordStem.push(stemId);
    const initial = word[0]!;
    const group = this.wordsByInitial.get(initial) ?? [];
    group.push(id);
    this.wordsByInitial.set(initial, group);
    this.postings.push(new Postings());
    this.derivations.clear();
    return id;
  }

  private pushToken(id: number) {
    if (this.tokenCount === this.tokens.length) {
      const tokens = new Uint32Array(this.tokens.length * 2);
      tokens.set(this.tokens);
      this.tokens = tokens;
    }
    this.tokens[this.tokenCount++] = id;
  }

  private addWords(slot: number, listing: SearchListing) {
    this.tokenStart[slot] = this.tokenCount;
    for (const word of words(listing.name)) this.pushToken(this.wordId(word));
    this.descriptionStart[slot] = this.tokenCount;
    for (const word of words(listing.description)) this.pushToken(this.wordId(word));
    this.placeStart[slot] = this.tokenCount;
    let first = true;
    for (const value of placeValues(listing.places)) {
      const valueWords = words(value);
      if (!valueWords.length) continue;
      if (!first) this.pushToken(gap);
      first = false;
      for (const word of valueWords) this.pushToken(this.wordId(word));
    }
    this.tokenEnd[slot] = this.tokenCount;
    this.postSlot(slot);
  }

  /** The slot's distinct words into their postings, each with the best place it is found. */
  private postSlot(slot: number) {
    const best = new Map<number, number>();
    this.forEachWord(slot, (id, field, position) => {
      if (!best.has(id)) best.set(id, field * 64 + Math.min(position, 63));
    });
    for (const [id, place] of best) this.postings[id]!.push(slot, place);
  }

  /** Each word of the slot in order, with its field and position in the field (the place field's values 8 apart). */
  private forEachWord(slot: number, visit: (id: number, field: number, position: number, at: number) => void) {
    const bounds = [this.tokenStart[slot]!, this.descriptionStart[slot]!, this.placeStart[slot]!, this.tokenEnd[slot]!];
    for (let field = NAME; field <= PLACE; field++) {
      let position = 0;
      for (let at = bounds[field]!; at < bounds[field + 1]!; at++, position++) {
        const id = this.tokens[at]!;
        if (id === gap) position += gapPositions - 1;
        else visit(id, field, position, at);
      }
    }
  }

  private addPoints(slot: number, places: SearchPlace[]) {
    this.pointStart[slot] = this.pointTotal;
    let count = 0;
    for (const place of places) {
      if (place.latitude === null || place.longitude === null) continue;
      if (this.pointTotal === this.pointX.length) {
        for (const key of ["pointX", "pointY", "pointZ"] as const) {
          const grown = new Float64Array(this.pointTotal * 2);
          grown.set(this[key]);
          this[key] = grown;
        }
      }
      const [x, y, z] = earthPoint(place.latitude, place.longitude);
      this.pointX[this.pointTotal] = x;
      this.pointY[this.pointTotal] = y;
      this.pointZ[this.pointTotal] = z;
      this.pointTotal++;
      count++;
      const cell = cellKey(Math.floor(place.latitude / cellLatitude), Math.floor(place.longitude / cellLongitude));
      const list = this.grid.get(cell) ?? [];
      if (list[list.length - 1] !== slot) list.push(slot);
      this.grid.set(cell, list);
    }
    this.pointCount[slot] = count;
  }

  /** Everything again from the live slots (their words are copied, not read again). */
  private pack() {
    const old = {
      held: this.held,
      slots: [...this.slotOf.values()].sort((a, b) => a - b),
      tokens: this.tokens,
      tokenStart: this.tokenStart,
      descriptionStart: this.descriptionStart,
      placeStart: this.placeStart,
      tokenEnd: this.tokenEnd,
      needMask: this.needMask,
      kindOf: this.kindOf,
      flags: this.flags,
      minimumAge: this.minimumAge,
      maximumAge: this.maximumAge,
      bits: (slot: number) => ({
        features: this.featureBits.map((set) => set.has(slot)),
        days: this.dayBits.map((set) => set.has(slot)),
        free: this.freeBits.has(slot),
        directPayment: this.directPaymentBits.has(slot),
        capacity: this.capacityBits.has(slot),
      }),
    };
    const bitsOf = old.slots.map(old.bits);
    const words = this.words;
    Object.assign(this, new SearchIndex());
    for (const [index, from] of old.slots.entries()) {
      const held = old.held[from]!;
      const slot = this.next++;
      if (slot >= this.capacity) this.grow(Math.max(1024, old.slots.length + 1024));
      this.held[slot] = held;
      this.slotOf.set(held.id, slot);
      this.alive.set(slot);
      this.liveCount++;
      this.needMask[slot] = old.needMask[from]!;
      needCodes.forEach((_, bit) => old.needMask[from]! & (1 << bit) && this.needBits[bit]!.set(slot));
      this.kindOf[slot] = old.kindOf[from]!;
      this.kindBits[old.kindOf[from]!]!.set(slot);
      const bits = bitsOf[index]!;
      bits.features.forEach((on, at) => on && this.featureBits[at]!.set(slot));
      bits.days.forEach((on, at) => on && this.dayBits[at]!.set(slot));
      if (bits.free) this.freeBits.set(slot);
      if (bits.directPayment) this.directPaymentBits.set(slot);
      if (bits.capacity) this.capacityBits.set(slot);
      this.flags[slot] = old.flags[from]!;
      this.minimumAge[slot] = old.minimumAge[from]!;
      this.maximumAge[slot] = old.maximumAge[from]!;
      const copyRange = (start: number, end: number) => {
        for (let at = start; at < end; at++) {
          const id = old.tokens[at]!;
          this.pushToken(id === gap ? gap : this.wordId(words[id]!));
        }
      };
      this.tokenStart[slot] = this.tokenCount;
      copyRange(old.tokenStart[from]!, old.descriptionStart[from]!);
      this.descriptionStart[slot] = this.tokenCount;
      copyRange(old.descriptionStart[from]!, old.placeStart[from]!);
      this.placeStart[slot] = this.tokenCount;
      copyRange(old.placeStart[from]!, old.tokenEnd[from]!);
      this.tokenEnd[slot] = this.tokenCount;
      this.postSlot(slot);
      this.addPoints(slot, held.places);
    }
    this.namesDirty = true;
  }

  private orderNames() {
    const live = (slot: number) => this.alive.has(slot);
    const before = (a: number, b: number) => {
      const x = this.held[a]!;
      const y = this.held[b]!;
      return x.name < y.name ? -1 : x.name > y.name ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
    };
    const kept = this.nameOrder.filter(live);
    const placed = new Set(kept);
    const added = [...this.slotOf.values()].filter((slot) => !placed.has(slot)).sort(before);
    if (added.length > kept.length / 8) this.nameOrder = [...kept, ...added].sort(before);
    else {
      for (const slot of added) {
        let low = 0;
        let high = kept.length;
        while (low < high) {
          const middle = (low + high) >>> 1;
          if (before(kept[middle]!, slot) < 0) low = middle + 1;
          else high = middle;
        }
        kept.splice(low, 0, slot);
      }
      this.nameOrder = kept;
    }
    this.nameOrder.forEach((slot, rank) => (this.nameRank[slot] = rank));
    this.namesDirty = false;
  }

  // ── Searching ──

  search(query: AssetQuery): AssetResults {
    if (this.namesDirty) this.orderNames();
    const text = cleanText(query.text);
    const perPage = Math.max(1, Math.floor(query.perPage));
    const page = Math.max(1, Math.floor(query.page));
    const wordCount = this.alive.words.length;
    const sized = () => Bitset.sized(wordCount);

    // Filters that are not facets, and the radius.
    const filtered = this.alive.copy();
    if (query.day) {
      const at = dayCodes.indexOf(query.day);
      if (at >= 0) filtered.and(this.dayBits[at]!);
    }
    if (query.freeOrLowCost) filtered.and(this.freeBits);
    if (query.directPayment) filtered.and(this.directPaymentBits);
    if (query.hasCapacity) filtered.and(this.capacityBits);
    for (const feature of new Set(query.accessibility ?? [])) {
      const at = featureCodes.indexOf(feature);
      if (at >= 0) filtered.and(this.featureBits[at]!);
    }
    if (query.age !== undefined && query.age !== null && Number.isFinite(query.age)) {
      const age = Math.round(query.age);
      filtered.forEach((slot) => {
        const from = this.minimumAge[slot]!;
        const to = this.maximumAge[slot]!;
        if ((from >= 0 && from > age) || (to >= 0 && to < age)) filtered.clear(slot);
      });
    }
    const near = query.near ?? null;
    let metres: Float64Array | null = null;
    let centre: [number, number, number] | null = null;
    if (near) {
      centre = earthPoint(near.latitude, near.longitude);
      metres = this.working().metres;
      filtered.and(this.within(near, centre, metres));
    }
    const needFilter = this.anyOf(this.needBits, (query.needs ?? []).map((need) => needCodes.indexOf(need)));
    const kindFilter = this.anyOf(this.kindBits, (query.kinds ?? []).map((kind) => kindCodes.indexOf(kind)));
    const narrowed = (set: Bitset) => {
      const result = set.copy();
      if (needFilter) result.and(needFilter);
      if (kindFilter) result.and(kindFilter);
      return result;
    };

    // Words, as Meilisearch's matchingStrategy "last": listings matching every term first, then
    // those matching all but the last, and so on to the first term alone. If nothing matches even
    // the first, the listings for the needs the words imply.
    const plan = planQuery(text);
    let matched = filtered;
    let kept: TermMatches[] = [];
    let reach: Bitset[] = [];
    let wordMatch: WordMatch = { kind: "every-word" };
    if (plan.terms.length) {
      const terms = plan.terms.map((term, k) => this.matchTerm(term, k, filtered));
      // reach[k]: the listings matching the first k + 1 terms (each inside the one before).
      for (const term of terms) reach.push((reach.length ? reach[reach.length - 1]! : filtered).copy().and(term.bits));
      let level = terms.length;
      while (level > 0 && narrowed(reach[level - 1]!).isEmpty()) level--;
      if (level > 0) {
        matched = reach[0]!;
        kept = terms;
        if (level < terms.length) {
          wordMatch = {
            kind: "some-words",
            used: terms.slice(0, level).map((term) => term.term.typed).join(" "),
            dropped: terms.slice(level).map((term) => term.term.typed).join(" "),
          };
        }
      } else {
        const implied = needCodes.filter((need) => plan.terms.some((term) => term.suggests.includes(need) || term.needs.some((match) => match.need === need)));
        const byNeed = this.anyOf(this.needBits, implied.map((need) => needCodes.indexOf(need)));
        const fallback = byNeed ? filtered.copy().and(byNeed) : sized();
        if (byNeed && !narrowed(fallback).isEmpty()) {
          matched = fallback;
          wordMatch = { kind: "implied-needs", needs: implied };
        } else {
          matched = reach[0]!;
          wordMatch = { kind: "none", needs: implied };
        }
        reach = [];
      }
    }

    const results = narrowed(matched);
    const total = results.count();
    const needBase = kindFilter ? matched.copy().and(kindFilter) : matched;
    const kindBase = needFilter ? matched.copy().and(needFilter) : matched;
    const facets = {
      needs: needCodes.map((code, at) => ({ code, count: needBase.countAnd(this.needBits[at]!) })).filter((entry) => entry.count > 0),
      kinds: kindCodes.map((code, at) => ({ code, count: kindBase.countAnd(this.kindBits[at]!) })).filter((entry) => entry.count > 0),
    };

    const wanted = page * perPage;
    const order = total === 0 || (page - 1) * perPage >= total ? [] : this.rank(results, kept, reach, query, metres, Math.min(wanted, total));
    const hits = order.slice((page - 1) * perPage, wanted).map((slot) => this.hit(slot, metres, centre));
    return { hits, total, page, perPage, facets, wordMatch };
  }

  private anyOf(sets: Bitset[], indexes: number[]): Bitset | null {
    const known = [...new Set(indexes.filter((at) => at >= 0))];
    if (!known.length) return null;
    const union = Bitset.sized(this.alive.words.length);
    for (const at of known) union.or(sets[at]!);
    return union;
  }

  /** The live slots with a point within the radius, their distances written to `metres`. */
  private within(near: NonNullable<AssetQuery["near"]>, [cx, cy, cz]: [number, number, number], metres: Float64Array): Bitset {
    const radius = Math.min(maxRadiusMiles, Math.max(minRadiusMiles, near.radiusMiles)) * milesToMetres;
    const inside = Bitset.sized(this.alive.words.length);
    // Degrees of latitude and longitude the radius can span, generously (1° of latitude ≥ 110 km).
    const latitudeSpan = radius / 110_000 + cellLatitude;
    const longitudeSpan = radius / (110_000 * Math.max(0.1, Math.cos((Math.min(89, Math.abs(near.latitude) + latitudeSpan) * Math.PI) / 180))) + cellLongitude;
    const fromLat = Math.floor((near.latitude - latitudeSpan) / cellLatitude);
    const toLat = Math.floor((near.latitude + latitudeSpan) / cellLatitude);
    const fromLng = Math.floor((near.longitude - longitudeSpan) / cellLongitude);
    const toLng = Math.floor((near.longitude + longitudeSpan) / cellLongitude);
    const visit = (slot: number) => {
      if (!this.alive.has(slot) || inside.has(slot)) return;
      let chord = Number.POSITIVE_INFINITY;
      const start = this.pointStart[slot]!;
      for (let point = start; point < start + this.pointCount[slot]!; point++) {
        const dx = cx - this.pointX[point]!;
        const dy = cy - this.pointY[point]!;
        const dz = cz - this.pointZ[point]!;
        const line = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (line < chord) chord = line;
      }
      const distance = greatCircle(chord);
      if (distance <= radius) {
        inside.set(slot);
        metres[slot] = distance;
      }
    };
    if ((toLat - fromLat + 1) * (toLng - fromLng + 1) > this.grid.size) {
      for (const list of this.grid.values()) for (const slot of list) visit(slot);
    } else {
      for (let a = fromLat; a <= toLat; a++) for (let b = fromLng; b <= toLng; b++) for (const slot of this.grid.get(cellKey(a, b)) ?? []) visit(slot);
    }
    return inside;
  }

  /** The words a one-word term reaches: [word id, typos, exact], from the dictionary (cached). */
  private derive(word: NonNullable<PlannedTerm["word"]>): Array<[number, number, boolean]> {
    const key = `${word.text}/${word.prefix ? 1 : 0}`;
    const cached = this.derivations.get(key);
    if (cached) return cached;
    const found = new Map<number, [number, number, boolean]>();
    const stemId = this.stemIds.get(word.stem);
    for (const id of stemId === undefined ? [] : this.stemWords[stemId]!) found.set(id, [id, 0, true]);
    const candidates = word.budget === 2 ? this.words.keys() : (this.wordsByInitial.get(word.text[0]!) ?? []).values();
    for (const id of candidates) {
      if (id === gap || found.has(id)) continue;
      const distance = typos(word.text, this.words[id]!, word.budget, word.prefix);
      if (distance >= 0) found.set(id, [id, distance, false]);
    }
    const list = [...found.values()];
    if (this.derivations.size > 2000) this.derivations.clear();
    this.derivations.set(key, list);
    return list;
  }

  /** What the term matches among `within` (the listings the search's filters and radius leave). */
  private matchTerm(term: PlannedTerm, k: number, within: Bitset): TermMatches {
    const wordCount = within.words.length;
    const size = this.working().size;
    const arrays = (this.termScratch[k] ??= { typos: new Uint8Array(size), exactness: new Uint8Array(size), place: new Uint16Array(size) });
    const match: TermMatches = {
      term,
      bits: Bitset.sized(wordCount),
      typos: arrays.typos.fill(255),
      exactness: arrays.exactness.fill(255),
      place: arrays.place.fill(65535),
      wordMatch: new Uint8Array(this.words.length),
      phrases: [],
    };
    const note = (slot: number, typoCount: number, exactness: number, place: number) => {
      match.bits.set(slot);
      if (typoCount < match.typos[slot]!) match.typos[slot] = typoCount;
      if (exactness < match.exactness[slot]!) match.exactness[slot] = exactness;
      if (place < match.place[slot]!) match.place[slot] = place;
    };
    const byWord: Array<[number, number, number]> = [];
    if (term.word) for (const [id, typoCount, typed] of this.derive(term.word)) byWord.push([id, typoCount, typed ? TYPED : INEXACT]);
    for (const stem of term.stems) {
      const stemId = this.stemIds.get(stem);
      if (stemId !== undefined) for (const id of this.stemWords[stemId]!) byWord.push([id, 0, VOCABULARY]);
    }
    for (const [id, typoCount, exactness] of byWord) {
      const known = match.wordMatch[id]!;
      if (known === 0 || typoCount + 1 < known) match.wordMatch[id] = typoCount + 1;
      const postings = this.postings[id]!;
      for (let at = 0; at < postings.length; at++) {
        const slot = postings.slots[at]!;
        if (within.has(slot)) note(slot, typoCount, exactness, postings.places[at]!);
      }
    }
    const phrases: Array<[string[], number]> = [
      ...(term.literal ? [[term.literal, TYPED] as [string[], number]] : []),
      ...term.phrases.map((phrase) => [phrase, VOCABULARY] as [string[], number]),
    ];
    for (const [phrase, exactness] of phrases) {
      const stems = phrase.map((stem) => this.stemIds.get(stem));
      if (stems.some((stem) => stem === undefined)) continue;
      const ids = stems as number[];
      match.phrases.push(ids);
      // Slots with every word of the phrase, then checked for the words in a row.
      let candidates: Bitset | null = null;
      for (const stemId of new Set(ids)) {
        const withStem = Bitset.sized(wordCount);
        for (const id of this.stemWords[stemId]!) {
          const postings = this.postings[id]!;
          for (let at = 0; at < postings.length; at++) withStem.set(postings.slots[at]!);
        }
        candidates = candidates ? candidates.and(withStem) : withStem;
      }
      candidates!.and(within).forEach((slot) => {
        const place = this.phrasePlace(slot, ids);
        if (place >= 0) note(slot, 0, exactness, place);
      });
    }
    for (const need of term.needs) {
      within
        .copy()
        .and(this.needBits[needCodes.indexOf(need.need)]!)
        .forEach((slot) => note(slot, need.typos, need.exact ? VOCABULARY : INEXACT, NEEDS * 64));
    }
    return match;
  }

  /** The best place (field × 64 + position) where the phrase's stems are in a row in the slot's words, or -1. */
  private phrasePlace(slot: number, phrase: number[]): number {
    const end = this.tokenEnd[slot]!;
    for (let at = this.tokenStart[slot]!; at < end; at++) {
      if (this.wordStem[this.tokens[at]!] !== phrase[0] || !this.phraseAt(slot, at, phrase)) continue;
      const field = this.fieldAt(slot, at);
      const start = field === NAME ? this.tokenStart[slot]! : field === DESCRIPTION ? this.descriptionStart[slot]! : this.placeStart[slot]!;
      let position = at - start;
      if (field === PLACE) for (let before = start; before < at; before++) if (this.tokens[before] === gap) position += gapPositions - 1;
      return field * 64 + Math.min(position, 63);
    }
    return -1;
  }

  private phraseAt(slot: number, at: number, phrase: number[]): boolean {
    if (at + phrase.length > this.tokenEnd[slot]!) return false;
    const field = this.fieldAt(slot, at);
    for (let offset = 0; offset < phrase.length; offset++) {
      const id = this.tokens[at + offset]!;
      if (id === gap || this.wordStem[id] !== phrase[offset] || this.fieldAt(slot, at + offset) !== field) return false;
    }
    return true;
  }

  private fieldAt(slot: number, at: number): number {
    return at < this.descriptionStart[slot]! ? NAME : at < this.placeStart[slot]! ? DESCRIPTION : PLACE;
  }

  /**
   * The first `wanted` slots of `results` in order. With words (docs/search.md, "The order"): the
   * most terms matched (from the first), then fewest typos, then the terms closest together, then
   * closest to what was typed (the words themselves, then the vocabulary's, then word starts and
   * typos), then the best fields (name, description, town, needs), then (with a point) the
   * nearest, then the words nearest the start of their field, then by name. sort=distance puts
   * the nearest first; sort=name, names.
   */
  private rank(results: Bitset, kept: TermMatches[], reach: Bitset[], query: AssetQuery, metres: Float64Array | null, wanted: number): number[] {
    const sort = query.sort === "name" ? "name" : query.sort === "distance" && metres ? "distance" : "relevance";
    const rank = this.nameRank;
    // By name (sort=name, or no words and no point): the names' order is kept, so walk it.
    if (sort === "name" || (!kept.length && !metres)) {
      const found: number[] = [];
      for (let at = 0; at < this.nameOrder.length && found.length < wanted; at++) {
        const slot = this.nameOrder[at]!;
        if (results.has(slot)) found.push(slot);
      }
      return found;
    }
    const { slots, primary, secondary } = this.working();
    let count = 0;
    const bits = results.words;
    for (let i = 0; i < bits.length; i++) {
      let word = bits[i]!;
      while (word !== 0) {
        const low = word & -word;
        slots[count++] = i * 32 + (31 - Math.clz32(low));
        word ^= low;
      }
    }
    // Two numbers per slot carry the order: primary = the word rules then the fields (each field
    // rank under 32), secondary = the words' positions then the name's rank (under 4 million).
    for (let at = 0; at < count; at++) {
      const slot = slots[at]!;
      let relevance = 0;
      let fieldSum = 0;
      let positionSum = 0;
      if (kept.length) {
        let matchedTerms = reach.length;
        while (matchedTerms > 1 && !reach[matchedTerms - 1]!.has(slot)) matchedTerms--;
        let typoSum = 0;
        let exactness = 0;
        for (let k = 0; k < matchedTerms; k++) {
          const term = kept[k]!;
          typoSum += term.typos[slot]!;
          exactness += term.exactness[slot]!;
          fieldSum += term.place[slot]! >> 6;
          positionSum += term.place[slot]! & 63;
        }
        const proximity = matchedTerms > 1 ? this.proximity(slot, kept.slice(0, matchedTerms)) : 0;
        relevance = (kept.length - matchedTerms) * 1_048_576 + typoSum * 4096 + proximity * 32 + exactness;
      }
      primary[slot] = relevance * 32 + fieldSum;
      secondary[slot] = positionSum * 4_194_304 + rank[slot]!;
    }
    const compare =
      sort === "distance"
        ? (a: number, b: number) => metres![a]! - metres![b]! || primary[a]! - primary[b]! || secondary[a]! - secondary[b]!
        : metres
          ? (a: number, b: number) => primary[a]! - primary[b]! || metres[a]! - metres[b]! || secondary[a]! - secondary[b]!
          : (a: number, b: number) => primary[a]! - primary[b]! || secondary[a]! - secondary[b]!;
    return firstInOrder(slots, count, compare, wanted);
  }

  /** The sum over neighbouring terms of how far apart they are in the closest field (1 to 8). */
  private proximity(slot: number, kept: TermMatches[]): number {
    const pairs = kept.length - 1;
    const best = new Array<number>(pairs).fill(farProximity);
    const last = new Array<number>(kept.length).fill(Number.NaN);
    let currentField = -1;
    this.forEachWord(slot, (id, field, position, at) => {
      if (field !== currentField) {
        last.fill(Number.NaN);
        currentField = field;
      }
      for (let k = 0; k < kept.length; k++) {
        const term = kept[k]!;
        let here = term.wordMatch[id]! > 0;
        if (!here) for (const phrase of term.phrases) if (this.wordStem[id] === phrase[0] && this.phraseAt(slot, at, phrase)) here = true;
        if (!here) continue;
        last[k] = position;
        // With the term before (in order: it came earlier) and after (out of order: costs one more).
        if (k > 0 && !Number.isNaN(last[k - 1]!)) best[k - 1] = Math.min(best[k - 1]!, cost(position - last[k - 1]!));
        if (k < pairs && !Number.isNaN(last[k + 1]!)) best[k] = Math.min(best[k]!, cost(last[k + 1]! - position));
      }
    });
    return best.reduce((sum, value) => sum + value, 0);
  }

  private hit(slot: number, metres: Float64Array | null, centre: [number, number, number] | null): AssetHit {
    const held = this.held[slot]!;
    let place: SearchPlace | null = held.places[0] ?? null;
    if (centre) {
      // The nearest of its places (the first of equals), as the listing's position on the map.
      let nearest = Number.POSITIVE_INFINITY;
      for (const candidate of held.places) {
        if (candidate.latitude === null || candidate.longitude === null) continue;
        const [x, y, z] = earthPoint(candidate.latitude, candidate.longitude);
        const line = Math.sqrt((centre[0] - x) ** 2 + (centre[1] - y) ** 2 + (centre[2] - z) ** 2);
        if (line < nearest) {
          nearest = line;
          place = candidate;
        }
      }
    }
    const flags = this.flags[slot]!;
    return {
      id: held.id,
      name: held.name,
      kind: kindCodes[this.kindOf[slot]!]!,
      summary: held.summary,
      town: place?.town ?? null,
      postcode: place?.postcode ?? null,
      wardName: place?.wardName ?? null,
      latitude: place?.latitude ?? null,
      longitude: place?.longitude ?? null,
      needs: needListByMask[this.needMask[slot]!] as NeedCode[],
      isFree: (flags & 1) === 1,
      directPayment: (flags & 2) === 2,
      hourlyRatePence: held.hourlyRatePence,
      distanceMiles: metres ? Math.round((metres[slot]! / milesToMetres) * 100) / 100 : null,
      ...held.card,
      bydays: [...held.card.bydays],
    };
  }
}

/** How far apart two terms are: the next word 1, … 8 or more 8; out of order costs one more. */
function cost(distance: number): number {
  return distance > 0 ? Math.min(distance, farProximity) : Math.min(1 - distance, farProximity);
}

/** The first `wanted` of the first `count` slots in `compare` order: a bounded heap, or a sort when most are wanted. */
function firstInOrder(slots: Int32Array, count: number, compare: (a: number, b: number) => number, wanted: number): number[] {
  if (wanted * 4 >= count) return Array.from(slots.subarray(0, count)).sort(compare).slice(0, wanted);
  // A max-heap of the best `wanted` so far: its top is the worst of them.
  const heap: number[] = [];
  const down = (at: number) => {
    for (;;) {
      const left = at * 2 + 1;
      const right = left + 1;
      let largest = at;
      if (left < heap.length && compare(heap[left]!, heap[largest]!) > 0) largest = left;
      if (right < heap.length && compare(heap[right]!, heap[largest]!) > 0) largest = right;
      if (largest === at) return;
      const swap = heap[at]!;
      heap[at] = heap[largest]!;
      heap[largest] = swap;
      at = largest;
    }
  };
  for (let index = 0; index < count; index++) {
    const slot = slots[index]!;
    if (heap.length < wanted) {
      heap.push(slot);
      let at = heap.length - 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (compare(heap[at]!, heap[parent]!) <= 0) break;
        const swap = heap[at]!;
        heap[at] = heap[parent]!;
        heap[parent] = swap;
        at = parent;
      }
    } else if (compare(slot, heap[0]!) < 0) {
      heap[0] = slot;
      down(0);
    }
  }
  return heap.sort(compare);
}

function cellKey(latitudeCell: number, longitudeCell: number): number {
  return (latitudeCell + 10_000) * 100_000 + (longitudeCell + 50_000);
}

/** The values of the place field: each place's town and ward, in order. */
export function placeValues(places: readonly SearchPlace[]): string[] {
  const values: string[] = [];
  for (const place of places) {
    if (place.town) values.push(place.town);
    if (place.wardName) values.push(place.wardName);
  }
  return values;
}

/** Places repeat (a town, a ward, a postcode shared by many listings): hold each string once. */
const interned = new Map<string, string>();
function intern(value: string | null): string | null {
  if (value === null) return null;
  const known = interned.get(value);
  if (known !== undefined) return known;
  if (interned.size > 200_000) interned.clear();
  interned.set(value, value);
  return value;
}
/** The same days and the same price wording recur across thousands of listings: held once each. */
const internedDays = new Map<string, readonly string[]>();
function internCard(card: CardFields): CardFields {
  const key = card.bydays.join("\n");
  let bydays = internedDays.get(key);
  if (!bydays) {
    if (internedDays.size > 20_000) internedDays.clear();
    bydays = Object.freeze([...card.bydays]);
    internedDays.set(key, bydays);
  }
  return { ...card, fees: intern(card.fees), bydays: bydays as string[] };
}
function internPlace(place: SearchPlace): SearchPlace {
  return { latitude: place.latitude, longitude: place.longitude, town: intern(place.town), postcode: intern(place.postcode), wardName: intern(place.wardName) };
}

/** The description cut to about 200 characters at a word boundary (what a result shows). */
export function summarise(description: string, limit = 200): string {
  if (description.length <= limit) return description;
  const cut = description.slice(0, limit);
  return `${cut.slice(0, cut.lastIndexOf(" "))}…`;
}
