/**
 * Words, as every engine reads them: how text becomes words, which words are forms of one
 * another, and how many typos separate two words. The rules are Meilisearch's where it has
 * one (docs/search.md, "The rules"), so the in-memory engine, the SQL reference and the
 * Meilisearch settings agree.
 *
 * - A word is a run of letters and digits, lower-cased, accents dropped ("Café" → "cafe");
 *   apostrophes join ("Men's" → "mens"); anything else separates.
 * - Forms: two words with the same Porter2 (Snowball English) stem are the same word spelt
 *   another way ("walking", "walks"; "washed", "washing").
 * - Typos (Meilisearch's typo tolerance): none for a word under 5 letters, one from 5, two from 9;
 *   a typo is a letter added, dropped or changed, or two neighbouring letters swapped ("lonley");
 *   Meilisearch counts a swap as two typos, we count one (docs/search.md says why);
 *   a typo on the first letter counts as two, so a word under 9 letters must start right
 *   ("knitting" never becomes "sitting").
 * - The last word of a query may be the start of a longer word ("lunc" → "lunch"), with the
 *   same typo budget.
 */
import { stem } from "porter2";

/** Longest query any engine reads (the page already cuts at 200 characters). */
const maxTextLength = 500;

/** What was typed, as the engines take it: control characters out, trimmed, at most 500 characters. */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, maxTextLength);
}

/** Lower case, accents dropped, apostrophes joined, every other non-letter or digit a space. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’‘`]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

export function words(text: string): string[] {
  const normalised = normaliseText(text);
  return normalised ? normalised.split(" ") : [];
}

const stems = new Map<string, string>();

/** The word's Porter2 stem (memoised; the vocabulary of a directory is a few thousand words). */
export function stemOf(word: string): string {
  let found = stems.get(word);
  if (found === undefined) {
    found = /^[a-z]+$/.test(word) ? stem(word) : word;
    if (stems.size > 100_000) stems.clear();
    stems.set(word, found);
  }
  return found;
}

/** Typos allowed for a word as typed: 0 under 5 letters, 1 from 5, 2 from 9. */
export function typoBudget(word: string): 0 | 1 | 2 {
  const length = [...word].length;
  return length < 5 ? 0 : length < 9 ? 1 : 2;
}

/**
 * Typos between a typed word and a word of a listing, under the budget; -1 when over it.
 * With `prefix`, the listing's word need only start with something that close to the typed word.
 */
export function typos(typed: string, word: string, budget: 0 | 1 | 2, prefix = false): number {
  if (typed === word) return 0;
  if (prefix && word.startsWith(typed)) return 0;
  if (budget === 0) return -1;
  const sameStart = typed[0] === word[0];
  if (!sameStart && budget < 2) return -1;
  // A different first letter costs two: allowed only with a budget of two, and then with no other typo.
  const limit = sameStart ? budget : 1;
  const distance = editDistance(typed, word, limit, prefix);
  if (distance < 0) return -1;
  return sameStart ? distance : 2;
}

/**
 * Edit distance (a letter added, dropped or changed, or two neighbours swapped: the optimal
 * string alignment distance), or -1 when it is over `limit`. With `prefix`: the distance to the
 * closest start of `word`.
 */
export function editDistance(a: string, b: string, limit: number, prefix = false): number {
  if (!prefix && Math.abs(a.length - b.length) > limit) return -1;
  if (prefix && b.length < a.length - limit) return -1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), previous[j]! + 1, current[j - 1]! + 1);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, before[j - 2]! + 1);
      current[j] = cost;
      if (cost < rowMin) rowMin = cost;
    }
    if (rowMin > limit) return -1;
    [before, previous, current] = [previous, current, before];
  }
  const distance = prefix ? Math.min(...previous) : previous[b.length]!;
  return distance <= limit ? distance : -1;
}
