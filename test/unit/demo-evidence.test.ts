/** The demo year of evidence: deterministic, inside the year before the seed date, and varied enough to show. */
import { describe, expect, it } from "vitest";
import { buildDemoEvidence, type DemoEvidencePostcode, type DemoEvidenceService } from "../../db/seed/demo-evidence";

const postcodes: DemoEvidencePostcode[] = ["North", "South", "East", "West"].flatMap((ward, w) =>
  Array.from({ length: 10 }, (_, index) => ({ postcode: `CB7 ${w}A${String.fromCharCode(65 + index)}`, latitude: 52.3, longitude: 0.3, wardCode: `E0509000${w}`, districtCode: "E07000009" })),
);
const needs = ["social-connection", "carer-support", "falls-home-safety", "getting-out", "daily-living", "memory", "confidence-health", "money-advice-digital"];
const services: DemoEvidenceService[] = postcodes
  .filter((_, index) => index % 10 === 0)
  .flatMap((postcode) => [
    { id: `${postcode.wardCode}-vcs`, kind: "vcs_group", wardCode: postcode.wardCode, needs },
    { id: `${postcode.wardCode}-pa`, kind: "personal_assistant", wardCode: postcode.wardCode, needs: ["daily-living"] },
  ]);

const build = () => buildDemoEvidence({ today: "2026-11-29", postcodes, services, practitionerId: "practitioner" });

describe("the demo evidence", () => {
  it("is the same on every run", () => {
    expect(JSON.stringify(build())).toBe(JSON.stringify(build()));
  });

  it("falls in the 12 months before the seed date, owned by the demo practitioner, flagged as demo", () => {
    const evidence = build();
    for (const person of evidence.persons) {
      expect(person.isDemo).toBe(true);
      expect(person.ownerId).toBe("practitioner");
      expect(person.reference).toMatch(/^DEMO-\d{4}$/);
      expect(person.contactName ?? null).toBeNull();
      expect((person.createdAt as Date).toISOString() >= "2025-11-29").toBe(true);
    }
    for (const record of evidence.diverted) {
      expect(record.fromDate >= "2025-11-29" && record.fromDate < "2026-11-29").toBe(true);
      if (record.toDate) expect(record.toDate >= record.fromDate && record.toDate < "2026-11-29").toBe(true);
    }
  });

  it("has every referral status, every request outcome, each kind of diverted care and each confidence level", () => {
    const evidence = build();
    expect(new Set(evidence.referrals.map((referral) => referral.status))).toEqual(new Set(["suggested", "referred", "accepted", "declined", "started", "ended"]));
    expect(new Set(evidence.referrals.map((referral) => referral.kind))).toEqual(new Set(["signpost", "referral"]));
    expect(new Set(evidence.requests.map((request) => request.outcome ?? "open"))).toEqual(new Set(["signposted", "short_term", "nothing_further", "formal_care", "open"]));
    // One request per person, closed on or after it was received, before the seed date.
    expect(evidence.requests.map((request) => request.personId).sort()).toEqual(evidence.persons.map((person) => person.id).sort());
    for (const request of evidence.requests) {
      if (request.closedOn) expect(request.closedOn >= request.receivedOn && request.closedOn < "2026-11-29").toBe(true);
      if (request.outcome === "short_term") expect(request.shortTermSupport!.length).toBeGreaterThan(0);
      if (request.outcome === "formal_care") expect([request.conversation, request.careService]).toEqual(["c3", "home-care"]);
      const events = evidence.requestEvents.filter((event) => event.requestId === request.id);
      expect(events[0]!.kind).toBe("received");
      expect(events.at(-1)!.kind).toBe(request.outcome ? "closed" : "received");
    }
    expect(new Set(evidence.diverted.map((record) => record.service))).toEqual(new Set(["home-care", "day-care", "reablement-bridging", "residential-placement-65-plus"]));
    expect(new Set(evidence.diverted.map((record) => record.confidence))).toEqual(new Set(["low", "medium", "high"]));
    // Both kinds of saving, labelled: some home care reduced (cashable), the rest avoided.
    const cashable = evidence.diverted.filter((record) => record.cashable);
    expect(cashable.length).toBeGreaterThan(0);
    expect(cashable.length).toBeLessThan(evidence.diverted.length / 2);
    for (const record of cashable) expect(record.service).toBe("home-care");
    const placements = evidence.diverted.filter((record) => record.service === "residential-placement-65-plus");
    expect(placements.length).toBeGreaterThanOrEqual(2);
    expect(placements.length).toBeLessThan(evidence.diverted.length / 5); // "a few"
    for (const record of placements) expect(record.hoursPerWeek).toBeNull();
    // Each referral's history ends at its status.
    for (const referral of evidence.referrals) {
      const events = evidence.events.filter((event) => event.referralId === referral.id);
      expect(events.at(-1)!.toStatus).toBe(referral.status);
    }
  });
});
