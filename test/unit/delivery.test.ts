/**
 * How a listing reaches people when nobody said: the ORUK mapping from a harvested record's
 * places and areas (docs/oruk.md), and the rule the listing writer gives a new listing.
 */
import { describe, expect, it } from "vitest";
import { deliveryOfRows, type ListingRows } from "../../db/listings/rows";
import { taxonomyCodes, termId } from "../../db/vocabulary/taxonomy";
import { harvestedDelivery, harvestedServiceSchema } from "../../app/modules/oruk/harvest.server";

const serviceId = "00000000-0000-4000-8000-000000000001";
const locationId = "00000000-0000-4000-8000-000000000002";

const place = (address1: string | null, locationType: "physical" | "virtual" = "physical"): NonNullable<ListingRows["places"]>[number] => ({
  location: { id: locationId, locationType, name: address1 ? "Soham Library" : "Based in Soham", latitude: 52.33, longitude: 0.33 },
  addresses: address1 === null ? [] : [{ locationId, address1, city: "Soham", stateProvince: "Cambridgeshire", postalCode: "CB7 5AA", country: "GB", addressType: "physical" }],
  accessibility: [],
  attributes: [],
});
const area = { serviceId, name: "Soham North", districtCode: "E07000009", wardCode: "E05011569" };

describe("deliveryOfRows: the rule for a listing that does not say", () => {
  it.each<[string, Partial<ListingRows>, string]>([
    ["held at a place with a physical address", { places: [place("Paddock Street")] }, "at_venue"],
    ["held at a place with an address and naming an area too", { places: [place("Paddock Street")], serviceAreas: [area] }, "at_venue"],
    ["naming only the areas it serves", { serviceAreas: [area] }, "to_home"],
    ["at a place with no address (“Based in Soham”), naming an area", { places: [place(null)], serviceAreas: [area] }, "to_home"],
    ["at a virtual location with an address line", { places: [place("www.example.org", "virtual")] }, "remote"],
    ["with neither places nor areas (a phone line or a website)", {}, "remote"],
  ])("%s: %s", (_case, rows, expected) => {
    expect(deliveryOfRows({ service: { id: serviceId, kind: "vcs_group" }, ...rows })).toBe(expected);
  });

  it("a personal assistant, a micro-enterprise or a listing offering home visits comes to the home, whatever its place", () => {
    for (const kind of ["personal_assistant", "micro_enterprise"] as const) {
      expect(deliveryOfRows({ service: { id: serviceId, kind }, places: [place("Paddock Street")] })).toBe("to_home");
    }
    const homeVisits = { id: serviceId, linkId: serviceId, linkType: "service", taxonomyTermId: termId(taxonomyCodes.accessibility, "home-visits") };
    expect(deliveryOfRows({ service: { id: serviceId, kind: "vcs_group" }, attributes: [homeVisits], places: [place("Paddock Street")] })).toBe("to_home");
  });
});

describe("harvestedDelivery: an ORUK record's delivery", () => {
  const record = (fields: Record<string, unknown>) => harvestedServiceSchema.parse({ id: serviceId, name: "A service", ...fields });
  const rowsOf = (fields: Partial<ListingRows>, kind: ListingRows["service"]["kind"] = "vcs_group"): ListingRows => ({ service: { id: serviceId, kind }, ...fields });

  it("takes our own extension first, so an Asset Atlas feed round-trips", () => {
    expect(harvestedDelivery(record({ x_atlas: { delivery: "remote" }, service_at_locations: [] }), rowsOf({ places: [place("Paddock Street")] }))).toBe("remote");
    expect(harvestedDelivery(record({ x_atlas: { delivery: "at_venue" } }), rowsOf({}, "personal_assistant"))).toBe("at_venue");
  });

  it("refuses an extension value that is not one of ours", () => {
    expect(harvestedServiceSchema.safeParse({ id: serviceId, name: "A service", x_atlas: { delivery: "by_pigeon" } }).success).toBe(false);
  });

  it("maps service_at_locations at an address to a place, only service_areas to homes, neither to phone or online", () => {
    expect(harvestedDelivery(record({ service_at_locations: [], service_areas: [] }), rowsOf({ places: [place("Paddock Street")], serviceAreas: [area] }))).toBe("at_venue");
    expect(harvestedDelivery(record({ service_areas: [] }), rowsOf({ serviceAreas: [area] }))).toBe("to_home");
    expect(harvestedDelivery(record({ service_at_locations: [], service_areas: [] }), rowsOf({ places: [], serviceAreas: [] }))).toBe("remote");
  });

  it("a harvested personal assistant comes to the home even with a place and nothing else said", () => {
    expect(harvestedDelivery(record({ service_at_locations: [] }), rowsOf({ places: [place("Paddock Street")] }, "personal_assistant"))).toBe("to_home");
    expect(harvestedDelivery(record({}), rowsOf({}, "personal_assistant"))).toBe("to_home");
  });

  it("says nothing for a record that carries neither places nor areas (a listing held keeps its own)", () => {
    expect(harvestedDelivery(record({}), rowsOf({}))).toBeUndefined();
  });
});
