import { describe, expect, it } from "vitest";
import { parseSearchParams } from "../../app/modules/assets/search-params";
import { i18nFor } from "../../app/modules/i18n/i18n";
import { defaultSearchName, maxSavedSearchName, maxSavedSearchQuery, nameSchema, normaliseSearchQuery } from "../../app/modules/saved-searches/saved-search";

const params = (query: string) => parseSearchParams(new URL(`http://atlas.invalid/search?${query}`));

describe("a saved search's query", () => {
  it("keeps only known parameters, in the search page's order, on the first page", () => {
    expect(normaliseSearchQuery("?page=4&utm_source=x&postcode=Soham&q=lunch+club&kind=not-a-kind&day=tuesday&free=on")).toEqual({ ok: true, query: "q=lunch+club&postcode=Soham&day=TU&free=yes" });
  });

  it("reads the same search written three ways as one", () => {
    const written = ["q=lunch&need=memory", "?need=memory&q=lunch", "/search?q=%20lunch%20&need=memory&need=memory"];
    expect(new Set(written.map((query) => JSON.stringify(normaliseSearchQuery(query))))).toEqual(new Set([JSON.stringify({ ok: true, query: "q=lunch&need=memory" })]));
  });

  it("refuses a search with nothing in it, or one longer than any the page writes", () => {
    expect(normaliseSearchQuery("")).toEqual({ ok: false, problem: "empty" });
    expect(normaliseSearchQuery("colour=red&page=2&radius=5")).toEqual({ ok: false, problem: "empty" });
    expect(normaliseSearchQuery(`q=${"a".repeat(maxSavedSearchQuery)}`)).toEqual({ ok: false, problem: "too-long" });
  });

  it("cuts words to the search page's own limit", () => {
    const result = normaliseSearchQuery(`q=${"a".repeat(500)}`);
    expect(result.ok && result.query).toBe(`q=${"a".repeat(200)}`);
  });
});

describe("a saved search's name", () => {
  const en = i18nFor("en").t;
  const pl = i18nFor("pl").t;

  it("defaults to the words and the place, else the first need, in the reader's language", () => {
    expect(defaultSearchName(params("q=lunch+club&postcode=Soham"), en)).toBe("lunch club near Soham");
    expect(defaultSearchName(params("need=memory&near=52.3,0.3"), en)).toBe("Memory and dementia near you");
    expect(defaultSearchName(params("free=yes"), en)).toBe("All community support");
    expect(defaultSearchName(params("q=lunch&postcode=Ely"), pl)).toBe("lunch – w pobliżu: Ely");
    expect(defaultSearchName(params(`q=${"b".repeat(200)}&postcode=Soham`), en)).toHaveLength(maxSavedSearchName);
  });

  it("is tidied and must have 1 to the limit's characters", () => {
    expect(nameSchema.parse("  Mum's\tlunch \u0000 club ")).toBe("Mum's lunch club");
    expect(nameSchema.safeParse(" \n ").success).toBe(false);
    expect(nameSchema.safeParse("x".repeat(maxSavedSearchName)).success).toBe(true);
    expect(nameSchema.safeParse("x".repeat(maxSavedSearchName + 1)).success).toBe(false);
  });
});
