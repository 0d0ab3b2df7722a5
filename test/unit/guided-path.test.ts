import { describe, expect, it } from "vitest";
import {
  answersQuery,
  firstUnanswered,
  hiddenAnswers,
  personFromAnswers,
  readAnswers,
  reasonsFor,
  stepProblem,
  steps,
} from "../../app/modules/guided/guided-path";
import { en } from "../../app/locales/en";
import { pl } from "../../app/locales/pl";

const complete = "who=me&age=75-84&help=lonely&help=falls&where=Soham&day=TU&time=morning&travel=bus&pay=free";
const read = (query: string) => readAnswers(new URL(`http://atlas.test/what-matters/results?${query}`));

describe("the guided path's answers", () => {
  it("has seven questions, and a full set of answers needs none of them again", () => {
    expect(steps).toEqual(["who", "age", "help", "where", "when", "travel", "pay"]);
    expect(firstUnanswered(read(complete))).toBeNull();
  });

  it("asks first the earliest question not answered well", () => {
    expect(firstUnanswered(read(""))).toBe("who");
    expect(firstUnanswered(read("who=me&age=75-84"))).toBe("help");
    expect(firstUnanswered(read(complete.replace("help=lonely&help=falls", "help=teleport")))).toBe("help");
    // "When" may be left empty (any time suits), but not filled with nonsense.
    expect(firstUnanswered(read(complete.replace("&day=TU&time=morning", "")))).toBeNull();
    expect(stepProblem("when", read("day=FEB30"))).toBe("when");
    expect(stepProblem("pay", read("pay=-5"))).toBe("pay");
  });

  it("maps plain words to needs and risk factors, and travel and cost to the engine's limits", () => {
    const person = personFromAnswers(read(complete));
    expect(person.needs).toEqual(["social-connection", "falls-home-safety"]);
    expect(person.riskFactors).toEqual(["loneliness", "fall"]);
    expect(person.ageBand).toBe("75-84");
    expect(person.maxTravelMiles).toBe(5);
    expect(person.maxHourlyRatePence).toBe(0);
    expect(person.preferredDays).toEqual(["TU"]);
    const budget = personFromAnswers(read(complete.replace("pay=free", "pay=budget").replace("age=75-84", "age=unsaid")));
    expect(budget).toMatchObject({ hasDirectPayment: true, maxHourlyRatePence: null, ageBand: "65-74" });
  });

  it("carries the answers in the address and in hidden fields, leaving out the one being asked", () => {
    const answers = read(complete);
    expect(answersQuery(answers)).toBe(`?${complete.replace("Soham", "Soham")}`);
    const hidden = hiddenAnswers(answers, "when");
    expect(hidden.map(([name]) => name)).not.toContain("day");
    expect(hidden.map(([name]) => name)).not.toContain("time");
    expect(hidden.filter(([name]) => name === "help").map(([, value]) => value)).toEqual(["lonely", "falls"]);
  });

  it("drops repeated values and cuts a long place name", () => {
    const answers = read(`help=lonely&help=lonely&where=${"x".repeat(500)}`);
    expect(answers.help).toEqual(["lonely"]);
    expect(answers.where).toHaveLength(100);
  });

  it("speaks to the person about themselves, and about someone else otherwise", () => {
    expect(reasonsFor("me", "£5 a session, within their budget")).toBe("£5 a session, within your budget");
    expect(reasonsFor("someone", "£5 a session, within their budget")).toBe("£5 a session, within their budget");
  });
});

describe("the Polish messages", () => {
  const keys = (messages: object, prefix = ""): string[] =>
    Object.entries(messages).flatMap(([key, value]) => (typeof value === "string" ? [`${prefix}${key}`] : keys(value as object, `${prefix}${key}.`)));

  // Polish counts have two more plural forms than English ("2 wyniki", "5 wyników"): every key
  // English gives in the singular and plural, Polish also gives in the "few" and "many" forms.
  const polishPlurals = (englishKeys: string[]) =>
    englishKeys.flatMap((key) => (key.endsWith("_one") ? [key, key.replace(/_one$/, "_few"), key.replace(/_one$/, "_many")] : [key]));

  it("have every English key, the Polish plural forms, no more, and no empty text", () => {
    expect(keys(pl).sort()).toEqual(polishPlurals(keys(en)).sort());
    expect(keys(pl).filter((key) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], pl) === "")).toEqual([]);
  });

  it("keep each message's placeholders", () => {
    // Where Polish grammar needs another form of a word the code passes both ("w pierwszą środę").
    const sameWord: Record<string, string> = { ordinalFeminine: "ordinal" };
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => sameWord[match[1]!] ?? match[1]).sort();
    for (const key of keys(en)) {
      const lookup = (messages: object) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string;
      expect(placeholders(lookup(pl)), key).toEqual(placeholders(lookup(en)));
    }
  });
});
