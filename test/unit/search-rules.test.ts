/**
 * The word rules every engine shares (search/text.ts), the reading of a query
 * (search/query-plan.ts) and the vocabulary's shape (search/vocabulary.ts).
 */
import { describe, expect, it } from "vitest";
import { needCodes } from "../../db/vocabulary/needs";
import { planQuery } from "../../search/query-plan";
import { editDistance, normaliseText, stemOf, typoBudget, typos, words } from "../../search/text";
import { needWords, stopWords, suggestions, synonyms } from "../../search/vocabulary";

describe("words", () => {
  it("splits on anything but letters and digits, drops accents, joins apostrophes", () => {
    expect(words("Men’s Shed: Café & Knit-and-Natter, 2pm!")).toEqual(["mens", "shed", "cafe", "knit", "and", "natter", "2pm"]);
    expect(normaliseText("  ")).toBe("");
    expect(words("")).toEqual([]);
  });

  it("treats forms of a word as the same word (Porter2 stems)", () => {
    expect(new Set(["walk", "walks", "walking", "walked"].map(stemOf)).size).toBe(1);
    expect(stemOf("washed")).toBe(stemOf("washing"));
    expect(stemOf("dressed")).toBe(stemOf("dressing"));
    expect(stemOf("knitting")).toBe(stemOf("knit"));
    expect(stemOf("carers")).not.toBe(stemOf("cars"));
  });
});

describe("typos, as Meilisearch allows them", () => {
  it("allows none under 5 letters, one from 5, two from 9", () => {
    expect([typoBudget("club"), typoBudget("clubs"), typoBudget("knitting"), typoBudget("befriending")]).toEqual([0, 1, 1, 2]);
    expect(typos("clb", "club", 0)).toBe(-1);
    expect(typos("lunhc", "lunch", 1)).toBe(1); // two letters swapped count as one
    expect(typos("befriendng", "befriending", 2)).toBe(1);
    expect(typos("befrendng", "befriending", 2)).toBe(2);
    expect(typos("befrndng", "befriending", 2)).toBe(-1);
  });

  it("counts a typo on the first letter as two: “knitting” never becomes “sitting”", () => {
    expect(typos("knitting", "sitting", typoBudget("knitting"))).toBe(-1);
    expect(typos("knitting", "knitting", 1)).toBe(0);
    expect(typos("xefriending", "befriending", 2)).toBe(2);
    expect(typos("xefriendng", "befriending", 2)).toBe(-1); // the first letter and one more
  });

  it("lets the last word be the start of a longer one, within the same budget", () => {
    expect(typos("lunc", "lunch", 0, true)).toBe(0);
    expect(typos("lunc", "lunch", 0)).toBe(-1);
    expect(typos("befriendi", "befriending", 2, true)).toBe(0);
    expect(typos("befrienid", "befriending", 2, true)).toBe(1);
  });

  it("measures the optimal string alignment distance", () => {
    expect(editDistance("kitten", "sitting", 3)).toBe(3);
    expect(editDistance("kitten", "sitting", 2)).toBe(-1);
    expect(editDistance("ab", "ba", 1)).toBe(1);
    expect(editDistance("abc", "abcdef", 0, true)).toBe(0);
  });
});

describe("reading a query", () => {
  const read = (text: string) => planQuery(text).terms.map((term) => term.typed);

  it("drops stop words and finds the vocabulary's phrases, longest first", () => {
    expect(read("I need help getting washed and dressed")).toEqual(["help", "washed and dressed"]);
    expect(read("a lift to the doctors please")).toEqual(["lift to the doctors"]);
    expect(read("the and of")).toEqual([]);
    expect(read("lunch club in Soham")).toEqual(["lunch club", "soham"]);
  });

  it("maps words and phrases to needs, synonyms and suggestions", () => {
    const [lonely] = planQuery("lonley").terms;
    expect(lonely!.needs).toEqual([{ need: "social-connection", typos: 1, exact: false }]);
    const [washed] = planQuery("washed and dressed").terms;
    expect(washed!.needs).toEqual([{ need: "daily-living", typos: 0, exact: true }]);
    expect(washed!.literal).toEqual(["wash", "and", "dress"]);
    expect(washed!.phrases).toEqual(expect.arrayContaining([["person", "care"]]));
    const [knitting] = planQuery("knitting").terms;
    expect(knitting!.stems).toEqual(expect.arrayContaining(["knit", "craft"]));
    expect(planQuery("swimming").terms[0]!.suggests).toEqual(["confidence-health"]);
  });

  it("never reads a need word as the start of a longer one (“car” is not “carer”)", () => {
    expect(planQuery("car").terms[0]!.needs).toEqual([]);
    expect(planQuery("car").terms[0]!.word).toMatchObject({ prefix: true });
  });

  it("reads at most ten terms, the last as a prefix", () => {
    const terms = planQuery("one two three four five six seven eight nine ten eleven twelve").terms;
    expect(terms).toHaveLength(10);
    expect(terms.map((term) => term.word?.prefix)).toEqual([false, false, false, false, false, false, false, false, false, true]);
  });
});

describe("the vocabulary", () => {
  const all = [...stopWords, ...Object.values(needWords).flat(), ...Object.values(suggestions).flat(), ...synonyms.flatMap((entry) => [entry.typed, entry.find])];

  it("is written in lower case, for every need, with no empty entries", () => {
    for (const entry of all) {
      expect(entry, entry).toBe(entry.toLowerCase());
      expect(entry.trim().length, JSON.stringify(entry)).toBeGreaterThan(0);
    }
    expect(Object.keys(needWords).sort()).toEqual([...needCodes].sort());
    expect(Object.keys(suggestions).sort()).toEqual([...needCodes].sort());
    for (const { typed, find } of synonyms) {
      for (const part of [...typed.split(","), ...find.split(",")]) expect(part.trim().length, `${typed} → ${find}`).toBeGreaterThan(0);
    }
  });

  it("is large: hundreds of everyday words and phrases", () => {
    const phrases = new Set([...Object.values(needWords).flat(), ...Object.values(suggestions).flat(), ...synonyms.flatMap((entry) => entry.typed.split(","))]);
    expect(phrases.size).toBeGreaterThan(400);
  });
});
