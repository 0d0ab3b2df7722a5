/** Reading the first version of Open Referral UK: the fixture against the v1 schema, and v1 → 3.0. */
import { describe, expect, it } from "vitest";
import { isV1Page, v1ServiceToOruk, versionOf } from "../../app/modules/oruk/v1";
import { readFixture } from "../support/oruk";
import { v1Services, v1Validators } from "../support/oruk-v1-feed";

// why any: the records are read freely in assertions; their shape is what is under test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const [lunch, befriending, exercise] = v1Services() as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
const errors = (validate: ReturnType<typeof v1Validators>["service"], json: unknown) => (validate(json) ? [] : validate.errors);

describe("the v1 fixture feed", () => {
  it("follows the public v1 schema, but for the record without a name", () => {
    const { service, location } = v1Validators();
    const services = v1Services();
    for (const record of services.slice(0, 4)) {
      expect(errors(service, record), String(record.id)).toEqual([]);
      for (const sal of record.service_at_locations as { location: unknown }[]) expect(errors(location, sal.location)).toEqual([]);
    }
    expect(service(services[4])).toBe(false);
  });
});

describe("v1 → 3.0", () => {
  it("tells the versions apart: pages, records, arrays and the feed's description", () => {
    expect(versionOf({ totalElements: 1, totalPages: 1, number: 1, content: [] })).toBe("1.0");
    expect(isV1Page({ content: [lunch], totalElements: 1 })).toBe(true);
    expect(versionOf({ contents: [], total_items: 0 })).toBe("3.0");
    expect(versionOf(lunch)).toBe("1.0");
    expect(versionOf([befriending])).toBe("1.0");
    expect(versionOf(readFixture("examples/service_full.json"))).toBe("3.0");
    expect(versionOf({ version: "3.0", profile: "x" })).toBe("3.0");
    expect(versionOf({ version: "HSDS-UK-1.0" })).toBe("1.0");
  });

  it("maps a full v1 service onto the 3.0 fields the harvester reads", () => {
    const record = v1ServiceToOruk(lunch) as Loose;
    expect(record).toMatchObject({
      id: lunch.id,
      name: "Newmarket Lunch Club",
      organization_id: "b4e0f6a2-3c5d-4e7f-8a9b-0c1d2e3f4a51",
      organization: { name: "Newmarket Community Association", website: "https://example.org/newmarket-community" },
      minimum_age: 60,
      maximum_age: 120,
      funding: [{ source: "West Suffolk Council community grant" }],
      languages: [{ name: "English" }],
      cost_options: [{ option: "Meal", amount: 4.5 }],
    });
    expect(record.schedules).toEqual([expect.objectContaining({ byday: "TU", freq: "WEEKLY", opens_at: "12:00:00", closes_at: "14:00:00", attending_type: "venue" })]);
    expect(record.contacts[0]).toMatchObject({ email: "margaret@example.org", phones: [{ number: "01632 960201", description: "English" }] });
    expect(record.contacts[0].x_atlas.phones).toEqual(record.contacts[0].phones);
    const location = record.service_at_locations[0].location;
    expect(location).toMatchObject({ name: "Memorial Hall", latitude: 52.2447, addresses: [{ address_1: "Memorial Hall, High Street", postal_code: "CB8 8JP", country: "GB" }] });
    expect(location.accessibility).toEqual([expect.objectContaining({ accessibility: "Step-free entrance and accessible toilet" })]);
    const terms = record.attributes.map((a: { taxonomy_term: { name: string; taxonomy: string } }) => `${a.taxonomy_term.taxonomy}: ${a.taxonomy_term.name}`);
    expect(terms).toEqual(
      expect.arrayContaining([
        "Open Referral UK: Loneliness: Social activities",
        "Open Referral UK: Loneliness: Meals",
        "Eligibility (Open Referral UK v1): adult",
        "Deliverable type (Open Referral UK v1): Information",
        "Attending access (Open Referral UK v1): drop-in",
      ]),
    );
    expect(record.attributes.find((a: { taxonomy_term: { name: string } }) => a.taxonomy_term.name === "Meals").taxonomy_term.parent_id).toBe("bccsocialactivities");
  });

  it("reads the older spellings and a weekday number without byday", () => {
    const record = v1ServiceToOruk(befriending) as Loose;
    expect(record.minimum_age).toBe(65);
    expect(record.attributes.map((a: { taxonomy_term: { name: string } }) => a.taxonomy_term.name)).toContain("Befriending");
    expect(record.schedules.map((s: { byday: string }) => s.byday)).toEqual(["MO", "WE"]);
    expect(record.service_at_locations[0].location.addresses[0]).toMatchObject({ address_1: "", city: "Mildenhall", postal_code: "IP28 7EX" });
    expect((v1ServiceToOruk(exercise) as Loose).schedules[0]).toMatchObject({ byday: "TH", opens_at: "10:30:00" });
  });

  it("passes what is not an object on, for the harvester to refuse", () => {
    expect(v1ServiceToOruk("nonsense")).toBe("nonsense");
  });
});
