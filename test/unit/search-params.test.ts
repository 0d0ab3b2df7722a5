import { describe, expect, it } from "vitest";
import { maxPage, maxQueryLength, parseSearchParams } from "../../app/modules/assets/search-params";

const parse = (query: string) => parseSearchParams(new URL(`http://localhost/search?${query}`));

describe("reading /search's query string", () => {
  it("reads the words and the page", () => {
    expect(parse("q=lunch+club&page=2")).toEqual({ text: "lunch club", page: 2, truncated: false });
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
});
