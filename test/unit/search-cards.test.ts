import { describe, expect, it } from "vitest";
import { describeCapacity, describeCost, describeWhen } from "../../app/modules/search/result-card";
import { describeBydays } from "../../app/modules/assets/format";
import { parseSearchParams, searchHref, selectedFilters, withoutFilters } from "../../app/modules/assets/search-params";

const card = {
  capacityUnit: "places" as const,
  capacityAvailable: 3,
  waitingList: false,
  waitingListWeeks: null,
  isFree: false,
  fees: null,
  sessionPricePence: null,
  hourlyRatePence: null,
  bydays: [] as string[],
};

describe("what a result card says", () => {
  it("tells places free from full, and full from a waiting list", () => {
    expect(describeCapacity(card)).toEqual({ text: "3 places free", state: "open" });
    expect(describeCapacity({ ...card, capacityAvailable: 1 })).toEqual({ text: "1 place free", state: "open" });
    expect(describeCapacity({ ...card, capacityUnit: "hours_per_week", capacityAvailable: 5 })?.text).toBe("5 hours a week free");
    expect(describeCapacity({ ...card, capacityAvailable: 0, waitingList: true, waitingListWeeks: 4 })).toEqual({
      text: "Full: waiting list of about 4 weeks",
      state: "full",
    });
    expect(describeCapacity({ ...card, capacityAvailable: 0, waitingList: true })?.text).toBe("Full: waiting list");
    expect(describeCapacity({ ...card, capacityAvailable: 0 })).toEqual({ text: "Full", state: "full" });
    expect(describeCapacity({ ...card, capacityAvailable: null })).toBeNull();
  });

  it("says free, the listing's own words, the price of a session or an hourly rate", () => {
    expect(describeCost({ ...card, isFree: true, sessionPricePence: 600 })).toBe("Free");
    expect(describeCost({ ...card, sessionPricePence: 600 })).toBe("£6 a session");
    expect(describeCost({ ...card, sessionPricePence: 450, fees: "£4.50 a session, including lunch" })).toBe("£4.50 a session, including lunch");
    expect(describeCost({ ...card, hourlyRatePence: 1350 })).toBe("£13.50 an hour");
    expect(describeCost({ ...card, fees: "£5 for lunch", hourlyRatePence: 1500 })).toBe("£5 for lunch; £15 an hour");
    expect(describeCost({ ...card, fees: "£15 an hour for personal care", hourlyRatePence: 1500 })).toBe("£15 an hour for personal care");
    expect(describeCost(card)).toBeNull();
    const long = describeCost({ ...card, fees: "£4.50 a session, including a two-course lunch and tea and cake afterwards, with lifts from the villages arranged" })!;
    expect(long.length).toBeLessThanOrEqual(81);
    expect(long).toMatch(/^£4\.50 a session, including a two-course lunch .*…$/);
  });

  it("says the days it runs", () => {
    expect(describeWhen({ ...card, bydays: ["TU,TH"] })).toBe("Tuesdays and Thursdays");
    expect(describeWhen({ ...card, bydays: ["1MO"] })).toBe("The first Monday of the month");
    expect(describeWhen({ ...card, bydays: ["FR", "MO"] })).toBe("Mondays and Fridays");
    expect(describeWhen(card)).toBe("Ask about days and times");
    expect(describeBydays(["MO,TU,WE,TH,FR"])).toBe("weekdays");
    expect(describeBydays(["MO,TU,WE,TH,FR,SA,SU"])).toBe("every day");
    expect(describeBydays(["TU", "-1FR"])).toBe("Tuesdays and the last Friday of the month");
  });
});

describe("the filters a search has on", () => {
  const params = parseSearchParams(
    new URL("http://x/search?q=lunch&postcode=Soham&radius=10&need=memory&need=carer-support&day=TU&free=yes&age=72&access=step-free&sort=distance"),
  );

  it("lists each with a link to the same search without it", () => {
    const selected = selectedFilters(params);
    expect(selected.map((filter) => filter.label)).toEqual([
      "Within 10 miles",
      "Memory and dementia",
      "Support for carers",
      "Open on Tuesday",
      "Free or low cost",
      "Aged 72",
      "Step-free access",
      "Nearest first",
    ]);
    const memory = new URL(selected[1]!.href, "http://x").searchParams;
    expect(memory.getAll("need")).toEqual(["carer-support"]);
    expect(memory.get("q")).toBe("lunch");
    expect(memory.get("postcode")).toBe("Soham");
    expect(new URL(selected[0]!.href, "http://x").searchParams.get("radius")).toBeNull();
  });

  it("clears them all, keeping the words and the place", () => {
    expect(withoutFilters(params)).toBe("/search?q=lunch&postcode=Soham");
    expect(selectedFilters(parseSearchParams(new URL("http://x/search?q=lunch")))).toEqual([]);
  });

  it("keeps a location in the address only while no place is typed", () => {
    const near = parseSearchParams(new URL("http://x/search?q=lunch&near=52.335,0.337&radius=3"));
    expect(searchHref(near)).toBe("/search?q=lunch&near=52.335%2C0.337&radius=3");
    expect(searchHref({ ...near, postcode: "Ely" })).toBe("/search?q=lunch&postcode=Ely&radius=3");
  });
});
