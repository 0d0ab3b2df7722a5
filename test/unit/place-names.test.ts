import { describe, expect, it } from "vitest";
import { buildGazetteer, editDistance, findPlaceName, nearestSettlement, tidyPlaceName, type PlaceName } from "../../search/place-names";
import { buildPlaceNames, pointInBoundary, readDistricts, readGeoNamesCities, readGeoNamesCitiesSlowly, tidyWardName } from "../../db/seed/place-names";
import { readPostcodes } from "../../db/seed/geography";
import { metresBetween } from "../../search/meili-query";

const place = (name: string, kind: PlaceName["kind"], districtName = "East Cambridgeshire", extra: Partial<PlaceName> = {}): PlaceName => ({
  id: `${kind}:${name}:${districtName}`,
  name,
  kind,
  districtCode: districtName === "East Cambridgeshire" ? "E07000009" : "E07000008",
  districtName,
  latitude: 52.3,
  longitude: 0.3,
  extentMiles: kind === "settlement" ? null : 3,
  postcodeCount: 100,
  ...extra,
});

const gazetteer = buildGazetteer([
  place("Soham", "settlement", undefined, { postcodeCount: 200, latitude: 52.335, longitude: 0.337 }),
  place("Soham North", "ward"),
  place("Sutton", "settlement", undefined, { latitude: 52.388, longitude: 0.119 }),
  place("Sutton", "ward"),
  place("Fordham & Isleham", "ward"),
  place("Downham Villages", "ward"),
  place("Newnham", "ward", "Cambridge"),
  place("Abbey", "ward", "Cambridge"),
  place("Abbey", "ward", "East Cambridgeshire"),
  place("Upton", "settlement", "Cambridge"),
  place("Upton", "settlement", "East Cambridgeshire"),
  place("East Cambridgeshire", "district"),
  place("Saint Ives", "settlement", "Cambridge"),
  place("King's Hedges", "ward", "Cambridge"),
]);

describe("place names", () => {
  it("compares names as people type them", () => {
    expect(tidyPlaceName("Fordham & Isleham")).toBe("fordham and isleham");
    expect(tidyPlaceName("  St. Ives ")).toBe("saint ives");
    expect(tidyPlaceName("KING’S-HEDGES")).toBe("kings hedges");
    expect(tidyPlaceName("Sohàm")).toBe("soham");
    expect(tidyWardName("Milton & Waterbeach Ward (DET)")).toBe("Milton & Waterbeach");
  });

  it("finds towns, villages, wards and districts by name, however they are written", () => {
    for (const [typed, label, kind] of [
      ["Soham", "Soham", "settlement"],
      ["soham north", "Soham North", "ward"],
      ["FORDHAM AND ISLEHAM", "Fordham & Isleham", "ward"],
      ["east cambridgeshire", "East Cambridgeshire", "district"],
      ["St Ives", "Saint Ives", "settlement"],
      ["kings hedges", "King's Hedges", "ward"],
    ] as const) {
      const found = findPlaceName(gazetteer, typed);
      expect(found.found ? [found.place.label, found.place.kind] : found, typed).toEqual([label, kind]);
    }
  });

  it("prefers the town or village to the ward of the same name, and gives the ward when asked", () => {
    expect(findPlaceName(gazetteer, "Sutton")).toMatchObject({ found: true, place: { kind: "settlement", label: "Sutton" } });
    expect(findPlaceName(gazetteer, "Sutton ward")).toMatchObject({ found: true, place: { kind: "ward", label: "Sutton ward" } });
  });

  it("asks which one when two places of one kind share a name, each with a label that finds it", () => {
    const upton = findPlaceName(gazetteer, "Upton");
    expect(upton.found).toBe(false);
    expect(upton.found ? [] : upton.choices.map((choice) => choice.label).sort()).toEqual(["Upton, Cambridge", "Upton, East Cambridgeshire"]);
    expect(findPlaceName(gazetteer, "Upton, Cambridge")).toMatchObject({ found: true, place: { districtName: "Cambridge" } });
    const abbey = findPlaceName(gazetteer, "abbey");
    expect(abbey.found ? [] : abbey.choices.map((choice) => choice.label).sort()).toEqual(["Abbey ward, Cambridge", "Abbey ward, East Cambridgeshire"]);
    expect(findPlaceName(gazetteer, "Abbey ward, East Cambridgeshire")).toMatchObject({ found: true, place: { kind: "ward", districtName: "East Cambridgeshire" } });
  });

  it("suggests close names for a near miss: one slip first, then whole words, then two slips", () => {
    const suggestions = (typed: string) => {
      const result = findPlaceName(gazetteer, typed);
      return result.found ? [] : result.suggestions.map((entry) => entry.label);
    };
    expect(suggestions("Sohem")).toEqual(["Soham"]);
    expect(suggestions("Sohma")).toEqual(["Soham"]); // two letters swapped is one slip
    expect(suggestions("downham")).toEqual(["Downham Villages", "Newnham"]);
    expect(suggestions("isleham")).toEqual(["Fordham & Isleham"]);
    expect(suggestions("Xyzzy")).toEqual([]);
    expect(suggestions("E")).toEqual([]);
    expect(findPlaceName(gazetteer, "   ")).toEqual({ found: false, typed: "", choices: [], suggestions: [] });
  });

  it("counts edits as Meilisearch does, with a swap as one", () => {
    expect(editDistance("soham", "soham")).toBe(0);
    expect(editDistance("sohem", "soham")).toBe(1);
    expect(editDistance("shoam", "soham")).toBe(1);
    expect(editDistance("", "ely")).toBe(3);
    expect(editDistance("knitting", "sitting")).toBe(2);
  });

  it("names the nearest town or village to a location, within five miles", () => {
    expect(nearestSettlement(gazetteer, 52.34, 0.34)?.label).toBe("Soham");
    expect(nearestSettlement(gazetteer, 51.5, -0.12)).toBeNull();
  });
});

describe("the gazetteer the seed builds from the shipped data", () => {
  const postcodes = readPostcodes();
  const districts = readDistricts();
  const rows = buildPlaceNames(postcodes, districts, readGeoNamesCities());
  const named = (name: string) => rows.filter((row) => row.name === name);
  const settlement = (name: string) => named(name).filter((row) => row.kind === "settlement");

  it("reads the same British places from the package as parsing all of it would", () => {
    const quick = readGeoNamesCities();
    expect(quick.length).toBeGreaterThan(1000);
    expect(quick).toEqual(readGeoNamesCitiesSlowly());
  });

  it("holds the towns and villages of the six districts, and none outside them", () => {
    for (const town of ["Ely", "Soham", "Littleport", "Burwell", "Sutton", "Haddenham", "Bottisham", "Fordham", "Isleham", "Witchford"]) {
      expect(settlement(town).map((row) => row.districtCode), town).toEqual(["E07000009"]);
    }
    expect(settlement("Cambridge").map((row) => row.districtCode)).toEqual(["E07000008"]);
    expect(settlement("Peterborough").map((row) => row.districtCode)).toEqual(["E06000031"]);
    // Newmarket (West Suffolk) and Royston (Hertfordshire) are close, but outside.
    expect(named("Newmarket")).toEqual([]);
    expect(named("Royston")).toEqual([]);
    const soham = settlement("Soham")[0]!;
    expect(soham.latitude).toBeCloseTo(52.335, 2);
    expect(soham.longitude).toBeCloseTo(0.337, 2);
  });

  it("holds every ward and district, each a circle that covers all its postcodes", () => {
    const wards = rows.filter((row) => row.kind === "ward");
    expect(wards.length).toBe(new Set(postcodes.map((row) => row.wardCode)).size);
    expect(rows.filter((row) => row.kind === "district").map((row) => row.name).sort()).toEqual(districts.map((district) => district.name).sort());
    expect(wards.filter((row) => row.districtCode === "E07000009").map((row) => row.name).sort()).toEqual([
      "Bottisham", "Burwell", "Downham Villages", "Ely East", "Ely North", "Ely West", "Fordham & Isleham", "Haddenham",
      "Littleport", "Soham North", "Soham South", "Stretham", "Sutton", "Woodditton",
    ]);
    for (const area of rows.filter((row) => row.kind !== "settlement")) {
      const code = area.id.split(":")[1];
      const members = postcodes.filter((row) => (area.kind === "ward" ? row.wardCode : row.districtCode) === code);
      expect(members.length, area.name).toBe(area.postcodeCount);
      const furthest = Math.max(...members.map((row) => metresBetween(area, row) / 1609.344));
      expect(furthest, area.name).toBeLessThanOrEqual(area.extentMiles!);
      expect(area.extentMiles! - furthest, area.name).toBeLessThan(0.5);
    }
    expect(rows.some((row) => /Ward|\(DET\)/.test(row.name))).toBe(false);
  });

  it("tells inside from outside a boundary with a hole (Cambridge inside South Cambridgeshire)", () => {
    const south = districts.find((district) => district.code === "E07000012")!;
    const cambridge = districts.find((district) => district.code === "E07000008")!;
    expect(pointInBoundary(0.1218, 52.2053, cambridge.boundary)).toBe(true); // the city centre
    expect(pointInBoundary(0.1218, 52.2053, south.boundary)).toBe(false);
    expect(pointInBoundary(0.1693, 52.1209, south.boundary)).toBe(true); // Sawston
  });
});
