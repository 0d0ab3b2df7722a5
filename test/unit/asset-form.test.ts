import { describe, expect, it } from "vitest";
import {
  assetFormIssues,
  assetFormSchema,
  assetInputToForm,
  normalisePostcode,
  parsePounds,
  listFields,
  parseTime,
  type RawAssetForm,
} from "../../app/modules/assets/asset-form";
import { formValues, parseForm } from "../../app/modules/forms/read-form.server";
import { claimSchema, reportProblemSchema, resolveSuggestionSchema, suggestListingSchema } from "../../app/modules/assets/suggestion-form";
import { findTransition, transitions, transitionsFrom } from "../../app/modules/assets/workflow";

const valid: RawAssetForm = {
  name: "  Soham Lunch Club ",
  description: "Lunch and company.",
  kind: "vcs_group",
  delivery: "at_venue",
  organisation: "Friends of Soham",
  postcode: "cb7 5aa",
  days0: ["TU", "TH"],
  opens0: "9:30",
  closes0: "14:00",
  isFree: "no",
  hourlyRate: "£12.5",
  capacityUnit: "places",
  capacityTotal: "20",
  capacityAvailable: "4",
  waitingList: "no",
  needs: ["social-connection", "memory"],
  directPayment: "yes",
  email: "Lunch@Example.org",
};

const errorsOf = (raw: RawAssetForm) => {
  const result = assetFormSchema.safeParse(raw);
  return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
};

describe("the listing form's schema", () => {
  it("tidies a good answer: trimmed text, postcode, 24-hour times, money in pence", () => {
    const parsed = assetFormSchema.parse(valid);
    expect(parsed).toMatchObject({
      name: "Soham Lunch Club",
      postcode: "CB7 5AA",
      latitude: null,
      schedules: [{ days: ["TU", "TH"], opensAt: "09:30", closesAt: "14:00" }],
      isFree: false,
      hourlyRatePence: 1250,
      capacity: { unit: "places", total: 20, available: 4, waitingList: false, waitingListWeeks: null },
      needs: ["memory", "social-connection"], // sorted, whatever order the boxes came in
      directPayment: true,
      email: "lunch@example.org",
      serviceArea: null,
      delivery: "at_venue",
    });
    for (const delivery of ["to_home", "remote"]) expect(assetFormSchema.parse({ ...valid, delivery }).delivery).toBe(delivery);
  });

  it("keeps the price of a session in pence, and round-trips it", () => {
    const parsed = assetFormSchema.parse({ ...valid, sessionPrice: "£4.50" });
    expect(parsed.sessionPricePence).toBe(450);
    expect(assetFormSchema.parse(assetInputToForm(parsed))).toEqual(parsed);
    expect(assetFormSchema.parse(valid).sessionPricePence).toBeNull();
  });

  it("round-trips: a saved listing back into the form parses to the same listing", () => {
    const parsed = assetFormSchema.parse(valid);
    expect(assetFormSchema.parse(assetInputToForm(parsed))).toEqual(parsed);
  });

  it("reads repeated fields from a posted form as lists, and leaves out the token", () => {
    const form = new FormData();
    form.append("csrf", "secret");
    form.append("needs", "memory");
    form.append("days0", "MO");
    form.append("days0", "WE");
    form.append("name", "A");
    expect(formValues(form, listFields)).toEqual({ needs: ["memory"], days0: ["MO", "WE"], name: "A", accessibility: [], days1: [], days2: [] });
  });

  it("reports every problem at once when read through the form helper, checks across fields included", () => {
    const answer = { ...valid, kind: "castle", minimumAge: "65", maximumAge: "18" };
    const read = parseForm(answer, assetFormSchema, { issues: assetFormIssues });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    // zod alone stops before the checks across fields while a choice is not one of the list.
    expect(read.errors).toEqual({ kind: "Choose what kind of asset it is", maximumAge: "The oldest age cannot be less than the youngest" });
    const plain = parseForm(answer, assetFormSchema);
    expect(plain.ok ? "parsed" : plain.errors).toEqual({ kind: "Choose what kind of asset it is" });
  });

  it.each<[string, RawAssetForm, string, string]>([
    ["a missing name", { ...valid, name: " " }, "name", "Enter the name of the listing"],
    ["no postcode and no point", { ...valid, postcode: "" }, "postcode", "Enter the postcode where it happens or is based"],
    ["a postcode of the wrong shape", { ...valid, postcode: "CB7" }, "postcode", "Enter a full postcode, like CB7 4AA"],
    ["a point outside the UK", { ...valid, latitude: "48.85", longitude: "2.35" }, "latitude", "The point must be in the UK"],
    ["half a point", { ...valid, latitude: "52.3" }, "longitude", "Enter the longitude as a number"],
    ["a negative hourly rate", { ...valid, hourlyRate: "-5" }, "hourlyRate", "The hourly rate cannot be negative"],
    ["a rate with fractions of a penny", { ...valid, hourlyRate: "12.505" }, "hourlyRate", "Enter the hourly rate in pounds and pence"],
    ["a negative price of a session", { ...valid, sessionPrice: "-4" }, "sessionPrice", "The price of a session cannot be negative"],
    ["a price of a session in words", { ...valid, sessionPrice: "four pounds" }, "sessionPrice", "Enter the price of a session in pounds and pence"],
    ["a price of a session for a free listing", { ...valid, isFree: "yes", hourlyRate: "", sessionPrice: "4.50" }, "sessionPrice", "A free listing has no price"],
    ["a free listing with a rate", { ...valid, isFree: "yes" }, "hourlyRate", "A free listing has no hourly rate"],
    ["closing before opening", { ...valid, opens0: "14:00", closes0: "09:00" }, "closes0", "The closing time must be after the opening time"],
    ["closing when it opens", { ...valid, closes0: "09:30" }, "closes0", "The closing time must be after the opening time"],
    ["a time that is not one", { ...valid, opens0: "25:00" }, "opens0", "Enter the opening time in 24-hour time"],
    ["times without days", { ...valid, days1: [], opens1: "10:00", closes1: "11:00" }, "days1", "Choose the days it is open"],
    ["an unknown day", { ...valid, days0: ["XX"] }, "days0", "Choose days from the list"],
    ["no needs", { ...valid, needs: [] }, "needs", "Choose at least one need it meets"],
    ["an unknown need", { ...valid, needs: ["flying"] }, "needs", "Invalid enum value"],
    ["more free than in total", { ...valid, capacityAvailable: "21" }, "capacityAvailable", "cannot be more than the total"],
    ["a negative total", { ...valid, capacityTotal: "-1" }, "capacityTotal", "cannot be less than 0"],
    ["ages the wrong way round", { ...valid, minimumAge: "65", maximumAge: "18" }, "maximumAge", "cannot be less than the youngest"],
    ["a bad email", { ...valid, email: "not-an-email" }, "email", "Enter an email address"],
    ["a website without https", { ...valid, website: "javascript:alert(1)" }, "website", "starting with https://"],
    ["an unknown kind", { ...valid, kind: "castle" }, "kind", "Choose what kind of asset it is"],
    ["no answer to how it reaches people", { ...valid, delivery: undefined }, "delivery", "Say how it reaches people"],
    ["a way of reaching people that is not one", { ...valid, delivery: "by_pigeon" }, "delivery", "Say how it reaches people"],
    ["an area that is not a code", { ...valid, serviceArea: "ward:<script>" }, "serviceArea", "Choose the area it serves"],
  ])("refuses %s, on the right field", (_case, raw, field, message) => {
    expect(errorsOf(raw)[field]).toContain(message);
  });

  it("reports every problem at once, even when a single field and a check across fields both fail", () => {
    const issues = assetFormIssues({ ...valid, name: "", kind: "castle", closes0: "09:00", hourlyRate: "-1", maximumAge: "1", minimumAge: "60" });
    const fields = issues.map((issue) => String(issue.path[0]));
    expect(fields.sort()).toEqual(["closes0", "hourlyRate", "kind", "maximumAge", "name"]);
    expect(assetFormIssues(valid)).toEqual([]);
  });

  it("accepts a point in the UK without a postcode", () => {
    expect(assetFormSchema.parse({ ...valid, postcode: "", latitude: "52.33", longitude: "0.33" })).toMatchObject({
      postcode: null,
      latitude: 52.33,
      longitude: 0.33,
    });
  });

  it("parses pounds, times and postcodes", () => {
    expect(parsePounds("12")).toBe(1200);
    expect(parsePounds("£0.05")).toBe(5);
    expect(parsePounds("1,200.50")).toBe(120050);
    expect(parsePounds("")).toBeNull();
    expect(parsePounds("twelve")).toEqual({ error: expect.stringContaining("pounds and pence") });
    expect(parseTime("9.05")).toBe("09:05");
    expect(parseTime("24:00")).toBeNull();
    expect(normalisePostcode(" cb7  4aa ")).toBe("CB7 4AA");
    expect(normalisePostcode("PE1")).toBeNull();
  });
});

describe("the review workflow", () => {
  it("goes draft → in review → published → archived → draft, and nowhere else", () => {
    expect(transitionsFrom("draft").map((t) => t.to)).toEqual(["in_review"]);
    expect(transitionsFrom("in_review").map((t) => t.to).sort()).toEqual(["draft", "published"]);
    expect(transitionsFrom("published").map((t) => t.to)).toEqual(["archived"]);
    expect(transitionsFrom("archived").map((t) => t.to)).toEqual(["draft"]);
    expect(findTransition("draft", "publish")).toBeNull();
  });

  it("needs review permission for every move but sending a draft for review", () => {
    expect(transitions.filter((t) => t.permission === "asset:update").map((t) => t.intent)).toEqual(["submit"]);
  });
});

describe("the suggestion forms", () => {
  it("asks only for a name and a description; an email only for a reply", () => {
    expect(suggestListingSchema.parse({ name: "Knit", description: "Knitting", email: "" })).toMatchObject({ name: "Knit", email: null });
    expect(suggestListingSchema.safeParse({ name: "", description: "" }).success).toBe(false);
    expect(suggestListingSchema.safeParse({ name: "A", description: "B", postcode: "nowhere" }).success).toBe(false);
    expect(suggestListingSchema.parse({ name: "A", description: "B", postcode: "cb74aa" }).postcode).toBe("CB7 4AA");
    expect(reportProblemSchema.safeParse({ message: "  " }).success).toBe(false);
    expect(reportProblemSchema.safeParse({ message: "x".repeat(2001) }).success).toBe(false);
    expect(resolveSuggestionSchema.safeParse({ decision: "maybe" }).success).toBe(false);
    expect(claimSchema.safeParse({ message: "" }).success).toBe(false);
  });
});
