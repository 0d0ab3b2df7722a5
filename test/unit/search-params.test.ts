import { describe, expect, it } from "vitest";
import { maxPage, maxQueryLength, parseSearchParams, searchHref } from "../../app/modules/assets/search-params";

const parse = (query: string) => parseSearchParams(new URL(`http://localhost/search?${query}`));

describe("reading /search's query string", () => {
  it("reads the words and the page", () => {
    expect(parse("q=lunch+club&page=2")).toMatchObject({ text: "lunch club", page: 2, truncated: false });
  });

  it("falls back to page 1 for a page that is not a positive whole number", () => {
    for (const page of ["0", "-3", "two", "1.5", ""]) expect(parse(`q=x&page=${page}`).page).toBe(1);
  });

  it("caps very large pages", () => {
    expect(parse("page=99999").page).toBe(maxPage);
  });

  it("cuts a very long query and says so", () => {
    const result = parse(`q=${"a".repeat(2000)}`);
    expect(result.text).toHaveLength(maxQueryLength);
    expect(result.truncated).toBe(true);
  });

  it("tidies whitespace and control characters", () => {
    expect(parse("q=%20%20lunch%0A%0D%09club%00").text).toBe("lunch club");
  });

  it("keeps only the first q when repeated, and ignores unknown parameters", () => {
    expect(parse("q=one&q=two&colour=blue").text).toBe("one");
  });

  it("reads every filter under its plain name", () => {
    const params = parse(
      "q=lonely&postcode=cb7+4&radius=2.5&need=social-connection&need=memory&kind=vcs_group&access=step-free&day=TU&free=yes&dp=on&capacity=1&age=72&sort=distance&page=3",
    );
    expect(params).toEqual({
      text: "lonely",
      page: 3,
      truncated: false,
      postcode: "cb7 4",
      near: "",
      radiusMiles: 2.5,
      radiusProblem: null,
      needs: ["social-connection", "memory"],
      kinds: ["vcs_group"],
      accessibility: ["step-free"],
      day: "TU",
      freeOrLowCost: true,
      directPayment: true,
      hasCapacity: true,
      age: 72,
      ageInvalid: false,
      sort: "distance",
    });
  });

  it("defaults when nothing is given", () => {
    expect(parse("")).toMatchObject({ postcode: "", near: "", radiusMiles: 5, needs: [], kinds: [], day: null, age: null, sort: "relevance", freeOrLowCost: false });
  });

  it("clamps the radius to 0.1..50 miles and says why", () => {
    expect(parse("radius=-5")).toMatchObject({ radiusMiles: 0.1, radiusProblem: "too-small" });
    expect(parse("radius=10000")).toMatchObject({ radiusMiles: 50, radiusProblem: "too-large" });
    expect(parse("radius=far")).toMatchObject({ radiusMiles: 5, radiusProblem: "not-a-number" });
    expect(parse("radius=3+miles")).toMatchObject({ radiusMiles: 3, radiusProblem: null });
  });

  it("ignores unknown facet values and repeats, and reads days by name", () => {
    expect(parse("need=memory&need=memory&need=unicorns&need=%3Cb%3E&kind=castle").needs).toEqual(["memory"]);
    expect(parse("kind=castle").kinds).toEqual([]);
    expect(parse("day=monday").day).toBe("MO");
    expect(parse("day=Thu").day).toBe("TH");
    expect(parse("day=someday").day).toBeNull();
    expect(parse("sort=price").sort).toBe("relevance");
    expect(parse("sort=name").sort).toBe("name");
  });

  it("ignores an age that is not a whole number from 0 to 120, and says so", () => {
    for (const age of ["-1", "old", "72.5", "500"]) expect(parse(`age=${age}`)).toMatchObject({ age: null, ageInvalid: true });
    expect(parse("age=0")).toMatchObject({ age: 0, ageInvalid: false });
  });

  it("writes the whole search back into a URL, keeping every filter", () => {
    const params = parse("q=lonely&postcode=CB7+4&radius=2&need=memory&need=getting-out&kind=vcs_group&day=WE&free=yes&dp=yes&capacity=yes&age=80&sort=distance");
    const href = searchHref(params, { page: 2 });
    expect(href).toBe(
      "/search?q=lonely&postcode=CB7+4&radius=2&need=memory&need=getting-out&kind=vcs_group&day=WE&free=yes&dp=yes&capacity=yes&age=80&sort=distance&page=2",
    );
    expect(parse(href.slice("/search?".length))).toEqual({ ...params, page: 2 });
    expect(searchHref(parse(""))).toBe("/search");
  });
});
