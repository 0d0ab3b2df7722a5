/**
 * What a query asks for, before any engine looks at listings: its terms, in order, each with
 * everything that can match it. Pure and shared by every engine, so they read a query the same
 * way; how each engine then finds listings is its own (docs/search.md, "The rules").
 *
 * 1. The words are split as search/text.ts says. Phrases of the vocabulary (search/vocabulary.ts)
 *    are found first, longest first from the left ("lift to the doctors", "washed and dressed"):
 *    each becomes one term. Then stop words are dropped; each other word is a term.
 * 2. A term matches a listing's name, description or place (town, ward) through:
 *    - what was typed: its word, a form of it (same stem), or for a phrase the same words in a
 *      row (forms allowed, no typos);
 *    - its synonyms' words and phrases (forms allowed, no typos);
 *    - a word within its typo budget, or, for the last term when it is one word, a word it
 *      starts (Meilisearch's prefix search);
 *    - the listing's needs: a need whose words (vocabulary needWords) include the term, as typed,
 *      as a form or within its typos (not as the start of a longer word). Needs count as the last
 *      place a word can be found.
 * 3. At most ten terms are read, as Meilisearch reads ten words.
 */
import { needCodes, type NeedCode } from "../db/vocabulary/needs";
import { stemOf, typoBudget, typos, words } from "./text";
import { needWords, stopWords, suggestions, synonyms } from "./vocabulary";

export const maxTerms = 10;

export interface NeedMatch {
  need: NeedCode;
  typos: number;
  /** False when the need word was only reached by a typo or as the start of a longer word. */
  exact: boolean;
}

export interface PlannedTerm {
  /** The words of the term as typed (normalised), for telling people which words were used. */
  typed: string;
  /** A one-word term: matched with forms, typos and (last term) as a prefix. Null for a phrase. */
  word: { text: string; stem: string; budget: 0 | 1 | 2; prefix: boolean } | null;
  /** A phrase term's own words, as stems in a row (the words as typed); null for a one-word term. */
  literal: string[] | null;
  /** One-word synonyms, as stems: a listing word with one of these stems matches. */
  stems: string[];
  /** Multi-word synonyms, as stems in a row. */
  phrases: string[][];
  /** Needs the term names; a listing meeting one matches. */
  needs: NeedMatch[];
  /** Needs the term only suggests: used when nothing matches (search/types.ts WordMatch). */
  suggests: NeedCode[];
}

export interface QueryPlan {
  terms: PlannedTerm[];
}

const stopWordSet = new Set(stopWords);

interface Entry {
  stems: string[];
  /** A one-word entry's words as written (its forms), for the typo rules. */
  forms: string[];
  needs: NeedCode[];
  targets: string[];
  suggests: NeedCode[];
}

/** The vocabulary by phrase (its stems joined by spaces). */
const entries = new Map<string, Entry>();
const entryFor = (phrase: string): Entry => {
  const written = words(phrase);
  const stems = written.map(stemOf);
  const key = stems.join(" ");
  let entry = entries.get(key);
  if (!entry) entries.set(key, (entry = { stems, forms: [], needs: [], targets: [], suggests: [] }));
  if (written.length === 1 && !entry.forms.includes(written[0]!)) entry.forms.push(written[0]!);
  return entry;
};
for (const need of needCodes) {
  for (const phrase of needWords[need]) entryFor(phrase).needs.push(need);
  for (const phrase of suggestions[need]) entryFor(phrase).suggests.push(need);
}
for (const { typed, find } of synonyms) {
  const targets = find.split(",").map((target) => words(target).join(" ")).filter(Boolean);
  for (const phrase of typed.split(",")) if (words(phrase).length) entryFor(phrase).targets.push(...targets);
}
/** One-word entries, looked up with the typo rules; phrases, by their first stem. */
const oneWordEntries = [...entries.values()].filter((entry) => entry.stems.length === 1);
const phrasesByFirstStem = new Map<string, Entry[]>();
for (const entry of entries.values()) {
  if (entry.stems.length < 2) continue;
  const list = phrasesByFirstStem.get(entry.stems[0]!) ?? [];
  list.push(entry);
  phrasesByFirstStem.set(entry.stems[0]!, list);
}
for (const list of phrasesByFirstStem.values()) list.sort((a, b) => b.stems.length - a.stems.length);

/** The one-word vocabulary entries, with their words, for engines that show them (Meilisearch settings). */
export function vocabularyEntries(): ReadonlyArray<Readonly<Entry>> {
  return [...entries.values()];
}

export function planQuery(text: string): QueryPlan {
  const typed = words(text);
  const stems = typed.map(stemOf);
  // Phrases, longest first (then leftmost), so "getting washed and dressed" reads as "washed and dressed".
  const found: { from: number; to: number; entry: Entry }[] = [];
  for (let at = 0; at < typed.length; at++) {
    for (const entry of phrasesByFirstStem.get(stems[at]!) ?? []) {
      if (entry.stems.every((stem, offset) => stems[at + offset] === stem)) found.push({ from: at, to: at + entry.stems.length, entry });
    }
  }
  found.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  const taken = new Array<Entry | null>(typed.length).fill(null);
  const starts = new Set<number>();
  for (const phrase of found) {
    if (taken.slice(phrase.from, phrase.to).some(Boolean)) continue;
    taken.fill(phrase.entry, phrase.from, phrase.to);
    starts.add(phrase.from);
  }
  const spans: { from: number; to: number; entry: Entry | null }[] = [];
  for (let at = 0; at < typed.length; ) {
    const entry = taken[at];
    if (entry && starts.has(at)) {
      spans.push({ from: at, to: at + entry.stems.length, entry });
      at += entry.stems.length;
    } else {
      if (!stopWordSet.has(typed[at]!)) spans.push({ from: at, to: at + 1, entry: null });
      at++;
    }
  }
  const kept = spans.slice(0, maxTerms);
  const terms = kept.map((span, index) => {
    if (span.entry) return phraseTerm(typed.slice(span.from, span.to), span.entry);
    return wordTerm(typed[span.from]!, index === kept.length - 1);
  });
  return { terms };
}

function phraseTerm(spanWords: string[], entry: Entry): PlannedTerm {
  const term: PlannedTerm = { typed: spanWords.join(" "), word: null, literal: entry.stems, stems: [], phrases: [], needs: [], suggests: [] };
  addEntry(term, entry, 0, true);
  return finish(term);
}

function wordTerm(word: string, last: boolean): PlannedTerm {
  const stem = stemOf(word);
  const budget = typoBudget(word);
  const term: PlannedTerm = { typed: word, word: { text: word, stem, budget, prefix: last }, literal: null, stems: [], phrases: [], needs: [], suggests: [] };
  for (const entry of oneWordEntries) {
    const entryStem = entry.stems[0]!;
    let found: number;
    let exact: boolean;
    if (entryStem === stem) {
      found = 0;
      exact = true;
    } else {
      // The vocabulary answers the word as typed, a form of it or within its typos; never as the
      // start of a longer word ("car" is not "carer").
      found = Math.min(...entry.forms.map((form) => typos(word, form, budget)).map((n) => (n < 0 ? Infinity : n)));
      if (!Number.isFinite(found)) continue;
      exact = false;
    }
    addEntry(term, entry, found, exact);
  }
  return finish(term);
}

function addEntry(term: PlannedTerm, entry: Entry, found: number, exact: boolean) {
  for (const need of entry.needs) {
    const known = term.needs.find((match) => match.need === need);
    if (!known) term.needs.push({ need, typos: found, exact });
    else if (found < known.typos || (found === known.typos && exact && !known.exact)) Object.assign(known, { typos: found, exact });
  }
  for (const target of entry.targets) {
    const targetStems = target.split(" ").map(stemOf);
    if (targetStems.length === 1) term.stems.push(targetStems[0]!);
    else term.phrases.push(targetStems);
  }
  term.suggests.push(...entry.suggests);
}

function finish(term: PlannedTerm): PlannedTerm {
  const phraseKeys = new Set<string>(term.literal ? [term.literal.join(" ")] : []);
  term.stems = [...new Set(term.stems)].sort();
  term.phrases = term.phrases.filter((phrase) => {
    const key = phrase.join(" ");
    if (phraseKeys.has(key)) return false;
    phraseKeys.add(key);
    return true;
  });
  term.needs.sort((a, b) => needCodes.indexOf(a.need) - needCodes.indexOf(b.need));
  term.suggests = needCodes.filter((need) => term.suggests.includes(need));
  return term;
}
