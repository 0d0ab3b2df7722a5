import { describe, expect, it } from "vitest";
import { formatDistance } from "../../app/modules/assets/format";
import { needCodes } from "../../db/vocabulary/needs";
import { postcodeCandidates } from "../../search/postcodes.server";
import { expandSynonyms, synonyms } from "../../search/synonyms";

describe("plain English synonyms", () => {
  it("maps what people type to needs and words", () => {
    expect(expandSynonyms("lonely").needs).toEqual(["social-connection"]);
    expect(expandSynonyms("I'd like someone to talk to").words).toContain("befriending");
    expect(expandSynonyms("help with the garden").needs).toEqual(["falls-home-safety"]);
    expect(expandSynonyms("a lift to the doctor").needs).toEqual(["getting-out"]);
    expect(expandSynonyms("Memory problems").needs).toEqual(["memory"]);
    expect(expandSynonyms("meals").words).toContain("lunch");
  });

  it("forgives one slip in a longer word", () => {
    expect(expandSynonyms("lonley").needs).toEqual(["social-connection"]);
    expect(expandSynonyms("demntia").needs).toEqual(["memory"]);
    expect(expandSynonyms("gardn help").needs).toEqual(["falls-home-safety"]);
    expect(expandSynonyms("lone").needs).toEqual([]); // short words must be exact
    expect(expandSynonyms("aloe").needs).toEqual([]);
  });

  it("matches whole words only, and nothing for unrelated words", () => {
    expect(expandSynonyms("balloon")).toEqual({ needs: [], words: [] });
    expect(expandSynonyms("falsehood")).toEqual({ needs: [], words: [] });
  });

  it("only names needs that exist, with phrases in the form they are matched", () => {
    for (const synonym of synonyms) {
      for (const need of synonym.needs) expect(needCodes).toContain(need);
      for (const phrase of synonym.phrases) expect(phrase).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
    }
  });
});

describe("reading a typed postcode", () => {
  it("reads full postcodes, sectors and outward codes in any case and spacing", () => {
    expect(postcodeCandidates("cb7 4aa")).toEqual([{ kind: "postcode", label: "CB7 4AA" }]);
    expect(postcodeCandidates(" CB74AA ")).toEqual([{ kind: "postcode", label: "CB7 4AA" }]);
    expect(postcodeCandidates("cb7  5")).toEqual([{ kind: "sector", label: "CB7 5" }]);
    expect(postcodeCandidates("CB7")).toEqual([{ kind: "outcode", label: "CB7" }]);
    expect(postcodeCandidates("cb75")).toEqual([
      { kind: "outcode", label: "CB75" },
      { kind: "sector", label: "CB7 5" },
    ]);
  });

  it("reads nothing from things that are not postcodes", () => {
    for (const typed of ["", "Ely", "'; drop table postcodes; --", "<script>", "12345"]) expect(postcodeCandidates(typed)).toEqual([]);
  });
});

describe("distances", () => {
  it("says miles in plain English", () => {
    expect(formatDistance(1.23)).toBe("1.2 miles");
    expect(formatDistance(1.01)).toBe("1 mile");
    expect(formatDistance(3)).toBe("3 miles");
    expect(formatDistance(0.01)).toBe("under 0.1 miles");
  });
});
