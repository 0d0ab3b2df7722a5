/** The person record's form schema: what it accepts, how it tidies, what it refuses and says. */
import { describe, expect, it } from "vitest";
import { ageBandRange, personFormValues, personSchema } from "../../app/modules/people/person-form";

const valid = {
  reference: " soh-0142 ",
  ageBand: "75-84",
  postcode: "cb75aa",
  needs: ["getting-out", "social-connection"],
  riskFactors: "loneliness",
  preferredDays: ["TH", "TU"],
  lawfulBasis: "consent",
  consentGiven: "yes",
};

const messages = (input: Record<string, unknown>) => {
  const parsed = personSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("the person record schema", () => {
  it("tidies what was typed: reference upper case, postcode spaced, choices in a fixed order, budget in pence", () => {
    const parsed = personSchema.parse({ ...valid, budget: "up-to", maxHourlyRate: "£12.50", maxTravelMiles: "2.25", hasDirectPayment: "yes" });
    expect(parsed).toMatchObject({
      reference: "SOH-0142",
      postcode: "CB7 5AA",
      needs: ["social-connection", "getting-out"],
      riskFactors: ["loneliness"],
      preferredDays: ["TU", "TH"],
      preferredTimes: [],
      maxTravelMiles: 2.3,
      maxHourlyRatePence: 1250,
      hasDirectPayment: true,
      contactName: null,
      consentGiven: true,
    });
    expect(personSchema.parse({ ...valid, budget: "free" }).maxHourlyRatePence).toBe(0);
    expect(personSchema.parse(valid).maxHourlyRatePence).toBeNull();
  });

  it("refuses a record without needs, consent, a lawful basis or a full postcode, with plain messages", () => {
    expect(messages({ ...valid, needs: [] })).toEqual(["needs: Choose at least one thing they need help with, so we can find support that fits"]);
    expect(messages({ ...valid, consentGiven: undefined })[0]).toMatch(/^consentGiven: Confirm that the person agreed/);
    expect(messages({ ...valid, lawfulBasis: "" })).toEqual(["lawfulBasis: Choose the lawful basis for keeping this record"]);
    expect(messages({ ...valid, postcode: "CB7 5" })).toEqual(["postcode: Enter a full postcode, like CB7 5AA"]);
    expect(messages({ ...valid, reference: "" })).toEqual(["reference: Enter a reference for this person"]);
    expect(messages({ ...valid, reference: "<b>x</b>" })[0]).toMatch(/^reference: Use letters, numbers/);
  });

  it("refuses choices that are not on the form, and impossible numbers", () => {
    expect(messages({ ...valid, needs: ["flying"] })[0]).toBe("needs.0: Choose needs from the list");
    expect(messages({ ...valid, preferredDays: ["XX"] })[0]).toBe("preferredDays.0: Choose days from the list");
    expect(messages({ ...valid, maxTravelMiles: "0" })).toEqual(["maxTravelMiles: The furthest they can travel must be at least 0.1 miles"]);
    // It is kept to one decimal place: 0.04 would be stored as 0, which the database refuses.
    expect(messages({ ...valid, maxTravelMiles: "0.04" })).toEqual(["maxTravelMiles: The furthest they can travel must be at least 0.1 miles"]);
    expect(messages({ ...valid, maxTravelMiles: "500" })).toEqual(["maxTravelMiles: The furthest they can travel must be 100 miles or fewer"]);
    expect(messages({ ...valid, budget: "up-to", maxHourlyRate: "lots" })).toEqual(["maxHourlyRate: Enter the most they can pay an hour in pounds, like 12.50"]);
    expect(messages({ ...valid, contactName: "Mrs B", contactPhone: "call me" })).toEqual(["contactPhone: Enter a phone number, like 01632 960 001"]);
    expect(messages({ ...valid, contactPhone: "01632 960 001" })).toEqual(["contactName: Enter the name to ask for when you phone"]);
  });

  it("round-trips a stored record through the edit form's values", () => {
    const parsed = personSchema.parse({ ...valid, budget: "up-to", maxHourlyRate: "13", maxTravelMiles: "3" });
    const stored = { ...parsed, maxTravelMiles: "3.0", consentGiven: true };
    expect(personSchema.parse(personFormValues(stored))).toEqual(parsed);
  });

  it("knows the ages in each band", () => {
    expect(ageBandRange("65-74")).toEqual({ from: 65, to: 74 });
    expect(ageBandRange("85+")).toEqual({ from: 85, to: 120 });
  });
});
