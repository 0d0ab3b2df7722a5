/** The matching engine on hand-made cases: filters, ordering, reasons, combination, determinism, ties. */
import { describe, expect, it } from "vitest";
import { combine, matchPerson, type MatchCandidate, type MatchPerson } from "../../app/modules/matching/engine";
import { matchWeights } from "../../app/modules/matching/weights";

const today = "2026-11-29";

/** Lonely since bereavement, a fall last month, lives in Soham, free on Tuesdays. */
const person: MatchPerson = {
  needs: ["social-connection", "falls-home-safety", "getting-out"],
  riskFactors: ["fall", "loneliness"],
  ageBand: "75-84",
  wardCode: "E05011570",
  districtCode: "E07000009",
  preferredDays: ["TU"],
  preferredTimes: [],
  maxTravelMiles: 5,
  maxHourlyRatePence: 0,
  hasDirectPayment: false,
};

let counter = 0;
function listing(overrides: Partial<MatchCandidate> = {}): MatchCandidate {
  counter++;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    name: `Listing ${counter}`,
    kind: "vcs_group",
    needs: ["social-connection"],
    minimumAge: null,
    maximumAge: null,
    serviceAreas: [],
    capacityUnit: "places",
    capacityAvailable: 4,
    waitingList: false,
    waitingListWeeks: null,
    schedules: [{ freq: "WEEKLY", byday: "TU,TH", opensAt: "10:00:00", closesAt: "12:00:00" }],
    distanceMiles: 0.8,
    comesToHome: false,
    isFree: true,
    hourlyRatePence: null,
    sessionCostPence: null,
    directPayment: false,
    lastVerifiedAt: "2026-10-01",
    ...overrides,
  };
}

const reasonFor = (candidate: MatchCandidate, who: MatchPerson = person) => {
  const result = matchPerson(who, [candidate], { today });
  return result.excluded[0]?.reason ?? null;
};

describe("hard filters", () => {
  it("keeps a listing that fits and leaves out one that meets none of the needs", () => {
    expect(reasonFor(listing())).toBeNull();
    expect(reasonFor(listing({ needs: ["memory"] }))).toBe("no-need");
  });

  it("leaves out listings already referred for this person, so a declined referral leads to the next", () => {
    const first = listing({ name: "Declined lunch club" });
    const second = listing({ name: "Next lunch club", distanceMiles: 2 });
    const before = matchPerson(person, [first, second], { today });
    expect(before.matches.map((m) => m.name)).toEqual(["Declined lunch club", "Next lunch club"]);
    const after = matchPerson(person, [first, second], { today, excludedServiceIds: [first.id] });
    expect(after.matches.map((m) => m.name)).toEqual(["Next lunch club"]);
    expect(after.excluded).toEqual([{ id: first.id, name: "Declined lunch club", reason: "referred", distanceMiles: first.distanceMiles }]);
  });

  it("checks eligibility ages against the age band, and cautions when the band only partly fits", () => {
    expect(reasonFor(listing({ maximumAge: 64 }))).toBe("age");
    expect(reasonFor(listing({ minimumAge: 85 }))).toBe("age");
    const partly = matchPerson(person, [listing({ minimumAge: 80 })], { today }).matches[0]!;
    expect(partly.reasons).toContain("for ages 80 and over: check their age");
    expect(reasonFor(listing({ minimumAge: 65, maximumAge: 120 }))).toBeNull();
  });

  it("respects the area a listing serves: ward, or a whole district", () => {
    expect(reasonFor(listing({ serviceAreas: [{ wardCode: "E05011571", districtCode: "E07000009" }] }))).toBe("area");
    expect(reasonFor(listing({ serviceAreas: [{ wardCode: "E05011570", districtCode: "E07000009" }] }))).toBeNull();
    expect(reasonFor(listing({ serviceAreas: [{ wardCode: null, districtCode: "E07000009" }] }))).toBeNull();
    expect(reasonFor(listing({ serviceAreas: [{ wardCode: null, districtCode: "E07000012" }] }))).toBe("area");
  });

  it("leaves out a full listing with no waiting list, keeps one with a waiting list and says so", () => {
    expect(reasonFor(listing({ capacityAvailable: 0 }))).toBe("full");
    const waiting = matchPerson(person, [listing({ capacityAvailable: 0, waitingList: true, waitingListWeeks: 3 })], { today }).matches[0]!;
    expect(waiting.reasons).toContain("waiting list of about 3 weeks");
    const unknown = matchPerson(person, [listing({ capacityAvailable: null, capacityUnit: null })], { today }).matches[0]!;
    expect(unknown.reasons).toContain("ask about places");
  });

  it("fits schedules to the preferred days and times", () => {
    expect(reasonFor(listing({ schedules: [{ freq: "WEEKLY", byday: "WE", opensAt: "10:00", closesAt: "12:00" }] }))).toBe("schedule");
    expect(reasonFor(listing({ schedules: [{ freq: "MONTHLY", byday: "1TU", opensAt: "10:00", closesAt: "12:00" }] }))).toBeNull();
    expect(reasonFor(listing({ schedules: [] }))).toBeNull();
    const afternoons = { ...person, preferredTimes: ["afternoon"] };
    expect(reasonFor(listing(), afternoons)).toBe("schedule");
    expect(reasonFor(listing({ schedules: [{ freq: "WEEKLY", byday: "TU", opensAt: "11:30", closesAt: "14:00" }] }), afternoons)).toBeNull();
    const weekdays = matchPerson(person, [listing({ schedules: [{ freq: "WEEKLY", byday: "MO,TU,WE,TH,FR", opensAt: "09:00", closesAt: "17:00" }] })], { today });
    expect(weekdays.matches[0]!.reasons).toContain("weekdays");
    const everyDay = matchPerson(person, [listing({ schedules: [{ freq: "WEEKLY", byday: "MO,TU,WE,TH,FR,SA,SU", opensAt: null, closesAt: null }] })], { today });
    expect(everyDay.matches[0]!.reasons).toContain("every day");
    const monthly = matchPerson(person, [listing({ schedules: [{ freq: "MONTHLY", byday: "1TU", opensAt: "10:00", closesAt: "12:00" }] })], { today });
    expect(monthly.matches[0]!.reasons).toContain("the first Tuesday of the month");
    const anyDay = { ...person, preferredDays: [] };
    expect(reasonFor(listing({ schedules: [{ freq: "WEEKLY", byday: "SA", opensAt: "10:00", closesAt: "12:00" }] }), anyDay)).toBeNull();
  });

  it("applies the distance limit, except to listings that come to the home where they serve", () => {
    expect(reasonFor(listing({ distanceMiles: 5.1 }))).toBe("distance");
    expect(reasonFor(listing({ distanceMiles: 5 }))).toBeNull();
    expect(reasonFor(listing({ distanceMiles: 4 }), { ...person, maxTravelMiles: null })).toBeNull();
    expect(reasonFor(listing({ distanceMiles: 6 }), { ...person, maxTravelMiles: null })).toBe("distance");
    const visiting = listing({ distanceMiles: 12, comesToHome: true, serviceAreas: [{ wardCode: null, districtCode: "E07000009" }] });
    expect(reasonFor(visiting)).toBeNull();
    expect(matchPerson(person, [visiting], { today }).matches[0]!.reasons).toContain("comes to their home");
  });

  it("keeps to a free-only budget unless a Direct Payment can pay", () => {
    const paid = listing({ isFree: false, hourlyRatePence: 1300, directPayment: true });
    expect(reasonFor(paid)).toBe("cost");
    expect(reasonFor(paid, { ...person, hasDirectPayment: true })).toBeNull();
    expect(matchPerson({ ...person, hasDirectPayment: true }, [paid], { today }).matches[0]!.reasons).toContain("£13 an hour, paid by their Direct Payment");
    expect(reasonFor(paid, { ...person, maxHourlyRatePence: 1500 })).toBeNull();
    expect(reasonFor(paid, { ...person, maxHourlyRatePence: 1200 })).toBe("cost");
    expect(reasonFor(listing({ isFree: false, sessionCostPence: 300 }))).toBe("cost");
    expect(reasonFor(listing({ isFree: false, sessionCostPence: 300 }), { ...person, maxHourlyRatePence: null })).toBeNull();
  });
});

describe("reasons for the less common cases", () => {
  const reasons = (candidate: MatchCandidate, who: MatchPerson = person) => matchPerson(who, [candidate], { today }).matches[0]!.reasons;

  it("says how it is paid for", () => {
    const anyCost = { ...person, maxHourlyRatePence: null };
    expect(reasons(listing({ isFree: false, hourlyRatePence: 1350 }), anyCost)).toContain("£13.50 an hour");
    expect(reasons(listing({ isFree: false, hourlyRatePence: 1300, directPayment: true }), { ...anyCost, hasDirectPayment: true })).toContain("£13 an hour, can be paid by Direct Payment");
    expect(reasons(listing({ isFree: false, hourlyRatePence: 1300 }), { ...person, maxHourlyRatePence: 1500 })).toContain("£13 an hour, within their budget");
    expect(reasons(listing({ isFree: false, sessionCostPence: 250 }), anyCost)).toContain("£2.50 a session");
    expect(reasons(listing({ isFree: false }), anyCost)).toContain("ask about cost");
  });

  it("says when there is no fixed venue, and when a listing has never been checked", () => {
    const phone = reasons(listing({ distanceMiles: null, lastVerifiedAt: null }));
    expect(phone).toContain("no fixed venue");
    expect(phone).toContain("never checked: confirm it still runs");
  });

  it("says hours rather than places for services counted in hours", () => {
    expect(reasons(listing({ capacityUnit: "hours_per_week", capacityAvailable: 6 }))).toContain("has hours free");
  });

  it("gives no risk-factor points when none are flagged, so needs and distance decide", () => {
    const match = matchPerson({ ...person, riskFactors: [] }, [listing()], { today }).matches[0]!;
    expect(match.parts.riskFactorsAddressed).toBe(0);
    expect(match.reasons.some((reason) => reason.startsWith("helps with"))).toBe(false);
  });
});

describe("ranking and reasons", () => {
  it("writes the reasons in plain English, in a fixed order", () => {
    const match = matchPerson(person, [listing({ needs: ["social-connection", "getting-out"] })], { today }).matches[0]!;
    expect(match.summary).toBe("meets company and getting out; helps with loneliness; 0.8 miles; Tuesdays and Thursdays; free; has places");
  });

  it("scores from the weights: a perfect listing gets every point", () => {
    const perfect = listing({ needs: ["social-connection", "falls-home-safety", "getting-out"], distanceMiles: 0 });
    const match = matchPerson(person, [perfect], { today }).matches[0]!;
    const total = Object.values(matchWeights).reduce((sum, weight) => sum + weight, 0);
    expect(total).toBe(100);
    expect(match.score).toBe(100);
    expect(match.riskFactorsAddressed).toEqual(["fall", "loneliness"]);
  });

  it("ranks more needs and risk factors met above nearer; a listing not checked for two years falls below one with a waiting list", () => {
    const both = listing({ name: "Befriending and balance", needs: ["social-connection", "falls-home-safety"], distanceMiles: 3 });
    const near = listing({ name: "Lunch club next door", distanceMiles: 0.1 });
    const waiting = listing({ name: "Lunch club, waiting list", distanceMiles: 0.1, capacityAvailable: 0, waitingList: true });
    const stale = listing({ name: "Lunch club, not checked", distanceMiles: 0.1, lastVerifiedAt: "2024-01-10" });
    const result = matchPerson(person, [stale, waiting, near, both], { today });
    expect(result.matches.map((m) => m.name)).toEqual(["Befriending and balance", "Lunch club next door", "Lunch club, waiting list", "Lunch club, not checked"]);
    expect(result.matches[3]!.reasons).toContain("last checked January 2024: confirm it still runs");
  });

  it("breaks ties by distance, then name, then id", () => {
    const a = listing({ id: "b", name: "Same" });
    const b = listing({ id: "a", name: "Same" });
    const c = listing({ id: "c", name: "Another" });
    const farther = listing({ id: "d", name: "Aardvark", distanceMiles: 0.9, lastVerifiedAt: "2026-10-01" });
    // farther scores a little less on distance, so it comes last whatever its name
    const result = matchPerson(person, [a, b, c, farther], { today });
    expect(result.matches.map((m) => m.id)).toEqual(["c", "a", "b", "d"]);
  });

  it("is deterministic: the same input in any order gives the same output", () => {
    const candidates = Array.from({ length: 30 }, (_, i) =>
      listing({ name: `Group ${i % 7}`, distanceMiles: (i * 37) % 50 / 10, needs: i % 2 ? ["social-connection"] : ["getting-out", "falls-home-safety"], capacityAvailable: i % 5 }),
    );
    const first = matchPerson(person, candidates, { today });
    const second = matchPerson(person, [...candidates].reverse(), { today });
    expect(second).toEqual(first);
  });

  it("caps the ranked list but still counts every listing that was left out", () => {
    const many = Array.from({ length: 25 }, () => listing());
    const result = matchPerson(person, [...many, listing({ needs: ["memory"] })], { today, limit: 10 });
    expect(result.matches).toHaveLength(10);
    expect(result.excluded).toHaveLength(1);
  });
});

describe("the combination", () => {
  it("covers all the needs with at most three listings, taking the widest first", () => {
    const company = listing({ name: "Befriending", needs: ["social-connection"], distanceMiles: 0.2 });
    const balance = listing({ name: "Strength and balance", needs: ["falls-home-safety"] });
    const transport = listing({ name: "Community car scheme", needs: ["getting-out", "social-connection"] });
    const result = matchPerson(person, [company, balance, transport], { today });
    expect(result.combination.matches.map((m) => m.name)).toEqual(["Community car scheme", "Strength and balance"]);
    expect(result.combination.covered).toEqual(person.needs);
    expect(result.combination.missing).toEqual([]);
  });

  it("says which needs nothing covers", () => {
    const result = matchPerson(person, [listing({ needs: ["social-connection"] })], { today });
    expect(result.combination.missing).toEqual(["falls-home-safety", "getting-out"]);
  });

  it("stops at the size limit", () => {
    const needs = ["a", "b", "c", "d"];
    const ranked = needs.map((need, i) => ({ id: need, name: need, kind: "x", score: 50 - i, needsMet: [need], riskFactorsAddressed: [], distanceMiles: 1, hourlyRatePence: null, reasons: [], summary: "", parts: {} as never }));
    const combination = combine(needs, ranked, 3);
    expect(combination.matches.map((m) => m.id)).toEqual(["a", "b", "c"]);
    expect(combination.missing).toEqual(["d"]);
  });
});

describe("the shortcuts for large candidate lists", () => {
  // The engine puts only the best few in order and picks the combination without sorting every
  // match. Against the plain way (every match ranked, then the first twenty, and the greedy
  // cover over the whole ranked list) on 600 listings full of ties, for many people.
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  const allNeeds = ["social-connection", "carer-support", "falls-home-safety", "getting-out", "daily-living", "memory", "confidence-health", "money-advice-digital"];
  const someOf = <T>(values: readonly T[], chance: number) => values.filter(() => random() < chance);

  it("ranks and combines exactly as sorting everything would", () => {
    for (let round = 0; round < 40; round++) {
      const who: MatchPerson = {
        ...person,
        needs: someOf(allNeeds, 0.4).concat(pick(allNeeds)).filter((need, i, all) => all.indexOf(need) === i),
        riskFactors: someOf(["fall", "loneliness", "carer-burden", "low-confidence", "comorbidity"], 0.4),
        preferredDays: someOf(["MO", "TU", "WE", "SA"], 0.3),
        maxHourlyRatePence: pick([null, 0, 1500]),
      };
      const candidates = Array.from({ length: 600 }, () =>
        listing({
          name: pick(["Lunch club", "Walking group", "Befriending", "Men's shed"]), // names repeat: ties go to the id
          needs: someOf(allNeeds, 0.3),
          distanceMiles: pick([0.5, 1, 1, 2.5, 4, 6, null]), // repeated distances: ties go to the name
          capacityAvailable: pick([null, 0, 3]),
          waitingList: random() < 0.5,
          isFree: random() < 0.6,
          hourlyRatePence: pick([null, 1200, 1800]),
          lastVerifiedAt: pick(["2026-10-01", "2026-01-01", null]),
          schedules: random() < 0.3 ? [] : [{ freq: "WEEKLY", byday: pick(["TU", "MO,WE", "SA", "1MO"]), opensAt: "10:00", closesAt: "12:00" }],
        }),
      );
      const everything = matchPerson(who, candidates, { today, limit: candidates.length });
      const ranked = everything.matches;
      expect(ranked.length, `round ${round}: enough matches that only some are shown`).toBeGreaterThan(20);
      // Every match in order: score, then nearer, then name, then id.
      for (let i = 1; i < ranked.length; i++) {
        const [a, b] = [ranked[i - 1]!, ranked[i]!];
        const order = b.score - a.score || (a.distanceMiles ?? Infinity) - (b.distanceMiles ?? Infinity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1);
        expect(order, `round ${round}, position ${i}`).toBeLessThan(0);
      }
      const shown = matchPerson(who, candidates, { today });
      expect(shown.matches).toEqual(ranked.slice(0, 20));
      expect(shown.combination).toEqual(combine(who.needs, ranked));
      expect(shown.excluded).toEqual(everything.excluded);
      expect(shown.matches.length + shown.excluded.length).toBeLessThanOrEqual(candidates.length);
    }
  });

  it("counts a risk factor listed twice twice, as a list of needs met would", () => {
    const twice = matchPerson({ ...person, riskFactors: ["loneliness", "loneliness"] }, [listing()], { today }).matches[0]!;
    expect(twice.riskFactorsAddressed).toEqual(["loneliness", "loneliness"]);
    expect(twice.parts.riskFactorsAddressed).toBe(1);
  });

  it("treats a limit that is not a whole number sensibly", () => {
    const many = Array.from({ length: 5 }, () => listing());
    expect(matchPerson(person, many, { today, limit: 2.5 }).matches).toHaveLength(2);
    expect(matchPerson(person, many, { today, limit: -1 }).matches).toHaveLength(0);
  });
});
