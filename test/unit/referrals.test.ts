import { describe, expect, it } from "vitest";
import { outcomeChanges, type OutcomeRow } from "../../app/modules/referrals/care-evidence.server";
import { divertedCareSchema, outcomeSchema, referSchema, respondSchema } from "../../app/modules/referrals/referral-forms";
import { canMove, referralStatuses } from "../../app/modules/referrals/referral-status";

describe("a referral's moves", () => {
  it("lets the provider only answer a waiting referral", () => {
    for (const from of referralStatuses) {
      for (const to of referralStatuses) {
        expect(canMove(from, to, "provider"), `${from} → ${to}`).toBe(from === "referred" && (to === "accepted" || to === "declined"));
      }
    }
  });

  it("never reopens a declined or ended referral, and never goes back to referred", () => {
    for (const to of referralStatuses) {
      expect(canMove("declined", to, "practitioner")).toBe(false);
      expect(canMove("ended", to, "practitioner")).toBe(false);
    }
    for (const from of referralStatuses) expect(canMove(from, "referred", "practitioner")).toBe(false);
    expect(canMove("accepted", "started", "practitioner")).toBe(true);
    expect(canMove("suggested", "started", "practitioner")).toBe(true);
    expect(canMove("started", "accepted", "practitioner")).toBe(false);
  });
});

describe("the referral forms", () => {
  it("needs consent and a summary to refer, neither to signpost", () => {
    expect(referSchema.safeParse({ kind: "referral", sharedSummary: "Would like company" }).success).toBe(false);
    expect(referSchema.safeParse({ kind: "referral", consent: "yes", sharedSummary: "" }).success).toBe(false);
    // A referral also says what the person wants from it and who is referring, for the provider.
    const referrer = { personWants: "Company on a weekday", referrerName: "Pat Practitioner", referrerTeam: "Soham locality team", referrerContact: "01632 960001" };
    expect(referSchema.safeParse({ kind: "referral", consent: "yes", sharedSummary: "Would like company" }).success).toBe(false);
    expect(referSchema.safeParse({ kind: "referral", consent: "yes", sharedSummary: "Would like company", ...referrer }).success).toBe(true);
    expect(referSchema.safeParse({ kind: "signpost" }).success).toBe(true);
  });

  it("needs a reason to decline, not to accept", () => {
    expect(respondSchema.safeParse({ decision: "decline", reason: " " }).success).toBe(false);
    expect(respondSchema.safeParse({ decision: "accept" }).success).toBe(true);
  });

  it("takes ONS4 answers 0–10 and loneliness 1–5, not in the future", () => {
    const schema = outcomeSchema("2026-06-01");
    const answers = { stage: "start", recordedOn: "2026-05-01", lifeSatisfaction: "0", worthwhile: "10", happiness: "5", anxiety: "0", loneliness: "5" };
    expect(schema.safeParse(answers).success).toBe(true);
    expect(schema.safeParse({ ...answers, loneliness: "0" }).success).toBe(false);
    expect(schema.safeParse({ ...answers, worthwhile: "10.5" }).success).toBe(false);
    expect(schema.safeParse({ ...answers, anxiety: "" }).success).toBe(false);
    expect(schema.safeParse({ ...answers, recordedOn: "2026-06-02" }).success).toBe(false);
  });

  it("checks diverted care's hours and dates", () => {
    const schema = divertedCareSchema("2026-06-01");
    const valid = { service: "home-care", hoursPerWeek: "3", fromDate: "2026-05-01", toDate: "", confidence: "high", saving: "avoided" };
    const message = (input: object) => {
      const result = schema.safeParse(input);
      return result.success ? null : result.error.issues.map((issue) => issue.message).join("; ");
    };
    expect(message(valid)).toBeNull();
    expect(message({ ...valid, hoursPerWeek: "168" })).toBeNull();
    expect(message({ ...valid, hoursPerWeek: "168.01" })).toContain("cannot be more than 168");
    expect(message({ ...valid, hoursPerWeek: "0.00" })).toContain("more than 0");
    expect(message({ ...valid, toDate: "2026-05-01" })).toBeNull();
    expect(message({ ...valid, toDate: "2026-04-30" })).toContain("same as or after the start date");
    expect(message({ ...valid, fromDate: "2027-06-03" })).toContain("too far in the future");
    expect(message({ ...valid, service: "domiciliary-package-65-plus", hoursPerWeek: "" })).toBeNull();
    expect(message({ ...valid, service: "residential-placement-65-plus" })).toContain("Leave hours a week empty");
  });
});

describe("the change in outcomes", () => {
  const row = (stage: "start" | "follow_up", recordedOn: string, scores: [number, number, number, number, number]): OutcomeRow => ({
    id: recordedOn,
    personId: "p",
    stage,
    recordedOn,
    lifeSatisfaction: scores[0],
    worthwhile: scores[1],
    happiness: scores[2],
    anxiety: scores[3],
    loneliness: scores[4],
    recordedBy: null,
    recordedAt: new Date(),
  });

  it("compares the first start with the latest follow-up; less anxiety and less loneliness are better", () => {
    const changes = outcomeChanges([
      row("follow_up", "2026-03-01", [5, 5, 5, 5, 2]),
      row("start", "2026-01-01", [4, 6, 5, 8, 1]),
      row("follow_up", "2026-05-01", [7, 5, 5, 3, 4]),
      row("start", "2026-01-15", [0, 0, 0, 0, 1]),
    ])!;
    expect(changes.map((change) => [change.measure, change.start, change.followUp, change.direction])).toEqual([
      ["lifeSatisfaction", 4, 7, "better"],
      ["worthwhile", 6, 5, "worse"],
      ["happiness", 5, 5, "same"],
      ["anxiety", 8, 3, "better"],
      ["loneliness", 1, 4, "better"],
    ]);
    expect(outcomeChanges([row("start", "2026-01-01", [1, 1, 1, 1, 1])])).toBeNull();
  });
});
